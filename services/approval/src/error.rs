//! The approval service's one error type and its mapping to `Status`.

use gongwen_runtime::status;
use tonic::Status;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid request: {}", .0.iter().map(|(f, d)| format!("{f}: {d}")).collect::<Vec<_>>().join("; "))]
    InvalidArgument(Vec<(String, String)>),
    #[error("{kind}: {message}")]
    FailedPrecondition { kind: &'static str, message: String },
    #[error("permission denied: {0}")]
    PermissionDenied(String),
    #[error(
        "no calling department: send x-gongwen-leader or x-gongwen-department (development identity must be enabled)"
    )]
    Unauthenticated,
    #[error("item {0} not found")]
    NotFound(String),
    #[error("calendar: {0}")]
    Calendar(#[from] gongwen_calendar::Error),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("stored round cannot be decoded: {0}")]
    Corrupt(#[from] prost::DecodeError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn invalid(field: &str, description: impl Into<String>) -> Self {
        Self::InvalidArgument(vec![(field.to_owned(), description.into())])
    }

    pub fn precondition(kind: &'static str, message: impl Into<String>) -> Self {
        Self::FailedPrecondition { kind, message: message.into() }
    }
}

impl From<Error> for Status {
    fn from(e: Error) -> Self {
        let message = e.to_string();
        match &e {
            Error::InvalidArgument(v) => status::invalid_argument(message, v),
            Error::FailedPrecondition { kind, message: m } => {
                status::failed_precondition(message.clone(), kind, "item", m)
            }
            Error::PermissionDenied(_) => Status::permission_denied(message),
            Error::Unauthenticated => Status::unauthenticated(message),
            Error::NotFound(id) => status::not_found(message, "gongwen.approval.v1.Item", id),
            // A year without holiday data: the deadline cannot be computed.
            Error::Calendar(_) => status::failed_precondition(message.clone(), "CALENDAR", "deadline", &message),
            Error::Database(inner) => status::database(inner, "gongwen.approval"),
            Error::Corrupt(_) => Status::internal("a stored round cannot be read"),
        }
    }
}
