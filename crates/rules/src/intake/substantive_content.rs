//! I-15 无实质性内容的报送文件一律退回 (jining 六十三).

use super::{Input, Reporter};
use crate::text::han_chars;

pub fn check(input: &Input<'_>, r: &mut Reporter<'_>) {
    let min = input.rulebook.intake.params.min_substantive_chars.value as usize;
    let len = han_chars(&input.document.body);
    if len < min {
        r.report(
            "document.body",
            format!("报送文件无实质性内容（正文仅{len}字）"),
            format!("the document has no substantive content ({len} characters of text)"),
        );
    }
}
