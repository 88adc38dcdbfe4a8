//! Model documentation to rustdoc Markdown. Smithy documentation is CommonMark, and AWS models
//! fill it with HTML (`<p>`, `<code>`, `<ul><li>`, `<a href>`, `<note>`, ...). Rustdoc would show
//! raw tags, warn about unknown ones, and read `[x]` as a broken link, so HTML is converted to
//! Markdown, and text is escaped where Markdown would misread it.

/// Converts documentation to Markdown lines: HTML when it has tags, else Markdown, sanitized.
pub fn to_markdown(text: &str) -> Vec<String> {
    let text = text.replace('\t', "    ");
    if has_html(&text) {
        let mut out = Converter::default();
        for token in tokenize(&text) {
            out.token(token);
        }
        out.finish()
    } else {
        markdown_lines(&text)
    }
}

/// True when the text has something that looks like an HTML tag.
fn has_html(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(2).any(|w| matches!(w, [b'<', c] if c.is_ascii_alphabetic() || *c == b'/'))
}

/// Plain Markdown: lines kept, common indentation removed (so nothing turns into an indented
/// code block), bare URLs made links and brackets that are not links escaped.
fn markdown_lines(text: &str) -> Vec<String> {
    let mut lines = super::lines(text);
    let mut in_fence = false;
    for line in &mut lines {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            if in_fence && line.trim() == "```" {
                // An unlabelled fence would be compiled as a Rust doc test.
                *line = "```text".to_owned();
            }
            continue;
        }
        if in_fence {
            continue;
        }
        let trimmed = line.trim_start();
        let indent = line.len().saturating_sub(trimmed.len());
        let body = escape_markdown_text(trimmed);
        *line = format!("{}{}", " ".repeat(indent.min(3)), body);
    }
    lines
}

/// Escapes `[`/`]` that do not form a link, and wraps bare URLs, outside code spans.
fn escape_markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
        } else if in_code {
            out.push(c);
        } else if c == '[' {
            let rest: String = chars.get(i..).unwrap_or_default().iter().collect();
            let is_link = rest.find("](").is_some_and(|at| !rest.get(1..at).unwrap_or_default().contains('['));
            out.push_str(if is_link { "[" } else { "\\[" });
        } else if c == ']' {
            let is_link = chars.get(i.saturating_add(1)) == Some(&'(');
            out.push_str(if is_link { "]" } else { "\\]" });
        } else if starts_url(&chars, i) && (i == 0 || !matches!(chars.get(i.wrapping_sub(1)), Some('(' | '<'))) {
            let end = url_end(&chars, i);
            let url: String = chars.get(i..end).unwrap_or_default().iter().collect();
            out.push('<');
            out.push_str(&url);
            out.push('>');
            i = end;
            continue;
        } else {
            out.push(c);
        }
        i = i.saturating_add(1);
    }
    out
}

fn starts_url(chars: &[char], at: usize) -> bool {
    let rest: String = chars.get(at..at.saturating_add(8)).unwrap_or_default().iter().collect();
    rest.starts_with("http://") || rest.starts_with("https://")
}

fn url_end(chars: &[char], from: usize) -> usize {
    let mut end = from;
    while chars.get(end).is_some_and(|c| !c.is_whitespace() && !matches!(c, '<' | '>' | '"' | ')' | '(')) {
        end = end.saturating_add(1);
    }
    // A sentence's full stop or comma is not part of the URL.
    while end > from && matches!(chars.get(end.saturating_sub(1)), Some('.' | ',' | ';' | ':')) {
        end = end.saturating_sub(1);
    }
    end
}

/// A piece of HTML.
#[derive(Debug, PartialEq)]
enum Token {
    Text(String),
    Open(String, Vec<(String, String)>),
    Close(String),
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(0) => {
                let Some(end) = rest.find('>') else {
                    tokens.push(Token::Text(decode_entities(rest)));
                    break;
                };
                let inner = rest.get(1..end).unwrap_or_default().trim();
                let tag = tag_token(inner);
                match tag {
                    Some(token) => tokens.push(token),
                    None => tokens.push(Token::Text(decode_entities(rest.get(..=end).unwrap_or_default()))),
                }
                rest = rest.get(end.saturating_add(1)..).unwrap_or_default();
            }
            Some(at) => {
                tokens.push(Token::Text(decode_entities(rest.get(..at).unwrap_or_default())));
                rest = rest.get(at..).unwrap_or_default();
            }
            None => {
                tokens.push(Token::Text(decode_entities(rest)));
                break;
            }
        }
    }
    tokens
}

/// `p`, `/p`, `br/`, `a href="x"`: a tag, or `None` when the text is not one.
fn tag_token(inner: &str) -> Option<Token> {
    if let Some(name) = inner.strip_prefix('/') {
        let name = name.trim().to_ascii_lowercase();
        return name.chars().all(|c| c.is_ascii_alphanumeric()).then_some(Token::Close(name));
    }
    let self_closing = inner.ends_with('/');
    let inner = inner.trim_end_matches('/').trim();
    let name_len = inner.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(inner.len());
    let name = inner.get(..name_len)?.to_ascii_lowercase();
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let attrs = attributes(inner.get(name_len..).unwrap_or_default());
    if self_closing || name == "br" {
        // Void elements open and close at once.
        return Some(Token::Open(format!("{name}/"), attrs));
    }
    Some(Token::Open(name, attrs))
}

fn attributes(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while let Some(eq) = rest.find('=') {
        let name = rest.get(..eq).unwrap_or_default().trim().to_ascii_lowercase();
        let after = rest.get(eq.saturating_add(1)..).unwrap_or_default().trim_start();
        let (value, remaining) = match after.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let body = after.get(1..).unwrap_or_default();
                let end = body.find(quote).unwrap_or(body.len());
                (body.get(..end).unwrap_or_default(), body.get(end.saturating_add(1)..).unwrap_or_default())
            }
            _ => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (after.get(..end).unwrap_or_default(), after.get(end..).unwrap_or_default())
            }
        };
        out.push((name, decode_entities(value)));
        rest = remaining.trim_start();
    }
    out
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(rest.get(..at).unwrap_or_default());
        rest = rest.get(at..).unwrap_or_default();
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = rest.get(1..e)?;
            let c = match name {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                _ => {
                    let code = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => name.strip_prefix('#')?.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = rest.get(e.saturating_add(1)..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = rest.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

/// How deep lists nest in the Markdown; deeper HTML lists are drawn at this depth.
const MAX_LIST_DEPTH: usize = 8;

/// An open list: ordered or not, and the next number.
struct List {
    ordered: bool,
    next: usize,
}

/// Builds Markdown blocks from tokens.
#[derive(Default)]
struct Converter {
    /// Finished lines.
    lines: Vec<String>,
    /// The paragraph being built.
    current: String,
    /// The list marker of the item being built (`- `, `2. `, indented for nesting).
    marker: String,
    /// What the paragraph being built starts with (`**Note:** `, `## `).
    lead: String,
    /// Indentation of continuation lines inside list items.
    indent: usize,
    lists: Vec<List>,
    /// Inside `<code>`: text collected raw.
    code: Option<String>,
    /// Inside `<pre>`: text kept verbatim.
    pre: Option<String>,
    /// Open links: their targets.
    links: Vec<Option<String>>,
    /// Inside a list item whose first paragraph has been written.
    item_started: bool,
    /// An emphasis marker was just opened: the space after it is dropped.
    just_opened: bool,
}

impl Converter {
    fn token(&mut self, token: Token) {
        if let Some(pre) = &mut self.pre {
            match token {
                Token::Close(name) if name == "pre" => {
                    let text = std::mem::take(pre);
                    self.pre = None;
                    self.flush();
                    self.lines.push("```text".to_owned());
                    self.lines.extend(super::lines(&text));
                    self.lines.push("```".to_owned());
                    self.blank();
                }
                Token::Text(text) => pre.push_str(&text),
                _ => {}
            }
            return;
        }
        if let Some(code) = &mut self.code {
            match token {
                Token::Close(name) if name == "code" => {
                    let text = std::mem::take(code).split_whitespace().collect::<Vec<_>>().join(" ");
                    self.code = None;
                    if !text.is_empty() {
                        self.push_inline(&super::code(&text));
                    }
                }
                Token::Text(text) => code.push_str(&text),
                _ => {}
            }
            return;
        }
        match token {
            Token::Text(text) => self.text(&text),
            Token::Open(name, attrs) => self.open(&name, &attrs),
            Token::Close(name) => self.close(&name),
        }
    }

    fn open(&mut self, name: &str, attrs: &[(String, String)]) {
        match name {
            // Inside a list, a paragraph only ends the item's text so far.
            "p" | "div" if self.lists.is_empty() || self.item_started && !self.current.is_empty() => self.flush(),
            "br/" => self.flush(),
            "ul" | "ol" => {
                self.flush();
                self.lists.push(List { ordered: name == "ol", next: 1 });
            }
            "li" => {
                self.flush();
                let indent = self.list_indent();
                let marker = match self.lists.last_mut() {
                    Some(list) if list.ordered => {
                        let marker = format!("{}. ", list.next);
                        list.next = list.next.saturating_add(1);
                        marker
                    }
                    _ => "- ".to_owned(),
                };
                self.indent = indent.saturating_add(marker.len());
                self.marker = format!("{}{marker}", " ".repeat(indent));
                self.item_started = true;
            }
            "note" | "important" => {
                self.flush();
                self.lead = if name == "note" { "**Note:** ".to_owned() } else { "**Important:** ".to_owned() };
            }
            "fullname" | "b" | "strong" => {
                self.push_inline("**");
                self.just_opened = true;
            }
            "i" | "em" => {
                self.push_inline("*");
                self.just_opened = true;
            }
            "code" => self.code = Some(String::new()),
            "pre" => self.pre = Some(String::new()),
            "a" => {
                let href = attrs.iter().find(|(k, _)| k == "href").map(|(_, v)| v.clone()).filter(|h| !h.is_empty());
                if href.is_some() {
                    self.push_inline("[");
                }
                self.links.push(href);
            }
            h if h.len() == 2 && h.starts_with('h') => {
                self.flush();
                let level = h.get(1..).and_then(|n| n.parse::<usize>().ok()).unwrap_or(1).clamp(1, 6);
                self.lead = format!("{} ", "#".repeat(level));
            }
            "dt" => {
                self.flush();
                self.push_inline("**");
            }
            "dd" | "dl" => self.flush(),
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        match name {
            "p" | "div" | "note" | "important" | "dd" | "dl" if self.lists.is_empty() => self.flush(),
            "li" => {
                self.flush();
                self.item_started = false;
                self.indent = self.list_indent();
            }
            "ul" | "ol" => {
                self.flush();
                self.lists.pop();
                self.item_started = !self.lists.is_empty();
                if self.lists.is_empty() {
                    self.indent = 0;
                    self.blank();
                }
            }
            "fullname" | "b" | "strong" => self.close_emphasis("**"),
            "i" | "em" => self.close_emphasis("*"),
            "dt" => {
                self.close_emphasis("**");
                self.flush();
            }
            "a" => {
                if let Some(Some(href)) = self.links.pop() {
                    let text_empty = self.current.ends_with('[');
                    if text_empty {
                        self.current.pop();
                        self.push_inline(&format!("<{href}>"));
                    } else {
                        self.push_inline(&format!("]({})", href.replace(' ', "%20").replace(')', "%29")));
                    }
                }
            }
            h if h.len() == 2 && h.starts_with('h') => self.flush(),
            _ => {}
        }
    }

    /// The indentation of the innermost list's items: the markers' widths of the lists around
    /// it. Lists nest at most `MAX_LIST_DEPTH` deep in the output (deeper ones are drawn at that
    /// depth), which keeps lines short and the work linear however deep the HTML nests.
    fn list_indent(&self) -> usize {
        let depth = self.lists.len().saturating_sub(1).min(MAX_LIST_DEPTH);
        self.lists.iter().take(depth).map(|l| if l.ordered { 3 } else { 2 }).sum()
    }

    /// Closes an emphasis, or takes back its opening marker when nothing came in between.
    fn close_emphasis(&mut self, marker: &str) {
        let trimmed = self.current.trim_end().len();
        self.current.truncate(trimmed);
        if self.current.ends_with(marker) {
            self.current.truncate(self.current.len().saturating_sub(marker.len()));
        } else {
            self.current.push_str(marker);
        }
    }

    fn text(&mut self, text: &str) {
        if text.trim().is_empty() {
            if !text.is_empty() && !self.current.is_empty() && !self.current.ends_with(' ') {
                self.current.push(' ');
            }
            return;
        }
        let starts_space = text.starts_with(char::is_whitespace);
        let ends_space = text.ends_with(char::is_whitespace);
        let words: Vec<&str> = text.split_whitespace().collect();
        let escaped = escape_html_text(&words.join(" "));
        if starts_space && !self.just_opened && !self.current.is_empty() && !self.current.ends_with(' ') {
            self.current.push(' ');
        }
        self.just_opened = false;
        self.push_inline(&escaped);
        if ends_space {
            self.current.push(' ');
        }
    }

    fn push_inline(&mut self, text: &str) {
        if self.current.is_empty() {
            // A paragraph must not start with spaces (an indented code block) or `#`.
            let text = text.trim_start();
            self.current.push_str(text);
        } else {
            self.current.push_str(text);
        }
    }

    /// Ends the paragraph being built.
    fn flush(&mut self) {
        let text = self.current.trim().to_owned();
        self.current.clear();
        if text.is_empty() {
            return;
        }
        let lead = std::mem::take(&mut self.lead);
        let marker = std::mem::take(&mut self.marker);
        if !marker.is_empty() {
            // A list item.
            self.lines.push(format!("{marker}{lead}{text}"));
        } else if !self.lists.is_empty() {
            // A further paragraph of a list item: blank line, then indented to the item's text.
            self.blank();
            self.lines.push(format!("{}{lead}{text}", " ".repeat(self.indent)));
        } else {
            self.blank();
            self.lines.push(format!("{lead}{text}"));
            self.blank();
        }
    }

    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    fn finish(mut self) -> Vec<String> {
        if let Some(code) = self.code.take() {
            self.push_inline(&super::code(code.trim()));
        }
        self.flush();
        while self.lines.last().is_some_and(String::is_empty) {
            self.lines.pop();
        }
        while self.lines.first().is_some_and(String::is_empty) {
            self.lines.remove(0);
        }
        self.lines
    }
}

/// Escapes what Markdown (or rustdoc) would read as markup in plain HTML text.
fn escape_html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len().saturating_add(8));
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if starts_url(&chars, i) {
            let end = url_end(&chars, i);
            out.push('<');
            out.extend(chars.get(i..end).unwrap_or_default());
            out.push('>');
            i = end;
            continue;
        }
        match c {
            '[' | ']' | '*' | '_' | '`' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
        i = i.saturating_add(1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    #[test]
    fn paragraphs_code_and_links() {
        let html = "<p>Starts an <code>Import</code>; see <a href=\"https://example.com/x\">the guide</a>.</p>\n   <p>Second   paragraph.</p>";
        assert_eq!(
            to_markdown(html),
            ["Starts an `Import`; see [the guide](https://example.com/x).", "", "Second paragraph."]
        );
    }

    #[test]
    fn lists_notes_and_emphasis() {
        let html = "<p>Kinds:</p><ul><li><p><b>A</b> - first</p></li><li>second <i>one</i></li></ul><note><p>Mind the gap.</p></note>";
        assert_eq!(to_markdown(html), ["Kinds:", "", "- **A** - first", "- second *one*", "", "**Note:** Mind the gap."]);
        let nested = "<ol><li>one<ul><li>inner</li></ul></li><li>two</li></ol>";
        assert_eq!(to_markdown(nested), ["1. one", "   - inner", "2. two"]);
    }

    #[test]
    fn text_that_markdown_would_misread_is_escaped() {
        let html = "<p>Use [a-z]* or &lt;tag&gt; and x_y; docs at https://example.com/a.</p>";
        assert_eq!(to_markdown(html), ["Use \\[a-z\\]\\* or &lt;tag&gt; and x\\_y; docs at <https://example.com/a>."]);
        assert_eq!(to_markdown("<p><code>\"SS\": [\"a\"]</code></p>"), ["`\"SS\": [\"a\"]`"]);
    }

    #[test]
    fn markdown_passes_through_sanitized() {
        assert_eq!(to_markdown("A `code` and [link](https://x.y) and [bracket]."), [
            "A `code` and [link](https://x.y) and \\[bracket\\]."
        ]);
        assert_eq!(to_markdown("See https://example.com."), ["See <https://example.com>."]);
    }
}
