//! Matching `@pattern`s: the generator checks and compiles each pattern into a program, run
//! here by a Pike VM: every thread advances one character at a time, so the time is linear in
//! the text whatever the pattern (no catastrophic backtracking). Characters are Unicode scalar
//! values; a pattern matches anywhere in the text unless anchored.
//!
//! A program is bytes, not an array of instructions, because a byte string costs the compiler
//! next to nothing while an array of thousands of enum values (counted repetitions expand) is
//! type-checked, borrow-checked and evaluated one element at a time. Each instruction is five
//! bytes: an opcode, then two little-endian `u16` operands. Each class range is six bytes: its
//! first and last code point, little-endian in three bytes each.

/// Opcodes, as `codegen::pattern::encode` writes them.
const CLASS: u8 = 0;
const NOT_CLASS: u8 = 1;
const SPLIT: u8 = 2;
const JUMP: u8 = 3;
const START: u8 = 4;
const END: u8 = 5;
const WORD_BOUNDARY: u8 = 6;
const NOT_WORD_BOUNDARY: u8 = 7;
const MATCH: u8 = 8;

/// A compiled pattern and the model's text of it.
#[derive(Debug)]
pub(crate) struct Pattern {
    /// The pattern as the model writes it, for messages.
    #[allow(dead_code, reason = "validation names it; the partitions' region patterns are never named")]
    pub(crate) source: &'static str,
    /// The instructions, five bytes each.
    pub(crate) program: &'static [u8],
    /// The ranges the class instructions name, six bytes each.
    pub(crate) ranges: &'static [u8],
}

/// One decoded instruction.
#[derive(Clone, Copy)]
enum Inst {
    /// One character in one of `count` ranges from range `first`; with `true`, in none.
    Class { first: usize, count: usize, negated: bool },
    /// Continue at both.
    Split(usize, usize),
    /// Continue at.
    Jump(usize),
    /// The start of the text.
    Start,
    /// The end of the text.
    End,
    /// Between a word character and a non-word one (`true`), or not (`false`).
    WordBoundary(bool),
    /// The pattern matched.
    Match,
}

/// The instruction at `pc`; `None` past the end (or for an opcode this matcher does not know),
/// where a thread dies.
fn inst(program: &[u8], pc: usize) -> Option<Inst> {
    let at = pc.checked_mul(5)?;
    let &[op, a0, a1, b0, b1] = program.get(at..at.checked_add(5)?)? else { return None };
    let a = usize::from(u16::from_le_bytes([a0, a1]));
    let b = usize::from(u16::from_le_bytes([b0, b1]));
    Some(match op {
        CLASS | NOT_CLASS => Inst::Class { first: a, count: b, negated: op == NOT_CLASS },
        SPLIT => Inst::Split(a, b),
        JUMP => Inst::Jump(a),
        START => Inst::Start,
        END => Inst::End,
        WORD_BOUNDARY | NOT_WORD_BOUNDARY => Inst::WordBoundary(op == WORD_BOUNDARY),
        MATCH => Inst::Match,
        _ => return None,
    })
}

/// True when `c` is in one of the ranges (or, `negated`, in none).
fn in_class(ranges: &[u8], first: usize, count: usize, negated: bool, c: char) -> bool {
    let c = u32::from(c);
    let (Some(start), Some(end)) = (first.checked_mul(6), first.saturating_add(count).checked_mul(6)) else {
        return false;
    };
    let in_any = ranges.get(start..end).unwrap_or_default().chunks_exact(6).any(|range| {
        let &[l0, l1, l2, h0, h1, h2] = range else { return false };
        u32::from_le_bytes([l0, l1, l2, 0]) <= c && c <= u32::from_le_bytes([h0, h1, h2, 0])
    });
    in_any != negated
}

/// The threads at one position: each instruction once, in the order added.
struct Threads {
    present: Vec<bool>,
    list: Vec<usize>,
}

impl Threads {
    fn new(len: usize) -> Threads {
        Threads { present: vec![false; len], list: Vec::with_capacity(len) }
    }

    fn clear(&mut self) {
        for &pc in &self.list {
            if let Some(p) = self.present.get_mut(pc) {
                *p = false;
            }
        }
        self.list.clear();
    }

    /// Adds `start` and everything it reaches without reading a character, between `before`
    /// and `after`; true if that reaches `Match`.
    fn add(&mut self, program: &[u8], start: usize, before: Option<char>, after: Option<char>, stack: &mut Vec<usize>) -> bool {
        stack.clear();
        stack.push(start);
        while let Some(pc) = stack.pop() {
            match self.present.get_mut(pc) {
                Some(p) if !*p => *p = true,
                _ => continue,
            }
            self.list.push(pc);
            let next = pc.saturating_add(1);
            match inst(program, pc) {
                Some(Inst::Match) => return true,
                Some(Inst::Split(a, b)) => {
                    stack.push(b);
                    stack.push(a);
                }
                Some(Inst::Jump(to)) => stack.push(to),
                Some(Inst::Start) if before.is_none() => stack.push(next),
                Some(Inst::End) if after.is_none() => stack.push(next),
                Some(Inst::WordBoundary(at)) if (is_word(before) != is_word(after)) == at => stack.push(next),
                _ => {}
            }
        }
        false
    }
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Pattern {
    /// True when the pattern matches somewhere in `text`.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        let (program, ranges) = (self.program, self.ranges);
        let len = program.len() / 5;
        let mut current = Threads::new(len);
        let mut next = Threads::new(len);
        let mut stack = Vec::new();
        let mut before: Option<char> = None;
        let mut chars = text.chars().peekable();
        loop {
            let here = chars.peek().copied();
            // A match may start at any position.
            if current.add(program, 0, before, here, &mut stack) {
                return true;
            }
            let Some(c) = chars.next() else { return false };
            let after = chars.peek().copied();
            next.clear();
            for &pc in &current.list {
                if let Some(Inst::Class { first, count, negated }) = inst(program, pc)
                    && in_class(ranges, first, count, negated, c)
                    && next.add(program, pc.saturating_add(1), Some(c), after, &mut stack)
                {
                    return true;
                }
            }
            std::mem::swap(&mut current, &mut next);
            before = Some(c);
        }
    }
}
