//! Stage 3 (lower), service customisations: what some services need that their models do not
//! say, as AWS's own SDKs add it. Each is keyed by the service's shape id and named in the
//! crate docs (`Crate::customisations`) and the README. Nothing else in the generator knows a
//! service by name.
//!
//! - Amazon Glacier (`com.amazonaws.glacier#Glacier`): every request sends
//!   `x-amz-glacier-version` with the API version, and the `accountId` label may be left unset,
//!   which sends `-` (the account of the credentials that sign the request).
//! - Amazon API Gateway (`com.amazonaws.apigateway#BackplaneControlService`): every request
//!   sends `Accept: application/json`, unless a member sets `Accept`.
//! - Amazon S3 (`com.amazonaws.s3#AmazonS3`): the `{Bucket}` label leaves the URI of every
//!   operation that passes it to the endpoint rules (`@contextParam(name: "Bucket")`), as the
//!   rules put the bucket in the host (virtual-hosted style) or in the endpoint's path
//!   (path style); `/{Bucket}` alone leaves no path of the operation's own. A response's
//!   `Expires` header that is not an HTTP date reads as absent rather than failing the
//!   response, as S3 passes on whatever the object was stored with. A 404 with no error code
//!   (`HeadObject`'s and `HeadBucket`'s, which have no body) is `NotFound` where the operation
//!   lists it. A successful status whose body is an `<Error>` document is that error, for
//!   every operation whose output is XML (not an object's bytes or a policy's text).

use crate::ir::{Binding, Crate, DefKind, EndpointContext, StructRole, Type, UriPart};

/// Applies the customisations of the crate's service, if it has any.
pub fn apply(krate: &mut Crate) {
    match krate.service.shape_id.as_str() {
        "com.amazonaws.glacier#Glacier" => glacier(krate),
        "com.amazonaws.apigateway#BackplaneControlService" => api_gateway(krate),
        "com.amazonaws.s3#AmazonS3" => s3(krate),
        _ => {}
    }
}

fn glacier(krate: &mut Crate) {
    let version = krate.service.version.clone().unwrap_or_else(|| "2012-06-01".to_owned());
    for op in &mut krate.operations {
        op.fixed_headers.push(("x-amz-glacier-version".to_owned(), version.clone()));
    }
    let inputs: Vec<usize> = krate.operations.iter().map(|op| op.input).collect();
    for id in inputs {
        let Some(DefKind::Struct(s)) = krate.defs.get_mut(id).map(|d| &mut d.kind) else { continue };
        for m in &mut s.members {
            if m.name == "accountId" && m.binding == Binding::Label && m.ty == Type::String {
                m.required = false;
                m.label_default = Some("-".to_owned());
                m.docs.push(String::new());
                m.docs.push("Left unset, `-` is sent: the account of the credentials that sign the request.".to_owned());
            }
        }
    }
    krate.customisations.push(format!("every request sends `x-amz-glacier-version: {version}`"));
    krate.customisations.push("`accountId` may be left unset, which sends `-`: the account that signs the request".to_owned());
}

fn api_gateway(krate: &mut Crate) {
    for op in &mut krate.operations {
        op.fixed_headers.push(("Accept".to_owned(), "application/json".to_owned()));
    }
    krate.customisations.push("every request sends `Accept: application/json`, unless a member sets `Accept`".to_owned());
}

fn s3(krate: &mut Crate) {
    // `NotFound` is what `HeadObject` and `HeadBucket` answer a missing key or bucket with: a
    // 404 with no body (a HEAD response has none), so the status alone must name it.
    for d in &mut krate.defs {
        if d.shape_id == "com.amazonaws.s3#NotFound"
            && let DefKind::Struct(s) = &mut d.kind
            && let StructRole::Error { status, .. } = &mut s.role
            && *status != 404
        {
            *status = 404;
            krate.customisations.push("a 404 with no error code is `NotFound` where the operation lists it (`HeadObject`, `HeadBucket`)".to_owned());
        }
    }
    // `Expires` is often not an HTTP date (`0`, `-1`, anything a browser cache was once told):
    // one that is not reads as absent, rather than failing the whole response.
    let outputs: Vec<usize> = krate.operations.iter().map(|op| op.output).collect();
    let mut lenient = 0usize;
    for id in outputs {
        let Some(DefKind::Struct(s)) = krate.defs.get_mut(id).map(|d| &mut d.kind) else { continue };
        for m in &mut s.members {
            if m.binding == Binding::Header("Expires".to_owned()) && !m.lenient_header {
                m.lenient_header = true;
                m.docs.push(String::new());
                m.docs.push("A response whose `Expires` is not an HTTP date leaves this unset.".to_owned());
                lenient = lenient.saturating_add(1);
            }
        }
    }
    if lenient > 0 {
        krate.customisations.push("a response's `Expires` header that is not an HTTP date reads as absent".to_owned());
    }
    // A 200 whose body is an `<Error>` is that error (`CopyObject`, `CompleteMultipartUpload`,
    // `UploadPartCopy` answer so when they fail after starting); an output whose body is bytes
    // or text of its own (an object's, a policy's) is never read as one.
    let mut checked = 0usize;
    let raw_outputs: Vec<bool> = krate
        .operations
        .iter()
        .map(|op| match krate.defs.get(op.output).map(|d| &d.kind) {
            Some(DefKind::Struct(s)) => s.members.iter().any(|m| {
                m.binding == Binding::Payload
                    && !matches!(&m.ty, Type::Def { id, .. } if matches!(krate.defs.get(*id).map(|d| &d.kind), Some(DefKind::Struct(_) | DefKind::Union(_))))
            }),
            _ => true,
        })
        .collect();
    for (op, raw) in krate.operations.iter_mut().zip(raw_outputs) {
        if !raw {
            op.error_on_success = true;
            checked = checked.saturating_add(1);
        }
    }
    if checked > 0 {
        krate.customisations.push("a successful status whose body is an `<Error>` is that error (`CopyObject`, `CompleteMultipartUpload`...)".to_owned());
    }
    let mut moved = 0usize;
    for op in &mut krate.operations {
        let bucket = op.endpoint_context.iter().find_map(|(param, context)| match context {
            EndpointContext::Member(index) if param == "Bucket" => Some(*index),
            _ => None,
        });
        let Some(bucket) = bucket else { continue };
        let at = op.http.path.iter().position(|part| matches!(part, UriPart::Label { member, .. } if *member == bucket));
        let Some(at) = at else { continue };
        // `/{Bucket}/rest` becomes `/rest`; `/{Bucket}` becomes nothing.
        op.http.path.remove(at);
        match op.http.path.get(at) {
            Some(UriPart::Literal(text)) if text.starts_with('/') => {
                if let Some(UriPart::Literal(before)) = at.checked_sub(1).and_then(|i| op.http.path.get_mut(i)) {
                    before.pop();
                }
            }
            _ => {
                if let Some(UriPart::Literal(before)) = at.checked_sub(1).and_then(|i| op.http.path.get_mut(i))
                    && before == "/"
                {
                    before.clear();
                }
            }
        }
        op.http.path.retain(|part| !matches!(part, UriPart::Literal(text) if text.is_empty()));
        moved = moved.saturating_add(1);
    }
    if moved > 0 {
        krate.customisations.push(
            "the bucket leaves the URI: the endpoint rules put it in the host (virtual-hosted style) or the endpoint's path (path style)"
                .to_owned(),
        );
    }
}
