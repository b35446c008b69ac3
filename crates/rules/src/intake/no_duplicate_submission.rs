//! I-16 不得多头报送、重复报送: the same document already registered is
//! recognised (ziyang 四十五; jining 五十五; urumqi 四十八).

use super::{Input, Reporter};

pub fn check(input: &Input<'_>, r: &mut Reporter<'_>) {
    if let Some(receipt) = &input.facts.duplicate_of {
        report(receipt, r);
    }
}

pub(super) fn report(receipt: &str, r: &mut Reporter<'_>) {
    r.report(
        "document",
        format!("同一公文已登记为{receipt}，不得重复报送或多头报送"),
        format!("the same document is already registered as {receipt}"),
    );
}
