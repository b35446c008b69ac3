//! The error type of a domain service (countersign, approval), generated per
//! service so each keeps its own type while the mapping to `tonic::Status`
//! with `google.rpc` details is written once.

/// Defines `Error`, `Result` and `From<Error> for Status` in the calling
/// crate. `resource` names the record in PreconditionFailure subjects,
/// `type_url` in ResourceInfo, `domain` in ErrorInfo.
#[macro_export]
macro_rules! service_error {
    (resource: $resource:literal, type_url: $type_url:literal, domain: $domain:literal) => {
        #[derive(Debug, thiserror::Error)]
        pub enum Error {
            #[error("invalid request: {}", .0.iter().map(|(f, d)| format!("{f}: {d}")).collect::<Vec<_>>().join("; "))]
            InvalidArgument(Vec<(String, String)>),
            #[error("{kind}: {message}")]
            FailedPrecondition { kind: &'static str, message: String },
            #[error(transparent)]
            Denied(#[from] gongwen_auth::Denied),
            #[error("no authenticated caller")]
            Unauthenticated,
            #[error("{kind} {id} not found", kind = $resource, id = .0)]
            NotFound(String),
            #[error("calendar: {0}")]
            Calendar(#[from] gongwen_calendar::Error),
            #[error("database: {0}")]
            Database(#[from] sqlx::Error),
            #[error("a stored {kind} cannot be decoded: {err}", kind = $resource, err = .0)]
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

            pub fn denied(rule: &'static str, message: impl Into<String>) -> Self {
                Self::Denied(gongwen_auth::Denied::new(rule, message))
            }
        }

        impl From<$crate::guard::Refusal> for Error {
            fn from(r: $crate::guard::Refusal) -> Self {
                match r {
                    $crate::guard::Refusal::Unauthenticated => Error::Unauthenticated,
                    $crate::guard::Refusal::Denied(d) => Error::Denied(d),
                    $crate::guard::Refusal::Audit(e) => Error::Database(e),
                }
            }
        }

        impl From<Error> for tonic::Status {
            fn from(e: Error) -> Self {
                use $crate::status;
                let message = e.to_string();
                match &e {
                    Error::InvalidArgument(v) => status::invalid_argument(message, v),
                    Error::FailedPrecondition { kind, message: m } => {
                        status::failed_precondition(message.clone(), kind, $resource, m)
                    }
                    Error::Denied(d) => status::permission_denied(d, $domain),
                    Error::Unauthenticated => status::unauthenticated(),
                    Error::NotFound(id) => status::not_found(message, $type_url, id),
                    // A year without holiday data: the deadline cannot be computed.
                    Error::Calendar(_) => {
                        status::failed_precondition(message.clone(), "CALENDAR", "deadline", &message)
                    }
                    Error::Database(inner) => status::database(inner, $domain),
                    Error::Corrupt(inner) => {
                        tracing::error!(error = %inner, "corrupt stored {}", $resource);
                        tonic::Status::internal(concat!("a stored ", $resource, " cannot be read"))
                    }
                }
            }
        }
    };
}
