//! `@pattern` regular expressions, checked and compiled at generation time.
//!
//! Smithy patterns are ECMA-262 regular expressions, matched anywhere in the value (not
//! implicitly anchored). This module parses one, decides whether the generated crate can honour
//! it exactly, and compiles it to a small program for the crate's matcher (a Pike VM, linear in
//! the text, in `runtime/pattern.rs`), so the crate needs no regex engine of its own.
//!
//! Semantics, per character (Unicode scalar value, as Smithy counts lengths): `.` is any
//! character but the line terminators `\n`, `\r`, U+2028 and U+2029; `\d`, `\w` and `\b` are
//! ASCII; `\s` is ECMA-262's white space and line terminators; `^` and `$` are the start and end
//! of the value. Three Java-isms that real models use are honoured as Java means them: a
//! surrogate pair written as two `\u` escapes is the one character it encodes, a leading `(?s)`
//! makes `.` match line terminators too, and the POSIX classes (`\p{Print}`, `\p{Alnum}`...) are
//! Java's ASCII sets. What cannot be honoured exactly is refused with the reason: lookaround,
//! backreferences, Unicode property classes (`\p{L}`), case-insensitive or other flags, and
//! programs too large to be worth it.

use std::fmt;

/// Why a pattern is not checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported(pub String);

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One instruction of a compiled pattern; `runtime/pattern.rs` has the same shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inst {
    /// One character in one of the ranges (inclusive, as code points); with `true`, one not in
    /// any of them.
    Class(Vec<(u32, u32)>, bool),
    /// Continue at both.
    Split(usize, usize),
    /// Continue at.
    Jump(usize),
    /// The start of the value.
    Start,
    /// The end of the value.
    End,
    /// Between a word character and a non-word character (`true`), or not (`false`).
    WordBoundary(bool),
    /// The pattern matched.
    Match,
}

/// A parsed pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// Matches the empty string.
    Empty,
    /// One character from a set.
    Class(Vec<(u32, u32)>, bool),
    /// `^`
    Start,
    /// `$`
    End,
    /// `\b` (`true`) or `\B`.
    WordBoundary(bool),
    /// One after another.
    Concat(Vec<Node>),
    /// One of.
    Alternation(Vec<Node>),
    /// `node{min,max}`; `max` `None` is unbounded.
    Repeat(Box<Node>, u32, Option<u32>),
}

/// Groups nest at most this deep (the parser recurses per group).
const MAX_NESTING: usize = 64;
/// Compiled programs are at most this long: counted repetitions are expanded.
const MAX_PROGRAM: usize = 20_000;

const LINE_TERMINATORS: [(u32, u32); 3] = [(0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)];
const DIGIT: [(u32, u32); 1] = [(0x30, 0x39)];
const WORD: [(u32, u32); 4] = [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)];
/// ECMA-262 `\s`: WhiteSpace and LineTerminator.
const SPACE: [(u32, u32); 10] = [
    (0x09, 0x0D),
    (0x20, 0x20),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
];

/// Parses and compiles a pattern.
///
/// # Errors
///
/// Why the pattern cannot be checked exactly: a syntax error, or a feature the matcher lacks.
pub fn compile(pattern: &str) -> Result<Vec<Inst>, Unsupported> {
    let node = parse(pattern)?;
    let mut program = Program { insts: Vec::new(), ranges: 0 };
    emit(&node, &mut program)?;
    program.push(Inst::Match);
    Ok(program.insts)
}

/// A program as the generated crate stores it (see `runtime/pattern.rs`): the instructions,
/// five bytes each (an opcode, then two little-endian `u16` operands), and the class ranges,
/// six bytes each (first and last code point, three little-endian bytes each). A class names
/// its ranges by first index and count; classes with the same ranges share them, so a counted
/// repetition of a class stores its ranges once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Encoded {
    /// The instructions.
    pub program: Vec<u8>,
    /// The class ranges.
    pub ranges: Vec<u8>,
}

/// Encodes a compiled program.
///
/// # Errors
///
/// When an operand does not fit its two bytes or a code point its three, which the limits
/// [`compile`] keeps to rule out.
pub fn encode(program: &[Inst]) -> Result<Encoded, Unsupported> {
    let too_large = || Unsupported("it does not fit the matcher's encoding".to_owned());
    let operand = |n: usize| u16::try_from(n).map_err(|_| too_large());
    let mut out = Encoded { program: Vec::with_capacity(program.len().saturating_mul(5)), ranges: Vec::new() };
    // The first range index of each distinct class.
    let mut classes: std::collections::BTreeMap<&[(u32, u32)], u16> = std::collections::BTreeMap::new();
    for inst in program {
        let (op, a, b) = match inst {
            Inst::Class(ranges, negated) => {
                let first = match classes.get(ranges.as_slice()) {
                    Some(&first) => first,
                    None => {
                        let first = operand(out.ranges.len() / 6)?;
                        for &(low, high) in ranges {
                            for point in [low, high] {
                                let [b0, b1, b2, b3] = point.to_le_bytes();
                                if b3 != 0 {
                                    return Err(too_large());
                                }
                                out.ranges.extend([b0, b1, b2]);
                            }
                        }
                        classes.insert(ranges, first);
                        first
                    }
                };
                (if *negated { 1 } else { 0 }, first, operand(ranges.len())?)
            }
            Inst::Split(a, b) => (2, operand(*a)?, operand(*b)?),
            Inst::Jump(to) => (3, operand(*to)?, 0),
            Inst::Start => (4, 0, 0),
            Inst::End => (5, 0, 0),
            Inst::WordBoundary(true) => (6, 0, 0),
            Inst::WordBoundary(false) => (7, 0, 0),
            Inst::Match => (8, 0, 0),
        };
        out.program.push(op);
        out.program.extend(a.to_le_bytes());
        out.program.extend(b.to_le_bytes());
    }
    Ok(out)
}

/// True when the program matches every string: it reaches `Match` from the start without
/// reading a character or asserting anything (`.*`, `^(?s)`), as a search for it succeeds at
/// the very first position.
pub fn matches_everything(program: &[Inst]) -> bool {
    let mut seen = vec![false; program.len()];
    let mut stack = vec![0usize];
    while let Some(pc) = stack.pop() {
        match seen.get_mut(pc) {
            Some(s) if !*s => *s = true,
            _ => continue,
        }
        match program.get(pc) {
            Some(Inst::Match) => return true,
            Some(Inst::Split(a, b)) => stack.extend([*a, *b]),
            Some(Inst::Jump(to)) => stack.push(*to),
            Some(Inst::Start) => stack.push(pc.saturating_add(1)),
            _ => {}
        }
    }
    false
}

/// Parses a pattern.
///
/// # Errors
///
/// As [`compile`].
pub fn parse(pattern: &str) -> Result<Node, Unsupported> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut parser = Parser { chars, pos: 0, dotall: false, depth: 0 };
    parser.leading_flags()?;
    let node = parser.alternation()?;
    match parser.peek() {
        None => Ok(node),
        Some(c) => Err(Unsupported(format!("unbalanced `{c}` at character {}", parser.pos))),
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    dotall: bool,
    depth: usize,
}

fn unsupported<T>(what: impl Into<String>) -> Result<T, Unsupported> {
    Err(Unsupported(what.into()))
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos.saturating_add(ahead)).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos = self.pos.saturating_add(1);
            true
        } else {
            false
        }
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos = self.pos.saturating_add(1);
        Some(c)
    }

    fn rest_starts_with(&self, text: &str) -> bool {
        text.chars().enumerate().all(|(i, c)| self.peek_at(i) == Some(c))
    }

    /// Java's `(?s)` at the very start, or right after a leading `^`: `.` matches everything.
    fn leading_flags(&mut self) -> Result<(), Unsupported> {
        let at = usize::from(self.peek() == Some('^'));
        let flags: String = self.chars.iter().skip(at).take(4).collect();
        if flags == "(?s)" {
            self.chars.drain(at..at.saturating_add(4));
            self.dotall = true;
        }
        Ok(())
    }

    fn alternation(&mut self) -> Result<Node, Unsupported> {
        let mut branches = vec![self.concatenation()?];
        while self.eat('|') {
            branches.push(self.concatenation()?);
        }
        Ok(if branches.len() == 1 { branches.pop().unwrap_or(Node::Empty) } else { Node::Alternation(branches) })
    }

    fn concatenation(&mut self) -> Result<Node, Unsupported> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.quantified(atom)?);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        })
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, Unsupported> {
        let mut node = atom;
        loop {
            let (min, max) = match self.peek() {
                Some('*') => {
                    self.pos = self.pos.saturating_add(1);
                    (0, None)
                }
                Some('+') => {
                    self.pos = self.pos.saturating_add(1);
                    (1, None)
                }
                Some('?') => {
                    self.pos = self.pos.saturating_add(1);
                    (0, Some(1))
                }
                Some('{') => match self.braces() {
                    Some(bounds) => bounds,
                    None => return Ok(node),
                },
                _ => return Ok(node),
            };
            if matches!(node, Node::Start | Node::End | Node::WordBoundary(_)) {
                return unsupported("a quantifier on an assertion");
            }
            if let Some(max) = max
                && max < min
            {
                return unsupported(format!("the quantifier {{{min},{max}}} is out of order"));
            }
            // Lazy or greedy makes no difference to whether the value matches.
            self.eat('?');
            node = Node::Repeat(Box::new(node), min, max);
            if matches!(self.peek(), Some('*' | '+' | '?')) || self.quantifier_braces_follow() {
                return unsupported("a quantifier directly after a quantifier");
            }
        }
    }

    /// True when `{n}`, `{n,}` or `{n,m}` comes next (nothing is consumed).
    fn quantifier_braces_follow(&mut self) -> bool {
        if self.peek() != Some('{') {
            return false;
        }
        let start = self.pos;
        let found = self.braces().is_some();
        self.pos = start;
        found
    }

    /// `{n}`, `{n,}` or `{n,m}`; anything else leaves `{` a literal (ECMA-262 Annex B). Counts
    /// beyond `u32` saturate (and then compile to too large a program, which is refused).
    fn braces(&mut self) -> Option<(u32, Option<u32>)> {
        let start = self.pos;
        self.pos = self.pos.saturating_add(1);
        let number = |p: &mut Parser| -> Option<u32> {
            let begin = p.pos;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.pos = p.pos.saturating_add(1);
            }
            let digits = p.chars.get(begin..p.pos)?;
            if digits.is_empty() {
                return None;
            }
            Some(digits.iter().fold(0u32, |n, d| n.saturating_mul(10).saturating_add(d.to_digit(10).unwrap_or(0))))
        };
        let result = (|| {
            let min = number(self)?;
            let max = if self.eat(',') { if self.peek() == Some('}') { None } else { Some(number(self)?) } } else { Some(min) };
            self.eat('}').then_some((min, max))
        })();
        if result.is_none() {
            self.pos = start;
        }
        result
    }

    fn atom(&mut self) -> Result<Node, Unsupported> {
        let Some(c) = self.next() else { return Ok(Node::Empty) };
        match c {
            '^' => Ok(Node::Start),
            '$' => Ok(Node::End),
            '.' => Ok(if self.dotall { Node::Class(Vec::new(), true) } else { Node::Class(LINE_TERMINATORS.to_vec(), true) }),
            '(' => self.group(),
            '[' => self.class(),
            '\\' => self.escape(),
            '*' | '+' | '?' => unsupported(format!("nothing to repeat before `{c}`")),
            '{' if self.braces_follow() => unsupported("nothing to repeat before `{`"),
            c => Ok(literal(u32::from(c))),
        }
    }

    /// True when the `{` just read opens a quantifier.
    fn braces_follow(&mut self) -> bool {
        self.pos = self.pos.saturating_sub(1);
        let quantifier = self.braces().is_some();
        if !quantifier {
            self.pos = self.pos.saturating_add(1);
        }
        quantifier
    }

    fn group(&mut self) -> Result<Node, Unsupported> {
        if self.depth >= MAX_NESTING {
            return unsupported(format!("groups nested more than {MAX_NESTING} deep"));
        }
        if self.eat('?') {
            if self.eat(':') {
            } else if self.rest_starts_with("<") && !self.rest_starts_with("<=") && !self.rest_starts_with("<!") {
                // A named group: only a group here.
                while let Some(c) = self.next() {
                    if c == '>' {
                        break;
                    }
                }
            } else if matches!(self.peek(), Some('=' | '!')) || self.rest_starts_with("<=") || self.rest_starts_with("<!") {
                return unsupported("lookaround assertions");
            } else {
                return unsupported("inline flags other than a leading `(?s)`");
            }
        }
        self.depth = self.depth.saturating_add(1);
        let inner = self.alternation()?;
        self.depth = self.depth.saturating_sub(1);
        if !self.eat(')') {
            return unsupported("a group is not closed");
        }
        Ok(inner)
    }

    /// `\u` escapes as Java reads them: a high surrogate escape followed by a low one is the
    /// character of the pair.
    fn unicode_escape(&mut self) -> Result<u32, Unsupported> {
        let first = self.hex_digits(4)?;
        if (0xD800..0xDC00).contains(&first) && self.rest_starts_with("\\u") {
            let save = self.pos;
            self.pos = self.pos.saturating_add(2);
            match self.hex_digits(4) {
                Ok(second) if (0xDC00..0xE000).contains(&second) => {
                    return Ok((((first & 0x3FF) << 10) | (second & 0x3FF)).saturating_add(0x10000));
                }
                _ => self.pos = save,
            }
        }
        Ok(first)
    }

    fn hex_digits(&mut self, n: usize) -> Result<u32, Unsupported> {
        let mut value = 0u32;
        for _ in 0..n {
            let digit = self.next().and_then(|c| c.to_digit(16)).ok_or_else(|| Unsupported("an invalid hex escape".into()))?;
            value = (value << 4) | digit;
        }
        Ok(value)
    }

    /// An escape outside a class.
    fn escape(&mut self) -> Result<Node, Unsupported> {
        match self.peek() {
            Some('b') => {
                self.pos = self.pos.saturating_add(1);
                Ok(Node::WordBoundary(true))
            }
            Some('B') => {
                self.pos = self.pos.saturating_add(1);
                Ok(Node::WordBoundary(false))
            }
            Some('1'..='9') => unsupported("backreferences"),
            Some('k') if self.peek_at(1) == Some('<') => unsupported("backreferences"),
            _ => {
                let (ranges, negated) = self.class_escape()?;
                Ok(Node::Class(ranges, negated))
            }
        }
    }

    /// An escape that stands for characters: one, or a class such as `\d`.
    fn class_escape(&mut self) -> Result<(Vec<(u32, u32)>, bool), Unsupported> {
        let Some(c) = self.next() else { return unsupported("a pattern ends in `\\`") };
        let one = |v: u32| Ok((vec![(v, v)], false));
        match c {
            'd' => Ok((DIGIT.to_vec(), false)),
            'D' => Ok((DIGIT.to_vec(), true)),
            'w' => Ok((WORD.to_vec(), false)),
            'W' => Ok((WORD.to_vec(), true)),
            's' => Ok((SPACE.to_vec(), false)),
            'S' => Ok((SPACE.to_vec(), true)),
            't' => one(0x09),
            'n' => one(0x0A),
            'v' => one(0x0B),
            'f' => one(0x0C),
            'r' => one(0x0D),
            '0' if !self.peek().is_some_and(|d| d.is_ascii_digit()) => one(0),
            'x' => {
                let v = self.hex_digits(2)?;
                one(v)
            }
            'u' if self.peek() == Some('{') => {
                self.pos = self.pos.saturating_add(1);
                let mut value = 0u32;
                let mut digits: usize = 0;
                while let Some(d) = self.peek().and_then(|c| c.to_digit(16)) {
                    value = value.saturating_mul(16).saturating_add(d);
                    digits = digits.saturating_add(1);
                    self.pos = self.pos.saturating_add(1);
                }
                if digits == 0 || !self.eat('}') || value > 0x10FFFF {
                    return unsupported("an invalid `\\u{...}` escape");
                }
                one(value)
            }
            'u' => {
                let v = self.unicode_escape()?;
                one(v)
            }
            'c' => match self.next() {
                Some(letter) if letter.is_ascii_alphabetic() => one(u32::from(letter) % 32),
                _ => unsupported("an invalid `\\c` escape"),
            },
            'p' | 'P' => {
                let negated = c == 'P';
                let mut name = String::new();
                if self.eat('{') {
                    while let Some(n) = self.next() {
                        if n == '}' {
                            break;
                        }
                        name.push(n);
                    }
                }
                match posix_class(&name) {
                    Some(ranges) => Ok((ranges, negated)),
                    None => unsupported(format!("the Unicode property class `\\{c}{{{name}}}`")),
                }
            }
            c if c.is_ascii_digit() => unsupported("octal escapes"),
            // Letters have no identity escape in ECMA-262's Unicode mode, and Java gives several
            // a meaning (`\A`, `\z`, `\h`, `\R`, `\Q`...): refused rather than guessed.
            c if c.is_ascii_alphabetic() => unsupported(format!("the escape `\\{c}` (no meaning in ECMA-262; Java's is not honoured)")),
            // Identity escapes: `\.`, `\-`, `\/`, `\[` and the like stand for themselves.
            c => one(u32::from(c)),
        }
    }

    fn class(&mut self) -> Result<Node, Unsupported> {
        let negated = self.eat('^');
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        loop {
            let Some(c) = self.next() else { return unsupported("a class is not closed") };
            if c == ']' {
                break;
            }
            // Java reads `[a-z[0-9]]` as a union and `&&` as an intersection; ECMA-262 reads both
            // as characters. Either way one of them is mis-checked: refused.
            if c == '[' {
                return unsupported("a `[` inside a class (a nested class to Java, a character to ECMA-262)");
            }
            if c == '&' && self.peek() == Some('&') {
                return unsupported("`&&` inside a class (an intersection to Java, two characters to ECMA-262)");
            }
            let (start, start_set) = self.class_atom(c)?;
            // A range `a-z`, unless `-` is last or an endpoint is a class like `\d`.
            if self.peek() == Some('-') && self.peek_at(1).is_some_and(|n| n != ']') && start_set.is_none() {
                self.pos = self.pos.saturating_add(1);
                let Some(next) = self.next() else { return unsupported("a class is not closed") };
                let (end, end_set) = self.class_atom(next)?;
                match end_set {
                    None if end < start => return unsupported("a class range is out of order"),
                    None => ranges.push((start, end)),
                    Some(set) => {
                        // `[a-\d]`: ECMA-262 Annex B reads `-` as itself.
                        ranges.push((start, start));
                        ranges.push((0x2D, 0x2D));
                        ranges.extend(set);
                    }
                }
                continue;
            }
            match start_set {
                Some(set) => ranges.extend(set),
                None => ranges.push((start, start)),
            }
        }
        Ok(Node::Class(normalize(ranges), negated))
    }

    /// One class member: a character, or (second) a set such as `\d` or `\D` as ranges.
    fn class_atom(&mut self, c: char) -> Result<(u32, Option<Ranges>), Unsupported> {
        if c != '\\' {
            return Ok((u32::from(c), None));
        }
        if self.peek() == Some('b') {
            // Inside a class `\b` is backspace.
            self.pos = self.pos.saturating_add(1);
            return Ok((0x08, None));
        }
        if self.peek() == Some('-') {
            self.pos = self.pos.saturating_add(1);
            return Ok((0x2D, None));
        }
        let (ranges, negated) = self.class_escape()?;
        match (ranges.as_slice(), negated) {
            ([(a, b)], false) if a == b => Ok((*a, None)),
            (_, false) => Ok((0, Some(ranges))),
            (_, true) => Ok((0, Some(complement(&ranges)))),
        }
    }
}

/// Inclusive code point ranges.
type Ranges = Vec<(u32, u32)>;

/// Java's POSIX classes (`\p{Print}` and the like), ASCII-only as Java defines them by default:
/// a Java-ism real models use, with one meaning. Unicode categories (`\p{L}`) are not here.
fn posix_class(name: &str) -> Option<Ranges> {
    let ranges: &[(u32, u32)] = match name {
        "Lower" => &[(0x61, 0x7A)],
        "Upper" => &[(0x41, 0x5A)],
        "ASCII" => &[(0x00, 0x7F)],
        "Alpha" => &[(0x41, 0x5A), (0x61, 0x7A)],
        "Digit" => &[(0x30, 0x39)],
        "Alnum" => &[(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)],
        "Punct" => &[(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)],
        "Graph" => &[(0x21, 0x7E)],
        "Print" => &[(0x20, 0x7E)],
        "Blank" => &[(0x09, 0x09), (0x20, 0x20)],
        "Cntrl" => &[(0x00, 0x1F), (0x7F, 0x7F)],
        "XDigit" => &[(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
        "Space" => &[(0x09, 0x0D), (0x20, 0x20)],
        _ => return None,
    };
    Some(ranges.to_vec())
}

fn literal(c: u32) -> Node {
    Node::Class(vec![(c, c)], false)
}

/// Sorted, merged ranges.
fn normalize(mut ranges: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    ranges.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match out.last_mut() {
            Some(last) if start <= last.1.saturating_add(1) => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

/// Every code point not in `ranges`.
fn complement(ranges: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut next = 0u32;
    for &(start, end) in &normalize(ranges.to_vec()) {
        if start > next {
            out.push((next, start.saturating_sub(1)));
        }
        next = end.saturating_add(1);
    }
    if next <= 0x10FFFF {
        out.push((next, 0x10FFFF));
    }
    out
}

/// Compiled programs hold at most this many class ranges in all (each copy of a repeated class
/// counts): the generated code stays small.
const MAX_RANGES: usize = 50_000;

/// A program being built, with its count of class ranges.
struct Program {
    insts: Vec<Inst>,
    ranges: usize,
}

impl Program {
    fn len(&self) -> usize {
        self.insts.len()
    }

    fn push(&mut self, inst: Inst) {
        if let Inst::Class(ranges, _) = &inst {
            self.ranges = self.ranges.saturating_add(ranges.len());
        }
        self.insts.push(inst);
    }

    fn get_mut(&mut self, at: usize) -> Option<&mut Inst> {
        self.insts.get_mut(at)
    }

    fn truncate(&mut self, len: usize) {
        let dropped: usize = self.insts.get(len..).unwrap_or_default().iter().map(|i| if let Inst::Class(r, _) = i { r.len() } else { 0 }).sum();
        self.ranges = self.ranges.saturating_sub(dropped);
        self.insts.truncate(len);
    }
}

fn too_large(program: &Program) -> bool {
    program.len() > MAX_PROGRAM || program.ranges > MAX_RANGES
}

/// Appends the instructions of `node`; repetitions are expanded, within `MAX_PROGRAM`
/// instructions and `MAX_RANGES` class ranges.
fn emit(node: &Node, program: &mut Program) -> Result<(), Unsupported> {
    if too_large(program) {
        return unsupported(format!("it compiles to more than {MAX_PROGRAM} instructions or {MAX_RANGES} class ranges"));
    }
    match node {
        Node::Empty => {}
        Node::Class(ranges, negated) => program.push(Inst::Class(ranges.clone(), *negated)),
        Node::Start => program.push(Inst::Start),
        Node::End => program.push(Inst::End),
        Node::WordBoundary(yes) => program.push(Inst::WordBoundary(*yes)),
        Node::Concat(items) => {
            for item in items {
                emit(item, program)?;
            }
        }
        Node::Alternation(branches) => {
            // Split to each branch; every branch but the last jumps to the end.
            let mut jumps = Vec::new();
            for (i, branch) in branches.iter().enumerate() {
                if i.saturating_add(1) < branches.len() {
                    let split = program.len();
                    program.push(Inst::Split(split.saturating_add(1), 0));
                    emit(branch, program)?;
                    jumps.push(program.len());
                    program.push(Inst::Jump(0));
                    let next = program.len();
                    if let Some(Inst::Split(_, second)) = program.get_mut(split) {
                        *second = next;
                    }
                } else {
                    emit(branch, program)?;
                }
            }
            let end = program.len();
            for at in jumps {
                if let Some(Inst::Jump(target)) = program.get_mut(at) {
                    *target = end;
                }
            }
        }
        Node::Repeat(inner, min, max) => {
            // Something that matches only the empty string repeats to itself.
            let before = program.len();
            emit(inner, program)?;
            if program.len() == before {
                return Ok(());
            }
            program.truncate(before);
            for _ in 0..*min {
                emit(inner, program)?;
            }
            match max {
                None => {
                    // L: split(body, end); body; jump L; end:
                    let split = program.len();
                    program.push(Inst::Split(split.saturating_add(1), 0));
                    emit(inner, program)?;
                    program.push(Inst::Jump(split));
                    let end = program.len();
                    if let Some(Inst::Split(_, second)) = program.get_mut(split) {
                        *second = end;
                    }
                }
                Some(max) => {
                    // Each optional copy: split(body, end); body; ... all skipping to the end.
                    let mut splits = Vec::new();
                    for _ in *min..*max {
                        splits.push(program.len());
                        program.push(Inst::Split(program.len().saturating_add(1), 0));
                        emit(inner, program)?;
                        if too_large(program) {
                            return unsupported(format!(
                                "it compiles to more than {MAX_PROGRAM} instructions or {MAX_RANGES} class ranges"
                            ));
                        }
                    }
                    let end = program.len();
                    for at in splits {
                        if let Some(Inst::Split(_, second)) = program.get_mut(at) {
                            *second = end;
                        }
                    }
                }
            }
        }
    }
    if too_large(program) {
        return unsupported(format!("it compiles to more than {MAX_PROGRAM} instructions or {MAX_RANGES} class ranges"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parses(pattern: &str) -> bool {
        compile(pattern).is_ok()
    }

    #[test]
    fn supported_and_refused() {
        for ok in [
            "^[a-zA-Z0-9._/\\-:]+$",
            "^[a-f0-9\\-]+$",
            ".*",
            "^\\d+$",
            "^[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*$",
            "^(?s)",
            "^s3://[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9](/.*)?$",
            "^[\\w|\\d|\\.|_]+$",
            "(?:ab|cd){2,3}x{3}",
            "a{,5}",
            "[]",
            "[^]",
            "(?<name>a)",
            "^\\p{Print}+$",
            "[\\P{Cntrl}]",
        ] {
            assert!(parses(ok), "{ok}: {:?}", compile(ok));
        }
        for (bad, why) in [
            ("a(?=b)", "lookaround"),
            ("(?<!a)b", "lookaround"),
            ("(a)\\1", "backreferences"),
            ("\\p{L}", "property"),
            ("\\p{IsAlphabetic}", "property"),
            ("(?i)abc", "flags"),
            ("a**", "quantifier directly after"),
            ("*a", "nothing to repeat"),
            ("(ab", "not closed"),
            ("ab)", "unbalanced"),
            ("[b-a]", "out of order"),
            ("a{3,2}", "out of order"),
            ("(a{1000}){1000}", "instructions"),
            ("a{2}{3}", "quantifier directly after"),
            ("a*{2}", "quantifier directly after"),
            ("^a{0,4294967296}$", "instructions"),
            ("[a-z[0-9]]", "inside a class"),
            ("[a-z&&[^aeiou]]", "inside a class"),
            ("\\A[a-z]+\\z", "escape"),
            ("\\h", "escape"),
            ("\\Qa.b\\E", "escape"),
            ("[acegikmoqsuwy02468ACEGIKMOQSUWY]{2000}", "class ranges"),
        ] {
            let err = compile(bad).expect_err(bad);
            assert!(err.0.contains(why), "{bad}: {err}");
        }
    }

    #[test]
    fn empty_repeats_end_at_once() {
        assert_eq!(compile("(?:){4294967295}").unwrap(), [Inst::Match]);
        assert_eq!(compile("(?:(?:){4294967295}){4294967295}x").unwrap().len(), 2);
    }

    #[test]
    fn braces_that_are_no_quantifier_are_characters() {
        // ECMA-262 Annex B: `{` that does not start `{n}`, `{n,}` or `{n,m}` is itself.
        assert_eq!(parse("a{,5}").unwrap(), Node::Concat(vec![literal(97), literal(123), literal(44), literal(53), literal(125)]));
        assert_eq!(parse("{x}").unwrap(), Node::Concat(vec![literal(123), literal(120), literal(125)]));
        assert!(compile("{2}").is_err(), "nothing to repeat");
    }

    #[test]
    fn surrogate_pairs_are_characters() {
        let node = parse("[\\uD800\\uDC00-\\uDBFF\\uDFFF]").unwrap();
        assert_eq!(node, Node::Class(vec![(0x10000, 0x10FFFF)], false));
        assert_eq!(parse("\\uD83D\\uDE00").unwrap(), literal(0x1F600));
    }

    #[test]
    fn encoding_stores_a_repeated_class_once() {
        let program = compile("^[a-cu]{3}$").unwrap();
        let encoded = encode(&program).unwrap();
        assert_eq!(encoded.program.len(), program.len() * 5);
        // Start, three classes, End, Match; the one class's two ranges stored once.
        assert_eq!(encoded.ranges, [0x61, 0, 0, 0x63, 0, 0, 0x75, 0, 0, 0x75, 0, 0]);
        let class = [0, 0, 0, 2, 0];
        let expected = [vec![4, 0, 0, 0, 0], class.to_vec(), class.to_vec(), class.to_vec(), vec![5, 0, 0, 0, 0], vec![8, 0, 0, 0, 0]];
        assert_eq!(encoded.program, expected.concat());
        let split = encode(&[Inst::Split(300, 2), Inst::Jump(65_535), Inst::Class(vec![(0x10FFFF, 0x10FFFF)], true)]).unwrap();
        assert_eq!(split.program, [2, 44, 1, 2, 0, 3, 255, 255, 0, 0, 1, 0, 0, 1, 0]);
        assert_eq!(split.ranges, [0xFF, 0xFF, 0x10, 0xFF, 0xFF, 0x10]);
        assert!(encode(&[Inst::Jump(65_536)]).is_err());
        assert!(encode(&[Inst::Class(vec![(0, 0x100_0000)], false)]).is_err());
    }
}
