//! Who may do what in 呈批 — every rule in this one place. Pure; a refusal
//! names its rule and the service audits it.

use gongwen_auth::{Denied, Principal, Role};
use gongwen_proto::approval::v1 as pb;

use crate::error::Code;

/// 拟办, forwarding (交办), verification (核查) and closing (销号).
pub const OFFICE_ONLY: &str = Code::OfficeOnly.spec().reason;
/// Only leaders decide.
pub const LEADER_ONLY: &str = Code::LeaderOnly.spec().reason;
/// A leader decides only the step routed to them or to one they stand in for.
pub const YOUR_STEP: &str = Code::YourStep.spec().reason;
/// A leader records only their own absence (or the office does).
pub const OWN_ABSENCE: &str = Code::OwnAbsence.spec().reason;
/// A department reports only on its own forwarded task.
pub const OWN_TASK: &str = Code::OwnTask.spec().reason;
/// An item is shown to those with a role in its circulation.
pub const ROLE_IN_CIRCULATION: &str = Code::RoleInCirculation.spec().reason;
/// A leader's inbox: the leader and the office.
pub const OWN_INBOX: &str = Code::OwnInbox.spec().reason;

pub fn office(p: &Principal, what: &str) -> Result<(), Denied> {
    if p.is_office() { Ok(()) } else { Err(Denied::new(OFFICE_ONLY, format!("only the government office {what}"))) }
}

/// Deciding at all.
pub fn leader(p: &Principal) -> Result<(), Denied> {
    p.leader().map(|_| ()).ok_or_else(|| Denied::new(LEADER_ONLY, "only a leader decides"))
}

/// Deciding this step: `acting` is who acts on it now (the step's leader or
/// the substitute standing in for them).
pub fn decide(p: &Principal, item: &pb::Item, acting: &str) -> Result<(), Denied> {
    match p.leader() {
        None => Err(Denied::new(LEADER_ONLY, "only a leader decides")),
        Some(l) if l == acting => Ok(()),
        Some(l) => {
            Err(Denied::new(YOUR_STEP, format!("the step is {}'s (acting: {acting}), not {l}'s", item.current_leader)))
        }
    }
}

pub fn absence(p: &Principal, leader: &str) -> Result<(), Denied> {
    match &p.role {
        Role::Office => Ok(()),
        Role::Leader(l) if l == leader => Ok(()),
        _ => Err(Denied::new(OWN_ABSENCE, "a leader records their own absence, or the office does")),
    }
}

/// Reporting on `department`'s task; `office` is the office's directory id
/// (the office may be tasked too).
pub fn report(p: &Principal, department: &str, office: &str) -> Result<(), Denied> {
    let own = match &p.role {
        Role::Department(d) => d == department,
        Role::Office => department == office,
        _ => false,
    };
    if own { Ok(()) } else { Err(Denied::new(OWN_TASK, format!("only {department} reports on its own task"))) }
}

/// Whether `p` has a part in the item's circulation: its sender, the office,
/// the leaders on its route (and whoever acts for them), the departments
/// it was forwarded to, and services.
pub fn has_role(p: &Principal, item: &pb::Item) -> bool {
    match &p.role {
        Role::Office | Role::Service(_) => true,
        Role::Department(d) => {
            *d == item.submitting_unit || *d == item.forwarded_to || item.supervision.iter().any(|t| t.department == *d)
        }
        Role::Leader(l) => {
            *l == item.current_leader
                || *l == item.acting_leader
                || item.route.iter().any(|s| s.leader == *l)
                || item.decisions.iter().any(|d| d.decided_by == *l || d.on_behalf_of == *l)
        }
    }
}

pub fn read(p: &Principal, item: &pb::Item) -> Result<(), Denied> {
    if has_role(p, item) {
        Ok(())
    } else {
        Err(Denied::new(ROLE_IN_CIRCULATION, format!("{p} has no part in item {}", item.id)))
    }
}

pub fn inbox(p: &Principal, leader: &str, office_queue: bool) -> Result<(), Denied> {
    match &p.role {
        Role::Office => Ok(()),
        Role::Leader(l) if !office_queue && l == leader => Ok(()),
        _ => Err(Denied::new(OWN_INBOX, "a leader reads their own inbox; the office reads any and its queue")),
    }
}

/// The overdue report: the office, leaders and services.
pub fn overdue(p: &Principal) -> Result<(), Denied> {
    match &p.role {
        Role::Department(d) => {
            Err(Denied::new(OFFICE_ONLY, format!("{d} cannot read the government's overdue report")))
        }
        _ => Ok(()),
    }
}

/// Watching item events: a department only its own submissions'.
pub fn watch(p: &Principal, submitting_unit: &str) -> Result<(), Denied> {
    match &p.role {
        Role::Department(d) if d != submitting_unit => {
            Err(Denied::new(ROLE_IN_CIRCULATION, format!("{d} watches only its own items: set submitting_unit to {d}")))
        }
        _ => Ok(()),
    }
}

/// The item as `p` may see it: opinions and instructions of a classified
/// item only with a role and a sufficient clearance.
pub fn visible(p: &Principal, mut item: pb::Item) -> pb::Item {
    if has_role(p, &item) && p.clearance.permits(item.classification) {
        return item;
    }
    item.proposal.clear();
    for d in item.decisions.iter_mut() {
        d.opinion.clear();
    }
    for t in item.supervision.iter_mut() {
        t.instruction.clear();
        t.report.clear();
        t.verification.clear();
    }
    // The advisories quote the body.
    for f in item.advisories.iter_mut() {
        f.evidence.clear();
        f.message_zh.clear();
        f.message_en.clear();
        f.matters.clear();
    }
    item.content_withheld = true;
    item
}

#[cfg(test)]
mod tests {
    use gongwen_auth::Clearance;
    use gongwen_proto::common::v1::Classification;

    use super::*;

    fn who(s: &str) -> Principal {
        Principal::new(s.parse().unwrap(), Clearance::Secret)
    }

    fn item() -> pb::Item {
        pb::Item {
            id: "i".into(),
            submitting_unit: "audit".into(),
            current_leader: "vm-zhao".into(),
            acting_leader: "vm-zhao".into(),
            route: vec![pb::Step { leader: "vm-zhao".into(), ..Default::default() }],
            proposal: "拟请赵副市长阅示".into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_matrix() {
        let i = item();
        assert!(office(&who("office"), "x").is_ok());
        for p in ["department:audit", "leader:mayor", "service:intake"] {
            assert_eq!(office(&who(p), "x").unwrap_err().rule, OFFICE_ONLY);
        }
        assert!(decide(&who("leader:vm-zhao"), &i, "vm-zhao").is_ok());
        assert!(decide(&who("leader:exec-vm"), &i, "exec-vm").is_ok(), "a substitute decides");
        assert_eq!(decide(&who("leader:vm-sun"), &i, "vm-zhao").unwrap_err().rule, YOUR_STEP);
        assert_eq!(decide(&who("office"), &i, "vm-zhao").unwrap_err().rule, LEADER_ONLY);
        assert_eq!(leader(&who("department:audit")).unwrap_err().rule, LEADER_ONLY);
        assert!(absence(&who("leader:vm-sun"), "vm-sun").is_ok() && absence(&who("office"), "vm-sun").is_ok());
        assert_eq!(absence(&who("leader:vm-zhao"), "vm-sun").unwrap_err().rule, OWN_ABSENCE);
        assert!(report(&who("department:audit"), "audit", "office").is_ok());
        assert!(report(&who("office"), "office", "office").is_ok());
        assert_eq!(report(&who("department:finance"), "audit", "office").unwrap_err().rule, OWN_TASK);
        for p in ["department:audit", "office", "leader:vm-zhao", "service:gongwen"] {
            assert!(read(&who(p), &i).is_ok(), "{p}");
        }
        for p in ["department:finance", "leader:vm-sun"] {
            assert_eq!(read(&who(p), &i).unwrap_err().rule, ROLE_IN_CIRCULATION, "{p}");
        }
        assert!(inbox(&who("leader:vm-zhao"), "vm-zhao", false).is_ok());
        assert!(inbox(&who("office"), "", true).is_ok());
        assert_eq!(inbox(&who("leader:vm-zhao"), "mayor", false).unwrap_err().rule, OWN_INBOX);
        assert!(overdue(&who("department:audit")).is_err() && overdue(&who("leader:mayor")).is_ok());
        assert!(watch(&who("department:audit"), "audit").is_ok() && watch(&who("department:audit"), "").is_err());
    }

    #[test]
    fn classified_opinions_need_clearance_and_a_role() {
        let mut i = item();
        i.classification = Classification::TopSecret as i32;
        assert!(visible(&who("leader:vm-zhao"), i.clone()).content_withheld, "secret clearance, top-secret item");
        let cleared = Principal::new(Role::Leader("vm-zhao".into()), Clearance::TopSecret);
        assert_eq!(visible(&cleared, i.clone()).proposal, "拟请赵副市长阅示");
        let outsider = Principal::new(Role::Leader("vm-sun".into()), Clearance::TopSecret);
        assert!(visible(&outsider, i).proposal.is_empty());
    }
}
