//! Matching `@pattern`s: the generator checks and compiles each pattern into a program of these
//! instructions, run here by a Pike VM: every thread advances one character at a time, so the
//! time is linear in the text whatever the pattern (no catastrophic backtracking). Characters
//! are Unicode scalar values; a pattern matches anywhere in the text unless anchored.

/// One instruction.
#[derive(Debug)]
pub(crate) enum Inst {
    /// One character in one of the ranges (inclusive code points); with `true`, not in any.
    Class(&'static [(u32, u32)], bool),
    /// Continue at both.
    Split(usize, usize),
    /// Continue at.
    Jump(usize),
    /// The start of the text.
    Start,
    /// The end of the text.
    End,
    /// Between a word character and a non-word one (`true`), or not (`false`).
    #[allow(dead_code, reason = "only the models whose patterns have `\\b` or `\\B` build one")]
    WordBoundary(bool),
    /// The pattern matched.
    Match,
}

/// A compiled pattern and the model's text of it.
#[derive(Debug)]
pub(crate) struct Pattern {
    pub(crate) source: &'static str,
    pub(crate) program: &'static [Inst],
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
    fn add(&mut self, program: &[Inst], start: usize, before: Option<char>, after: Option<char>, stack: &mut Vec<usize>) -> bool {
        stack.clear();
        stack.push(start);
        while let Some(pc) = stack.pop() {
            match self.present.get_mut(pc) {
                Some(p) if !*p => *p = true,
                _ => continue,
            }
            self.list.push(pc);
            let next = pc.saturating_add(1);
            match program.get(pc) {
                Some(Inst::Match) => return true,
                Some(Inst::Split(a, b)) => {
                    stack.push(*b);
                    stack.push(*a);
                }
                Some(Inst::Jump(to)) => stack.push(*to),
                Some(Inst::Start) if before.is_none() => stack.push(next),
                Some(Inst::End) if after.is_none() => stack.push(next),
                Some(Inst::WordBoundary(at)) if (is_word(before) != is_word(after)) == *at => stack.push(next),
                _ => {}
            }
        }
        false
    }
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn in_class(ranges: &[(u32, u32)], negated: bool, c: char) -> bool {
    let c = u32::from(c);
    ranges.iter().any(|&(start, end)| start <= c && c <= end) != negated
}

impl Pattern {
    /// True when the pattern matches somewhere in `text`.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        let program = self.program;
        let mut current = Threads::new(program.len());
        let mut next = Threads::new(program.len());
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
                if let Some(Inst::Class(ranges, negated)) = program.get(pc)
                    && in_class(ranges, *negated, c)
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
