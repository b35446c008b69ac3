//! Routing, substitution and decisions, without I/O.

use chrono::{DateTime, NaiveDate, Utc};
use gongwen_org::{Directory, LeaderRole};
use gongwen_proto::{
    approval::v1::{self as pb, DecisionKind, ItemState, StepReason},
    common::v1::DocType,
};
use gongwen_rules::{
    Rulebook,
    rulebook::{BothAwayActing, CircleMeaning},
};

use crate::error::{Error, Result};

fn leader_with(dir: &Directory, role: LeaderRole) -> Option<String> {
    dir.leaders().iter().find(|l| l.role == role).map(|l| l.id.clone())
}

/// 按分工呈批 (zhangye 四十九, ziyang 四十七, urumqi 五十, jining 五十七): the
/// deputy mayor whose portfolio covers the matter's subject; failing that,
/// the one whose portfolio holds the sending unit; the executive deputy mayor
/// for matters in no portfolio. (A county writes on every subject: its
/// documents go by subject, not all to the leader who liaises with it.)
pub fn in_charge(dir: &Directory, unit: &str, subject: &str) -> String {
    let deputies = || {
        dir.leaders().iter().filter(|l| matches!(l.role, LeaderRole::DeputyMayor | LeaderRole::ExecutiveDeputyMayor))
    };
    deputies()
        .find(|l| !subject.is_empty() && l.subjects.iter().any(|s| s == subject))
        .or_else(|| deputies().find(|l| l.departments.iter().any(|d| d == unit)))
        .map(|l| l.id.clone())
        .or_else(|| leader_with(dir, LeaderRole::ExecutiveDeputyMayor))
        .unwrap_or_default()
}

/// 按分工呈批: the deputy in charge, then every other portfolio the matter
/// touches (and any the office adds), then the mayor for a major matter.
pub fn route(
    dir: &Directory,
    unit: &str,
    subject: &str,
    concerned: &[String],
    extra: &[String],
    major: bool,
) -> Vec<pb::Step> {
    let first = in_charge(dir, unit, subject);
    let mut steps = vec![pb::Step {
        leader: first.clone(),
        reason: StepReason::InCharge as i32,
        done: false,
        due_time: None,
        due_basis: None,
    }];
    let mut push = |leader: String, reason: StepReason| {
        if !leader.is_empty() && !steps.iter().any(|s| s.leader == leader) {
            steps.push(pb::Step { leader, reason: reason as i32, done: false, due_time: None, due_basis: None });
        }
    };
    for d in concerned {
        push(in_charge(dir, d, ""), StepReason::CoApproval);
    }
    for l in extra {
        push(l.clone(), StepReason::CoApproval);
    }
    if major {
        // The mayor decides last, whoever else was asked.
        if let Some(m) = leader_with(dir, LeaderRole::Mayor) {
            steps.retain(|s| s.leader != m);
            steps.push(pb::Step {
                leader: m,
                reason: StepReason::MajorMatter as i32,
                done: false,
                due_time: None,
                due_basis: None,
            });
        }
    }
    steps
}

/// Who acts for `leader` when `away(l)` says who is away: the executive deputy
/// for the mayor; for a deputy, the A/B partner (ziyang 五十七) or designated
/// backup (jining 八) where the rulebook has them, else the executive deputy;
/// the mayor when the executive deputy is away too; when both the mayor and the
/// executive deputy are away, whom the rulebook names (both_away_acting).
pub fn acting(dir: &Directory, rb: &Rulebook, leader: &str, away: &dyn Fn(&str) -> bool) -> String {
    if !away(leader) {
        return leader.to_owned();
    }
    let Some(l) = dir.leader(leader) else { return leader.to_owned() };
    let mayor = leader_with(dir, LeaderRole::Mayor).unwrap_or_default();
    let executive = leader_with(dir, LeaderRole::ExecutiveDeputyMayor).unwrap_or_default();
    let present = |id: &Option<String>| id.as_ref().filter(|p| !away(p)).cloned();
    let candidate = match l.role {
        LeaderRole::Mayor => Some(executive.clone()),
        _ => None
            .or(if rb.approval.ab_pairs.value { present(&l.ab_partner) } else { None })
            .or(if rb.approval.designated_backup.value { present(&l.backup) } else { None })
            .or_else(|| (l.id != executive).then(|| executive.clone())),
    };
    match candidate {
        Some(c) if !away(&c) => c,
        _ if !away(&mayor) => mayor,
        // The mayor and the executive deputy both away: the rulebook's rule.
        _ => match rb.approval.both_away_acting.value {
            BothAwayActing::NextDeputy => dir
                .leaders()
                .iter()
                .find(|d| d.role == LeaderRole::DeputyMayor && !away(&d.id))
                .map_or_else(|| mayor.clone(), |d| d.id.clone()),
            BothAwayActing::OfficeHolds => String::new(),
        },
    }
}

/// The office's proposal: the route is fixed and the leaders are asked, or the
/// matter is forwarded straight to the department (ziyang 四十七).
pub fn propose(
    item: &mut pb::Item,
    rb: &Rulebook,
    dir: &Directory,
    req: &pb::ProposeRequest,
    concerned: &[String],
    subject: &str,
) -> Result<()> {
    if item.state() != ItemState::OfficeReview {
        return Err(Error::refused(
            crate::error::Code::State,
            format!("item is {:?}, not awaiting the office's review", item.state()),
        ));
    }
    if req.expedite {
        // ziyang 五十一: 急事急办…必要时可打破常规、减少中间环节 — the office's call, where the rulebook allows.
        let rule = &rb.approval.urgent_may_skip_office_review;
        if !rule.value {
            return Err(Error::refused(
                crate::error::Code::NoExpedite,
                format!("this rulebook has every document reviewed ({})", rule.source),
            ));
        }
        if !item.urgent {
            return Err(Error::refused(
                crate::error::Code::NotUrgent,
                format!("only an urgent (加急/特急) document is expedited ({})", rule.source),
            ));
        }
        item.expedited = true;
    } else if req.proposal.trim().is_empty() {
        return Err(Error::invalid("proposal", "the office's proposed handling (拟办意见) is required"));
    }
    for (i, l) in req.co_approvers.iter().enumerate() {
        if dir.leader(l).is_none() {
            return Err(Error::invalid(&format!("co_approvers[{i}]"), format!("unknown leader {l:?}")));
        }
    }
    item.proposal = if req.expedite && req.proposal.trim().is_empty() {
        format!("急事急办，减少中间环节（{}）", rb.approval.urgent_may_skip_office_review.source)
    } else {
        req.proposal.clone()
    };
    item.major |= req.major;
    if !req.forward_to_department.is_empty() {
        if dir.department(&req.forward_to_department).is_none() {
            return Err(Error::invalid("forward_to_department", "unknown department"));
        }
        // ziyang 四十七: 由市政府秘书长、副秘书长批示后直接转交 — forwarding needs their instruction.
        if !dir.leader(&req.instructed_by).is_some_and(|l| l.role.runs_the_office()) {
            return Err(Error::invalid(
                "instructed_by",
                "forwarding to a department needs the instruction (批示) of the secretary-general or a deputy \
                 (or the office director): ziyang 四十七",
            ));
        }
        item.forwarded_to = req.forward_to_department.clone();
        item.forward_instructed_by = req.instructed_by.clone();
        item.set_state(ItemState::ForwardedToDepartment);
        return Ok(());
    }
    item.route = route(dir, &item.submitting_unit, subject, concerned, &req.co_approvers, item.major);
    item.set_state(ItemState::WithLeaders);
    advance(item);
    Ok(())
}

/// Points `current_leader` at the first pending step, or closes the item.
pub fn advance(item: &mut pb::Item) {
    match item.route.iter().find(|s| !s.done) {
        Some(s) => item.current_leader = s.leader.clone(),
        None => {
            item.current_leader.clear();
            item.set_state(ItemState::Decided);
        }
    }
}

/// A full date as leaders write it: 2026年3月5日 or 2026-03-05.
fn full_date(s: &str) -> bool {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() || NaiveDate::parse_from_str(s, "%Y年%m月%d日").is_ok()
}

/// A leader's decision on the pending step (or on the step they stand in for).
pub fn decide(
    item: &mut pb::Item,
    rb: &Rulebook,
    dir: &Directory,
    caller: &str,
    req: &pb::DecideRequest,
    now: DateTime<Utc>,
) -> Result<()> {
    if item.state() == ItemState::OfficeReview {
        let rule = &rb.approval.urgent_may_skip_office_review;
        return Err(Error::refused(
            crate::error::Code::NotReviewed,
            format!("leaders do not decide before the office's review ({})", rule.source),
        ));
    }
    if item.state() != ItemState::WithLeaders {
        return Err(Error::refused(crate::error::Code::State, format!("item is {:?}", item.state())));
    }
    // Whether `caller` may act on this step is authz::decide's, checked before.
    let form = &rb.approval.decision_form;
    let kind = req.kind();
    let needs_opinion = !matches!(kind, DecisionKind::Circle);
    let mut missing = Vec::new();
    if kind == DecisionKind::Unspecified {
        missing.push(("kind".to_owned(), "required".to_owned()));
    }
    if needs_opinion && req.opinion.trim().is_empty() {
        missing.push(("opinion".to_owned(), format!("an explicit opinion is required ({})", form.source)));
    }
    if req.signed_name.trim().is_empty() {
        missing.push(("signed_name".to_owned(), format!("the leader's name is required ({})", form.source)));
    }
    if !full_date(&req.signed_date) {
        missing.push((
            "signed_date".to_owned(),
            format!("the full date is required, e.g. 2026年3月5日 ({})", form.source),
        ));
    }
    if kind == DecisionKind::Instruct && req.instruct_departments.is_empty() {
        missing.push(("instruct_departments".to_owned(), "the departments the instruction goes to".to_owned()));
    }
    if kind == DecisionKind::Instruct && req.due_working_days == 0 {
        missing.push(("due_working_days".to_owned(), "at least 1".to_owned()));
    }
    if kind == DecisionKind::Forward && dir.leader(&req.forward_to).is_none() {
        missing.push(("forward_to".to_owned(), "a leader to co-approve is required".to_owned()));
    }
    if !missing.is_empty() {
        return Err(Error::InvalidArgument(missing));
    }
    let meaning = match kind {
        DecisionKind::Approve => "consent",
        DecisionKind::NotApprove => "refusal",
        // 圈阅 means what the rulebook says, on a request and on a report.
        DecisionKind::Circle => {
            let on = if item.doc_type() == DocType::Report {
                form.value.circle_on_report
            } else {
                form.value.circle_on_request
            };
            match on {
                CircleMeaning::Consent => "consent",
                CircleMeaning::Read => "read",
                CircleMeaning::NotADecision => {
                    return Err(Error::refused(
                        crate::error::Code::CircleIsNotADecision,
                        format!(
                            "圈阅 does not decide a {}: write an explicit opinion ({})",
                            item.doc_type().as_str_name(),
                            form.source
                        ),
                    ));
                }
            }
        }
        DecisionKind::Forward => "forwarded",
        DecisionKind::Instruct => "instructed",
        _ => "returned to the office",
    };
    item.decisions.push(pb::Decision {
        decided_by: caller.to_owned(),
        on_behalf_of: if caller != item.current_leader { item.current_leader.clone() } else { String::new() },
        kind: kind as i32,
        meaning: meaning.to_owned(),
        opinion: req.opinion.clone(),
        signed_name: req.signed_name.clone(),
        signed_date: req.signed_date.clone(),
        decide_time: Some(gongwen_proto::time::timestamp(now)),
    });
    let pos = item.route.iter().position(|s| !s.done).expect("a pending step while WITH_LEADERS");
    item.route[pos].done = true;
    match kind {
        DecisionKind::Forward if !item.route.iter().any(|s| s.leader == req.forward_to && !s.done) => {
            item.route.insert(
                pos + 1,
                pb::Step {
                    leader: req.forward_to.clone(),
                    reason: StepReason::CoApproval as i32,
                    done: false,
                    due_time: None,
                    due_basis: None,
                },
            );
        }
        DecisionKind::ReturnToOffice => {
            item.route.retain(|s| s.done);
            item.set_state(ItemState::OfficeReview);
            item.current_leader.clear();
            return Ok(());
        }
        _ => {}
    }
    advance(item);
    Ok(())
}

/// Gives the step that has just become current its time limit: working days
/// by urgency from the rulebook (shorter for 加急 and 特急).
pub fn stamp_step_due(
    item: &mut pb::Item,
    rb: &Rulebook,
    cal: &gongwen_calendar::Calendar,
    now: DateTime<Utc>,
) -> Result<()> {
    let limits = rb.approval.handling_limit_working_days.value;
    let days = match item.urgency() {
        gongwen_proto::common::v1::Urgency::ExtraUrgent => limits.extra_urgent,
        gongwen_proto::common::v1::Urgency::Urgent => limits.urgent,
        _ => limits.normal,
    };
    let on_holiday = holiday_duty(item, rb, cal, now).is_some();
    if let Some(step) = item.route.iter_mut().find(|s| !s.done)
        && step.due_time.is_none()
    {
        // ziyang 七十三: on a holiday a 特急 step is handled by the leader on duty, in hours.
        let (due, counted) = match (on_holiday, rb.approval.holiday_duty_hours.value) {
            (true, Some(hours)) => (now + chrono::Duration::hours(i64::from(hours)), 0),
            _ => (cal.working_day_deadline(now, days)?, days),
        };
        step.due_time = Some(gongwen_proto::time::timestamp(due));
        step.due_basis = Some(due_basis(cal, now, due, counted));
    }
    Ok(())
}

/// Recounts the deadlines still running on the calendar as it is now (a
/// holiday notice was published): the current step's and every open
/// supervision task's, each keeping its count (N working days from
/// `count_start_time`). What moved, one line each (old → new).
pub fn recount(item: &mut pb::Item, cal: &gongwen_calendar::Calendar) -> Result<Vec<String>> {
    use gongwen_proto::time::{instant, timestamp};
    let mut moved = Vec::new();
    let mut recount_one = |what: String,
                           due_at: &mut Option<prost_types::Timestamp>,
                           basis: &mut Option<gongwen_proto::common::v1::DueBasis>|
     -> Result<()> {
        let Some(b) = basis.as_ref() else { return Ok(()) };
        let (Some(from), Some(old)) = (instant(&b.count_start_time), instant(due_at)) else { return Ok(()) };
        if b.working_days == 0 {
            return Ok(());
        }
        let new = cal.working_day_deadline(from, b.working_days)?;
        *basis = Some(due_basis(cal, from, new, b.working_days));
        if new != old {
            *due_at = Some(timestamp(new));
            moved.push(format!("{what}: {} → {} (calendar {})", old.to_rfc3339(), new.to_rfc3339(), cal.version()));
        }
        Ok(())
    };
    if item.state() == ItemState::WithLeaders
        && let Some(step) = item.route.iter_mut().find(|s| !s.done)
    {
        recount_one(format!("step {}", step.leader), &mut step.due_time, &mut step.due_basis)?;
    }
    for t in item
        .supervision
        .iter_mut()
        .filter(|t| matches!(t.state(), pb::SupervisionState::Assigned | pb::SupervisionState::Reported))
    {
        recount_one(format!("supervision {}", t.department), &mut t.due_time, &mut t.due_basis)?;
    }
    Ok(moved)
}

/// The hours a 特急 item's step has when it becomes current on a statutory
/// holiday (not an ordinary weekend) and the rulebook has holiday duty.
pub fn holiday_duty(
    item: &pb::Item,
    rb: &Rulebook,
    cal: &gongwen_calendar::Calendar,
    now: DateTime<Utc>,
) -> Option<u32> {
    let hours = rb.approval.holiday_duty_hours.value?;
    let extra_urgent = item.urgency() == gongwen_proto::common::v1::Urgency::ExtraUrgent;
    let holiday = cal.day_off_reason(cal.local_date(now)).ok().flatten().is_some_and(|why| why != "周末");
    (extra_urgent && holiday).then_some(hours)
}

/// What a due date rests on (provisional years, calendar version) and its count
/// (`working_days` from `from`; 0 when it is not counted in working days).
pub fn due_basis(
    cal: &gongwen_calendar::Calendar,
    from: DateTime<Utc>,
    due: DateTime<Utc>,
    working_days: u32,
) -> gongwen_proto::common::v1::DueBasis {
    let b = cal.basis(from, due);
    gongwen_proto::common::v1::DueBasis {
        provisional_years: b.provisional_years,
        calendar_version: b.version,
        count_start_time: Some(gongwen_proto::time::timestamp(from)),
        working_days,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_notice_recounts_the_running_step_and_supervision_deadlines() {
        use gongwen_calendar::{Calendar, HolidayRange, YearData};
        use gongwen_proto::time::{instant, timestamp};
        let cal = Calendar::national();
        let from = "2026-12-29T02:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let due = cal.working_day_deadline(from, 3).unwrap();
        let mut item = pb::Item { state: ItemState::WithLeaders as i32, ..Default::default() };
        item.route.push(pb::Step {
            leader: "vm-zhao".into(),
            due_time: Some(timestamp(due)),
            due_basis: Some(due_basis(&cal, from, due, 3)),
            ..Default::default()
        });
        item.supervision.push(pb::SupervisionTask {
            department: "finance".into(),
            due_time: Some(timestamp(due)),
            due_basis: Some(due_basis(&cal, from, due, 3)),
            state: pb::SupervisionState::Assigned as i32,
            ..Default::default()
        });
        assert!(recount(&mut item, &cal).unwrap().is_empty(), "nothing published, nothing moves");
        let d = |s: &str| s.parse().unwrap();
        cal.notices()
            .set(
                "national",
                YearData {
                    year: 2027,
                    source: "测试通知".into(),
                    holidays: vec![HolidayRange { name: "元旦".into(), from: d("2027-01-01"), to: d("2027-01-04") }],
                    workdays: vec![],
                    cancelled_workdays: vec![],
                    provisional: false,
                },
            )
            .unwrap();
        let moved = recount(&mut item, &cal).unwrap();
        assert_eq!(moved.len(), 2, "{moved:?}");
        let new = instant(&item.route[0].due_time).unwrap();
        assert_eq!(new, cal.working_day_deadline(from, 3).unwrap());
        assert!(new > due);
        assert_eq!(instant(&item.supervision[0].due_time), Some(new));
        assert!(item.route[0].due_basis.as_ref().unwrap().provisional_years.is_empty());
        assert!(recount(&mut item, &cal).unwrap().is_empty(), "a recounted deadline does not move again");
    }

    #[test]
    fn the_subjects_portfolio_decides_before_the_senders_jining_57() {
        let dir = gongwen_org::builtin("jining").unwrap();
        // A county (in the executive deputy's liaison portfolio) writes about its schools: the
        // deputy in charge of education decides, not whoever liaises with the county.
        assert_eq!(in_charge(&dir, "qufu", "education"), "vm-sun");
        assert_eq!(in_charge(&dir, "qufu", "land"), "vm-zhao");
        // No subject: the sender's deputy; a subject in no portfolio: the sender's deputy too.
        assert_eq!(in_charge(&dir, "qufu", ""), "exec-vm");
        assert_eq!(in_charge(&dir, "education", "no-such-subject"), "vm-sun");
        // Neither: the executive deputy.
        assert_eq!(in_charge(&dir, "nobody", ""), "exec-vm");
    }

    #[test]
    fn with_the_mayor_and_the_executive_both_away_the_rulebooks_rule_names_who_acts_ziyang_76() {
        let rb = gongwen_rules::builtin("ziyang").unwrap();
        let dir = gongwen_org::builtin("ziyang").unwrap();
        let first_deputy =
            dir.leaders().iter().find(|l| l.role == LeaderRole::DeputyMayor).map(|l| l.id.clone()).unwrap();
        let away = |l: &str| l == "mayor" || l == "exec-vm";
        assert_eq!(acting(&dir, &rb, "mayor", &away), first_deputy);
        assert_eq!(acting(&dir, &rb, "exec-vm", &away), first_deputy);
        let mut holds = rb.clone();
        holds.approval.both_away_acting.value = BothAwayActing::OfficeHolds;
        assert_eq!(acting(&dir, &holds, "mayor", &away), "", "nobody acts: the office holds the item");
        assert_eq!(acting(&dir, &rb, "mayor", &|l: &str| l == "mayor"), "exec-vm");
    }
}
