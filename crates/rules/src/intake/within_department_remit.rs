//! I-11 凡属部门职责范围内的事项，应直接报送有关部门，不得报市政府
//! (jining 五十五; ziyang 五十; urumqi 五十三; Regulation 第十五条(二)).

use super::{Input, Reporter};

pub fn check(input: &Input<'_>, r: &mut Reporter<'_>) {
    let subject = input.envelope.subject.trim();
    if subject.is_empty() {
        return;
    }
    let holders = input.directory.remit_holders(subject);
    let Some(holder) = holders.first() else { return };
    let (zh, en) = if holder.id == input.sender.id {
        (
            format!("该事项属本部门职责范围，应由{}自行办理，不得报市政府", holder.name),
            format!("the matter ({subject}) is within the sender's own remit and is not for the government"),
        )
    } else {
        (
            format!("该事项属{}职责范围，应直接报送该部门", holder.name),
            format!("the matter ({subject}) is within the remit of {} and goes to it directly", holder.id),
        )
    };
    r.report("envelope.subject", zh, en);
}
