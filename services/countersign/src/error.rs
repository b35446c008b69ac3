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
            ),
            AlreadyAnswered => {
                ErrorCode::new("ALREADY_ANSWERED", Status::FailedPrecondition, "the participant has replied already")
            }
            DeadlinePassed => ErrorCode::new(
                "DEADLINE_PASSED",
                Status::FailedPrecondition,
                "the reply limit has passed and the rulebook accepts no late reply",
            ),
            NoExtensions => ErrorCode::new(
                "NO_EXTENSIONS",
                Status::FailedPrecondition,
                "the rulebook has no extension by agreement",
            ),
            ExtensionPending => ErrorCode::new(
                "EXTENSION_PENDING",
                Status::FailedPrecondition,
                "an earlier extension request is still undecided",
            ),
            NoExtensionRequest => ErrorCode::new(
                "NO_EXTENSION_REQUEST",
                Status::FailedPrecondition,
                "there is no undecided extension request to decide",
            ),
            NoComplexLimit => ErrorCode::new(
                "NO_COMPLEX_LIMIT",
                Status::FailedPrecondition,
                "the rulebook has no complex-matter limit",
            ),
            LadderExhausted => ErrorCode::new(
                "LADDER_EXHAUSTED",
                Status::FailedPrecondition,
                "every level of the escalation ladder has been tried",
            ),
            TasksPending => ErrorCode::new(
                "TASKS_PENDING",
                Status::FailedPrecondition,
                "a participant has neither replied nor reached its deadline",
            ),
            OwnUnit => ErrorCode::new(
                "DEPARTMENT_ACTS_FOR_ITSELF",
                Status::PermissionDenied,
                "a department opens, replies and asks for extensions only for itself",
            ),
            LeadOnly => ErrorCode::new(
                "LEAD_DEPARTMENT_ONLY",
                Status::PermissionDenied,
                "only the lead department grants extensions, escalates, concludes or withdraws",
            ),
            RoleInRound => {
                ErrorCode::new("ROLE_IN_ROUND", Status::PermissionDenied, "a round is shown to those with a role in it")
            }
            AllRounds => ErrorCode::new(
                "OFFICE_OR_SERVICE_ONLY",
                Status::PermissionDenied,
                "every round's events are for the office and services",
            ),
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
