//! JSON responses, as both JSON protocols read them: a whole body read with a reader, and an
//! error response read once, its code found by the rules awsJson and restJson1 share.

use std::borrow::Cow;

use crate::error::{ParseError, RequestId, ResponseMetadata, UnhandledError};
use crate::http::ResponseHeaders;
use crate::json::{self, Reader};

/// The body to read: an empty body reads as `{}`.
pub(crate) fn body_or_empty(body: &[u8]) -> &[u8] {
    // A body almost always starts with its value: only a first byte that is whitespace needs
    // the whole body looked at.
    match body.first() {
        Some(first) if !first.is_ascii_whitespace() => body,
        _ if body.iter().all(u8::is_ascii_whitespace) => b"{}",
        _ => body,
    }
}

/// Reads a whole body with `read`. An empty body reads as `{}`; anything after the value is an
/// error.
#[allow(dead_code, reason = "awsJson reads its bodies inline")]
pub(crate) fn parse_body<'a, T>(body: &'a [u8], read: impl FnOnce(&mut Reader<'a>) -> json::Result<T>) -> json::Result<T> {
    let mut reader = Reader::new(body_or_empty(body));
    let value = read(&mut reader)?;
    reader.finish()?;
    Ok(value)
}

/// A parse failure of a response, with the response's identity.
pub(crate) fn parse_error(error: json::Error, operation: &'static str, status: u16, request_id: Option<RequestId>) -> ParseError {
    let inner = error.into_inner();
    ParseError { path: inner.path_text(), kind: inner.kind, offset: inner.offset, operation, status, request_id }
}

/// A 2xx response's body as the operation's output, read by `read` to the body's end (an empty
/// body is an empty object); where it is not one, what went wrong, where, and in which member.
/// One generic function here, rather than the same steps in every operation's parser.
#[allow(dead_code, reason = "only the awsJson protocols read a whole output from the body")]
#[inline]
pub(crate) fn read_output<T>(
    body: &[u8],
    read: impl FnOnce(&mut json::Reader<'_>) -> json::Result<T>,
    operation: &'static str,
    status: u16,
    request_id: &mut Option<RequestId>,
) -> Result<T, Box<ParseError>> {
    let mut reader = json::Reader::new(body_or_empty(body));
    let failure = match read(&mut reader) {
        Ok(output) => match reader.finish() {
            Ok(()) => return Ok(output),
            Err(e) => e,
        },
        Err(e) => e,
    };
    Err(Box::new(parse_error(failure, operation, status, request_id.take())))
}

/// An error response, read once. The keys that identify the error stay bytes borrowed from the
/// body; every member any of the service's errors has is only located (its value's offset), and
/// parsed with the right type once the code says which error it is. Reading never fails: a body
/// that is not a JSON object keeps what was read before the problem, and the problem is reported
/// only if the code names a modeled error, whose body it then is.
#[allow(dead_code, reason = "the XML protocols read their error responses with `xml::response::ErrorResponse`")]
pub(crate) struct ErrorBody<'a, const N: usize> {
    body: &'a [u8],
    /// The error code as sent: from `X-Amzn-Errortype`, else the body's `code`, else its
    /// `__type`; `sanitize_code` gives the code itself.
    code: Option<Cow<'a, [u8]>>,
    /// The generic message: the body's `message`, `Message` or `errorMessage`, in that order.
    message: Option<Cow<'a, [u8]>>,
    /// Where the generic message's value starts.
    message_at: Option<usize>,
    /// Where the value of each of the service's error members starts, by index.
    members: [Option<usize>; N],
    /// Why the body could not be read to its end, if it could not.
    failure: Option<json::Error>,
    status: u16,
    request_id: Option<RequestId>,
    /// The code and fault of `x-amzn-query-error`, for awsQuery-compatible services.
    query_error: Option<(String, String)>,
}

#[allow(dead_code, reason = "the XML protocols read their error responses with `xml::response::ErrorResponse`")]
impl<'a, const N: usize> ErrorBody<'a, N> {
    /// Reads an error response; `names` are the member names of the service's errors.
    /// The request id and the awsQuery error are taken from `headers`; the rest stays there for
    /// the members bound to headers.
    pub(crate) fn read(
        status: u16,
        headers: &mut ResponseHeaders,
        body: &'a [u8],
        names: &'static [&'static str; N],
    ) -> ErrorBody<'a, N> {
        let body = body_or_empty(body);
        let mut keys = Keys::default();
        let mut members = [None; N];
        let mut reader = Reader::new(body);
        let failure = read_keys(&mut reader, names, &mut keys, &mut members).and_then(|()| reader.finish()).err();
        let query_error = headers.query_error.take().and_then(|value| {
            let (code, fault) = value.split_once(';')?;
            Some((code.trim().to_owned(), fault.trim().to_owned()))
        });
        let code = headers
            .error_type
            .take()
            .filter(|c| !c.is_empty())
            .map(|c| Cow::Owned(c.into_bytes()))
            .or(keys.code.map(|(text, _)| text));
        let (message, message_at) = keys.message.map(|(text, at, _)| (text, at)).unzip();
        ErrorBody {
            body,
            code,
            message,
            message_at,
            members,
            failure,
            status,
            request_id: headers.request_id.take(),
            query_error,
        }
    }

    /// The error code's bytes, for matching against the modeled codes (which are text, so a
    /// code that is not UTF-8 matches none); never checked for UTF-8 here, as no match needs it.
    #[allow(dead_code, reason = "only operations with modeled errors need it")]
    pub(crate) fn code(&self) -> Option<&[u8]> {
        self.code.as_deref().map(sanitize_code).filter(|code| !code.is_empty())
    }

    /// Fails when the body could not be read: the modeled error the code names is malformed.
    #[allow(dead_code, reason = "only operations with modeled errors need it")]
    pub(crate) fn check(&mut self) -> json::Result<()> {
        self.failure.take().map_or(Ok(()), Err)
    }

    /// The member at `index` (named `name`), read with `read`; `None` when absent or null.
    #[allow(dead_code, reason = "only services whose errors have members need it")]
    pub(crate) fn member<T>(
        &self,
        index: usize,
        name: &'static str,
        read: impl FnOnce(&mut Reader<'a>) -> json::Result<T>,
    ) -> json::Result<Option<T>> {
        match self.members.get(index).copied().flatten() {
            Some(at) => Reader::at(self.body, at).nullable(read).map_err(|e| e.member(name)),
            None => Ok(None),
        }
    }

    /// A modeled error's own message member (a string at `index`, named `name`), else the
    /// generic message as text.
    #[allow(dead_code, reason = "only services whose errors have a message member need it")]
    pub(crate) fn own_message(&self, index: usize, name: &'static str) -> json::Result<Option<String>> {
        // The member is the generic message itself (the same value): no second read.
        let at = self.members.get(index).copied().flatten();
        if at.is_some()
            && at == self.message_at
            && let Some(text) = self.message.as_deref().and_then(|m| std::str::from_utf8(m).ok())
        {
            return Ok(Some(text.to_owned()));
        }
        match self.member(index, name, Reader::string) {
            Ok(Some(message)) => Ok(Some(message)),
            Ok(None) => Ok(self.message.as_deref().map(|m| String::from_utf8_lossy(m).into_owned())),
            Err(e) => Err(e),
        }
    }

    /// The metadata modeled errors carry, moved out.
    #[allow(dead_code, reason = "only operations with modeled errors need it")]
    pub(crate) fn metadata(&mut self) -> ResponseMetadata {
        ResponseMetadata { status: self.status, request_id: self.request_id.take(), query_error: self.query_error.take() }
    }

    /// The catch-all error, keeping everything.
    pub(crate) fn unhandled(self) -> UnhandledError {
        let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        let code = self.code.as_deref().map(sanitize_code).filter(|code| !code.is_empty());
        UnhandledError {
            code: self.query_error.map(|(code, _)| code).or(code.map(text)),
            message: self.message.as_deref().map(text),
            status: self.status,
            request_id: self.request_id,
            body: self.body.to_vec(),
            parse_error: None,
        }
    }

    /// A response whose code names a modeled error its body does not match: the catch-all,
    /// keeping the code and everything else, with why the body is not that error's.
    #[allow(dead_code, reason = "only operations with modeled errors need it")]
    pub(crate) fn mismatched(self, error: json::Error, operation: &'static str) -> UnhandledError {
        let problem = parse_error(error, operation, self.status, self.request_id.clone());
        let mut unhandled = self.unhandled();
        unhandled.parse_error = Some(Box::new(problem));
        unhandled
    }
}

/// The top-level keys that identify an error: the code and the message, each with the rank
/// (see `IDENTITY`) of the key it was read from, and the message with where its value starts.
#[derive(Default)]
struct Keys<'a> {
    code: Option<(Cow<'a, [u8]>, u8)>,
    message: Option<(Cow<'a, [u8]>, usize, u8)>,
}

/// The keys that identify an error, as JSON writes them, in the order they are tried (awsJson's
/// first, as most services send it), each with what it carries (the code, else the message)
/// and its rank among the keys that carry that: the lowest wins, and the last of one rank.
/// The code is from `code` (0), else `__type` (1); the message from `message` (0), else
/// `Message` (1), else `errorMessage` (2).
const IDENTIFYING: [&str; 5] = ["__type", "message", "Message", "code", "errorMessage"];
const IDENTITY: [(bool, u8); 5] = [(true, 1), (false, 0), (false, 1), (true, 0), (false, 2)];

/// Which identifying key `key` (one read as a string, escapes decoded) is.
fn identifying(key: &[u8]) -> Option<(bool, u8)> {
    IDENTIFYING.iter().position(|name| name.as_bytes() == key).and_then(|index| IDENTITY.get(index).copied())
}

/// Reads the top-level object: the identifying keys when they are strings (other types,
/// `null` among them, are ignored), and where each named member starts. Nested objects, which
/// may carry their own `__type`, are skipped.
fn read_keys<'a, const N: usize>(
    r: &mut Reader<'a>,
    names: &'static [&'static str; N],
    keys: &mut Keys<'a>,
    members: &mut [Option<usize>; N],
) -> json::Result<()> {
    let mut object = r.begin_object()?;
    // The identifying keys are found in place, as they come in almost every error body.
    while let Some((found, key)) = object.next_key_or_plain(r, &IDENTIFYING)? {
        let key: &[u8] = &key;
        // A member's value is only skipped here; if it is malformed, say whose it is.
        let mut member = None;
        if let Some(index) = names.iter().position(|name| name.as_bytes() == key)
            && let Some(slot) = members.get_mut(index)
        {
            *slot = Some(r.position());
            member = names.get(index).copied();
        }
        let in_member = |e: json::Error| match member {
            Some(name) => e.member(name),
            None => e,
        };
        let at = r.position();
        let identity = match found {
            Some(index) => IDENTITY.get(index).copied(),
            None => identifying(key),
        };
        match identity {
            Some((is_code, rank)) if r.peek() == Some(b'"') => {
                let text = r.str_bytes().map_err(in_member)?;
                if is_code {
                    if keys.code.as_ref().is_none_or(|&(_, held)| rank <= held) {
                        keys.code = Some((text, rank));
                    }
                } else if keys.message.as_ref().is_none_or(|&(_, _, held)| rank <= held) {
                    keys.message = Some((text, at, rank));
                }
            }
            _ => r.skip_value().map_err(in_member)?,
        }
    }
    Ok(())
}

/// The code in a code as sent, cut at the first `:`, then what follows the first `#`, trimmed:
/// `aws.protocoltests#FooError:http://internal/...` gives `FooError`.
fn sanitize_code(code: &[u8]) -> &[u8] {
    if !has_colon_or_hash(code) {
        return code.trim_ascii();
    }
    let code = code.iter().position(|&b| b == b':').and_then(|end| code.get(..end)).unwrap_or(code);
    let code = code.iter().position(|&b| b == b'#').and_then(|at| code.get(at.saturating_add(1)..)).unwrap_or(code);
    code.trim_ascii()
}

/// Whether `code` has a `:` or a `#`. Most codes have neither, and no byte below `;` but
/// digits, so a first test looks eight bytes at a time (the last eight again for a tail) for
/// any ASCII byte below `;`: `(v - 0x3b..) & !v & 0x80..` is non-zero exactly when some byte
/// is (borrows only ever flag bytes after a real one). Only a code that has one is looked at
/// byte by byte.
fn has_colon_or_hash(code: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = |word: &[u8; 8]| {
        let w = u64::from_le_bytes(*word);
        w.wrapping_sub(ONES * u64::from(b';')) & !w & HIGH != 0
    };
    let maybe = match code.last_chunk::<8>() {
        Some(last) => code.as_chunks::<8>().0.iter().any(low) || (!code.len().is_multiple_of(8) && low(last)),
        None => true,
    };
    maybe && code.iter().any(|&b| b == b':' || b == b'#')
}
