//! Builders for `tonic::Status` with `google.rpc` details, shared by every
//! service's single error-to-status mapping.

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

/// The locale of every `LocalizedMessage`: the clerks read Chinese.
pub const LOCALE: &str = "zh-CN";

/// Adds the Chinese wording for a clerk's screen (none when there is none).
fn localized(details: &mut ErrorDetails, zh: &str) {
    if !zh.is_empty() {
        details.set_localized_message(LOCALE, zh);
    }
}

/// InvalidArgument with a BadRequest listing every field violation.
pub fn invalid_argument(message: String, violations: &[(String, String)], domain: &str) -> Status {
    let mut details = ErrorDetails::with_error_info("INVALID_ARGUMENT", domain, []);
    for (field, description) in violations {
        details.add_bad_request_violation(field.clone(), description.clone());
    }
    let fields: Vec<&str> = violations.iter().map(|(f, _)| f.as_str()).filter(|f| !f.is_empty()).collect();
    localized(
        &mut details,
        &format!("请求参数有误：{}", if fields.is_empty() { "消息无法解析".to_owned() } else { fields.join("、") }),
    );
    Status::with_error_details(Code::InvalidArgument, message, details)
}

pub fn not_found(message: String, resource_type: &str, name: &str, domain: &str) -> Status {
    let mut details = ErrorDetails::with_resource_info(resource_type, name, "", "");
    details.set_error_info("NOT_FOUND", domain, []);
    localized(&mut details, &format!("记录不存在：{name}"));
    Status::with_error_details(Code::NotFound, message, details)
}

/// A storage failure: logged in full, reported without internals.
pub fn database(error: &sqlx::Error, domain: &str) -> Status {
    tracing::error!(%error, domain, "database error");
    let retryable = matches!(error, sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed);
    let mut details = ErrorDetails::with_error_info("DATABASE", domain, []);
    localized(&mut details, "存储失败，本次请求未生效");
    if retryable {
        // The database is busy or unreachable, not the request wrong: try again shortly.
        details.set_retry_info(Some(std::time::Duration::from_secs(1)));
    }
    let code = if retryable { Code::Unavailable } else { Code::Internal };
    Status::with_error_details(code, "storage failed; the request was not applied", details)
}

/// PermissionDenied with an ErrorInfo naming the rule that refused, and its
/// Chinese wording (`zh`, the code's; empty for none).
pub fn permission_denied(denied: &gongwen_auth::Denied, domain: &str, zh: &str) -> Status {
    let mut details = ErrorDetails::with_error_info(denied.rule, domain, []);
    localized(&mut details, zh);
    Status::with_error_details(Code::PermissionDenied, format!("permission denied: {denied}"), details)
}

/// Unauthenticated: a handler reached without a principal (the layer was skipped).
pub fn unauthenticated() -> Status {
    let mut details = ErrorDetails::with_error_info("UNAUTHENTICATED", "gongwen.auth", []);
    localized(&mut details, "缺少有效的令牌或客户端证书");
    Status::with_error_details(Code::Unauthenticated, "no authenticated caller", details)
}

/// A refusal with one of a service's documented codes: the code's status,
/// an ErrorInfo naming it, and the detail its status calls for
/// (PreconditionFailure for FAILED_PRECONDITION, RetryInfo where retrying helps).
pub fn refused(message: String, code: crate::codes::ErrorCode, domain: &str, subject: &str, why: &str) -> Status {
    let mut details = ErrorDetails::with_error_info(code.reason, domain, [("subject".to_owned(), subject.to_owned())]);
    localized(&mut details, code.zh);
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
    let mut details = ErrorDetails::with_error_info(reason, domain, []);
    localized(&mut details, "服务内部错误，本次请求未生效");
    Status::with_error_details(Code::Internal, message, details)
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
        let zh = s.get_details_localized_message().expect("LocalizedMessage");
        assert_eq!((zh.locale.as_str(), zh.message.as_str()), ("zh-CN", "存储失败，本次请求未生效"));
        let s = super::database(&sqlx::Error::RowNotFound, "gongwen.intake");
        assert_eq!(s.code(), tonic::Code::Internal);
        assert!(s.get_details_retry_info().is_none());
    }
}
