//! Who may do what in a countersign round — every rule in this one place.
//! Pure: the service passes the caller and the round; a refusal names its
//! rule (the `ErrorInfo` reason callers see) and is audited by the service.

use gongwen_auth::{Denied, Principal, Role};
use gongwen_proto::countersign::v1 as pb;

use crate::error::Code;

/// A department acts only for itself: opens its own rounds, replies and asks
/// for extensions only on its own tasks.
pub const OWN_UNIT: &str = Code::OwnUnit.spec().reason;
/// Only the lead department (主办单位) grants extensions, escalates,
/// concludes or withdraws its round.
pub const LEAD_ONLY: &str = Code::LeadOnly.spec().reason;
/// A round is shown to those with a role in it.
pub const ROLE_IN_ROUND: &str = Code::RoleInRound.spec().reason;
/// Every round's events: the office and services only.
pub const ALL_ROUNDS: &str = Code::AllRounds.spec().reason;

/// Open a round led by `lead`, or act on `department`'s task.
pub fn as_department(p: &Principal, department: &str, what: &str) -> Result<(), Denied> {
    match &p.role {
        Role::Department(d) if d == department => Ok(()),
        _ => Err(Denied::new(OWN_UNIT, format!("{p} cannot {what} for {department}"))),
    }
}

/// Extension decisions, escalation, conclusion, withdrawal.
pub fn lead(p: &Principal, round: &pb::Round, what: &str) -> Result<(), Denied> {
    match &p.role {
        Role::Department(d) if *d == round.lead_department => Ok(()),
        _ => Err(Denied::new(LEAD_ONLY, format!("only the lead department {} may {what}", round.lead_department))),
    }
}

/// Reading a round: its lead and participants, the office, the leaders it
/// may be escalated to, and services.
pub fn read(p: &Principal, round: &pb::Round) -> Result<(), Denied> {
    match &p.role {
        Role::Department(d) if *d == round.lead_department || round.tasks.iter().any(|t| t.department == *d) => Ok(()),
        Role::Department(d) => Err(Denied::new(ROLE_IN_ROUND, format!("{d} has no part in round {}", round.id))),
        Role::Office | Role::Leader(_) | Role::Service(_) => Ok(()),
    }
}

/// Listing: a department lists the rounds it leads or owes a reply to.
pub fn list(p: &Principal, lead: &str, pending_for: &str) -> Result<(), Denied> {
    match &p.role {
        Role::Department(d) if lead == d || pending_for == d => Ok(()),
        Role::Department(d) => Err(Denied::new(
            ROLE_IN_ROUND,
            format!("{d} lists only rounds it leads (lead_department={d}) or owes (pending_for={d})"),
        )),
        Role::Office | Role::Leader(_) | Role::Service(_) => Ok(()),
    }
}

/// Watching every round's events.
pub fn watch_all(p: &Principal) -> Result<(), Denied> {
    match &p.role {
        Role::Office | Role::Service(_) => Ok(()),
        _ => Err(Denied::new(ALL_ROUNDS, format!("{p} may watch only a round it has a part in (set round_id)"))),
    }
}

#[cfg(test)]
mod tests {
    use gongwen_auth::Clearance;

    use super::*;

    fn who(s: &str) -> Principal {
        Principal::new(s.parse().unwrap(), Clearance::Unclassified)
    }

    #[test]
    fn the_matrix() {
        let round = pb::Round {
            id: "r".into(),
            lead_department: "finance".into(),
            tasks: vec![pb::Task { department: "audit".into(), ..Default::default() }],
            ..Default::default()
        };
        let (lead, part, other, office, leader, svc) = (
            who("department:finance"),
            who("department:audit"),
            who("department:health"),
            who("office"),
            who("leader:mayor"),
            who("service:intake"),
        );
        assert!(as_department(&part, "audit", "reply").is_ok());
        for p in [&lead, &other, &office, &leader, &svc] {
            assert_eq!(as_department(p, "audit", "reply").unwrap_err().rule, OWN_UNIT, "{p}");
        }
        assert!(super::lead(&lead, &round, "conclude").is_ok());
        for p in [&part, &other, &office, &leader, &svc] {
            assert_eq!(super::lead(p, &round, "conclude").unwrap_err().rule, LEAD_ONLY, "{p}");
        }
        for p in [&lead, &part, &office, &leader, &svc] {
            assert!(read(p, &round).is_ok(), "{p}");
        }
        assert_eq!(read(&other, &round).unwrap_err().rule, ROLE_IN_ROUND);
        assert!(list(&other, "health", "").is_ok() && list(&other, "", "health").is_ok());
        assert_eq!(list(&other, "finance", "").unwrap_err().rule, ROLE_IN_ROUND);
        assert!(watch_all(&office).is_ok() && watch_all(&svc).is_ok());
        assert_eq!(watch_all(&lead).unwrap_err().rule, ALL_ROUNDS);
    }
}
