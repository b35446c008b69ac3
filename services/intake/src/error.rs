//! The intake service's one error type, and its mapping to `tonic::Status`
//! with `google.rpc` details — in this one place.

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

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
    #[error("a service intake depends on failed: {0}")]
    Dependency(String),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("stored submission cannot be decoded: {0}")]
    Corrupt(#[from] prost::DecodeError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<Error> for Status {
    fn from(e: Error) -> Self {
        match &e {
            Error::InvalidArgument(violations) => {
                let mut details = ErrorDetails::new();
                for (field, description) in violations {
                    details.add_bad_request_violation(field.clone(), description.clone());
                }
                Status::with_error_details(Code::InvalidArgument, e.to_string(), details)
            }
            Error::NotFound(what) => {
                let details = ErrorDetails::with_resource_info("gongwen.intake.v1.Submission", what.clone(), "", "");
                Status::with_error_details(Code::NotFound, e.to_string(), details)
            }
            Error::IdempotencyKeyReused(key) => {
                let details = ErrorDetails::with_precondition_failure_violation(
                    "IDEMPOTENCY_KEY_REUSED",
                    key.clone(),
                    "the key was first used with a different document or envelope",
                );
                Status::with_error_details(Code::FailedPrecondition, e.to_string(), details)
            }
            Error::ShuttingDown | Error::Dependency(_) => Status::unavailable(e.to_string()),
            Error::Database(inner) => {
                tracing::error!(error = %inner, "database error");
                let retryable =
                    matches!(inner, sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed);
                let details = ErrorDetails::with_error_info("DATABASE", "gongwen.intake", []);
                let code = if retryable { Code::Unavailable } else { Code::Internal };
                Status::with_error_details(code, "storage failed; the request was not applied", details)
            }
            Error::Corrupt(inner) => {
                tracing::error!(error = %inner, "corrupt stored submission");
                Status::internal("a stored submission cannot be read")
            }
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
