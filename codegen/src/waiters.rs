//! `smithy.waiters#waitable`: an operation's waiters, read from the trait, and the JMESPath
//! expressions of their acceptors parsed into a small syntax tree (`emit/waiter.rs` writes it
//! out as static data that the crate's runtime evaluates).
//!
//! JMESPath is parsed as its specification says (a Pratt parser with its binding powers);
//! what the parser knows: identifiers (bare and quoted), `@`, sub-expressions `a.b`, index
//! `a[0]`, flatten `a[]`, wildcard `a[*]`, filters `a[?cond]`, pipes, `||`, `&&`, `!`, the six
//! comparators, parentheses, literals (`` `0` ``, `` `"x"` ``, `` `true` ``, `` `null` ``, raw
//! `'x'`), multi-select lists `[a, b]` and the functions `length`, `contains`, `keys`. A waiter
//! whose paths use anything else (multi-select hashes, object projections `*`, slices, other
//! functions) is left out with a warning, never generated wrong.

use crate::json::Json;

/// One waiter of an operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Waiter {
    /// The name, such as `TableExists`.
    pub name: String,
    /// The documentation.
    pub docs: Option<String>,
    /// The shortest delay between attempts, in seconds (2 unless the model says).
    pub min_delay: u64,
    /// The longest delay between attempts, in seconds (120 unless the model says).
    pub max_delay: u64,
    /// The deprecation, when deprecated.
    pub deprecated: bool,
    /// The acceptors, in the order they are tried.
    pub acceptors: Vec<Acceptor>,
}

/// What an acceptor concludes when its matcher matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// The waiter is done.
    Success,
    /// The waiter failed: the resource will never get there.
    Failure,
    /// Not yet: poll again.
    Retry,
}

/// One acceptor.
#[derive(Clone, Debug, PartialEq)]
pub struct Acceptor {
    /// The state it concludes.
    pub state: State,
    /// When it matches.
    pub matcher: Matcher,
}

/// How an acceptor matches an attempt.
#[derive(Clone, Debug, PartialEq)]
pub enum Matcher {
    /// `output`: the path on a successful output compares to `expected`.
    Output(PathMatcher),
    /// `inputOutput`: the path on `{input, output}` of a successful call compares to `expected`.
    InputOutput(PathMatcher),
    /// `success`: the call succeeded (`true`) or failed (`false`).
    Success(bool),
    /// `errorType`: the call failed with this error code.
    ErrorType(String),
}

/// A path, a comparator and the value expected.
#[derive(Clone, Debug, PartialEq)]
pub struct PathMatcher {
    /// The JMESPath expression, as written.
    pub text: String,
    /// The expression, parsed.
    pub path: Expr,
    /// The comparator.
    pub comparator: Comparator,
    /// The expected value, as the model writes it.
    pub expected: String,
}

/// How a path's result compares to the expected value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparator {
    /// A string equal to the expected.
    StringEquals,
    /// A boolean equal to the expected (`true` or `false`).
    BooleanEquals,
    /// A non-empty list whose every item is a string equal to the expected.
    AllStringEquals,
    /// A list of which any item is a string equal to the expected.
    AnyStringEquals,
}

/// A JMESPath expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// `@`: the current value.
    Current,
    /// A field of an object.
    Field(String),
    /// `lhs.rhs`, and `lhs | rhs`: `rhs` evaluated on the result of `lhs`.
    Sub(Box<Expr>, Box<Expr>),
    /// `lhs[n]`; negative from the end.
    Index(Box<Expr>, i64),
    /// `lhs[]` without its projection: the list with lists inside merged one level.
    Flatten(Box<Expr>),
    /// A projection: `rhs` on each item of the list `lhs`, null results dropped.
    Project(Box<Expr>, Box<Expr>),
    /// `lhs[?cond]` then `rhs` on each item that passes.
    Filter(Box<Expr>, Box<Expr>, Box<Expr>),
    /// A comparison.
    Compare(Cmp, Box<Expr>, Box<Expr>),
    /// `lhs && rhs`.
    And(Box<Expr>, Box<Expr>),
    /// `lhs || rhs`.
    Or(Box<Expr>, Box<Expr>),
    /// `!expr`.
    Not(Box<Expr>),
    /// A literal.
    Literal(Literal),
    /// `length(arg)`.
    Length(Box<Expr>),
    /// `contains(subject, search)`.
    Contains(Box<Expr>, Box<Expr>),
    /// `keys(object)`: its keys, as strings.
    Keys(Box<Expr>),
    /// `[a, b]` after a value: the list of each expression on it (null on null).
    MultiList(Vec<Expr>),
}

/// A comparator of JMESPath.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// A literal value.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// `null`
    Null,
    /// `true`, `false`
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    Str(String),
}

/// Why a waiter is not generated or a trait is malformed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The trait breaks Smithy's rules for it: an error.
    Invalid(String),
    /// Valid, but beyond what this generator evaluates: the waiter is left out.
    Unsupported(String),
}

/// The waiters of an operation, in name order, and those left out (name and reason).
pub type Read = (Vec<Waiter>, Vec<(String, String)>);

/// The waiters of an operation's `smithy.waiters#waitable` value, in name order, and those left
/// out (name and reason).
///
/// # Errors
///
/// A value that breaks the trait's rules, with the JSON path of the fault.
pub fn read(value: &Json) -> Result<Read, String> {
    let Some(entries) = value.as_object() else {
        return Err(format!("expected an object of waiters by name, found {}", value.type_name()));
    };
    let (mut waiters, mut skipped) = (Vec::new(), Vec::new());
    for (name, spec) in entries {
        match waiter(name, spec) {
            Ok(w) => waiters.push(w),
            Err(Problem::Invalid(reason)) => return Err(format!("waiter `{name}`: {reason}")),
            Err(Problem::Unsupported(reason)) => skipped.push((name.clone(), reason)),
        }
    }
    waiters.sort_by(|a, b| a.name.cmp(&b.name));
    skipped.sort();
    Ok((waiters, skipped))
}

fn waiter(name: &str, spec: &Json) -> Result<Waiter, Problem> {
    let invalid = |reason: String| Problem::Invalid(reason);
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(invalid("a waiter's name is an upper camel case identifier".to_owned()));
    }
    let delay = |key: &str, default: u64| -> Result<u64, Problem> {
        match spec.get(key) {
            None => Ok(default),
            Some(Json::Number(n)) => n.as_u64().filter(|&d| d >= 1).ok_or_else(|| invalid(format!("`{key}` must be a whole number of seconds, at least 1"))),
            Some(other) => Err(invalid(format!("`{key}` must be a number, found {}", other.type_name()))),
        }
    };
    let (min_delay, max_delay) = (delay("minDelay", 2)?, delay("maxDelay", 120)?);
    if min_delay > max_delay {
        return Err(invalid(format!("`minDelay` ({min_delay}) is greater than `maxDelay` ({max_delay})")));
    }
    let Some(list) = spec.get("acceptors").and_then(Json::as_array).filter(|l| !l.is_empty()) else {
        return Err(invalid("`acceptors` must be a non-empty list".to_owned()));
    };
    let acceptors = list
        .iter()
        .enumerate()
        .map(|(i, a)| acceptor(a).map_err(|p| prefix(p, &format!("acceptors[{i}]"))))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Waiter {
        name: name.to_owned(),
        docs: spec.get("documentation").and_then(Json::as_str).map(str::to_owned),
        min_delay,
        max_delay,
        deprecated: matches!(spec.get("deprecated"), Some(Json::Bool(true))),
        acceptors,
    })
}

fn prefix(problem: Problem, at: &str) -> Problem {
    match problem {
        Problem::Invalid(reason) => Problem::Invalid(format!("{at}: {reason}")),
        Problem::Unsupported(reason) => Problem::Unsupported(format!("{at}: {reason}")),
    }
}

fn acceptor(value: &Json) -> Result<Acceptor, Problem> {
    let invalid = |reason: String| Problem::Invalid(reason);
    let state = match value.get("state").and_then(Json::as_str) {
        Some("success") => State::Success,
        Some("failure") => State::Failure,
        Some("retry") => State::Retry,
        other => return Err(invalid(format!("`state` must be success, failure or retry, found {other:?}"))),
    };
    let Some([(kind, body)]) = value.get("matcher").and_then(Json::as_object) else {
        return Err(invalid("`matcher` must be an object with exactly one member".to_owned()));
    };
    let matcher = match kind.as_str() {
        "output" => Matcher::Output(path_matcher(body)?),
        "inputOutput" => Matcher::InputOutput(path_matcher(body)?),
        "success" => match body {
            Json::Bool(b) => Matcher::Success(*b),
            other => return Err(invalid(format!("`success` must be a boolean, found {}", other.type_name()))),
        },
        "errorType" => match body.as_str() {
            // An absolute shape id matches by its name, as the error code is the name.
            Some(code) if !code.is_empty() => Matcher::ErrorType(code.rsplit('#').next().unwrap_or(code).to_owned()),
            _ => return Err(invalid("`errorType` must be a non-empty string".to_owned())),
        },
        other => return Err(Problem::Unsupported(format!("matcher `{other}` is not one Smithy defines"))),
    };
    Ok(Acceptor { state, matcher })
}

fn path_matcher(body: &Json) -> Result<PathMatcher, Problem> {
    let invalid = |reason: String| Problem::Invalid(reason);
    let text = body.get("path").and_then(Json::as_str).ok_or_else(|| invalid("`path` must be a string".to_owned()))?;
    let expected = body.get("expected").and_then(Json::as_str).ok_or_else(|| invalid("`expected` must be a string".to_owned()))?;
    let comparator = match body.get("comparator").and_then(Json::as_str) {
        Some("stringEquals") => Comparator::StringEquals,
        Some("booleanEquals") => Comparator::BooleanEquals,
        Some("allStringEquals") => Comparator::AllStringEquals,
        Some("anyStringEquals") => Comparator::AnyStringEquals,
        other => return Err(invalid(format!("unknown comparator {other:?}"))),
    };
    if comparator == Comparator::BooleanEquals && !matches!(expected, "true" | "false") {
        return Err(invalid(format!("booleanEquals expects `true` or `false`, found `{expected}`")));
    }
    let path = parse(text).map_err(|p| prefix(p, &format!("path `{text}`")))?;
    Ok(PathMatcher { text: text.to_owned(), path, comparator, expected: expected.to_owned() })
}

/// A token of JMESPath.
#[derive(Clone, Debug, PartialEq)]
enum Token {
    Ident(String),
    Literal(Literal),
    Number(i64),
    Dot,
    Star,
    At,
    Flatten,
    LBracket,
    Filter,
    RBracket,
    LBrace,
    RBrace,
    LParen,
    RParen,
    Comma,
    Colon,
    Pipe,
    Or,
    And,
    Not,
    Cmp(Cmp),
    Ampersand,
    End,
}

impl Token {
    /// The binding power, as the JMESPath specification gives it.
    fn power(&self) -> u8 {
        match self {
            Token::Pipe => 1,
            Token::Or => 2,
            Token::And => 3,
            Token::Cmp(_) => 5,
            Token::Flatten => 9,
            Token::Star => 20,
            Token::Filter => 21,
            Token::Dot => 40,
            Token::Not => 45,
            Token::LBrace => 50,
            Token::LBracket => 55,
            Token::LParen => 60,
            _ => 0,
        }
    }
}

fn unsupported(what: &str) -> Problem {
    Problem::Unsupported(format!("{what} is not supported"))
}

fn lex(text: &str) -> Result<Vec<Token>, Problem> {
    let invalid = |reason: String| Problem::Invalid(reason);
    let mut chars = text.char_indices().peekable();
    let mut tokens = Vec::new();
    while let Some((start, c)) = chars.next() {
        let mut then = |wanted: char| chars.next_if(|&(_, c)| c == wanted).is_some();
        let token = match c {
            ' ' | '\t' | '\n' | '\r' => continue,
            '.' => Token::Dot,
            '*' => Token::Star,
            '@' => Token::At,
            ']' => Token::RBracket,
            '{' => Token::LBrace,
            '}' => Token::RBrace,
            '(' => Token::LParen,
            ')' => Token::RParen,
            ',' => Token::Comma,
            ':' => Token::Colon,
            '[' if then(']') => Token::Flatten,
            '[' if then('?') => Token::Filter,
            '[' => Token::LBracket,
            '|' if then('|') => Token::Or,
            '|' => Token::Pipe,
            '&' if then('&') => Token::And,
            '&' => Token::Ampersand,
            '!' if then('=') => Token::Cmp(Cmp::Ne),
            '!' => Token::Not,
            '=' if then('=') => Token::Cmp(Cmp::Eq),
            '<' if then('=') => Token::Cmp(Cmp::Le),
            '<' => Token::Cmp(Cmp::Lt),
            '>' if then('=') => Token::Cmp(Cmp::Ge),
            '>' => Token::Cmp(Cmp::Gt),
            '\'' => {
                let mut s = String::new();
                loop {
                    match chars.next() {
                        None => return Err(invalid(format!("raw string at {start} is not closed"))),
                        Some((_, '\\')) => match chars.next_if(|&(_, c)| c == '\'' || c == '\\') {
                            Some((_, escaped)) => s.push(escaped),
                            None => s.push('\\'),
                        },
                        Some((_, '\'')) => break,
                        Some((_, c)) => s.push(c),
                    }
                }
                Token::Literal(Literal::Str(s))
            }
            '`' => {
                let mut raw = String::new();
                loop {
                    match chars.next() {
                        None => return Err(invalid(format!("literal at {start} is not closed"))),
                        Some((_, '\\')) if chars.next_if(|&(_, c)| c == '`').is_some() => raw.push('`'),
                        Some((_, '`')) => break,
                        Some((_, c)) => raw.push(c),
                    }
                }
                Token::Literal(json_literal(raw.trim())?)
            }
            '"' => {
                let mut raw = String::from('"');
                loop {
                    match chars.next() {
                        None => return Err(invalid(format!("quoted identifier at {start} is not closed"))),
                        Some((_, '\\')) => {
                            raw.push('\\');
                            raw.extend(chars.next().map(|(_, c)| c));
                        }
                        Some((_, '"')) => {
                            raw.push('"');
                            break;
                        }
                        Some((_, c)) => raw.push(c),
                    }
                }
                match Json::parse(&raw) {
                    Ok(Json::String(s)) => Token::Ident(s),
                    _ => return Err(invalid(format!("quoted identifier at {start} is not a JSON string"))),
                }
            }
            '-' | '0'..='9' => {
                let mut digits = String::from(c);
                while let Some((_, d)) = chars.next_if(|(_, d)| d.is_ascii_digit()) {
                    digits.push(d);
                }
                Token::Number(digits.parse().map_err(|_| invalid(format!("`{digits}` at {start} is not a number")))?)
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut name = String::from(c);
                while let Some((_, d)) = chars.next_if(|(_, d)| d.is_ascii_alphanumeric() || *d == '_') {
                    name.push(d);
                }
                Token::Ident(name)
            }
            other => return Err(invalid(format!("unexpected `{other}` at {start}"))),
        };
        tokens.push(token);
    }
    tokens.push(Token::End);
    Ok(tokens)
}

fn json_literal(raw: &str) -> Result<Literal, Problem> {
    match Json::parse(raw) {
        Ok(Json::Null) => Ok(Literal::Null),
        Ok(Json::Bool(b)) => Ok(Literal::Bool(b)),
        Ok(Json::Number(n)) => n.as_f64().map(Literal::Number).ok_or_else(|| unsupported("a literal number beyond f64")),
        Ok(Json::String(s)) => Ok(Literal::Str(s)),
        Ok(Json::Array(_) | Json::Object(_)) => Err(unsupported("a list or object literal")),
        // JMESPath's old form: an unquoted string in backticks.
        Err(_) => Ok(Literal::Str(raw.to_owned())),
    }
}

/// Parses a JMESPath expression.
///
/// # Errors
///
/// Text that is not JMESPath (`Invalid`), or JMESPath beyond what the evaluator knows.
pub fn parse(text: &str) -> Result<Expr, Problem> {
    let mut parser = Parser { tokens: lex(text)?, at: 0, depth: 0 };
    let expr = parser.expression(0)?;
    match parser.peek() {
        Token::End => Ok(expr),
        other => Err(Problem::Invalid(format!("unexpected {other:?} after the expression"))),
    }
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    depth: usize,
}

/// Expressions nest at most this deep (the parser recurses).
const MAX_DEPTH: usize = 64;

impl Parser {
    fn peek(&self) -> &Token {
        self.tokens.get(self.at).unwrap_or(&Token::End)
    }

    fn advance(&mut self) -> Token {
        let token = self.peek().clone();
        self.at = self.at.saturating_add(1);
        token
    }

    fn expect(&mut self, wanted: &Token) -> Result<(), Problem> {
        let found = self.advance();
        if &found == wanted { Ok(()) } else { Err(Problem::Invalid(format!("expected {wanted:?}, found {found:?}"))) }
    }

    fn expression(&mut self, power: u8) -> Result<Expr, Problem> {
        self.depth = self.depth.saturating_add(1);
        if self.depth > MAX_DEPTH {
            return Err(Problem::Invalid(format!("nested more than {MAX_DEPTH} deep")));
        }
        let token = self.advance();
        let mut left = self.nud(token)?;
        while power < self.peek().power() {
            let token = self.advance();
            left = self.led(token, left)?;
        }
        self.depth = self.depth.saturating_sub(1);
        Ok(left)
    }

    fn nud(&mut self, token: Token) -> Result<Expr, Problem> {
        Ok(match token {
            Token::Ident(name) => Expr::Field(name),
            Token::Literal(literal) => Expr::Literal(literal),
            Token::At => Expr::Current,
            Token::Not => Expr::Not(Box::new(self.expression(Token::Not.power())?)),
            Token::LParen => {
                let inner = self.expression(0)?;
                self.expect(&Token::RParen)?;
                inner
            }
            Token::Flatten => {
                let rhs = self.projection_rhs(Token::Flatten.power())?;
                Expr::Project(Box::new(Expr::Flatten(Box::new(Expr::Current))), Box::new(rhs))
            }
            Token::Filter => self.filter(Expr::Current)?,
            Token::LBracket => self.bracket(Expr::Current)?,
            Token::Star => return Err(unsupported("an object projection `*`")),
            Token::LBrace => return Err(unsupported("a multi-select hash")),
            Token::Ampersand => return Err(unsupported("an expression reference `&`")),
            other => return Err(Problem::Invalid(format!("unexpected {other:?}"))),
        })
    }

    fn led(&mut self, token: Token, left: Expr) -> Result<Expr, Problem> {
        Ok(match token {
            Token::Dot => {
                if matches!(self.peek(), Token::Star) {
                    return Err(unsupported("an object projection `.*`"));
                }
                Expr::Sub(Box::new(left), Box::new(self.dot_rhs(Token::Dot.power())?))
            }
            Token::Pipe => Expr::Sub(Box::new(left), Box::new(self.expression(Token::Pipe.power())?)),
            Token::Or => Expr::Or(Box::new(left), Box::new(self.expression(Token::Or.power())?)),
            Token::And => Expr::And(Box::new(left), Box::new(self.expression(Token::And.power())?)),
            Token::Cmp(cmp) => Expr::Compare(cmp, Box::new(left), Box::new(self.expression(Token::Cmp(cmp).power())?)),
            Token::Flatten => {
                let rhs = self.projection_rhs(Token::Flatten.power())?;
                Expr::Project(Box::new(Expr::Flatten(Box::new(left))), Box::new(rhs))
            }
            Token::Filter => self.filter(left)?,
            Token::LBracket => self.bracket(left)?,
            Token::LParen => {
                let Expr::Field(name) = left else {
                    return Err(Problem::Invalid("only a function name can be called".to_owned()));
                };
                let mut args = Vec::new();
                while !matches!(self.peek(), Token::RParen) {
                    if !args.is_empty() {
                        self.expect(&Token::Comma)?;
                    }
                    args.push(self.expression(0)?);
                }
                self.expect(&Token::RParen)?;
                function(&name, args)?
            }
            other => return Err(Problem::Invalid(format!("unexpected {other:?}"))),
        })
    }

    /// After `[`: an index or a wildcard projection.
    fn bracket(&mut self, left: Expr) -> Result<Expr, Problem> {
        match self.advance() {
            Token::Number(n) => {
                if matches!(self.peek(), Token::Colon) {
                    return Err(unsupported("a slice"));
                }
                self.expect(&Token::RBracket)?;
                Ok(Expr::Index(Box::new(left), n))
            }
            Token::Star if matches!(self.peek(), Token::RBracket) => {
                self.advance();
                let rhs = self.projection_rhs(Token::Star.power())?;
                Ok(Expr::Project(Box::new(left), Box::new(rhs)))
            }
            // `[*.a, b]`: an object projection inside a multi-select list.
            Token::Star => Err(unsupported("an object projection `*`")),
            Token::Colon => Err(unsupported("a slice")),
            _ => {
                // A multi-select list: the token taken belongs to its first expression.
                self.at = self.at.saturating_sub(1);
                if !matches!(left, Expr::Current) {
                    return Err(unsupported("an index other than a number"));
                }
                self.multi_list()
            }
        }
    }

    /// After `[` of a multi-select list: expressions separated by commas, then `]`.
    fn multi_list(&mut self) -> Result<Expr, Problem> {
        let mut items = Vec::new();
        loop {
            items.push(self.expression(0)?);
            match self.advance() {
                Token::Comma => {}
                Token::RBracket => return Ok(Expr::MultiList(items)),
                other => return Err(Problem::Invalid(format!("expected `,` or `]`, found {other:?}"))),
            }
        }
    }

    /// After `[?`: the condition, `]`, and the projection's right side.
    fn filter(&mut self, left: Expr) -> Result<Expr, Problem> {
        let condition = self.expression(0)?;
        self.expect(&Token::RBracket)?;
        let rhs = self.projection_rhs(Token::Filter.power())?;
        Ok(Expr::Filter(Box::new(left), Box::new(condition), Box::new(rhs)))
    }

    /// What a projection applies to each item: up to the first token that binds less than 10.
    fn projection_rhs(&mut self, power: u8) -> Result<Expr, Problem> {
        match self.peek() {
            token if token.power() < 10 => Ok(Expr::Current),
            Token::LBracket | Token::Filter => self.expression(power),
            Token::Dot => {
                self.advance();
                self.dot_rhs(power)
            }
            other => Err(Problem::Invalid(format!("unexpected {other:?} after a projection"))),
        }
    }

    /// What follows a `.`.
    fn dot_rhs(&mut self, power: u8) -> Result<Expr, Problem> {
        match self.peek() {
            Token::Ident(_) => self.expression(power),
            Token::Star => Err(unsupported("an object projection `.*`")),
            Token::LBracket => {
                self.advance();
                self.multi_list()
            }
            Token::LBrace => Err(unsupported("a multi-select hash")),
            other => Err(Problem::Invalid(format!("unexpected {other:?} after `.`"))),
        }
    }
}

fn function(name: &str, args: Vec<Expr>) -> Result<Expr, Problem> {
    let arity = |n: usize| {
        if args.len() == n { Ok(()) } else { Err(Problem::Invalid(format!("{name}() takes {n} argument(s), given {}", args.len()))) }
    };
    match name {
        "length" => {
            arity(1)?;
            let [arg] = <[Expr; 1]>::try_from(args).map_err(|_| Problem::Invalid("length() takes 1 argument".to_owned()))?;
            Ok(Expr::Length(Box::new(arg)))
        }
        "contains" => {
            arity(2)?;
            let [subject, search] =
                <[Expr; 2]>::try_from(args).map_err(|_| Problem::Invalid("contains() takes 2 arguments".to_owned()))?;
            Ok(Expr::Contains(Box::new(subject), Box::new(search)))
        }
        "keys" => {
            arity(1)?;
            let [arg] = <[Expr; 1]>::try_from(args).map_err(|_| Problem::Invalid("keys() takes 1 argument".to_owned()))?;
            Ok(Expr::Keys(Box::new(arg)))
        }
        other => Err(unsupported(&format!("the function `{other}`"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str) -> Box<Expr> {
        Box::new(Expr::Field(name.to_owned()))
    }

    #[test]
    fn paths_parse_as_jmespath_says() {
        assert_eq!(parse("Table.TableStatus"), Ok(Expr::Sub(field("Table"), field("TableStatus"))));
        let flat = parse("a[].b").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(flat, Expr::Project(Box::new(Expr::Flatten(field("a"))), field("b")));
        let filtered = parse("length(a[?s == 'X' || s == 'Y']) == length(a)").unwrap_or_else(|e| panic!("{e:?}"));
        let condition = Expr::Or(
            Box::new(Expr::Compare(Cmp::Eq, field("s"), Box::new(Expr::Literal(Literal::Str("X".into()))))),
            Box::new(Expr::Compare(Cmp::Eq, field("s"), Box::new(Expr::Literal(Literal::Str("Y".into()))))),
        );
        let left = Expr::Length(Box::new(Expr::Filter(field("a"), Box::new(condition), Box::new(Expr::Current))));
        assert_eq!(filtered, Expr::Compare(Cmp::Eq, Box::new(left), Box::new(Expr::Length(field("a")))));
        // A projection takes the dots after it, not the comparator.
        let projected = parse("a[*].b.c == `1`").unwrap_or_else(|e| panic!("{e:?}"));
        let rhs = Expr::Sub(field("b"), field("c"));
        let lhs = Expr::Project(field("a"), Box::new(rhs));
        assert_eq!(projected, Expr::Compare(Cmp::Eq, Box::new(lhs), Box::new(Expr::Literal(Literal::Number(1.0)))));
        assert_eq!(parse("!(a && b)"), Ok(Expr::Not(Box::new(Expr::And(field("a"), field("b"))))));
        assert_eq!(parse("a[-1]"), Ok(Expr::Index(field("a"), -1)));
        assert_eq!(parse("\"quoted id\""), Ok(Expr::Field("quoted id".to_owned())));
        assert_eq!(parse("a | b"), Ok(Expr::Sub(field("a"), field("b"))));
    }

    #[test]
    fn what_the_evaluator_does_not_know_is_unsupported_and_bad_text_invalid() {
        let multi = parse("T[*].[A.N, B.N][]").unwrap_or_else(|e| panic!("{e:?}"));
        let pick = Expr::MultiList(vec![Expr::Sub(field("A"), field("N")), Expr::Sub(field("B"), field("N"))]);
        let projected = Expr::Project(field("T"), Box::new(pick));
        assert_eq!(multi, Expr::Project(Box::new(Expr::Flatten(Box::new(projected))), Box::new(Expr::Current)));
        assert_eq!(parse("keys(M)"), Ok(Expr::Keys(field("M"))));
        for text in ["a.*", "{a: b}", "a[0:2]", "sort_by(a, &b)", "a.{b: c}", "`[1]`", "values(@)", "[*.a, b]"] {
            assert!(matches!(parse(text), Err(Problem::Unsupported(_))), "{text}: {:?}", parse(text));
        }
        for text in ["a.", "a ==", "(a", "a]", "'open", "a b", "length(a, b)", "#"] {
            assert!(matches!(parse(text), Err(Problem::Invalid(_))), "{text}: {:?}", parse(text));
        }
        let deep = format!("{}a{}", "(".repeat(100), ")".repeat(100));
        assert!(matches!(parse(&deep), Err(Problem::Invalid(_))));
    }

    #[test]
    fn waiters_read_from_the_trait() {
        let value = Json::parse(
            r#"{"TableExists":{"acceptors":[
                {"state":"success","matcher":{"output":{"path":"Table.TableStatus","expected":"ACTIVE","comparator":"stringEquals"}}},
                {"state":"retry","matcher":{"errorType":"com.amazonaws.dynamodb#ResourceNotFoundException"}}],"minDelay":20},
               "Odd":{"acceptors":[{"state":"success","matcher":{"output":{"path":"a.*","expected":"x","comparator":"stringEquals"}}}]}}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let (waiters, skipped) = read(&value).unwrap_or_else(|e| panic!("{e}"));
        let [exists] = waiters.as_slice() else { panic!("{waiters:?}") };
        assert_eq!((exists.min_delay, exists.max_delay), (20, 120));
        assert_eq!(exists.acceptors.get(1).map(|a| &a.matcher), Some(&Matcher::ErrorType("ResourceNotFoundException".into())));
        assert_eq!(skipped, [("Odd".to_owned(), "acceptors[0]: path `a.*`: an object projection `.*` is not supported".to_owned())]);
        let bad = Json::parse(r#"{"W":{"acceptors":[],"minDelay":5}}"#).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read(&bad), Err("waiter `W`: `acceptors` must be a non-empty list".to_owned()));
        let bad = Json::parse(r#"{"W":{"acceptors":[{"state":"done","matcher":{"success":true}}]}}"#).unwrap_or_else(|e| panic!("{e}"));
        assert!(read(&bad).is_err_and(|e| e.contains("acceptors[0]: `state`")));
        let bad = Json::parse(r#"{"W":{"minDelay":30,"maxDelay":10,"acceptors":[{"state":"success","matcher":{"success":true}}]}}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(read(&bad).is_err_and(|e| e.contains("greater than")));
    }
}
