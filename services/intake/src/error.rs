//! The intake service's one error type, and its mapping to `tonic::Status`
//! with `google.rpc` details — in this one place.

use gongwen_runtime::status;
use tonic::Status;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Malformed input: every offending field with why.
    #[error("invalid request: {}", .0.iter().map(|(f, d)| format!("{f}: {d}")).collect::<Vec<_>>().join("; "))]
    InvalidArgument(Vec<(String, String)>),
    #[error("{0} not found")]
    NotFound(String),
    #[error("idempotency key {0:?} was already used for a different request")]
    IdempotencyKeyReused(String),
    #[error("the service is shutting down")]
    ShuttingDown,
    #[error("cannot return submission {id} after review: {why}")]
    ReviewRefused { id: String, code: &'static str, why: String },
    #[error("a service intake depends on failed: {0}")]
    Dependency(String),
    #[error(transparent)]
    Denied(#[from] gongwen_auth::Denied),
    #[error("no authenticated caller")]
    Unauthenticated,
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("stored submission cannot be decoded: {0}")]
    Corrupt(#[from] prost::DecodeError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<Error> for Status {
    fn from(e: Error) -> Self {
        let message = e.to_string();
        match &e {
            Error::InvalidArgument(violations) => status::invalid_argument(message, violations),
            Error::NotFound(what) => status::not_found(message, "gongwen.intake.v1.Submission", what),
            Error::IdempotencyKeyReused(key) => status::failed_precondition(
                message,
                "IDEMPOTENCY_KEY_REUSED",
                key,
                "the key was first used with a different document or envelope",
            ),
            Error::ReviewRefused { id, code, why } => status::failed_precondition(message, code, id, why),
            Error::ShuttingDown | Error::Dependency(_) => Status::unavailable(message),
            Error::Denied(d) => status::permission_denied(d, "gongwen.intake"),
            Error::Unauthenticated => status::unauthenticated(),
            Error::Database(inner) => status::database(inner, "gongwen.intake"),
            Error::Corrupt(inner) => {
                tracing::error!(error = %inner, "corrupt stored submission");
                Status::internal("a stored submission cannot be read")
            }
        }
    }
}

impl From<gongwen_runtime::guard::Refusal> for Error {
    fn from(r: gongwen_runtime::guard::Refusal) -> Self {
        use gongwen_runtime::guard::Refusal;
        match r {
            Refusal::Unauthenticated => Error::Unauthenticated,
            Refusal::Denied(d) => Error::Denied(d),
            Refusal::Audit(e) => Error::Database(e),
        }
    }
}

/// Collects field violations, then fails once with all of them.
#[derive(Default)]
pub struct Violations(Vec<(String, String)>);

impl Violations {
    pub fn add(&mut self, field: impl Into<String>, description: impl Into<String>) {
        self.0.push((field.into(), description.into()));
    }

    pub fn finish(self) -> Result<()> {
        if self.0.is_empty() { Ok(()) } else { Err(Error::InvalidArgument(self.0)) }
    }
}
