//! Writing XML: start tags with their attributes (namespace declarations among them), escaped
//! text, end tags. restXml's request bodies are written with it, and the round-trip tests'
//! responses (as a service would write them, for the readers to read back). Text and attribute
//! values are escaped so that [`read`](super::read) gives back exactly what was written,
//! carriage returns and (in attributes) tabs and line feeds included, which XML would
//! otherwise normalise.

#![allow(dead_code, reason = "each model's types use part of it")]

/// `<name`: a start tag, open for attributes; [`open`] ends it.
pub(crate) fn start(out: &mut Vec<u8>, name: &str) {
    out.push(b'<');
    out.extend_from_slice(name.as_bytes());
}

/// ` name="value"` in an open start tag, the value escaped.
pub(crate) fn attribute(out: &mut Vec<u8>, name: &str, value: &str) {
    out.push(b' ');
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"=\"");
    escape(out, value, true);
    out.push(b'"');
}

/// `>`: the end of a start tag.
pub(crate) fn open(out: &mut Vec<u8>) {
    out.push(b'>');
}

/// `</name>`.
pub(crate) fn end(out: &mut Vec<u8>, name: &str) {
    out.extend_from_slice(b"</");
    out.extend_from_slice(name.as_bytes());
    out.push(b'>');
}

/// Text content, escaped.
pub(crate) fn text(out: &mut Vec<u8>, text: &str) {
    escape(out, text, false);
}

/// `<name>text</name>`, the text escaped.
pub(crate) fn leaf(out: &mut Vec<u8>, name: &str, text: &str) {
    start(out, name);
    open(out);
    escape(out, text, false);
    end(out, name);
}

/// A float's text: `NaN`, `Infinity`, `-Infinity`, or the shortest decimal that reads back as
/// the same number.
pub(crate) fn f32(value: f32) -> String {
    if value.is_finite() {
        let mut out = Vec::new();
        crate::json::write::f32(&mut out, value);
        String::from_utf8_lossy(&out).into_owned()
    } else {
        non_finite(f64::from(value))
    }
}

/// A double's text, as [`f32`] writes a float's.
pub(crate) fn f64(value: f64) -> String {
    if value.is_finite() {
        let mut out = Vec::new();
        crate::json::write::f64(&mut out, value);
        String::from_utf8_lossy(&out).into_owned()
    } else {
        non_finite(value)
    }
}

fn non_finite(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value > 0.0 {
        "Infinity".to_owned()
    } else {
        "-Infinity".to_owned()
    }
}

/// A blob's text: base64.
pub(crate) fn blob(value: &[u8]) -> String {
    let mut out = Vec::new();
    crate::json::base64::encode(value, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Appends `text` escaped: `&`, `<` and `>` always, a carriage return as a reference (a reader
/// turns a literal one into a line feed), and in an attribute value also `"`, tabs and line
/// feeds (a reader turns literal ones into spaces).
fn escape(out: &mut Vec<u8>, text: &str, attribute: bool) {
    for &b in text.as_bytes() {
        match b {
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            b'\r' => out.extend_from_slice(b"&#xD;"),
            b'"' if attribute => out.extend_from_slice(b"&quot;"),
            b'\t' if attribute => out.extend_from_slice(b"&#x9;"),
            b'\n' if attribute => out.extend_from_slice(b"&#xA;"),
            _ => out.push(b),
        }
    }
}
