//! A part of a page that is a pure function of one answer, written as HTML by its writer
//! (every value escaped there) and kept in step block by block: a block is parsed again only
//! when its HTML changed, so a refresh that changed nothing touches nothing. The job page's
//! cards are drawn this way: a few string writers instead of a view type per element (the
//! cards cost 12.7 KB brotli of WebAssembly as Leptos views).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The attribute a writer puts where an element needs an inline style (`property:value`).
/// The CSP allows no style attributes in markup (`style-src 'self'`); a style set through the
/// CSSOM it does, so these are applied from here.
pub const STYLE_ATTR: &str = "data-style";

fn apply_styles(el: &web_sys::Element) {
    let mut targets = Vec::new();
    if el.has_attribute(STYLE_ATTR) {
        targets.push(el.clone());
    }
    if let Ok(list) = el.query_selector_all(&format!("[{STYLE_ATTR}]")) {
        targets.extend((0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into().ok()));
    }
    for t in targets {
        let Some(spec) = t.get_attribute(STYLE_ATTR) else { continue };
        let Some((property, value)) = spec.split_once(':') else { continue };
        if let Some(t) = t.dyn_ref::<web_sys::HtmlElement>() {
            let _ = t.style().set_property(property, value);
        }
    }
}

/// The elements of a live collection, as a list that stays.
pub fn elements(list: web_sys::HtmlCollection) -> Vec<web_sys::Element> {
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

/// The top-level elements of `html`, parsed by the browser (in a `<template>`: nothing runs,
/// nothing loads) and not yet in the document.
pub fn parse(html: &str) -> Vec<web_sys::Element> {
    let template: web_sys::HtmlTemplateElement = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("template").ok())
        .expect("a document")
        .unchecked_into();
    template.set_inner_html(html);
    elements(template.content().children())
}

/// The blocks on screen: each one element, in order.
#[derive(Default)]
struct Kept {
    html: Vec<String>,
    elements: Vec<web_sys::Element>,
}

impl Kept {
    fn sync(&mut self, host: &web_sys::Element, blocks: &[String]) {
        if blocks == self.html {
            return;
        }
        if blocks.len() == self.html.len() {
            for ((new, old), el) in blocks.iter().zip(&mut self.html).zip(&mut self.elements) {
                if new == old {
                    continue;
                }
                let Some(fresh) = parse(new).into_iter().next() else { continue };
                apply_styles(&fresh);
                let _ = el.replace_with_with_node_1(&fresh);
                *el = fresh;
                old.clone_from(new);
            }
        } else {
            host.set_inner_html(&blocks.concat());
            apply_styles(host);
            self.elements = elements(host.children());
            self.html = blocks.to_vec();
        }
    }
}

/// A `div` showing `blocks` (each the HTML of exactly one element, values escaped).
#[component]
pub fn HtmlBlocks(
    #[prop(into)] blocks: Signal<Vec<String>>,
    /// The wrapper's class.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    let kept = StoredValue::new_local(Kept::default());
    Effect::new(move |_| {
        let Some(el) = host.get() else { return };
        blocks.with(|b| kept.update_value(|k| k.sync(&el, b)));
    });
    view! { <div class=class node_ref=host></div> }
}

/// A `<select>`'s options as HTML, `(value, label)` each, the one whose value is `current`
/// selected (every value escaped). With [`keep_choice`]: one effect per select rather than a
/// reactive `selected` per option.
pub fn options_html(options: &[(String, String)], current: &str) -> String {
    let mut out = String::with_capacity(options.len() * 40);
    for (value, label) in options {
        out.push_str("<option value=\"");
        crate::format::escape_html(&mut out, value);
        out.push_str(if value == current { "\" selected>" } else { "\">" });
        crate::format::escape_html(&mut out, label);
        out.push_str("</option>");
    }
    out
}

/// Keeps the choice of `select` (options written by [`options_html`]) at `current`, setting
/// it only when it differs.
pub fn keep_choice(select: NodeRef<leptos::html::Select>, current: impl Fn() -> String + Send + Sync + 'static) {
    Effect::new(move |_| {
        let value = current();
        if let Some(el) = select.get() {
            if el.value() != value {
                el.set_value(&value);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::options_html;

    #[test]
    fn options_are_written_with_the_current_one_selected_and_values_escaped() {
        let options = [("DESC".to_owned(), "Descending".to_owned()), ("a\"b".to_owned(), "<A & B>".to_owned())];
        assert_eq!(
            options_html(&options, "a\"b"),
            r#"<option value="DESC">Descending</option><option value="a&quot;b" selected>&lt;A &amp; B&gt;</option>"#
        );
        assert_eq!(options_html(&options, "none").matches(" selected").count(), 0);
    }
}
