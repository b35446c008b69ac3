//! I-3 不得直接向领导同志个人报送公文, except the rulebook's exceptions
//! (zhangye 四十八; ziyang 四十五; urumqi 四十八; jining 五十五; Regulation 第十五条(五)).

use super::{Input, Reporter};
use crate::document::{Addressee, Classification, DirectReason};

pub fn check(input: &Input<'_>, r: &mut Reporter<'_>) {
    let (doc, env) = (input.document, input.envelope);
    let to_leader = env.addressee == Addressee::Leader || input.directory.names_a_leader(&doc.main_recipient);
    if !to_leader {
        return;
    }
    let allowed = &input.rulebook.intake.params.direct_to_leader_exceptions.value;
    let Some(reason) = env.direct_reason else {
        r.report(
            "envelope.addressee",
            "公文一律送市政府办公室统一办理，不得直接报送领导同志个人，本件未说明直报理由",
            "documents go to the government's office, not to a leader personally; no exception was given",
        );
        return;
    };
    // A top-secret matter is a classified matter: a rulebook that admits
    // classified matters admits top-secret ones too, not the other way round.
    let admitted = allowed.contains(&reason)
        || (reason == DirectReason::TopSecretMatter && allowed.contains(&DirectReason::ClassifiedMatter));
    if !admitted {
        r.report(
            "envelope.direct_reason",
            format!("本规则不允许以“{}”为由直接报送领导同志个人", reason.label_zh()),
            format!("this rulebook does not let \"{}\" go straight to a leader", reason.label_zh()),
        );
        return;
    }
    let consistent = match reason {
        DirectReason::TopSecretMatter => doc.classification == Classification::TopSecret,
        DirectReason::ClassifiedMatter => doc.classification >= Classification::Confidential,
        DirectReason::LeaderAssigned => !env.direct_reason_note.trim().is_empty(),
        _ => true,
    };
    if !consistent {
        let (zh, en) = match reason {
            DirectReason::TopSecretMatter => {
                ("以绝密事项为由直报，但公文未标注绝密", "sent directly as top secret, but not marked 绝密")
            }
            DirectReason::ClassifiedMatter => {
                ("以涉密事项为由直报，但公文未标注密级", "sent directly as classified, but carries no classification")
            }
            _ => (
                "以领导交办事项为由直报，但未注明交办依据",
                "sent directly as leader-assigned, but the assignment is not referenced",
            ),
        };
        r.report("envelope.direct_reason", zh, en);
    }
}
