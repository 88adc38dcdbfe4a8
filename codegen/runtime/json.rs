//! JSON reading and writing for the awsJson protocols, written for this crate so it needs no
//! dependencies: a strict pull parser and a writer into the caller's buffer.

mod base64;
pub(crate) mod read;
pub(crate) mod write;

pub(crate) use read::{Error, Reader, Result};
