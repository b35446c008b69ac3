//! 督办 (jining 七十三: 立项—交办—承办—反馈—核查—销号), without I/O, and the
//! blue/yellow/red flags (jining 七十) counted in working days.

use chrono::{DateTime, Utc};
use gongwen_calendar::Calendar;
use gongwen_org::Directory;
use gongwen_proto::approval::v1::{self as pb, Flag, ItemState, SupervisionState};

use crate::error::{Error, Result};

pub fn due(task: &pb::SupervisionTask) -> DateTime<Utc> {
    gongwen_proto::time::instant(&task.due_time).unwrap_or(DateTime::UNIX_EPOCH)
}

fn task_mut<'a>(item: &'a mut pb::Item, department: &str) -> Result<&'a mut pb::SupervisionTask> {
    item.supervision
        .iter_mut()
        .find(|t| t.department == department)
        .ok_or_else(|| Error::NotFound(format!("{department}'s forwarded task")))
}

fn expect(task: &pb::SupervisionTask, state: SupervisionState) -> Result<()> {
    if task.state() == state {
        Ok(())
    } else {
        Err(Error::refused(
            crate::error::Code::TaskState,
            format!("{}'s task is {:?}, not {state:?}", task.department, task.state()),
        ))
    }
}

/// 交办: forward a decided matter to departments with a due date in working days.
pub fn forward(
    item: &mut pb::Item,
    dir: &Directory,
    cal: &Calendar,
    req: &pb::ForwardRequest,
    now: DateTime<Utc>,
) -> Result<()> {
    if !matches!(item.state(), ItemState::Decided | ItemState::ForwardedToDepartment) {
        return Err(Error::refused(
            crate::error::Code::NotDecided,
            format!("item is {:?}: forward after the decision", item.state()),
        ));
    }
    open(item, dir, cal, req, now)
}

/// Opens the supervision tasks of a forwarding: the office's 交办 after a
/// decision, or a leader's 批示 as it is written.
pub fn open(
    item: &mut pb::Item,
    dir: &Directory,
    cal: &Calendar,
    req: &pb::ForwardRequest,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut errs = Vec::new();
    if req.departments.is_empty() {
        errs.push(("departments".to_owned(), "at least one".to_owned()));
    }
    for (i, d) in req.departments.iter().enumerate() {
        if dir.department(d).is_none() {
            errs.push((format!("departments[{i}]"), format!("unknown unit {d:?}")));
        } else if item.supervision.iter().any(|t| &t.department == d && t.state() != SupervisionState::Closed) {
            errs.push((format!("departments[{i}]"), format!("{d} already has an open task")));
        }
    }
    if req.instruction.trim().is_empty() {
        errs.push(("instruction".to_owned(), "required".to_owned()));
    }
    if req.due_working_days == 0 {
        errs.push(("due_working_days".to_owned(), "at least 1".to_owned()));
    }
    if !errs.is_empty() {
        return Err(Error::InvalidArgument(errs));
    }
    let due = cal.working_day_deadline(now, req.due_working_days)?;
    for d in &req.departments {
        item.supervision.push(pb::SupervisionTask {
            department: d.clone(),
            instruction: req.instruction.clone(),
            due_time: Some(gongwen_proto::time::timestamp(due)),
            due_basis: Some(crate::route::due_basis(cal, now, due, req.due_working_days)),
            state: SupervisionState::Assigned as i32,
            ..Default::default()
        });
    }
    Ok(())
}

/// 承办/反馈: the department's formal report (jining 五十七: 以正式报告形式回复办理结果).
pub fn report(item: &mut pb::Item, department: &str, text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::invalid("report", "the formal report is required"));
    }
    let task = task_mut(item, department)?;
    expect(task, SupervisionState::Assigned)?;
    task.report = text.to_owned();
    task.set_state(SupervisionState::Reported);
    Ok(())
}

/// 核查: accepted, or back to the department.
pub fn verify(item: &mut pb::Item, req: &pb::VerifyRequest) -> Result<()> {
    let task = task_mut(item, &req.department)?;
    expect(task, SupervisionState::Reported)?;
    task.verification = req.note.clone();
    task.set_state(if req.accepted { SupervisionState::Verified } else { SupervisionState::Assigned });
    Ok(())
}

/// 销号: only after verification.
pub fn close(item: &mut pb::Item, department: &str) -> Result<()> {
    let task = task_mut(item, department)?;
    expect(task, SupervisionState::Verified)?;
    task.set_state(SupervisionState::Closed);
    Ok(())
}

/// Blue on track, yellow when `yellow` working days or fewer remain, red when
/// overdue; a verified or closed task is blue.
pub fn flag(task: &mut pb::SupervisionTask, cal: &Calendar, now: DateTime<Utc>, yellow: u32) {
    let done = matches!(task.state(), SupervisionState::Verified | SupervisionState::Closed);
    let (f, left) = flag_of(due(task), done, cal, now, yellow);
    task.working_days_left = left as i32;
    task.set_flag(f);
}

/// The flag of a task due at `due` (and the working days left), as [`flag`] sets it.
fn flag_of(due: DateTime<Utc>, done: bool, cal: &Calendar, now: DateTime<Utc>, yellow: u32) -> (Flag, i64) {
    let left = cal.working_days_left(now, due).unwrap_or(0);
    let f = if done {
        Flag::Blue
    } else if now > due {
        Flag::Red
    } else if left <= i64::from(yellow) {
        Flag::Yellow
    } else {
        Flag::Blue
    };
    (f, left)
}

/// How many open tasks (neither verified nor closed), due at `dues`, carry
/// each flag at `now`: `[blue, yellow, red]`.
pub fn count_flags(dues: &[DateTime<Utc>], cal: &Calendar, now: DateTime<Utc>, yellow: u32) -> [u64; 3] {
    let mut counts = [0; 3];
    for due in dues {
        counts[match flag_of(*due, false, cal, now, yellow).0 {
            Flag::Red => 2,
            Flag::Yellow => 1,
            _ => 0,
        }] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cst(s: &str) -> DateTime<Utc> {
        chrono::DateTime::parse_from_rfc3339(&format!("{s}+08:00")).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn jining_70_open_tasks_are_counted_red_when_overdue_yellow_near_due_and_blue_otherwise() {
        let cal = Calendar::national();
        // Monday 2026-11-02 10:00, yellow at 2 working days or fewer.
        let now = cst("2026-11-02T10:00:00");
        let dues = [
            cst("2026-10-30T17:30:00"), // overdue since Friday: red
            cst("2026-11-02T09:00:00"), // overdue this morning: red
            cst("2026-11-03T17:30:00"), // tomorrow: yellow
            cst("2026-11-04T17:30:00"), // two working days left counting today: yellow
            cst("2026-11-20T17:30:00"), // blue
        ];
        let counts = count_flags(&dues, &cal, now, 2);
        assert_eq!(counts, [1, 2, 2]);
        // The same rule as the flag a task is shown with.
        for due in dues {
            let mut task =
                pb::SupervisionTask { due_time: Some(gongwen_proto::time::timestamp(due)), ..Default::default() };
            task.set_state(SupervisionState::Assigned);
            flag(&mut task, &cal, now, 2);
            let expected = count_flags(&[due], &cal, now, 2);
            assert_eq!(expected[task.flag() as usize - 1], 1, "{due}: {:?}", task.flag());
        }
    }
}
