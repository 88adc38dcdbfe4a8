//! Reading the XML protocols' responses: a success body's output element, and an error
//! response's `<Error>` element wherever the protocol puts it (awsQuery and restXml inside
//! `<ErrorResponse>`, ec2Query inside `<Response><Errors>`, S3's restXml bare).

use crate::error::{ParseErrorKind, RequestId, ResponseMetadata, UnhandledError};
use crate::http::ResponseHeaders;
use crate::json::{Error, Result};
use crate::xml::{Element, Reader};

/// How the protocol wraps error responses.
#[derive(Clone, Copy, PartialEq, Eq)]
#[allow(dead_code, reason = "each protocol uses its own")]
pub(crate) enum Style {
    /// awsQuery: `<ErrorResponse><Error>`, whose `<Type>` (the fault) is kept.
    Query,
    /// ec2Query: `<Response><Errors><Error>`.
    Ec2,
    /// restXml: `<ErrorResponse><Error>`.
    RestXml,
    /// restXml with `noErrorWrapping` (S3): the root is the `<Error>`.
    Unwrapped,
}

/// Reads a whole success body with `read`, given the element holding the output's members: the
/// root's `result` child (awsQuery), or the root itself (ec2Query and restXml, `result` empty).
/// A response without that element (an output with no members) reads as an element with no
/// children.
pub(crate) fn parse_body<'a, T>(
    body: &'a [u8],
    result: &str,
    read: impl FnOnce(&mut Reader<'a>, &Element<'a>) -> Result<T>,
) -> Result<T> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return read_empty(read);
    }
    let mut reader = Reader::new(body);
    let root = reader.root()?;
    if result.is_empty() {
        let value = read(&mut reader, &root)?;
        reader.finish()?;
        return Ok(value);
    }
    // The first result element counts; a repeated one is skipped.
    let mut read = Some(read);
    let mut value = None;
    while let Some(child) = reader.next_child(&root)? {
        match read.take_if(|_| child.is(result)) {
            Some(read) => value = Some(read(&mut reader, &child)?),
            None => reader.skip(&child)?,
        }
    }
    reader.finish()?;
    match (value, read) {
        (Some(value), _) => Ok(value),
        (None, Some(read)) => read_empty(read),
        (None, None) => Err(Error::new(ParseErrorKind::MalformedXml("the result element was read but gave no value"), 0)),
    }
}

/// Whether a successful response's body is an `<Error>` document, which S3 answers some
/// requests with (`CopyObject`, `CompleteMultipartUpload`, `UploadPartCopy`) after a 200.
#[allow(dead_code, reason = "only S3's operations check for it")]
pub(crate) fn is_error(body: &[u8]) -> bool {
    Reader::new(body).root().is_ok_and(|root| root.is("Error"))
}

/// `read` over an element with no children: an output none of whose members were sent.
fn read_empty<'a, T>(read: impl FnOnce(&mut Reader<'a>, &Element<'a>) -> Result<T>) -> Result<T> {
    let mut reader = Reader::new(b"<empty/>");
    let root = reader.root()?;
    read(&mut reader, &root)
}

/// An error response, read once for what identifies it: the code, the message, the fault
/// (`Type`, awsQuery only) and the request id (beside the `<Error>` or, bare, inside it). The modeled error the code names then reads its
/// own members from the `<Error>` element with [`ErrorResponse::parse`]. Reading never fails: a
/// body that is not the protocol's error XML keeps what was found before the problem, which is
/// reported only if the code names a modeled error (whose reader then meets it).
pub(crate) struct ErrorResponse<'a> {
    body: &'a [u8],
    style: Style,
    code: Option<String>,
    message: Option<String>,
    fault: Option<String>,
    status: u16,
    request_id: Option<RequestId>,
}

impl<'a> ErrorResponse<'a> {
    /// Reads an error response; the request id comes from the body, else `x-amzn-requestid`.
    pub(crate) fn read(status: u16, headers: &mut ResponseHeaders, body: &'a [u8], style: Style) -> ErrorResponse<'a> {
        let mut response = ErrorResponse {
            body,
            style,
            code: None,
            message: None,
            fault: None,
            status,
            request_id: headers.request_id.take(),
        };
        // What was found before a problem is kept; the problem itself is the modeled error's
        // reader's to report, at its member, if the code names one.
        let _ = response.read_identity();
        response
    }

    /// Finds the `<Error>` element's `Code`, `Message` and `Type`, and the request id.
    fn read_identity(&mut self) -> Result<()> {
        let mut reader = Reader::new(self.body);
        let root = reader.root()?;
        if self.style == Style::Unwrapped {
            if !root.is("Error") {
                return Err(missing(root.offset()));
            }
            self.read_error(&mut reader, &root)?;
            return reader.finish();
        }
        let wrapped = matches!(self.style, Style::Query | Style::RestXml);
        while let Some(child) = reader.next_child(&root)? {
            if child.is("RequestId") || child.is("RequestID") {
                let text = reader.text(&child)?;
                if let Some(id) = RequestId::from_bytes(text.trim().as_bytes()) {
                    self.request_id = Some(id);
                }
            } else if self.style == Style::Ec2 && child.is("Errors") {
                while let Some(error) = reader.next_child(&child)? {
                    if error.is("Error") && self.code.is_none() {
                        self.read_error(&mut reader, &error)?;
                    } else {
                        reader.skip(&error)?;
                    }
                }
            } else if wrapped && child.is("Error") && self.code.is_none() {
                self.read_error(&mut reader, &child)?;
            } else {
                reader.skip(&child)?;
            }
        }
        reader.finish()
    }

    fn read_error(&mut self, reader: &mut Reader<'a>, error: &Element<'a>) -> Result<()> {
        while let Some(field) = reader.next_child(error)? {
            let slot = if field.is("Code") {
                &mut self.code
            } else if field.is("Message") {
                &mut self.message
            } else if field.is("Type") && self.style == Style::Query {
                &mut self.fault
            } else if field.is("RequestId") && self.style == Style::Unwrapped {
                let text = reader.text(&field)?;
                if let Some(id) = RequestId::from_bytes(text.trim().as_bytes()) {
                    self.request_id = Some(id);
                }
                continue;
            } else {
                reader.skip(&field)?;
                continue;
            };
            *slot = Some(reader.text(&field)?.into_owned());
        }
        Ok(())
    }

    /// The error code's bytes, for matching against the modeled codes.
    #[allow(dead_code, reason = "only operations with modeled errors need it")]
    pub(crate) fn code(&self) -> Option<&[u8]> {
        self.code.as_deref().map(|code| code.trim().as_bytes()).filter(|code| !code.is_empty())
    }

    /// The `<Error>` element read with `read` (the modeled error's reader): a malformed value
    /// is reported at its member, a body that is not the protocol's error XML where it breaks;
    /// no body at all reads as an empty `<Error>` (a HEAD response's, named by its status).
    #[allow(dead_code, reason = "only operations with modeled errors need it")]
    pub(crate) fn parse<T>(&self, read: impl FnOnce(&mut Reader<'a>, &Element<'a>) -> Result<T>) -> Result<T> {
        // No body at all (a HEAD response's): the error its status names, with nothing set.
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return read_empty(read);
        }
        let mut reader = Reader::new(self.body);
        let root = reader.root()?;
        if self.style == Style::Unwrapped {
            return if root.is("Error") { read(&mut reader, &root) } else { Err(missing(root.offset())) };
        }
        let mut parent = root;
        if self.style == Style::Ec2 {
            parent = loop {
                match reader.next_child(&parent)? {
                    Some(child) if child.is("Errors") => break child,
                    Some(child) => reader.skip(&child)?,
                    None => return Err(missing(root.offset())),
                }
            };
        }
        loop {
            match reader.next_child(&parent)? {
                Some(child) if child.is("Error") => return read(&mut reader, &child),
                Some(child) => reader.skip(&child)?,
                None => return Err(missing(root.offset())),
            }
        }
    }

    /// The generic message: the `<Message>` of the `<Error>`.
    #[allow(dead_code, reason = "only services whose errors have a message member need it")]
    pub(crate) fn message(&self) -> Option<String> {
        self.message.clone()
    }

    /// The metadata modeled errors carry, moved out: for awsQuery the code and fault too.
    #[allow(dead_code, reason = "only operations with modeled errors need it")]
    pub(crate) fn metadata(&mut self) -> ResponseMetadata {
        let query_error = match (&self.code, self.fault.take()) {
            (Some(code), Some(fault)) => Some((code.trim().to_owned(), fault.trim().to_owned())),
            _ => None,
        };
        ResponseMetadata { status: self.status, request_id: self.request_id.take(), query_error }
    }

    /// The catch-all error, keeping everything.
    pub(crate) fn unhandled(self) -> UnhandledError {
        UnhandledError {
            code: self.code.map(|code| code.trim().to_owned()).filter(|code| !code.is_empty()),
            message: self.message,
            status: self.status,
            request_id: self.request_id,
            body: self.body.to_vec(),
            parse_error: None,
        }
    }

    /// A response whose code names a modeled error its body does not match: the catch-all,
    /// keeping the code and everything else, with why the body is not that error's.
    #[allow(dead_code, reason = "only operations with modeled errors need it")]
    pub(crate) fn mismatched(self, error: Error, operation: &'static str) -> UnhandledError {
        let problem = crate::json::response::parse_error(error, operation, self.status, self.request_id.clone());
        let mut unhandled = self.unhandled();
        unhandled.parse_error = Some(Box::new(problem));
        unhandled
    }
}

/// The error response has no `<Error>` element where the protocol puts it.
fn missing(offset: usize) -> Error {
    Error::new(ParseErrorKind::MalformedXml("the error response has no <Error> element"), offset)
}
