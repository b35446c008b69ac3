//! I-7 报送单位主要负责人签发; upward documents show the 签发人; joint
//! documents are signed by every joint sender's head (urumqi 五十二; jining 五十六;
//! Regulation 第二十二条; GB/T 9704-2012 7.2.6).

use super::{Input, Reporter, is_upward};

pub fn check(input: &Input<'_>, r: &mut Reporter<'_>) {
    if !is_upward(input) {
        return;
    }
    let signed = input.document.signed_off_by.trim();
    if signed.is_empty() {
        r.report("document.signed_off_by", "上行文应当标注签发人", "an upward document must show who signed it off");
        return;
    }
    let signers: Vec<&str> = signed.split(['、', '，', ',', ' ']).map(str::trim).filter(|s| !s.is_empty()).collect();
    let units =
        std::iter::once(input.sender.id.as_str()).chain(input.envelope.joint_submitters.iter().map(String::as_str));
    for unit in units {
        let Some(dept) = input.directory.department(unit) else { continue };
        if !signers.contains(&dept.principal_head.as_str()) {
            r.report(
                "document.signed_off_by",
                format!("须由{}主要负责人（{}）签发，本件签发人为“{signed}”", dept.name, dept.principal_head),
                format!(
                    "must be signed off by the principal head of {} ({}), not \"{signed}\"",
                    dept.id, dept.principal_head
                ),
            );
        }
    }
}
