//! I-10 议事协调机构、临时机构、行业协会和部门内设、管理机构不得直接向市政府报送公文;
//! their supervising department does (jining 五十六).

use super::{Input, Reporter};

pub fn check(input: &Input<'_>, r: &mut Reporter<'_>) {
    if input.sender.kind.is_ineligible_sender() {
        let via = input
            .sender
            .parent
            .as_deref()
            .and_then(|p| input.directory.department(p))
            .map(|d| d.name.as_str())
            .unwrap_or("其主管部门");
        r.report(
            "envelope.submitting_unit",
            format!("{}不得直接向市政府报送公文，应由{via}报文", input.sender.name),
            format!("{} may not write to the government itself; its supervising department does", input.sender.id),
        );
    }
}
