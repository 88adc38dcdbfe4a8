//! Error responses of StartImport: every modeled error, however the service spells its code,
//! and the catch-all for everything else.

use cloudtrail_start_import::ProvideErrorMetadata;
use cloudtrail_start_import::operation::start_import::{StartImportError, StartImportOutput};
use cloudtrail_start_import::types;

/// Recognises one variant.
type IsVariant = fn(&StartImportError) -> bool;

/// Every modeled error: its code, the HTTP status the model gives it, and how to recognise the
/// variant.
fn modeled() -> Vec<(&'static str, u16, IsVariant)> {
    vec![
        ("AccountHasOngoingImportException", 400, |e| matches!(e, StartImportError::AccountHasOngoingImportException(_))),
        ("EventDataStoreARNInvalidException", 400, |e| matches!(e, StartImportError::EventDataStoreArnInvalidException(_))),
        ("EventDataStoreNotFoundException", 404, |e| matches!(e, StartImportError::EventDataStoreNotFoundException(_))),
        ("ImportNotFoundException", 404, |e| matches!(e, StartImportError::ImportNotFoundException(_))),
        ("InactiveEventDataStoreException", 400, |e| matches!(e, StartImportError::InactiveEventDataStoreException(_))),
        ("InsufficientEncryptionPolicyException", 400, |e| matches!(e, StartImportError::InsufficientEncryptionPolicyException(_))),
        ("InvalidEventDataStoreCategoryException", 400, |e| matches!(e, StartImportError::InvalidEventDataStoreCategoryException(_))),
        ("InvalidEventDataStoreStatusException", 400, |e| matches!(e, StartImportError::InvalidEventDataStoreStatusException(_))),
        ("InvalidImportSourceException", 400, |e| matches!(e, StartImportError::InvalidImportSourceException(_))),
        ("InvalidParameterException", 400, |e| matches!(e, StartImportError::InvalidParameterException(_))),
        ("OperationNotPermittedException", 400, |e| matches!(e, StartImportError::OperationNotPermittedException(_))),
        ("UnsupportedOperationException", 400, |e| matches!(e, StartImportError::UnsupportedOperationException(_))),
    ]
}

fn error(status: u16, headers: &[(&str, &str)], body: &str) -> StartImportError {
    match StartImportOutput::parse_response(status, headers.iter().copied(), body.as_bytes()) {
        Err(e) => e,
        Ok(output) => panic!("expected an error, got {output:?}"),
    }
}

#[test]
fn every_modeled_error_from_every_spelling_of_its_code() {
    for (code, status, is_variant) in modeled() {
        let spellings: Vec<(Vec<(&str, String)>, String)> = vec![
            // `__type` in the body.
            (vec![], format!(r#"{{"__type":"{code}","Message":"went wrong"}}"#)),
            // With a namespace and a URI suffix.
            (vec![], format!(r#"{{"__type":"com.amazonaws.cloudtrail#{code}:http://internal.amazon.com/","Message":"went wrong"}}"#)),
            // `code` in the body wins over `__type`.
            (vec![], format!(r#"{{"__type":"Nope","code":"{code}","Message":"went wrong"}}"#)),
            // The header wins over the body, in any case, with a `:` suffix.
            (vec![("x-amzn-errortype", format!("{code}:http://internal.amazon.com/coral/"))], r#"{"__type":"Nope","message":"went wrong"}"#.to_owned()),
            (vec![("X-Amzn-ErrorType", format!("aws.cloudtrail#{code}"))], r#"{"Message":"went wrong"}"#.to_owned()),
            // Lowercase `message`, and `errorMessage`.
            (vec![], format!(r#"{{"__type":"{code}","message":"went wrong"}}"#)),
            (vec![], format!(r#"{{"__type":"{code}","errorMessage":"went wrong"}}"#)),
        ];
        for (headers, body) in spellings {
            let mut headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            headers.push(("x-amzn-RequestId", "req-42"));
            let err = error(status, &headers, &body);
            assert!(is_variant(&err), "{code} from {headers:?} {body}: got {err:?}");
            assert_eq!(err.code(), Some(code));
            assert_eq!(err.message(), Some("went wrong"), "{body}");
            assert_eq!(err.status(), status);
            assert_eq!(err.request_id(), Some("req-42"));
            assert_eq!(err.to_string(), format!("{code}: went wrong"));
        }
    }
}

#[test]
fn the_golden_400_body() {
    let body = tests::read(&tests::shared().join("golden/start-import-response-400.json"));
    let err = error(400, &[], &body);
    let StartImportError::InvalidParameterException(inner) = &err else { panic!("{err:?}") };
    assert_eq!(inner.message.as_deref(), Some("bad"));
    assert_eq!(inner.meta().status(), 400);
    assert_eq!(inner.meta().request_id(), None);
    assert_eq!(types::InvalidParameterException::CODE, "InvalidParameterException");
    assert_eq!(types::InvalidParameterException::HTTP_STATUS, 400);
    assert_eq!(types::EventDataStoreNotFoundException::HTTP_STATUS, 404);
    assert_eq!(err.to_string(), "InvalidParameterException: bad");
}

#[test]
fn a_modeled_error_without_a_message() {
    let err = error(404, &[], r#"{"__type":"ImportNotFoundException"}"#);
    assert_eq!(err.message(), None);
    assert_eq!(err.to_string(), "ImportNotFoundException");
    // The body's own member wins over the generic spellings.
    let err = error(400, &[], r#"{"__type":"InvalidParameterException","message":"generic","Message":"own"}"#);
    assert_eq!(err.message(), Some("own"));
}

#[test]
fn an_unknown_code_keeps_everything() {
    let body = r#"{"__type":"com.amazon.coral#ThrottlingException","message":"Rate exceeded"}"#;
    let err = error(429, &[("x-amzn-requestid", "req-7")], body);
    let StartImportError::Unhandled(unhandled) = &err else { panic!("{err:?}") };
    assert_eq!(unhandled.code(), Some("ThrottlingException"));
    assert_eq!(unhandled.message(), Some("Rate exceeded"));
    assert_eq!(unhandled.status(), 429);
    assert_eq!(unhandled.request_id(), Some("req-7"));
    assert_eq!(unhandled.body(), body.as_bytes());
    assert_eq!(err.code(), Some("ThrottlingException"));
    assert_eq!(err.status(), 429);
    assert_eq!(err.to_string(), "ThrottlingException: Rate exceeded");
}

#[test]
fn an_error_without_a_code_or_a_json_body() {
    let err = error(502, &[], "<html>Bad Gateway</html>");
    let StartImportError::Unhandled(unhandled) = &err else { panic!("{err:?}") };
    assert_eq!(unhandled.code(), None);
    assert_eq!(unhandled.message(), None);
    assert_eq!(unhandled.body(), b"<html>Bad Gateway</html>");
    assert_eq!(err.to_string(), "unknown error (HTTP 502)");
    let err = error(500, &[], "");
    assert_eq!(err.to_string(), "unknown error (HTTP 500)");
    let err = error(503, &[("X-Amzn-ErrorType", "ServiceUnavailable")], "");
    assert_eq!(err.code(), Some("ServiceUnavailable"));
}

/// Everything through the first `#` goes, as the awsJson protocols say; a code that still holds
/// a `#` names no modeled error.
#[test]
fn the_namespace_ends_at_the_first_hash() {
    let err = error(400, &[], r#"{"__type":"a.b#c#InvalidParameterException"}"#);
    assert_eq!(err.code(), Some("c#InvalidParameterException"));
    assert!(matches!(err, StartImportError::Unhandled(_)), "{err:?}");
}

/// `x-amzn-query-error` belongs to services compatible with awsQuery; CloudTrail is not one, so
/// the header changes nothing.
#[test]
fn a_query_error_header_is_ignored() {
    let headers = [("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender")];
    let err = error(400, &headers, r#"{"__type":"InvalidParameterException"}"#);
    assert_eq!(err.code(), Some("InvalidParameterException"));
    let StartImportError::InvalidParameterException(e) = &err else { panic!("{err:?}") };
    assert_eq!(e.meta().query_error_code(), None);
    let err = error(400, &headers, r#"{"__type":"SomethingElse"}"#);
    assert_eq!(err.code(), Some("SomethingElse"));
}

#[test]
fn a_nested_type_is_not_the_error_code() {
    let body = r#"{"Details":[{"__type":"InvalidParameterException"}],"__type":"ImportNotFoundException"}"#;
    assert!(matches!(error(404, &[], body), StartImportError::ImportNotFoundException(_)));
}

/// A code that names a modeled error with a body that is not that error's keeps the code, the
/// message, the status and the request id: the catch-all, saying why the body is not the error's.
#[test]
fn a_modeled_error_with_a_malformed_body_keeps_its_code() {
    let err = error(400, &[("x-amzn-requestid", "r")], r#"{"__type":"InvalidParameterException","Message":7}"#);
    let StartImportError::Unhandled(unhandled) = &err else { panic!("{err:?}") };
    assert_eq!(err.code(), Some("InvalidParameterException"));
    assert_eq!(err.status(), 400);
    assert_eq!(err.request_id(), Some("r"));
    assert_eq!(err.message(), None, "the message key holds a number");
    let parse = unhandled.parse_error().expect("why the body is not the error's");
    assert_eq!(parse.path(), "Message");
    assert_eq!(parse.status(), 400);
    assert_eq!(parse.request_id(), Some("r"));
    assert_eq!(err.to_string(), "InvalidParameterException");
    let source = std::error::Error::source(&err).expect("the parse error is the source");
    assert_eq!(
        source.to_string(),
        "cannot parse the StartImport response (HTTP 400): expected a string, found a number at `Message` (byte 48)"
    );
}

/// The code of a modeled error in the header, with a body that is not JSON at all (a proxy's
/// page) or not an object: the code, status and request id stay.
#[test]
fn a_modeled_error_code_with_a_body_that_is_not_json_keeps_the_code() {
    for body in ["<html><body>Service Unavailable</body></html>", "42", "[\"Message\"]", r#"{"Message":"m""#] {
        let headers = [("X-Amzn-Errortype", "InvalidParameterException:http://internal.amazon.com/"), ("x-amzn-requestid", "r")];
        let err = error(400, &headers, body);
        let StartImportError::Unhandled(unhandled) = &err else { panic!("{body}: {err:?}") };
        assert_eq!(err.code(), Some("InvalidParameterException"), "{body}");
        assert_eq!(err.status(), 400, "{body}");
        assert_eq!(err.request_id(), Some("r"), "{body}");
        assert_eq!(unhandled.body(), body.as_bytes());
        assert!(unhandled.parse_error().is_some(), "{body}");
    }
    // A message read before the body went wrong is kept.
    let headers = [("X-Amzn-Errortype", "InvalidParameterException")];
    let err = error(400, &headers, r#"{"message":"bad input","Message":5}"#);
    assert_eq!(err.message(), Some("bad input"));
    assert!(matches!(&err, StartImportError::Unhandled(u) if u.parse_error().is_some()), "{err:?}");
}

/// `Debug` shows the body as text, and only its first kilobyte.
#[test]
fn an_unhandled_error_shows_its_body_as_bounded_text() {
    let err = error(503, &[], "<html>Service Unavailable</html>");
    let shown = format!("{err:?}");
    assert!(shown.contains(r#"body: "<html>Service Unavailable</html>""#), "{shown}");
    let long = format!("{{\"__type\":\"Throttled\",\"Detail\":\"{}\"}}", "x".repeat(5000));
    let err = error(400, &[], &long);
    let shown = format!("{err:?}");
    assert!(shown.contains(&format!("... ({} bytes in all)", long.len())), "{shown}");
    assert!(shown.len() < 1500, "{} characters", shown.len());
    let err = error(500, &[], "caf\u{e9} \u{ff}");
    assert!(format!("{err:?}").contains("body: \"caf\u{e9} \u{ff}\""));
    let bytes = [0xff_u8, b'a'];
    let err = StartImportOutput::parse_response(500, [("x", "y")], &bytes).unwrap_err();
    assert!(format!("{err:?}").contains("body: \"\u{fffd}a\""), "{err:?}");
}

/// Unknown members nested deeper than the parsers' limit are skipped (AWS's SDKs read 200
/// levels), in a success body and in an error body, whose code and message after them stay.
#[test]
fn deeply_nested_unknown_members_are_skipped() {
    let deep = format!("{}1{}", "[{\"a\":".repeat(300), "}]".repeat(300));
    let body = format!(r#"{{"Unknown":{deep},"__type":"InvalidParameterException","Message":"after"}}"#);
    let err = error(400, &[], &body);
    let StartImportError::InvalidParameterException(e) = &err else { panic!("{err:?}") };
    assert_eq!(e.message.as_deref(), Some("after"));
    let body = format!(r#"{{"Unknown":{deep},"ImportId":"id"}}"#);
    let output = StartImportOutput::parse_response(200, [("x-amzn-requestid", "r")], body.as_bytes()).unwrap();
    assert_eq!(output.import_id.as_deref(), Some("id"));
    // A member the parser reads still has the limit, as it recurses.
    let body = format!(r#"{{"ImportSource":{deep}}}"#);
    assert!(StartImportOutput::parse_response(200, [("x-amzn-requestid", "r")], body.as_bytes()).is_err());
}

/// One shape for every error's metadata: the enum, each modeled error, the catch-all and the
/// service-wide error answer the same four questions the same way.
#[test]
fn every_error_type_provides_the_same_metadata() {
    fn metadata(e: &dyn ProvideErrorMetadata) -> (Option<&str>, Option<&str>, Option<&str>, u16) {
        (e.code(), e.message(), e.request_id(), e.status())
    }
    let err = error(400, &[("x-amzn-requestid", "r")], r#"{"__type":"InvalidParameterException","Message":"m"}"#);
    let expected = (Some("InvalidParameterException"), Some("m"), Some("r"), 400);
    assert_eq!(metadata(&err), expected);
    let StartImportError::InvalidParameterException(inner) = &err else { panic!("{err:?}") };
    assert_eq!(metadata(inner.as_ref()), expected);
    let service: cloudtrail_start_import::Error = err.clone().into();
    assert_eq!(metadata(&service), expected);
    let err = error(418, &[("x-amzn-requestid", "r")], r#"{"__type":"Teapot","Message":"m"}"#);
    let StartImportError::Unhandled(unhandled) = &err else { panic!("{err:?}") };
    assert_eq!(metadata(unhandled.as_ref()), (Some("Teapot"), Some("m"), Some("r"), 418));
    assert_eq!(metadata(&err), (Some("Teapot"), Some("m"), Some("r"), 418));
}

#[test]
fn errors_are_std_errors() {
    fn takes_error(_: &dyn std::error::Error) {}
    let err = error(400, &[], r#"{"__type":"InvalidParameterException"}"#);
    takes_error(&err);
    let StartImportError::InvalidParameterException(inner) = err else { panic!() };
    takes_error(&inner);
}

#[test]
fn debug_and_equality_are_those_of_the_variant_and_what_it_holds() {
    let invalid =
        error(400, &[("x-amzn-requestid", "r1")], r#"{"__type":"InvalidParameterException","Message":"bad"}"#);
    let StartImportError::InvalidParameterException(inner) = &invalid else { panic!("{invalid:?}") };
    // What `#[derive(Debug)]` would print, in both forms.
    assert_eq!(format!("{invalid:?}"), format!("InvalidParameterException({inner:?})"));
    assert_eq!(
        format!("{invalid:#?}"),
        format!("InvalidParameterException(\n    {},\n)", format!("{inner:#?}").replace('\n', "\n    "))
    );
    let unhandled = error(500, &[], r#"{"__type":"InternalFailure"}"#);
    let StartImportError::Unhandled(inner_unhandled) = &unhandled else { panic!("{unhandled:?}") };
    assert_eq!(format!("{unhandled:?}"), format!("Unhandled({inner_unhandled:?})"));
    let malformed = error(400, &[], r#"{"__type":"InvalidParameterException","Message":7}"#);
    assert!(format!("{malformed:?}").starts_with("Unhandled(UnhandledError {"), "{malformed:?}");

    // Equal when the variant and what it holds are equal.
    assert_eq!(invalid, invalid.clone());
    assert_eq!(
        invalid,
        error(400, &[("x-amzn-requestid", "r1")], r#"{"Message":"bad","__type":"InvalidParameterException"}"#)
    );
    assert_ne!(
        invalid,
        error(400, &[("x-amzn-requestid", "r2")], r#"{"__type":"InvalidParameterException","Message":"bad"}"#)
    );
    assert_ne!(
        invalid,
        error(400, &[("x-amzn-requestid", "r1")], r#"{"__type":"InvalidParameterException","Message":"other"}"#)
    );
    // Two variants whose errors hold the same values are still different errors.
    let operation =
        error(400, &[("x-amzn-requestid", "r1")], r#"{"__type":"OperationNotPermittedException","Message":"bad"}"#);
    assert_ne!(invalid, operation);
    assert_ne!(invalid, unhandled);
    assert_eq!(unhandled, unhandled.clone());

    // The service-wide error the same way.
    let service: cloudtrail_start_import::Error = invalid.clone().into();
    assert_eq!(format!("{service:?}"), format!("{invalid:?}"));
    assert_eq!(service, cloudtrail_start_import::Error::from(invalid.clone()));
    assert_ne!(service, cloudtrail_start_import::Error::from(operation));
}

#[test]
fn identifying_keys_escaped_spaced_and_in_any_order() {
    for (code, status, is_variant) in modeled() {
        let bodies = [
            // Escaped keys are not found in place, but read and decoded.
            format!(r#"{{"\u005f_type":"{code}","Messag\u0065":"went wrong"}}"#),
            // Whitespace everywhere JSON allows it.
            format!(" {{ \"__type\" :\t\"{code}\" ,\n \"Message\" : \"went wrong\" }} "),
            // `code` wins over `__type` whichever comes first; `message` over `errorMessage`.
            format!(r#"{{"code":"{code}","errorMessage":"no","__type":"Nope","message":"went wrong"}}"#),
            // A suffix after `:` that falls in the code's last, partial word.
            format!(r#"{{"__type":"{code}:x","Message":"went wrong"}}"#),
            format!(r#"{{"__type":"ns#{code}","Message":"went wrong"}}"#),
            // Other types under an identifying key are ignored, `null` among them.
            format!(r#"{{"code":null,"message":7,"__type":"{code}","Message":"went wrong"}}"#),
        ];
        for body in bodies {
            let err = error(status, &[], &body);
            assert!(is_variant(&err), "{code} from {body}: got {err:?}");
            assert_eq!(err.code(), Some(code), "{body}");
            assert_eq!(err.message(), Some("went wrong"), "{body}");
        }
    }
}

#[test]
fn request_id_headers_in_any_case_and_nothing_like_them() {
    let body = r#"{"__type":"InvalidParameterException","Message":"bad"}"#;
    let id = |headers: &[(&str, &str)]| error(400, headers, body).request_id().map(str::to_owned);
    assert_eq!(id(&[("X-AMZN-REQUESTID", "a")]).as_deref(), Some("a"));
    assert_eq!(id(&[("x-Amzn-RequestId", " b\t")]).as_deref(), Some("b"));
    // S3's spelling, which the other wins over in either order.
    assert_eq!(id(&[("X-Amz-Request-Id", "c")]).as_deref(), Some("c"));
    assert_eq!(id(&[("x-amz-request-id", "c"), ("x-amzn-requestid", "d")]).as_deref(), Some("d"));
    assert_eq!(id(&[("x-amzn-requestid", "d"), ("x-amz-request-id", "c")]).as_deref(), Some("d"));
    // Names of the same length that differ in one byte, or by a byte whose case bit is the
    // only difference from `-`, or longer and shorter ones: none is the request id.
    for name in ["x-amzn-requestie", "y-amzn-requestid", "x\ramzn-requestid", "x-amzn\rrequestid", "x-amzn-requestid2", "x-amzn-requesti"] {
        assert_eq!(id(&[(name, "e")]), None, "{name:?}");
    }
    // The error type header, matched the same way.
    let err = error(400, &[("X-AMZN-ERRORTYPE", "OperationNotPermittedException")], r#"{"Message":"m"}"#);
    assert!(matches!(err, StartImportError::OperationNotPermittedException(_)), "{err:?}");
    let err = error(400, &[("x-amzn-errortypf", "OperationNotPermittedException")], body);
    assert!(matches!(err, StartImportError::InvalidParameterException(_)), "{err:?}");
}
