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

use crate::ir::{Binding, Crate, DefKind, Type};

/// Applies the customisations of the crate's service, if it has any.
pub fn apply(krate: &mut Crate) {
    match krate.service.shape_id.as_str() {
        "com.amazonaws.glacier#Glacier" => glacier(krate),
        "com.amazonaws.apigateway#BackplaneControlService" => api_gateway(krate),
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
