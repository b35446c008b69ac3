//! I-1 一文一事: a 请示 carries exactly one request matter, stated explicitly
//! (Regulation 第十五条(四); urumqi 四十八; jining 五十六: 请示事项应当明确).
//!
//! The matters are read from the title and body (`crate::reading`): sub-asks
//! about one project or event are one matter; asks about different objects
//! are several.

use super::{Input, ReadingFinding, Reporter};
use crate::{
    document::DocType,
    reading::{self, Field, Span},
};

pub fn check(input: &Input<'_>, r: &mut Reporter<'_>) {
    let doc = input.document;
    if doc.doc_type != DocType::Request {
        return;
    }
    if doc.request_matters.len() > 1 {
        r.report(
            "document.request_matters",
            format!("请示应当一文一事，本件列有{}项请示事项", doc.request_matters.len()),
            format!("a request must carry one matter; this one lists {} request matters", doc.request_matters.len()),
        );
        return;
    }
    let reading = reading::read(&doc.title, &doc.body);
    if let Some(certainty) = reading.several_matters() {
        let body: Vec<_> = reading.body_matters().collect();
        let matters: Vec<String> = if body.len() >= 2 || reading.title_matters.len() < 2 {
            body.iter().map(|m| reading.label(m)).collect()
        } else {
            reading.title_matters.clone()
        };
        // The writer's count (以上两项, 现将两个事项…) when the reading names fewer.
        let count = matters.len().max(reading.counts().map(|(n, _)| *n).max().unwrap_or(0));
        let mut evidence = reading.ask_spans();
        // The title says 等事项 over a body read as one matter: the title is the evidence too.
        let title_says_more = count < 2;
        if reading.title_matters.len() >= 2 || title_says_more {
            let title = Span { field: Field::Title, start: 0, end: doc.title.chars().count(), text: doc.title.clone() };
            evidence.insert(0, title);
        }
        let listed: Vec<String> = matters.iter().enumerate().map(|(i, m)| format!("{}. {m}", i + 1)).collect();
        r.report_reading(
            input.rulebook,
            certainty,
            ReadingFinding {
                field: if body.len() >= 2 { "document.body" } else { "document.title" },
                message_zh: if title_says_more {
                    format!("请示应当一文一事，本件标题称“等事项”，正文请示：{}", listed.join("；"))
                } else {
                    format!("请示应当一文一事，本件提出了{count}项请示事项：{}", listed.join("；"))
                },
                message_en: if title_says_more {
                    format!(
                        "a request must carry one matter; its title says there are several (等事项), the body asks: {}",
                        listed.join("; ")
                    )
                } else {
                    format!(
                        "a request must carry one matter; this one asks about {count} matters: {}",
                        listed.join("; ")
                    )
                },
                evidence,
                matters,
            },
        );
    } else if doc.request_matters.is_empty()
        && let Some(certainty) = reading.asks_nothing()
    {
        r.report_reading(
            input.rulebook,
            certainty,
            ReadingFinding {
                field: "document.body",
                message_zh: "请示事项应当明确，正文未提出请示事项".into(),
                message_en: "the request matter must be explicit; the body asks for nothing".into(),
                evidence: Vec::new(),
                matters: Vec::new(),
            },
        );
    }
}
