//! I-5 不得越级行文: a unit whose superior is not the government writes to its
//! superior; when skipping is approved it copies the skipped body
//! (Regulation 第十四条; urumqi 四十八; jining 五十五).

use super::{Input, Reporter};

pub fn check(input: &Input<'_>, r: &mut Reporter<'_>) {
    let Some(parent_id) = &input.sender.parent else { return };
    let Some(parent) = input.directory.department(parent_id) else { return };
    if !input.envelope.level_skip_approved {
        r.report(
            "envelope.submitting_unit",
            format!("未经批准不得越级行文，应报送上级机关“{}”", parent.name),
            format!("level-skipping without approval: the document should go to {}", parent.id),
        );
        return;
    }
    let copied =
        input.document.cc.iter().any(|cc| input.directory.department_by_name(cc).is_some_and(|u| u.id == parent.id));
    if !copied {
        r.report(
            "document.cc",
            format!("越级行文应当同时抄送被越过的机关“{}”", parent.name),
            format!("a level-skipping document must copy the skipped body {}", parent.id),
        );
    }
}
