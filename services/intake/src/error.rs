//! The intake service's one error type: the shared shape
//! (`gongwen_guard::error`) over this service's codes, each with its gRPC
//! status and meaning (`gongwen errors` prints them; `docs/errors.md`).

use gongwen_runtime::codes::{Codes, ErrorCode};
use tonic::Code as Status;

/// Every refusal intake answers with, beside the common ones. A returned
/// document (退文) is not an error: it is a submission with findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    IdempotencyKeyReused,
    NotRegistered,
    NotAnAdvisory,
    ReasonRequired,
    ShuttingDown,
    Dependency,
    OfficeOnly,
    OwnUnit,
    RoleInCirculation,
}

impl Code {
    pub const fn spec(self) -> ErrorCode {
        use Code::*;
        match self {
            IdempotencyKeyReused => ErrorCode::new(
                "IDEMPOTENCY_KEY_REUSED",
                Status::FailedPrecondition,
                "the idempotency key was first used with a different document or envelope",
            ),
            NotRegistered => ErrorCode::new(
                "NOT_REGISTERED",
                Status::FailedPrecondition,
                "the submission is not (or no longer) registered",
            ),
            NotAnAdvisory => ErrorCode::new(
                "NOT_AN_ADVISORY",
                Status::FailedPrecondition,
                "the office upholds only advisory findings of this submission",
            ),
            ReasonRequired => {
                ErrorCode::new("REASON_REQUIRED", Status::FailedPrecondition, "the office must give its reason")
            }
            ShuttingDown => ErrorCode::new(
                "SHUTTING_DOWN",
                Status::Unavailable,
                "the service is shutting down; send again (another replica answers)",
            ),
            Dependency => {
                ErrorCode::new("DEPENDENCY", Status::Unavailable, "a service intake depends on (countersign) failed")
            }
            OfficeOnly => ErrorCode::new(
                "OFFICE_ONLY",
                Status::PermissionDenied,
                "only the office returns a registered document after its review",
            ),
            OwnUnit => ErrorCode::new(
                "DEPARTMENT_SUBMITS_FOR_ITSELF",
                Status::PermissionDenied,
                "a department submits (and prechecks) only its own documents",
            ),
            RoleInCirculation => ErrorCode::new(
                "ROLE_IN_CIRCULATION",
                Status::PermissionDenied,
                "a submission is shown to its sender, the office, the leaders and services",
            ),
        }
    }
}

impl Codes for Code {
    const DOMAIN: &'static str = "gongwen.intake";
    const RESOURCE: &'static str = "submission";
    const RESOURCE_TYPE: &'static str = "gongwen.intake.v1.Submission";
    const ALL: &'static [Self] = &[
        Code::IdempotencyKeyReused,
        Code::NotRegistered,
        Code::NotAnAdvisory,
        Code::ReasonRequired,
        Code::ShuttingDown,
        Code::Dependency,
        Code::OfficeOnly,
        Code::OwnUnit,
        Code::RoleInCirculation,
    ];
    fn info(self) -> ErrorCode {
        self.spec()
    }
}

pub type Error = gongwen_guard::error::Error<Code>;
pub type Result<T, E = Error> = std::result::Result<T, E>;

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
