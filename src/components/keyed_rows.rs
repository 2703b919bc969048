//! Rows written as HTML and kept by key: the jobs list's and the Tables board's. A row is
//! parsed only when what it shows changed (its key), a row that stays keeps its element (and
//! what the person did to it), and nothing is touched when nothing changed. Hundreds of rows are
//! parsed by the browser in one go instead of dozens of DOM calls per row.

use crate::text::html::{set_inner, Html};
use std::collections::HashMap;
use wasm_bindgen::JsCast;

/// The elements of a live collection, as a list that stays.
pub fn elements(list: web_sys::HtmlCollection) -> Vec<web_sys::Element> {
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

/// The top-level elements of `html`, parsed by the browser (in a `<template>`: nothing runs,
/// nothing loads) and not yet in the document.
fn parse(markup: &Html) -> Vec<web_sys::Element> {
    let template: web_sys::HtmlTemplateElement = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("template").ok())
        .expect("a document")
        .unchecked_into();
    set_inner(&template, markup);
    elements(template.content().children())
}

/// What can hold the keyboard's focus in a row.
const FOCUSABLE: &str = "a[href],button,input,select";

/// The rows on screen, by key, in order.
pub struct KeyedRows {
    /// The attribute that names a row's subject (`data-job-id`): the keyboard's place follows
    /// it when its row is replaced.
    id: &'static str,
    scope: String,
    keys: Vec<String>,
    elements: Vec<web_sys::Element>,
}

impl KeyedRows {
    pub fn new(id: &'static str) -> Self {
        KeyedRows { id, scope: String::new(), keys: Vec::new(), elements: Vec::new() }
    }

    /// Makes `body` show the rows `keys` name, in order: kept rows stay as they are (moved only
    /// when the order changed), new or changed ones are written by `write(out, index)` and parsed
    /// together, rows that went are removed. Rows are kept only within one `scope` (a project:
    /// links carry it). `bytes` is about what a row's HTML takes.
    pub fn sync(
        &mut self,
        body: &web_sys::Element,
        keys: &[String],
        scope: &str,
        bytes: usize,
        write: &mut dyn FnMut(&mut Html, usize),
    ) {
        if keys == self.keys && scope == self.scope {
            return;
        }
        let mut old: HashMap<String, web_sys::Element> = HashMap::new();
        if scope == self.scope {
            old.reserve(self.keys.len());
            for (k, el) in self.keys.drain(..).zip(self.elements.drain(..)) {
                if let Some(twin) = old.insert(k, el) {
                    twin.remove();
                }
            }
        }
        self.scope = scope.to_owned();
        let kept: Vec<Option<web_sys::Element>> = keys.iter().map(|k| old.remove(k)).collect();

        // One allocation, not a dozen doublings of a megabyte.
        let mut markup = Html::with_capacity(kept.iter().filter(|k| k.is_none()).count() * bytes);
        for (i, k) in kept.iter().enumerate() {
            if k.is_none() {
                write(&mut markup, i);
            }
        }
        let refocus = self.focus_place(body);
        self.elements.clear();
        if kept.iter().all(Option::is_none) {
            // Nothing stays (a new view): every row replaced in one parse.
            set_inner(body, &markup);
            self.elements = elements(body.children());
        } else {
            for gone in old.into_values() {
                gone.remove();
            }
            let mut fresh = Vec::new().into_iter();
            if !markup.is_empty() {
                fresh = parse(&markup).into_iter();
            }
            // Kept and new rows in order, moving only what is out of place.
            let mut cursor = body.first_element_child();
            for k in kept {
                let Some(el) = k.or_else(|| fresh.next()) else { break };
                if cursor.as_ref() == Some(&el) {
                    cursor = el.next_element_sibling();
                } else {
                    let _ = body.insert_before(&el, cursor.as_ref().map(|c| c.as_ref()));
                }
                self.elements.push(el);
            }
        }
        self.keys = keys.to_vec();
        if let Some(place) = refocus {
            self.refocus(place);
        }
    }

    /// Where the keyboard is, if it is in a row of `body`: the row, its subject, its position,
    /// and which of the row's focusable elements has the focus.
    fn focus_place(&self, body: &web_sys::Element) -> Option<Place> {
        let active = web_sys::window()?.document()?.active_element()?;
        let row = active.closest("tr").ok()??;
        if row.parent_element().as_ref() != Some(body) {
            return None;
        }
        let controls = row.query_selector_all(FOCUSABLE).ok()?;
        let control = (0..controls.length()).position(|i| controls.item(i).as_ref() == Some(active.as_ref()));
        Some(Place {
            subject: row.get_attribute(self.id),
            at: crate::browser::js::place_of(&row) as usize,
            control: control.unwrap_or(0),
            row,
        })
    }

    /// The focus back where it was when its row was replaced: the same control of the row of the
    /// same subject, or of the row now at its position.
    fn refocus(&self, place: Place) {
        if place.row.is_connected() {
            return;
        }
        let row = self
            .elements
            .iter()
            .find(|r| place.subject.is_some() && r.get_attribute(self.id) == place.subject)
            .or_else(|| self.elements.get(place.at).or(self.elements.last()));
        let control = row
            .and_then(|r| r.query_selector_all(FOCUSABLE).ok())
            .and_then(|c| c.item(place.control as u32).or_else(|| c.item(0))?.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(control) = control {
            let _ = control.focus();
        }
    }
}

/// The keyboard's place in the rows before a sync.
struct Place {
    row: web_sys::Element,
    subject: Option<String>,
    at: usize,
    control: usize,
}
