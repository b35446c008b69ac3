//! Who is calling, and how we know.
//!
//! - [`Principal`]: a department, a leader, the government office or a
//!   service, with a clearance (密级) — what every authorisation rule reads.
//! - [`token`]: signed bearer tokens (JWT) for end users and department
//!   systems: verification (keys from PEM files or a JWKS document; issuer,
//!   audience and expiry checked) and minting for development.
//! - [`pki`]: the development CA and certificates for mutual TLS, and the
//!   service name a client certificate carries.
//! - [`layer`]: the tower layer that authenticates every RPC except health
//!   and reflection, and puts the [`Principal`] in the request extensions.
//! - [`client`]: a service's own credentials on its calls to the others.
//! - [`tls`]: the server's TLS, read again when its files rotate (token keys
//!   and service tokens reload the same way: `reload` on each).
//!
//! Authorisation itself is the services' business (each has one `authz`
//! module); this crate only says who the caller is.

pub mod balance;
pub mod client;
pub mod layer;
pub mod pki;
mod principal;
pub mod tls;
pub mod token;

pub use client::{AuthedChannel, ConnectError, Credentials, Outbound};
pub use layer::{AuthLayer, Authenticator};
pub use principal::{Clearance, Principal, Role};

/// Why a caller could not be authenticated. Messages never contain the token.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no credentials: send `authorization: Bearer <token>` or connect with a client certificate")]
    Missing,
    #[error("the bearer token is invalid: {0}")]
    InvalidToken(String),
    #[error("the token's subject {0:?} is not `department:<id>`, `leader:<id>`, `office` or `service:<name>`")]
    BadSubject(String),
    #[error("unknown clearance {0:?}: use unclassified, confidential (秘密), secret (机密) or top_secret (绝密)")]
    BadClearance(String),
    #[error("the client certificate cannot be read: {0}")]
    BadCertificate(String),
    #[error("key file {path}: {reason}")]
    Key { path: String, reason: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    pub fn key(path: &std::path::Path, reason: impl std::fmt::Display) -> Self {
        Self::Key { path: path.display().to_string(), reason: reason.to_string() }
    }
}

/// An authorisation rule said no: `rule` is stable (it is the `ErrorInfo`
/// reason callers see), `message` says why in words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (rule {rule})")]
pub struct Denied {
    pub rule: &'static str,
    pub message: String,
}

impl Denied {
    pub fn new(rule: &'static str, message: impl Into<String>) -> Self {
        Self { rule, message: message.into() }
    }
}
