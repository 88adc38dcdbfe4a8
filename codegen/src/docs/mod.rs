//! Documentation text for the IR: the model's `documentation` trait turned into rustdoc lines,
//! plus the notes the generator adds (constraints, deprecation).

mod html;

use crate::traits::{Deprecated, Length, Range};

/// The model's documentation (CommonMark, often HTML) as rustdoc Markdown lines.
pub fn documentation(text: &str) -> Vec<String> {
    html::to_markdown(text)
}

/// The model's documentation as rustdoc lines: trailing spaces trimmed, common indentation
/// removed, leading and trailing blank lines dropped, runs of blank lines collapsed.
pub fn lines(text: &str) -> Vec<String> {
    let raw: Vec<&str> = text.lines().map(str::trim_end).collect();
    let indent = raw
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| l.len().saturating_sub(l.trim_start().len()))
        .min()
        .unwrap_or(0);
    let mut out: Vec<String> = Vec::new();
    for line in raw {
        let line = line.get(indent..).unwrap_or_else(|| line.trim_start());
        if line.is_empty() && out.last().is_none_or(String::is_empty) {
            continue;
        }
        out.push(line.to_owned());
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// A paragraph appended to `docs`, separated by a blank line when `docs` is not empty.
pub fn push_paragraph(docs: &mut Vec<String>, paragraph: impl Into<String>) {
    if !docs.is_empty() {
        docs.push(String::new());
    }
    docs.push(paragraph.into());
}

/// Inline code, with enough backticks that the code itself cannot end the span.
pub fn code(text: &str) -> String {
    let mut longest: usize = 0;
    let mut run: usize = 0;
    for c in text.chars() {
        run = if c == '`' { run.saturating_add(1) } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest.saturating_add(1));
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// The sentence describing a deprecation.
pub fn deprecation_note(deprecated: &Deprecated) -> String {
    let mut note = String::from("**Deprecated**");
    if let Some(since) = &deprecated.since {
        note.push_str(&format!(" since {since}"));
    }
    match &deprecated.message {
        Some(message) => note.push_str(&format!(": {message}")),
        None => note.push('.'),
    }
    note
}

/// The text for `#[deprecated(note = ...)]`.
pub fn deprecation_attribute(deprecated: &Deprecated) -> String {
    let message = deprecated.message.clone().unwrap_or_else(|| "deprecated by the service model".to_owned());
    match &deprecated.since {
        Some(since) => format!("{message} (deprecated since {since})"),
        None => message,
    }
}

/// A line listing the model's constraints on a value, for the member's documentation.
/// `unit` is what a length counts, singular and plural (`("character", "characters")`).
pub fn constraints(
    length: Option<Length>,
    range: Option<&Range>,
    pattern: Option<&str>,
    unit: (&str, &str),
) -> Option<String> {
    let count = |n: u64| format!("{n} {}", if n == 1 { unit.0 } else { unit.1 });
    let mut parts = Vec::new();
    if let Some(length) = length {
        parts.push(match (length.min, length.max) {
            (Some(min), Some(max)) if min == max => format!("exactly {}", count(min)),
            (Some(min), Some(max)) => format!("{min} to {}", count(max)),
            (Some(min), None) => format!("at least {}", count(min)),
            (None, Some(max)) => format!("at most {}", count(max)),
            (None, None) => String::new(),
        });
    }
    if let Some(range) = range {
        parts.push(match (&range.min, &range.max) {
            (Some(min), Some(max)) => format!("from {min} to {max}"),
            (Some(min), None) => format!("at least {min}"),
            (None, Some(max)) => format!("at most {max}"),
            (None, None) => String::new(),
        });
    }
    if let Some(pattern) = pattern {
        parts.push(format!("matching {}", code(pattern)));
    }
    parts.retain(|p| !p.is_empty());
    (!parts.is_empty()).then(|| format!("Constraints: {}.", parts.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_tidied() {
        assert_eq!(lines("\n   a\n     b  \n\n\n   c\n\n"), ["a", "  b", "", "c"]);
        assert!(lines("").is_empty());
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("a.b"), "`a.b`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a"), "`` `a ``");
    }

    #[test]
    fn constraints_read_naturally() {
        let length = Length { min: Some(36), max: Some(36) };
        assert_eq!(
            constraints(Some(length), None, Some("^[a-f0-9\\-]+$"), ("character", "characters")).as_deref(),
            Some("Constraints: exactly 36 characters, matching `^[a-f0-9\\-]+$`.")
        );
        let length = Length { min: Some(1), max: None };
        assert_eq!(
            constraints(Some(length), None, None, ("item", "items")).as_deref(),
            Some("Constraints: at least 1 item.")
        );
    }
}
