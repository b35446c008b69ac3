//! Builders for `tonic::Status` with `google.rpc` details, shared by every
//! service's single error-to-status mapping.

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

/// InvalidArgument with a BadRequest listing every field violation.
pub fn invalid_argument(message: String, violations: &[(String, String)], domain: &str) -> Status {
    let mut details = ErrorDetails::with_error_info("INVALID_ARGUMENT", domain, []);
    for (field, description) in violations {
        details.add_bad_request_violation(field.clone(), description.clone());
    }
    Status::with_error_details(Code::InvalidArgument, message, details)
}

pub fn not_found(message: String, resource_type: &str, name: &str, domain: &str) -> Status {
    let mut details = ErrorDetails::with_resource_info(resource_type, name, "", "");
    details.set_error_info("NOT_FOUND", domain, []);
    Status::with_error_details(Code::NotFound, message, details)
}

/// A storage failure: logged in full, reported without internals.
pub fn database(error: &sqlx::Error, domain: &str) -> Status {
    tracing::error!(%error, domain, "database error");
    let retryable = matches!(error, sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed);
    let mut details = ErrorDetails::with_error_info("DATABASE", domain, []);
    if retryable {
        // The database is busy or unreachable, not the request wrong: try again shortly.
        details.set_retry_info(Some(std::time::Duration::from_secs(1)));
    }
    let code = if retryable { Code::Unavailable } else { Code::Internal };
    Status::with_error_details(code, "storage failed; the request was not applied", details)
}

/// PermissionDenied with an ErrorInfo naming the rule that refused.
pub fn permission_denied(denied: &gongwen_auth::Denied, domain: &str) -> Status {
    let details = ErrorDetails::with_error_info(denied.rule, domain, []);
    Status::with_error_details(Code::PermissionDenied, format!("permission denied: {denied}"), details)
}

/// Unauthenticated: a handler reached without a principal (the layer was skipped).
pub fn unauthenticated() -> Status {
    let details = ErrorDetails::with_error_info("UNAUTHENTICATED", "gongwen.auth", []);
    Status::with_error_details(Code::Unauthenticated, "no authenticated caller", details)
}

/// A refusal with one of a service's documented codes: the code's status,
/// an ErrorInfo naming it, and the detail its status calls for
/// (PreconditionFailure for FAILED_PRECONDITION, RetryInfo where retrying helps).
pub fn refused(message: String, code: crate::codes::ErrorCode, domain: &str, subject: &str, why: &str) -> Status {
    let mut details = ErrorDetails::with_error_info(code.reason, domain, [("subject".to_owned(), subject.to_owned())]);
    match code.status {
        Code::FailedPrecondition => {
            details.add_precondition_failure_violation(code.reason, subject, why);
        }
        _ if code.retryable() => {
            details.set_retry_info(Some(std::time::Duration::from_secs(1)));
        }
        _ => {}
    }
    Status::with_error_details(code.status, message, details)
}

/// Internal, with an ErrorInfo naming what failed; the details stay in the log.
pub fn internal(message: String, reason: &str, domain: &str) -> Status {
    Status::with_error_details(Code::Internal, message, ErrorDetails::with_error_info(reason, domain, []))
}

#[cfg(test)]
mod tests {
    use tonic_types::StatusExt;

    #[test]
    fn an_unreachable_database_is_unavailable_with_retry_info() {
        let s = super::database(&sqlx::Error::PoolTimedOut, "gongwen.intake");
        assert_eq!(s.code(), tonic::Code::Unavailable);
        assert!(s.get_details_retry_info().is_some_and(|r| r.retry_delay.is_some()));
        assert_eq!(s.get_details_error_info().unwrap().reason, "DATABASE");
        let s = super::database(&sqlx::Error::RowNotFound, "gongwen.intake");
        assert_eq!(s.code(), tonic::Code::Internal);
        assert!(s.get_details_retry_info().is_none());
    }
}
