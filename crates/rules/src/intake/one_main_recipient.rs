//! I-4 一个主送机关, others only as copies; never copied to subordinates
//! (Regulation 第十五条(一); ziyang 四十五; urumqi 四十八; jining 五十五).

use super::{Input, Reporter};

pub fn check(input: &Input<'_>, r: &mut Reporter<'_>) {
    let doc = input.document;
    let recipients: Vec<&str> = doc
        .main_recipient
        .split(['、', '，', ',', '；', ';', '/'])
        .flat_map(|s| s.split("和"))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if recipients.len() > 1 {
        r.report(
            "document.main_recipient",
            format!("上行文原则上只主送一个上级机关，不得多头主送：{}", recipients.join("、")),
            format!("an upward document has one main recipient, not {}", recipients.len()),
        );
    }
    let subordinates = input.directory.subordinates_of(&input.sender.id);
    for cc in &doc.cc {
        if let Some(unit) = input.directory.department_by_name(cc)
            && subordinates.contains(unit.id.as_str())
        {
            r.report(
                "document.cc",
                format!("上行文不得抄送下级机关：{cc}"),
                format!("an upward document is not copied to a subordinate body: {cc}"),
            );
        }
    }
}
