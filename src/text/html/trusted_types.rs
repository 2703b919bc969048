//! Every piece of HTML written into the page goes through a Trusted Types policy; the
//! Content-Security-Policy (`require-trusted-types-for 'script'; trusted-types pjc default`)
//! makes the browser refuse, and report, any other string written as HTML.
//!
//! - `pjc`: the app's own HTML, written by [`super::Html`] (every value escaped): passed on as
//!   it is, cheaply (1000 rows are ~700 KB). Only the parent module reaches it.
//! - `default`: what the browser hands it when a string is written as HTML without a policy.
//!   Leptos writes the static parts of views that way (a `<template>`'s HTML); it cannot name a
//!   policy. This one takes only markup that can neither run nor load anything: elements and
//!   attributes of a short list, no event handlers, links to this site only (judged as the
//!   browser resolves them), no `id` or `name` ([`inert`], checked on an inert parse). So an
//!   injected `innerHTML = "<img onerror=…>"` is refused, and so is markup that would shadow the
//!   page's globals by `id` or `name` (DOM clobbering). Leptos writes a fully static element
//!   this way, so the app's views give a static element's `id` as an expression
//!   (`id={"logs-heading"}`): Leptos then sets it as an attribute, not through this policy.
//!
//! A browser without Trusted Types (Firefox) takes strings as they are.

use std::cell::OnceCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The app's policy, as the CSP's `trusted-types` names it.
pub const POLICY: &str = "pjc";

thread_local! {
    /// The app's policy, made once (the CSP allows one policy of each name); `None` without
    /// Trusted Types.
    static TRUSTED: OnceCell<Option<JsValue>> = const { OnceCell::new() };
}

fn get(of: &JsValue, name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(of, &name.into()).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

/// A policy named `name` whose `createHTML` is `create`.
fn create_policy(name: &str, create: &JsValue) -> Option<JsValue> {
    let factory = get(&web_sys::window()?.into(), "trustedTypes")?;
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"createHTML".into(), create).ok()?;
    let make = get(&factory, "createPolicy")?.dyn_into::<js_sys::Function>().ok()?;
    make.call2(&factory, &name.into(), &options).ok()
}

fn policy() -> Option<JsValue> {
    TRUSTED.with(|t| {
        t.get_or_init(|| {
            // Its `createHTML` is the `String` function: an identity for strings, no code of its
            // own to compile, and nothing crosses into WebAssembly and back.
            create_policy(POLICY, &get(&web_sys::window()?.into(), "String")?)
        })
        .clone()
    })
}

/// Makes both policies: called once, by `main`, before the app writes anything.
pub fn install() {
    if policy().is_none() {
        return;
    }
    let check =
        Closure::<dyn Fn(String) -> JsValue>::new(
            |html: String| {
                if inert(&html) {
                    JsValue::from(html)
                } else {
                    JsValue::NULL
                }
            },
        );
    let _ = create_policy("default", check.as_ref());
    // The browser calls it for as long as the page lives.
    check.forget();
}

/// `html` as the value to write as HTML: a `TrustedHTML` of the app's policy, or the string
/// itself.
pub(super) fn html(html: &str) -> JsValue {
    let text = JsValue::from_str(html);
    policy()
        .and_then(|p| {
            let create = get(&p, "createHTML")?.dyn_into::<js_sys::Function>().ok()?;
            create.call1(&p, &text).ok()
        })
        .unwrap_or(text)
}

/// Sets `el`'s content to `markup`, through the app's policy.
pub(super) fn set_inner_html(el: &web_sys::Element, markup: &str) {
    let _ = js_sys::Reflect::set(el, &"innerHTML".into(), &html(markup));
}

/// The elements markup written without a policy may hold: text and structure, no element that
/// runs or loads anything.
const ELEMENTS: &[&str] = &[
    "a", "abbr", "b", "br", "button", "caption", "code", "datalist", "dd", "details", "dialog", "div", "dl", "dt",
    "em", "fieldset", "footer", "h1", "h2", "h3", "h4", "header", "hr", "i", "input", "kbd", "label", "legend", "li",
    "main", "nav", "ol", "option", "p", "pre", "progress", "section", "select", "small", "span", "strong", "summary",
    "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "time", "tr", "ul",
];

/// Whether an attribute (lower-case name) and its value may stand in such markup.
fn allowed_attribute(name: &str, value: &str) -> bool {
    match name {
        "class" | "role" | "title" | "for" | "type" | "scope" | "colspan" | "rowspan" | "hidden" | "datetime"
        | "value" | "selected" | "disabled" | "placeholder" | "tabindex" | "lang" | "checked" | "autocomplete"
        | "autocapitalize" | "spellcheck" | "inputmode" | "autofocus" | "wrap" | "rows" | "max" | "list"
        | "required" => true,
        // Links to this site only, judged as the browser follows them.
        "href" => crate::browser::js::same_origin_url(value).is_some(),
        n => n.starts_with("aria-") || n.starts_with("data-"),
    }
}

/// Whether `html` holds only [`ELEMENTS`] with allowed attributes, parsed as the browser parses
/// it, in a `<template>` (inert: nothing in it runs or loads).
pub fn inert(html: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return false };
    let Ok(template) = document.create_element("template") else { return false };
    let template: web_sys::HtmlTemplateElement = template.unchecked_into();
    set_inner_html(&template, html);
    let Ok(all) = template.content().query_selector_all("*") else { return false };
    (0..all.length()).filter_map(|i| all.item(i)).filter_map(|n| n.dyn_into::<web_sys::Element>().ok()).all(|el| {
        let names = el.get_attribute_names();
        ELEMENTS.contains(&el.local_name().as_str())
            && names.iter().filter_map(|n| n.as_string()).all(|n| {
                let value = el.get_attribute(&n).unwrap_or_default();
                allowed_attribute(&n.to_ascii_lowercase(), value.trim())
            })
    })
}
