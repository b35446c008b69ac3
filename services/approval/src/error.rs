//! The approval service's one error type: the shared shape
//! (`gongwen_guard::error`) over this service's codes, each with its gRPC
//! status and meaning (`gongwen errors` prints them; `docs/errors.md`).

use gongwen_runtime::codes::{Codes, ErrorCode};
use tonic::Code as Status;

/// Every refusal approval answers with, beside the common ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    State,
    NotReviewed,
    NoExpedite,
    NotUrgent,
    CircleIsNotADecision,
    NotDecided,
    TaskState,
    AlreadyReturned,
    NoRule,
    OfficeOnly,
    LeaderOnly,
    YourStep,
    OwnAbsence,
    OwnTask,
    RoleInCirculation,
    OwnInbox,
}

impl Code {
    pub const fn spec(self) -> ErrorCode {
        use Code::*;
        match self {
            State => ErrorCode::new("STATE", Status::FailedPrecondition, "the item is not in a state that allows this")
                .zh("该件所处状态不允许此操作"),
            NotReviewed => ErrorCode::new(
                "NOT_REVIEWED",
                Status::FailedPrecondition,
                "leaders do not decide before the office's review (拟办)",
            )
            .zh("办公室拟办之前，领导不作决定"),
            NoExpedite => ErrorCode::new(
                "NO_EXPEDITE",
                Status::FailedPrecondition,
                "the rulebook has every document reviewed by the office; none is expedited",
            )
            .zh("本规则要求所有公文经办公室拟办，不直接呈送"),
            NotUrgent => ErrorCode::new(
                "NOT_URGENT",
                Status::FailedPrecondition,
                "only an urgent (加急/特急) document is expedited",
            )
            .zh("只有加急、特急公文可以直接呈送"),
            CircleIsNotADecision => ErrorCode::new(
                "CIRCLE_IS_NOT_A_DECISION",
                Status::FailedPrecondition,
                "in this rulebook 圈阅 does not decide a request: write an explicit opinion",
            )
            .zh("本规则下圈阅不构成对请示的决定，请明确签署意见"),
            NotDecided => ErrorCode::new(
                "NOT_DECIDED",
                Status::FailedPrecondition,
                "the item is forwarded only after the decision",
            )
            .zh("尚未作出决定，不能交办"),
            TaskState => ErrorCode::new(
                "TASK_STATE",
                Status::FailedPrecondition,
                "the forwarded task is not in the state this step needs",
            )
            .zh("交办事项所处状态不允许此操作"),
            AlreadyReturned => {
                ErrorCode::new("ALREADY_RETURNED", Status::FailedPrecondition, "the item is closed already")
                    .zh("该件已办结，不能再办理")
            }
            NoRule => ErrorCode::new("NO_RULE", Status::FailedPrecondition, "the rulebook names no signer for this")
                .zh("本规则未规定该类公文的签发人"),
            OfficeOnly => ErrorCode::new(
                "OFFICE_ONLY",
                Status::PermissionDenied,
                "拟办, forwarding, verification and closing are the office's",
            )
            .zh("拟办、交办、核查和销号由办公室办理"),
            LeaderOnly => ErrorCode::new("LEADER_ONLY", Status::PermissionDenied, "only leaders decide")
                .zh("只有市领导可以作出决定"),
            YourStep => ErrorCode::new(
                "STEP_ROUTED_TO_YOU",
                Status::PermissionDenied,
                "a leader decides only the step routed to them or to one they stand in for",
            )
            .zh("领导只能办理呈送本人或由本人代理的环节"),
            OwnAbsence => ErrorCode::new(
                "OWN_ABSENCE",
                Status::PermissionDenied,
                "a leader records only their own absence (or the office does)",
            )
            .zh("领导只能登记本人的外出（或由办公室登记）"),
            OwnTask => ErrorCode::new(
                "OWN_TASK",
                Status::PermissionDenied,
                "a department reports only on its own forwarded task",
            )
            .zh("部门只能反馈本部门承办的事项"),
            RoleInCirculation => ErrorCode::new(
                "ROLE_IN_CIRCULATION",
                Status::PermissionDenied,
                "an item is shown to those with a role in its circulation",
            )
            .zh("只有参与办理的单位和人员可以查看该件"),
            OwnInbox => ErrorCode::new(
                "OWN_INBOX",
                Status::PermissionDenied,
                "a leader reads their own inbox; the office reads any and its queue",
            )
            .zh("领导只能查看本人的待办（办公室可查看全部）"),
        }
    }
}

impl Codes for Code {
    const DOMAIN: &'static str = "gongwen.approval";
    const RESOURCE: &'static str = "item";
    const RESOURCE_TYPE: &'static str = "gongwen.approval.v1.Item";
    const ALL: &'static [Self] = &[
        Code::State,
        Code::NotReviewed,
        Code::NoExpedite,
        Code::NotUrgent,
        Code::CircleIsNotADecision,
        Code::NotDecided,
        Code::TaskState,
        Code::AlreadyReturned,
        Code::NoRule,
        Code::OfficeOnly,
        Code::LeaderOnly,
        Code::YourStep,
        Code::OwnAbsence,
        Code::OwnTask,
        Code::RoleInCirculation,
        Code::OwnInbox,
    ];
    fn info(self) -> ErrorCode {
        self.spec()
    }
}

pub type Error = gongwen_guard::error::Error<Code>;
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What an accepted call warns of: each of the answer's `warnings` opens with
/// its code (`BOTH_AWAY: …`), so a platform can act on it without parsing prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warning {
    /// ziyang 七十六: the mayor and the executive deputy are generally not away together.
    BothAway,
}

impl Warning {
    pub const ALL: &[Warning] = &[Warning::BothAway];

    pub const fn code(self) -> &'static str {
        match self {
            Warning::BothAway => "BOTH_AWAY",
        }
    }

    pub const fn meaning(self) -> &'static str {
        match self {
            Warning::BothAway => {
                "the mayor and the executive deputy mayor will be away at the same time (accepted; ziyang 七十六: 一般)"
            }
        }
    }

    /// The warning as the answer carries it: its code, then what it is about.
    pub fn say(self, detail: &str) -> String {
        format!("{}: {detail}", self.code())
    }
}
