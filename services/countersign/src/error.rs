//! The countersign service's one error type: the shared shape
//! (`gongwen_guard::error`) over this service's codes, each with its gRPC
//! status and meaning (`gongwen errors` prints them; `docs/errors.md`).

use gongwen_runtime::codes::{Codes, ErrorCode};
use tonic::Code as Status;

/// Every refusal countersign answers with, beside the common ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    RoundState,
    AlreadyAnswered,
    DeadlinePassed,
    NoExtensions,
    ExtensionPending,
    NoExtensionRequest,
    NoComplexLimit,
    LadderExhausted,
    TasksPending,
    OwnUnit,
    LeadOnly,
    RoleInRound,
    AllRounds,
}

impl Code {
    pub const fn spec(self) -> ErrorCode {
        use Code::*;
        match self {
            RoundState => ErrorCode::new(
                "ROUND_STATE",
                Status::FailedPrecondition,
                "the round is not in a state that allows this",
            )
            .zh("会签所处状态不允许此操作"),
            AlreadyAnswered => {
                ErrorCode::new("ALREADY_ANSWERED", Status::FailedPrecondition, "the participant has replied already")
                    .zh("该任务已作答复")
            }
            DeadlinePassed => ErrorCode::new(
                "DEADLINE_PASSED",
                Status::FailedPrecondition,
                "the reply limit has passed and the rulebook accepts no late reply",
            )
            .zh("已超过答复期限"),
            NoExtensions => ErrorCode::new(
                "NO_EXTENSIONS",
                Status::FailedPrecondition,
                "the rulebook has no extension by agreement",
            )
            .zh("本规则不允许延期会签"),
            ExtensionPending => ErrorCode::new(
                "EXTENSION_PENDING",
                Status::FailedPrecondition,
                "an earlier extension request is still undecided",
            )
            .zh("已有尚未决定的延期申请"),
            NoExtensionRequest => ErrorCode::new(
                "NO_EXTENSION_REQUEST",
                Status::FailedPrecondition,
                "there is no undecided extension request to decide",
            )
            .zh("没有待决定的延期申请"),
            NoComplexLimit => ErrorCode::new(
                "NO_COMPLEX_LIMIT",
                Status::FailedPrecondition,
                "the rulebook has no complex-matter limit",
            )
            .zh("本规则未规定复杂事项的会签时限"),
            LadderExhausted => ErrorCode::new(
                "LADDER_EXHAUSTED",
                Status::FailedPrecondition,
                "every level of the escalation ladder has been tried",
            )
            .zh("已协调至最高层级，无法再逐级协调"),
            TasksPending => ErrorCode::new(
                "TASKS_PENDING",
                Status::FailedPrecondition,
                "a participant has neither replied nor reached its deadline",
            )
            .zh("仍有部门未答复，不能办结"),
            OwnUnit => ErrorCode::new(
                "DEPARTMENT_ACTS_FOR_ITSELF",
                Status::PermissionDenied,
                "a department opens, replies and asks for extensions only for itself",
            )
            .zh("部门只能以本部门名义办理"),
            LeadOnly => ErrorCode::new(
                "LEAD_DEPARTMENT_ONLY",
                Status::PermissionDenied,
                "only the lead department grants extensions, escalates, concludes or withdraws",
            )
            .zh("只有主办部门可以批准延期、协调、办结或撤回会签"),
            RoleInRound => {
                ErrorCode::new("ROLE_IN_ROUND", Status::PermissionDenied, "a round is shown to those with a role in it")
                    .zh("只有参与会签的部门可以查看或办理")
            }
            AllRounds => ErrorCode::new(
                "OFFICE_OR_SERVICE_ONLY",
                Status::PermissionDenied,
                "every round's events are for the office and services",
            )
            .zh("会签事件仅供办公室和系统服务查阅"),
        }
    }
}

impl Codes for Code {
    const DOMAIN: &'static str = "gongwen.countersign";
    const RESOURCE: &'static str = "round";
    const RESOURCE_TYPE: &'static str = "gongwen.countersign.v1.Round";
    const ALL: &'static [Self] = &[
        Code::RoundState,
        Code::AlreadyAnswered,
        Code::DeadlinePassed,
        Code::NoExtensions,
        Code::ExtensionPending,
        Code::NoExtensionRequest,
        Code::NoComplexLimit,
        Code::LadderExhausted,
        Code::TasksPending,
        Code::OwnUnit,
        Code::LeadOnly,
        Code::RoleInRound,
        Code::AllRounds,
    ];
    fn info(self) -> ErrorCode {
        self.spec()
    }
}

pub type Error = gongwen_guard::error::Error<Code>;
pub type Result<T, E = Error> = std::result::Result<T, E>;
