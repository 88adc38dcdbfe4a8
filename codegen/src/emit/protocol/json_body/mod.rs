//! Stage 4 (emit): JSON bodies, shared by the JSON protocols (awsJson 1.0 and 1.1, restJson1):
//! one writer (`ser`) and one reader (`de`) per type, and the builders of modeled errors from an
//! error response read once (`errors`).

pub mod de;
pub mod errors;
pub mod ser;
pub(crate) mod values;
