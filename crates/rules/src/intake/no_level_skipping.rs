//! I-5 不得越级行文: a unit whose superior is not the government writes to its
//! superior; when skipping is approved it copies the skipped body
//! (Regulation 第十四条; urumqi 四十八: 未经批准不得越级行文; jining 五十五 allows no
//! exception: 不得…越级行文).

use super::{Input, Reporter};

pub fn check(input: &Input<'_>, r: &mut Reporter<'_>) {
    let Some(parent_id) = &input.sender.parent else { return };
    let Some(parent) = input.directory.department(parent_id) else { return };
    let may_be_approved = &input.rulebook.intake.params.level_skip_may_be_approved;
    if input.envelope.level_skip_approved && !may_be_approved.value {
        r.report(
            "envelope.level_skip_approved",
            format!("本规则不允许越级行文，经批准亦然（{}），应报送上级机关“{}”", may_be_approved.source, parent.name),
            format!("this rulebook allows no level-skipping, approved or not; the document goes to {}", parent.id),
        );
        return;
    }
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
