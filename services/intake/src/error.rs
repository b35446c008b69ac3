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
            )
            .zh("该幂等键已用于另一份公文"),
            NotRegistered => ErrorCode::new(
                "NOT_REGISTERED",
                Status::FailedPrecondition,
                "the submission is not (or no longer) registered",
            )
            .zh("该件未登记或已退回"),
            NotAnAdvisory => ErrorCode::new(
                "NOT_AN_ADVISORY",
                Status::FailedPrecondition,
                "the office upholds only advisory findings of this submission",
            )
            .zh("该问题不是本件的提示性意见"),
            ReasonRequired => {
                ErrorCode::new("REASON_REQUIRED", Status::FailedPrecondition, "the office must give its reason")
                    .zh("办公室退文须说明理由")
            }
            ShuttingDown => ErrorCode::new(
                "SHUTTING_DOWN",
                Status::Unavailable,
                "the service is shutting down; send again (another replica answers)",
            )
            .zh("服务正在停止，请稍后重试"),
            Dependency => {
                ErrorCode::new("DEPENDENCY", Status::Unavailable, "a service intake depends on (countersign) failed")
                    .zh("所依赖的服务暂不可用，请稍后重试")
            }
            OfficeOnly => ErrorCode::new(
                "OFFICE_ONLY",
                Status::PermissionDenied,
                "only the office returns a registered document after its review",
            )
            .zh("拟办、交办、核查和销号由办公室办理"),
            OwnUnit => ErrorCode::new(
                "DEPARTMENT_SUBMITS_FOR_ITSELF",
                Status::PermissionDenied,
                "a department submits (and prechecks) only its own documents",
            )
            .zh("部门只能以本部门名义报送公文"),
            RoleInCirculation => ErrorCode::new(
                "ROLE_IN_CIRCULATION",
                Status::PermissionDenied,
                "a submission is shown to its sender, the office, the leaders and services",
            )
            .zh("只有参与办理的单位和人员可以查看该件"),
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
