//! I-11 凡属部门职责范围内的事项，应直接报送有关部门，不得报市政府
//! (jining 五十五; ziyang 五十; urumqi 五十三; Regulation 第十五条(二)).
//! Whether such a document is returned or registered for the office to
//! forward (ziyang 四十七) is the rulebook's `within_remit_outcome`.

use super::{Input, Reporter};
use crate::rulebook::RemitOutcome;

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
    match input.rulebook.intake.params.within_remit_outcome.value {
        RemitOutcome::Return => r.report("envelope.subject", zh, en),
        RemitOutcome::Forward => r.advise(
            "envelope.subject",
            format!("{zh}；经秘书长、副秘书长批示后由市政府办公室转交{}办理", holder.name),
            format!("{en}; the office forwards it there on the secretary-general's instruction"),
        ),
    }
}
