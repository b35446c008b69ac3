//! The sample directories agree with their seeds.

use gongwen_org::{LeaderRole, builtin};

#[test]
fn yueqing_10_the_office_is_run_by_its_director_not_a_secretary_general() {
    // yueqing 第十条: 市政府办公室主任在市长领导下，负责处理市政府的日常工作.
    let dir = builtin("yueqing").unwrap();
    let roles: Vec<LeaderRole> = dir.leaders().iter().map(|l| l.role).collect();
    assert!(roles.contains(&LeaderRole::OfficeDirector) && roles.contains(&LeaderRole::DeputyOfficeDirector));
    assert!(!roles.contains(&LeaderRole::SecretaryGeneral) && !roles.contains(&LeaderRole::DeputySecretaryGeneral));
    assert!(dir.leader("office-director").is_some_and(|l| l.role.runs_the_office()));
}
