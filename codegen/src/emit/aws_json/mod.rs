//! Stage 4 (emit): the awsJson 1.0/1.1 protocol, kept apart from the plain types: request
//! serializers (`ser`) and response deserializers (`de`).

pub mod de;
mod errors;
pub mod ser;
