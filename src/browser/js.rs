//! Small helpers over the browser's own APIs: a lazily loaded page's style sheet, the browser's
//! time zone, a modal dialog, an element's place, the focus, a link's destination.

use wasm_bindgen::{JsCast, JsValue};

/// Adds `css` to the page's style (a constructed style sheet, adopted by the document; once per
/// sheet): a lazily loaded page brings its own rules, so that the list's first load does not
/// carry them. The CSP's `style-src 'self'` governs style elements and links, not sheets built
/// by the page's own script.
pub fn adopt_style(css: &'static str) {
    thread_local! {
        static ADOPTED: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let key = css.as_ptr() as usize;
    if ADOPTED.with(|a| a.borrow().contains(&key)) {
        return;
    }
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(sheet) = web_sys::CssStyleSheet::new() else { return };
    if sheet.replace_sync(css).is_err() {
        return;
    }
    let sheets = document.adopted_style_sheets();
    sheets.push(&sheet);
    document.set_adopted_style_sheets(&sheets);
    ADOPTED.with(|a| a.borrow_mut().push(key));
}

/// The browser's time zone at the moment `ms`: its offset east of UTC in minutes and its short
/// name in the browser's language ("EDT", "IST", "GMT+1"), from the browser's own zone data
/// (`Date`: its time written with `timeZoneName: "short"`, the name being the last word): no
/// zone database in the download. Names are asked once per offset (a zone's standard and summer
/// times differ in both).
pub fn zone_at(ms: i64) -> (i32, String) {
    thread_local! {
        static NAMES: std::cell::RefCell<Vec<(i32, String)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    let offset = -(date.get_timezone_offset() as i32);
    let known = NAMES.with(|n| n.borrow().iter().find(|(o, _)| *o == offset).map(|(_, name)| name.clone()));
    let name = known.unwrap_or_else(|| {
        let options = js_sys::JSON::parse(r#"{"timeZoneName":"short"}"#).unwrap_or_default();
        let language = web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_else(|| "en".into());
        let text: String = date.to_locale_time_string_with_options(&language, &options).into();
        let name = text.as_bytes().iter().rposition(|&b| b == b' ').map_or("", |i| &text[i + 1..]).to_owned();
        NAMES.with(|n| n.borrow_mut().push((offset, name.clone())));
        name
    });
    (offset, name)
}

/// Opens `dialog` as a modal one, now or, while it is not in the document yet (a dialog built
/// only while it is open is connected right after its `node_ref` is set), once it is.
pub fn show_modal(dialog: web_sys::HtmlDialogElement) {
    if dialog.is_connected() {
        if !dialog.open() {
            let _ = dialog.show_modal();
        }
        return;
    }
    leptos::prelude::set_timeout(
        move || {
            if dialog.is_connected() && !dialog.open() {
                let _ = dialog.show_modal();
            }
        },
        std::time::Duration::ZERO,
    );
}

/// How many elements come before `el` among its parent's children (its place, counted from 0).
pub fn place_of(el: &web_sys::Element) -> u32 {
    let mut at = 0;
    let mut before = el.previous_element_sibling();
    while let Some(b) = before {
        at += 1;
        before = b.previous_element_sibling();
    }
    at
}

/// Focuses the input in the box `field` holds (a field's label and input); whether it could.
pub fn focus_input(field: leptos::prelude::NodeRef<leptos::html::Div>) -> bool {
    use leptos::prelude::GetUntracked;
    let input = field.get_untracked().and_then(|f| f.query_selector("input").ok().flatten());
    input.and_then(|i| i.dyn_into::<web_sys::HtmlElement>().ok()).is_some_and(|i| i.focus().is_ok())
}

/// Where a link goes, resolved as the browser follows it (`new URL(href, location.href)`): the
/// URL when it is on this page's origin, else `None`. (`/\\evil.example` and
/// `/<TAB>/evil.example` start with one slash, yet the parser reads them as `//evil.example`.)
pub fn same_origin_url(href: &str) -> Option<web_sys::Url> {
    let location = web_sys::window()?.location();
    let url = web_sys::Url::new_with_base(href, &location.href().ok()?).ok()?;
    (url.origin() == location.origin().ok()?).then_some(url)
}
