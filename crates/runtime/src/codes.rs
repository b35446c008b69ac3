//! Stable error codes: what a client matches on (`google.rpc.ErrorInfo.reason`).
//! Each service lists its own in one enum; `gongwen errors` prints them all
//! as the reference table (`docs/errors.md`, kept in sync by a test).

/// One documented code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCode {
    /// The stable code, e.g. `ROUND_STATE`.
    pub reason: &'static str,
    /// The gRPC status it is answered with.
    pub status: tonic::Code,
    /// What it means, for the integrator.
    pub meaning: &'static str,
    /// What it means in Chinese, for the clerk's screen (`LocalizedMessage`, zh-CN).
    pub zh: &'static str,
}

impl ErrorCode {
    pub const fn new(reason: &'static str, status: tonic::Code, meaning: &'static str) -> Self {
        Self { reason, status, meaning, zh: "" }
    }

    /// The meaning in Chinese (zh-CN).
    pub const fn zh(self, zh: &'static str) -> Self {
        Self { zh, ..self }
    }

    /// Whether the same request may succeed if sent again later, unchanged.
    pub fn retryable(&self) -> bool {
        matches!(self.status, tonic::Code::Unavailable | tonic::Code::ResourceExhausted | tonic::Code::Aborted)
    }
}

/// A service's list of codes (an enum), with the domain its `ErrorInfo` names.
pub trait Codes: Copy + std::fmt::Debug + Send + Sync + 'static {
    /// `ErrorInfo.domain`, e.g. `gongwen.countersign`.
    const DOMAIN: &'static str;
    /// The record the service keeps, as NOT_FOUND and PreconditionFailure name it (`round`).
    const RESOURCE: &'static str;
    /// Its message type, for `ResourceInfo` (`gongwen.countersign.v1.Round`).
    const RESOURCE_TYPE: &'static str;
    /// Every code, in the order the table lists them.
    const ALL: &'static [Self];
    fn info(self) -> ErrorCode;
}
