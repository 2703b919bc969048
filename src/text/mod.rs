//! What people read: words, numbers and times (`format`), and the markup that carries the
//! string-built parts of the page (`html`, the only way to the Trusted Types sink).

pub mod format;
pub mod html;
