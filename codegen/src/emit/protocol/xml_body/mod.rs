//! Stage 4 (emit): XML bodies, shared by the XML protocols (awsQuery, ec2Query): one reader
//! per type a response can contain (`de`).

pub mod de;
