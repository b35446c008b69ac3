//! The error every domain service answers with, generic over the service's
//! own list of codes, and its one mapping to `tonic::Status` with
//! `google.rpc` details (ErrorInfo always; BadRequest, PreconditionFailure,
//! ResourceInfo or RetryInfo where they apply).

use gongwen_auth::Denied;
use gongwen_runtime::{
    codes::{Codes, ErrorCode},
    status,
};
use tonic::Code;

#[derive(Debug, thiserror::Error)]
pub enum Error<C: Codes> {
    /// Malformed input: every offending field with why.
    #[error("invalid request: {}", .0.iter().map(|(f, d)| format!("{f}: {d}")).collect::<Vec<_>>().join("; "))]
    InvalidArgument(Vec<(String, String)>),
    /// A well-formed request the record's state, the rulebook or the
    /// service's contract refuses; `code` says which, and with what status.
    #[error("{}: {message}", .code.info().reason)]
    Refused { code: C, subject: String, message: String },
    #[error(transparent)]
    Denied(#[from] Denied),
    #[error("no authenticated caller")]
    Unauthenticated,
    #[error("{resource} {id} not found", resource = C::RESOURCE, id = .0)]
    NotFound(String),
    #[error("calendar: {0}")]
    Calendar(#[from] gongwen_calendar::Error),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("a stored {resource} cannot be decoded: {err}", resource = C::RESOURCE, err = .0)]
    Corrupt(#[from] prost::DecodeError),
}

/// A due date that cannot be counted.
pub const CALENDAR: ErrorCode = ErrorCode::new(
    "CALENDAR",
    Code::FailedPrecondition,
    "a due date cannot be counted: the date lies outside the calendar's data",
)
.zh("无法计算期限：日期超出工作日历数据范围");

/// The codes every service shares, beside its own.
pub const COMMON: &[ErrorCode] = &[
    ErrorCode::new("INVALID_ARGUMENT", Code::InvalidArgument, "the request is malformed; BadRequest lists every field")
        .zh("请求格式有误，BadRequest 列出了每个问题字段"),
    ErrorCode::new("NOT_FOUND", Code::NotFound, "no such record; ResourceInfo names it").zh("记录不存在"),
    ErrorCode::new("UNAUTHENTICATED", Code::Unauthenticated, "no valid token or client certificate")
        .zh("缺少有效的令牌或客户端证书"),
    ErrorCode::new(
        crate::UNKNOWN_PRINCIPAL,
        Code::PermissionDenied,
        "the caller names a unit or leader this government does not have",
    )
    .zh("调用方不是本级政府的单位或领导"),
    ErrorCode::new(
        "CALENDAR",
        Code::FailedPrecondition,
        "a due date cannot be counted: the date lies outside the calendar's data",
    )
    .zh("无法计算期限：日期超出工作日历数据范围"),
    ErrorCode::new(
        "DATABASE",
        Code::Unavailable,
        "storage failed (Internal when it is not transient); nothing was applied",
    )
    .zh("存储失败，本次请求未生效"),
    ErrorCode::new("CORRUPT", Code::Internal, "a stored record cannot be read").zh("存储的记录无法读取"),
    ErrorCode::new(
        gongwen_proto::codec::UNDECODABLE,
        Code::InvalidArgument,
        "the request's bytes are not the RPC's message (a wrong type, or a broken encoding)",
    )
    .zh("请求内容无法解析为该接口的消息"),
    crate::idempotency::REQUEST_ID_REUSED,
    crate::idempotency::REQUEST_IN_PROGRESS,
];

impl<C: Codes> Error<C> {
    pub fn invalid(field: &str, description: impl Into<String>) -> Self {
        Self::InvalidArgument(vec![(field.to_owned(), description.into())])
    }

    /// Several bad fields at once (a page's size and token).
    pub fn invalid_all(violations: Vec<(&'static str, String)>) -> Self {
        Self::InvalidArgument(violations.into_iter().map(|(f, d)| (f.to_owned(), d)).collect())
    }

    /// Refused with `code`, about the service's record.
    pub fn refused(code: C, message: impl Into<String>) -> Self {
        Self::Refused { code, subject: C::RESOURCE.to_owned(), message: message.into() }
    }

    /// Refused with `code`, about `subject` (an id, a key).
    pub fn refused_on(code: C, subject: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Refused { code, subject: subject.into(), message: message.into() }
    }

    /// Denied by an authorisation rule that is one of the service's codes.
    pub fn denied(code: C, message: impl Into<String>) -> Self {
        Self::Denied(Denied::new(code.info().reason, message))
    }
}

impl<C: Codes> From<crate::Refusal> for Error<C> {
    fn from(r: crate::Refusal) -> Self {
        match r {
            crate::Refusal::Unauthenticated => Self::Unauthenticated,
            crate::Refusal::Denied(d) => Self::Denied(d),
            crate::Refusal::Audit(e) => Self::Database(e),
        }
    }
}

impl<C: Codes> From<Error<C>> for tonic::Status {
    fn from(e: Error<C>) -> Self {
        let message = e.to_string();
        match e {
            Error::InvalidArgument(v) => status::invalid_argument(message, &v, C::DOMAIN),
            Error::Refused { code, subject, message: why } => {
                status::refused(message, code.info(), C::DOMAIN, &subject, &why)
            }
            Error::Denied(d) => {
                let zh = C::ALL.iter().map(|c| c.info()).chain(COMMON.iter().copied()).find(|i| i.reason == d.rule);
                status::permission_denied(&d, C::DOMAIN, zh.map_or("", |i| i.zh))
            }
            Error::Unauthenticated => status::unauthenticated(),
            Error::NotFound(id) => status::not_found(message, C::RESOURCE_TYPE, &id, C::DOMAIN),
            // A year without holiday data: the deadline cannot be computed.
            Error::Calendar(_) => status::refused(message.clone(), CALENDAR, C::DOMAIN, "deadline", &message),
            Error::Database(inner) => status::database(&inner, C::DOMAIN),
            Error::Corrupt(inner) => {
                tracing::error!(error = %inner, "corrupt stored {}", C::RESOURCE);
                status::internal(format!("a stored {} cannot be read", C::RESOURCE), "CORRUPT", C::DOMAIN)
            }
        }
    }
}
