//! The one writer of string-built markup, and the only way to the Trusted Types `pjc` sink.
//!
//! The parts of the page written as HTML strings (the jobs table's rows and header, the chips,
//! the filter pills, the selects' options, the columns menu, the logs' rows, the spec, the chart,
//! and a few constant shells) are built in an [`Html`]: text and attribute values go in through
//! [`Html::text`], always escaped; markup goes in only through [`Html::raw`], which takes string
//! literals (`&'static str`), never a value. [`set_inner`] and [`value`] hand an `Html` to the
//! browser through the app's policy; no other code can reach that policy ([`trusted_types`] is
//! private to this module).

mod trusted_types;

pub use trusted_types::{inert, install, POLICY};

/// Markup being written: what went in through [`Html::raw`] as it is, every other piece escaped.
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct Html(String);

impl Html {
    pub fn with_capacity(bytes: usize) -> Self {
        Self(String::with_capacity(bytes))
    }

    /// Markup of the app's own: a literal, written as it is (the one explicit way to add markup).
    #[inline]
    pub fn raw(&mut self, markup: &'static str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// Text, or a quoted attribute's value: `&`, `<`, `>`, `"` and `'` escaped.
    pub fn text(&mut self, text: &str) -> &mut Self {
        // Byte by byte: the five are ASCII, so every cut falls between characters.
        let out = &mut self.0;
        let mut run = 0;
        for (i, b) in text.bytes().enumerate() {
            let entity = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            out.push_str(&text[run..i]);
            out.push_str(entity);
            run = i + 1;
        }
        out.push_str(&text[run..]);
        self
    }

    /// The text that `write` writes (a number, a time, a duration), escaped like [`Html::text`].
    pub fn text_with(&mut self, write: impl FnOnce(&mut String)) -> &mut Self {
        let mut text = String::new();
        write(&mut text);
        self.text(&text)
    }

    /// Another writer's markup, appended.
    pub fn html(&mut self, other: &Html) -> &mut Self {
        self.0.push_str(&other.0);
        self
    }

    /// Another writer's markup with each empty `<time datetime="…"></time>` given the text that
    /// `fill(datetime, out)` writes (escaped): rows kept by their markup without their relative
    /// times (which change as time passes) are shown with them.
    pub fn html_with_times(&mut self, other: &Html, fill: &dyn Fn(&str, &mut String)) -> &mut Self {
        const OPEN: &str = "<time datetime=\"";
        let mut rest = other.0.as_str();
        let mut text = String::new();
        while let Some(at) = rest.find(OPEN) {
            let value = at + OPEN.len();
            let Some(len) = rest[value..].find('"') else { break };
            let end = value + len;
            if !rest[end..].starts_with("\"></time>") {
                self.0.push_str(&rest[..end]);
                rest = &rest[end..];
                continue;
            }
            self.0.push_str(&rest[..end + 2]);
            text.clear();
            fill(&rest[value..end], &mut text);
            self.text(&text);
            rest = &rest[end + 2..];
        }
        self.0.push_str(rest);
        self
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Html> for String {
    fn from(html: Html) -> String {
        html.0
    }
}

/// Read as a string (what was written so far).
impl std::ops::Deref for Html {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<&str> for Html {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// Literal markup as an `Html` (a constant shell: a header row, a form's fields).
pub fn literal(markup: &'static str) -> Html {
    Html(markup.to_owned())
}

/// `<option>`s, a `(value, label)` each, the one whose value is `selected` selected (a
/// `<select>`'s, or a `<datalist>`'s with empty labels).
pub fn options<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>, selected: &str) -> Html {
    let mut out = Html::with_capacity(512);
    for (value, label) in pairs {
        out.raw("<option value=\"").text(value);
        out.raw(if value == selected { "\" selected>" } else { "\">" });
        out.text(label).raw("</option>");
    }
    out
}

/// Sets `el`'s content to `html`, through the app's policy.
pub fn set_inner(el: &web_sys::Element, html: &Html) {
    trusted_types::set_inner_html(el, &html.0);
}

/// `html` as the value for an `innerHTML` property (`prop:innerHTML=…` in a view): a
/// `TrustedHTML` of the app's policy, or the string itself without Trusted Types.
pub fn value(html: &Html) -> wasm_bindgen::JsValue {
    trusted_types::html(&html.0)
}

#[cfg(test)]
mod tests {
    use super::Html;

    #[test]
    fn empty_times_are_filled_and_the_rest_is_kept() {
        let mut rows = Html::default();
        rows.raw("<td><time datetime=\"").text("2024-01-01T00:00:00Z");
        rows.raw("\"></time> and <time datetime=\"x\">kept</time></td>");
        let mut out = Html::default();
        out.html_with_times(&rows, &|at, s| s.push_str(if at == "x" { "?" } else { "3 h <ago>" }));
        assert_eq!(
            out,
            "<td><time datetime=\"2024-01-01T00:00:00Z\">3 h &lt;ago&gt;</time> and <time datetime=\"x\">kept</time></td>"
        );
    }

    #[test]
    fn text_is_escaped_and_raw_markup_is_not() {
        let mut h = Html::default();
        h.raw("<b title=\"").text(r#"a<b>&"c"'d' é"#).raw("\">").text("x").raw("</b>");
        assert_eq!(h.as_str(), "<b title=\"a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39; é\">x</b>");
    }

    #[test]
    fn options_are_escaped_and_one_is_selected() {
        let pairs = [("a\"b", "A<"), ("c", "C")];
        assert_eq!(
            super::options(pairs.into_iter(), "a\"b").as_str(),
            "<option value=\"a&quot;b\" selected>A&lt;</option><option value=\"c\">C</option>"
        );
        assert_eq!(super::options(pairs.into_iter(), "none").matches(" selected").count(), 0);
        let names = ["a\"<b".to_owned()];
        let list = super::options(names.iter().map(|n| (n.as_str(), "")), "");
        assert_eq!(list.as_str(), "<option value=\"a&quot;&lt;b\"></option>");
    }

    #[test]
    fn what_a_writer_appends_is_escaped_too() {
        let mut h = Html::default();
        h.raw("<i>").text_with(|s| s.push_str("12 s")).text_with(|s| s.push_str("<a&b>")).raw("</i>");
        assert_eq!(h.as_str(), "<i>12 s&lt;a&amp;b&gt;</i>");
    }
}
