//! The rules of a countersign round, without I/O: each operation takes the
//! stored round, the rulebook, the calendar and the current instant, and
//! either changes the round (returning the events to record) or refuses.

use chrono::{DateTime, Utc};
use gongwen_calendar::Calendar;
use gongwen_proto::{
    common::v1::Verdict,
    countersign::v1::{self as pb, RoundEventKind as EventKind, RoundState, TaskState},
};
use gongwen_rules::Rulebook;
use sha2::{Digest, Sha256};

use crate::error::{Code, Error, Result};

/// An event to append to the round's log.
#[derive(Debug, Clone)]
pub struct Event {
    pub kind: EventKind,
    pub department: String,
    pub detail: String,
}

fn ev(kind: EventKind, department: &str, detail: impl Into<String>) -> Event {
    Event { kind, department: department.to_owned(), detail: detail.into() }
}

pub use gongwen_proto::time::timestamp as ts;

/// A stored instant; a missing one reads as the epoch (already past).
pub fn instant(t: &Option<prost_types::Timestamp>) -> DateTime<Utc> {
    gongwen_proto::time::instant(t).unwrap_or(DateTime::UNIX_EPOCH)
}

/// The reply limit a round gets, and where it comes from.
pub fn limit(rb: &Rulebook, kind: pb::LimitKind, lead_days: u32) -> Result<(Limit, String)> {
    let c = &rb.countersign;
    match kind {
        pb::LimitKind::Unspecified | pb::LimitKind::RulebookDefault => {
            Ok((Limit::WorkingDays(c.reply_limit_working_days.value), c.reply_limit_working_days.source.clone()))
        }
        pb::LimitKind::LeadSet if lead_days > 0 => {
            Ok((Limit::WorkingDays(lead_days), "主办部门另有时限要求 (lead department's own limit)".into()))
        }
        pb::LimitKind::LeadSet => Err(Error::invalid("limit_working_days", "required (at least 1) with LEAD_SET")),
        // A complex matter's limit is longer, never shorter, than the ordinary one (jining 五十九).
        pb::LimitKind::ComplexMatter => match c.complex_limit_working_days.value {
            Some(days) => Ok((
                Limit::WorkingDays(days.max(c.reply_limit_working_days.value)),
                c.complex_limit_working_days.source.clone(),
            )),
            None => Err(Error::refused(
                Code::NoComplexLimit,
                format!("rulebook {} has no complex-matter limit ({})", rb.name(), c.complex_limit_working_days.source),
            )),
        },
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Limit {
    WorkingDays(u32),
}

impl Limit {
    pub fn deadline(self, cal: &Calendar, from: DateTime<Utc>) -> Result<DateTime<Utc>> {
        let Limit::WorkingDays(n) = self;
        Ok(cal.working_day_deadline(from, n)?)
    }

    /// Sets a task's due date and what it rests on (provisional years, calendar version).
    pub fn apply(self, cal: &Calendar, from: DateTime<Utc>, task: &mut pb::Task) -> Result<()> {
        let due = self.deadline(cal, from)?;
        let basis = cal.basis(from, due);
        task.due_time = Some(ts(due));
        task.due_basis = Some(gongwen_proto::common::v1::DueBasis {
            provisional_years: basis.provisional_years,
            calendar_version: basis.version,
            count_start_time: Some(ts(from)),
            working_days: self.days(),
        });
        Ok(())
    }

    /// Working days, for display.
    pub fn days(self) -> u32 {
        let Limit::WorkingDays(n) = self;
        n
    }
}

fn task_mut<'a>(round: &'a mut pb::Round, department: &str) -> Result<&'a mut pb::Task> {
    round
        .tasks
        .iter_mut()
        .find(|t| t.department == department)
        .ok_or_else(|| Error::denied(Code::RoleInRound, format!("{department} is not a participant of this round")))
}

fn require_state(round: &pb::Round, allowed: &[RoundState]) -> Result<()> {
    if allowed.contains(&round.state()) {
        Ok(())
    } else {
        Err(Error::refused(Code::RoundState, format!("round {} is {:?}", round.id, round.state())))
    }
}

/// A participant's reply, before its deadline (or its granted extension);
/// where the rulebook has no silent consent, also after it, until the round
/// concludes (ziyang 四十六: consultation must not block for ever).
pub fn reply(round: &mut pb::Round, rb: &Rulebook, req: &pb::ReplyRequest, now: DateTime<Utc>) -> Result<Vec<Event>> {
    require_state(round, &[RoundState::Open, RoundState::Disputed])?;
    let verdict = match req.verdict() {
        Verdict::Agreed => TaskState::Agreed,
        Verdict::AgreedWithComments => TaskState::AgreedWithComments,
        Verdict::Disagreed => TaskState::Disagreed,
        _ => {
            return Err(Error::invalid("verdict", "VERDICT_AGREED, VERDICT_AGREED_WITH_COMMENTS or VERDICT_DISAGREED"));
        }
    };
    if verdict != TaskState::Agreed && req.comments.trim().is_empty() {
        return Err(Error::invalid("comments", "comments or reasons are required with this verdict"));
    }
    if req.signed_by.trim().is_empty() {
        return Err(Error::invalid("signed_by", "the signing head is required"));
    }
    let late_accepted = !rb.countersign.silent_consent.value;
    let task = task_mut(round, &req.department)?;
    let lapsed = task.state() == TaskState::Lapsed;
    if task.state() != TaskState::Pending && !(lapsed && late_accepted) {
        return Err(Error::refused(Code::AlreadyAnswered, format!("{} is already {:?}", req.department, task.state())));
    }
    let late = lapsed || now > instant(&task.due_time);
    if late && !late_accepted {
        return Err(Error::refused(
            Code::DeadlinePassed,
            format!("the reply limit of {} has passed ({})", req.department, rb.countersign.silent_consent.source),
        ));
    }
    task.set_state(verdict);
    task.comments = req.comments.clone();
    task.signed_by = req.signed_by.clone();
    task.reply_time = Some(ts(now));
    if verdict == TaskState::Disagreed {
        round.set_state(RoundState::Disputed);
    }
    let kind = if late { EventKind::LateReply } else { EventKind::Replied };
    Ok(vec![ev(kind, &req.department, format!("{verdict:?}"))])
}

/// Deadlines that have passed: silent consent where the rulebook provides it.
pub fn lapse_due(round: &mut pb::Round, rb: &Rulebook, now: DateTime<Utc>) -> Vec<Event> {
    if !matches!(round.state(), RoundState::Open | RoundState::Disputed) {
        return Vec::new();
    }
    let consent = rb.countersign.silent_consent.value;
    let article = rb.countersign.silent_consent.source.clone();
    let mut events = Vec::new();
    for task in round.tasks.iter_mut() {
        if task.state() == TaskState::Pending && instant(&task.due_time) <= now {
            task.deemed_time = Some(ts(now));
            task.deemed_article = article.clone();
            if consent {
                task.set_state(TaskState::DeemedConsent);
                events.push(ev(EventKind::DeemedConsent, &task.department, article.clone()));
            } else {
                task.set_state(TaskState::Lapsed);
                events.push(ev(EventKind::Lapsed, &task.department, article.clone()));
            }
        }
    }
    events
}

pub fn request_extension(
    round: &mut pb::Round,
    rb: &Rulebook,
    req: &pb::RequestExtensionRequest,
    now: DateTime<Utc>,
) -> Result<Vec<Event>> {
    require_state(round, &[RoundState::Open, RoundState::Disputed])?;
    if !rb.countersign.extension_by_agreement.value {
        return Err(Error::refused(Code::NoExtensions, rb.countersign.extension_by_agreement.source.clone()));
    }
    if req.reason.trim().is_empty() {
        return Err(Error::invalid("reason", "required"));
    }
    let limit = round.limit_working_days;
    let task = task_mut(round, &req.department)?;
    if task.state() != TaskState::Pending || now > instant(&task.due_time) {
        return Err(Error::refused(
            Code::DeadlinePassed,
            "an extension is asked for before the deadline, while the task is pending",
        ));
    }
    if req.working_days <= limit {
        return Err(Error::invalid("working_days", format!("must exceed the current limit of {limit} working days")));
    }
    if task.extensions.iter().any(|e| !e.decided) {
        return Err(Error::refused(Code::ExtensionPending, "an earlier request is still undecided"));
    }
    task.extensions.push(pb::Extension {
        requested_working_days: req.working_days,
        reason: req.reason.clone(),
        request_time: Some(ts(now)),
        ..Default::default()
    });
    Ok(vec![ev(
        EventKind::ExtensionRequested,
        &req.department,
        format!("{} working days: {}", req.working_days, req.reason),
    )])
}

pub fn decide_extension(round: &mut pb::Round, cal: &Calendar, req: &pb::DecideExtensionRequest) -> Result<Vec<Event>> {
    require_state(round, &[RoundState::Open, RoundState::Disputed])?;
    let opened = instant(&round.open_time);
    let task = task_mut(round, &req.department)?;
    let Some(ext) = task.extensions.iter_mut().find(|e| !e.decided) else {
        return Err(Error::refused(Code::NoExtensionRequest, format!("{} has no undecided request", req.department)));
    };
    ext.decided = true;
    ext.granted = req.grant;
    ext.decision_note = req.note.clone();
    let days = ext.requested_working_days;
    if req.grant {
        // The deadline moves only when granted; a lapsed task stays lapsed.
        if task.state() == TaskState::Pending {
            Limit::WorkingDays(days).apply(cal, opened, task)?;
        }
        Ok(vec![ev(EventKind::ExtensionGranted, &req.department, format!("{days} working days"))])
    } else {
        Ok(vec![ev(EventKind::ExtensionRefused, &req.department, req.note.clone())])
    }
}

/// One level of the rulebook's escalation ladder (ziyang 四十六: 逐级协调).
pub fn escalate(
    round: &mut pb::Round,
    rb: &Rulebook,
    req: &pb::EscalateRequest,
    now: DateTime<Utc>,
) -> Result<Vec<Event>> {
    // A disagreement, or a lapse where the rulebook has no silent consent (ziyang 四十六).
    let lapsed = round.tasks.iter().any(|t| t.state() == TaskState::Lapsed);
    if !(round.state() == RoundState::Disputed || (lapsed && round.state() == RoundState::Open)) {
        return Err(Error::refused(
            Code::RoundState,
            format!("round {} has neither a disagreement nor a lapse to coordinate", round.id),
        ));
    }
    let ladder = &rb.countersign.escalation_ladder.value;
    let level = round.escalations.len() + 1;
    let Some(coordinator) = ladder.get(level - 1) else {
        return Err(Error::refused(
            Code::LadderExhausted,
            format!(
                "the ladder has {} level(s) ({}); conclude with every party's positions",
                ladder.len(),
                rb.countersign.escalation_ladder.source
            ),
        ));
    };
    if req.outcome.trim().is_empty() {
        return Err(Error::invalid("outcome", "required"));
    }
    round.escalations.push(pb::EscalationStep {
        level: level as u32,
        coordinator: coordinator.clone(),
        outcome: req.outcome.clone(),
        agreed: req.agreed,
        escalate_time: Some(ts(now)),
    });
    if req.agreed {
        for t in round.tasks.iter_mut().filter(|t| matches!(t.state(), TaskState::Disagreed | TaskState::Lapsed)) {
            t.set_state(TaskState::AgreedWithComments);
            t.comments = format!("{}（经第{level}级协调达成一致：{}）", t.comments, req.outcome);
        }
        round.set_state(RoundState::Open);
    }
    Ok(vec![ev(
        EventKind::Escalated,
        &round.lead_department.clone(),
        format!("level {level} {coordinator}: {}", req.outcome),
    )])
}

/// Concludes a round into its certificate.
pub fn conclude(
    round: &mut pb::Round,
    rb: &Rulebook,
    req: &pb::ConcludeRequest,
    now: DateTime<Utc>,
) -> Result<(pb::Certificate, Vec<Event>)> {
    require_state(round, &[RoundState::Open, RoundState::Disputed])?;
    if let Some(t) = round.tasks.iter().find(|t| t.state() == TaskState::Pending) {
        return Err(Error::refused(
            Code::TasksPending,
            format!("{} has neither replied nor reached its deadline", t.department),
        ));
    }
    let disputed = round.state() == RoundState::Disputed;
    // A lapse goes to the government only with the coordination it had (ziyang 四十六: 说明协调过程).
    if round.tasks.iter().any(|t| t.state() == TaskState::Lapsed) && req.coordination_record.trim().is_empty() {
        return Err(Error::invalid(
            "coordination_record",
            "a round that concludes with a lapse records the coordination attempted (ziyang 四十六: 说明协调过程)",
        ));
    }
    if disputed {
        if req.positions.trim().is_empty() || req.proposal.trim().is_empty() {
            return Err(Error::invalid(
                "positions",
                "a disputed round concludes with every party's reasoning (各方理据) and a proposal (办理建议)",
            ));
        }
        if rb.intake.params.dispute_requires_coordination_record.value && req.coordination_record.trim().is_empty() {
            return Err(Error::invalid(
                "coordination_record",
                rb.intake.params.dispute_requires_coordination_record.source.clone(),
            ));
        }
    }
    let mut cert = pb::Certificate {
        round_id: round.id.clone(),
        lead_department: round.lead_department.clone(),
        content_sha256: round.draft.as_ref().map(|d| d.content_sha256.clone()).unwrap_or_default(),
        verdicts: round
            .tasks
            .iter()
            .map(|t| pb::CertificateVerdict {
                department: t.department.clone(),
                verdict: verdict_of(t.state()) as i32,
                signed_by: t.signed_by.clone(),
                deemed: t.state() == TaskState::DeemedConsent,
            })
            .collect(),
        disputed,
        positions: req.positions.clone(),
        proposal: req.proposal.clone(),
        coordination_record: req.coordination_record.clone(),
        digest: String::new(),
        conclude_time: Some(ts(now)),
        // Kept with the round, not in the certificate's record: store::get adds it.
        traceparent: String::new(),
    };
    cert.digest = digest(&cert);
    round.set_state(RoundState::Concluded);
    let events = vec![ev(EventKind::Concluded, &round.lead_department.clone(), cert_summary(&cert))];
    Ok((cert, events))
}

fn cert_summary(c: &pb::Certificate) -> String {
    format!("digest {}", &c.digest[..16])
}

/// The certificate's digest: SHA-256 over its fields in a fixed order.
/// A task's answer in the certificate's vocabulary (a pending task has none).
fn verdict_of(state: TaskState) -> Verdict {
    match state {
        TaskState::Agreed => Verdict::Agreed,
        TaskState::AgreedWithComments => Verdict::AgreedWithComments,
        TaskState::Disagreed => Verdict::Disagreed,
        TaskState::DeemedConsent => Verdict::DeemedConsent,
        TaskState::Lapsed => Verdict::Lapsed,
        TaskState::Pending | TaskState::Unspecified => Verdict::Unspecified,
    }
}

pub fn digest(c: &pb::Certificate) -> String {
    let mut h = Sha256::new();
    let mut put = |s: &str| {
        h.update((s.len() as u64).to_be_bytes());
        h.update(s.as_bytes());
    };
    put(&c.round_id);
    put(&c.lead_department);
    put(&c.content_sha256);
    for v in &c.verdicts {
        put(&v.department);
        put(&v.verdict.to_string());
        put(&v.signed_by);
        put(if v.deemed { "deemed" } else { "given" });
    }
    put(if c.disputed { "disputed" } else { "agreed" });
    put(&c.positions);
    put(&c.proposal);
    put(&c.coordination_record);
    hex::encode(h.finalize())
}

pub fn withdraw(round: &mut pb::Round, req: &pb::WithdrawRequest) -> Result<Vec<Event>> {
    require_state(round, &[RoundState::Open, RoundState::Disputed])?;
    round.set_state(RoundState::Withdrawn);
    Ok(vec![ev(EventKind::Withdrawn, &round.lead_department.clone(), req.reason.clone())])
}

/// Recounts every pending task's deadline on the calendar as it is now (a
/// holiday notice was published): each task counted in working days keeps
/// its count (`due_basis`: N working days from `count_start_time`) and gets the
/// date that count gives now. One event per moved deadline: old and new due
/// date, and the calendar version that moved it.
pub fn recount(round: &mut pb::Round, cal: &Calendar) -> Result<Vec<Event>> {
    if !matches!(round.state(), RoundState::Open | RoundState::Disputed) {
        return Ok(Vec::new());
    }
    let mut events = Vec::new();
    for task in round.tasks.iter_mut().filter(|t| t.state() == TaskState::Pending) {
        let Some(basis) = &task.due_basis else { continue };
        if basis.working_days == 0 || basis.count_start_time.is_none() {
            continue;
        }
        let from = instant(&basis.count_start_time);
        let old = instant(&task.due_time);
        Limit::WorkingDays(basis.working_days).apply(cal, from, task)?;
        let new = instant(&task.due_time);
        if new != old {
            events.push(ev(
                EventKind::DeadlineMoved,
                &task.department,
                format!("{} → {} (calendar {})", old.to_rfc3339(), new.to_rfc3339(), cal.version()),
            ));
        }
    }
    Ok(events)
}
