//! Reading the body of a document for asks (请示事项), for I-1 and I-2.
//!
//! Precision over recall: a false return is worse than a miss. An "ask" is
//! an explicit request phrase addressed to the reader (请批准, 请审批,
//! 恳请市政府……批准 …); quoted titles (《…》, “…”) are ignored, and the
//! closing formula (妥否，请批示) is told apart from a substantive ask.

use std::sync::LazyLock;

use regex::Regex;

/// An explicit request to the reader, inside one sentence.
static ASK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"请(?:予以?)?(?:批准|审批|批示|核准|批复|审定|批转|审核同意|同意|支持|研究解决|协调解决)",
        r"|恳请[^。；！？]{0,24}?(?:批准|同意|审批|支持|协调|解决|拨付|安排|研究|核准|审定|批复|给予|出台|明确|帮助)",
        r"|请(?:市政府|市人民政府|政府|市领导|领导)[^。；！？]{0,16}?(?:批准|同意|审批|支持|协调|解决|拨付|安排|研究|核准|审定|批复|给予|出台|明确)",
        r"|特此请示",
    ))
    .expect("ask pattern")
});

/// The closing formula of a request: it asks for a decision on what precedes
/// and names no matter of its own.
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:以上(?:请示|报告|意见|事项|所请)?[，,]?\s*)?",
        r"(?:(?:妥否|当否|可否|是否妥当|是否可行|如无不妥|如无不当|如可行)[，,]?\s*)?",
        r"(?:请予?(?:批示|批复|审批|审定|批准|指示|示复|核示|批转)|特此请示)",
        r"(?:为盼|为荷)?$",
    ))
    .expect("closing pattern")
});

/// A sentence that opens a numbered item: 一、 （一） 1. 1、 第一， 其一，
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[\.．、](?:\D|$)|第[一二三四五六七八九十]+[，、,]|其[一二三四五六七八九十][，、,])")
        .expect("numbering pattern")
});

/// A sentence that adds another matter: 另外，…  此外，…  同时，…
static ADDITIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:另外|此外|另|同时|还有|再者|另有一事)[，,、]").expect("additive pattern"));

static QUOTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"《[^》]*》|“[^”]*”|「[^」]*」").expect("quote pattern"));

/// What the body asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Asks {
    /// Sentences that make a substantive ask (not the closing formula).
    pub substantive: Vec<String>,
    /// Closing formulas (妥否，请批示 …).
    pub closings: Vec<String>,
    /// Distinct numbered items that each carry their own substantive ask.
    pub numbered_items_with_asks: usize,
    /// Substantive asks introduced as an addition (另外，恳请…) after an earlier ask.
    pub added_asks: usize,
}

impl Asks {
    /// Does the body ask for anything at all?
    pub fn any(&self) -> bool {
        !self.substantive.is_empty() || !self.closings.is_empty()
    }

    /// Does the body carry more than one request matter?
    pub fn several_matters(&self) -> bool {
        self.numbered_items_with_asks >= 2 || (self.added_asks >= 1 && self.substantive.len() >= 2)
    }
}

/// Sentences of a body: split at 。！？； and line breaks, trimmed.
pub fn sentences(body: &str) -> impl Iterator<Item = &str> {
    body.split(['。', '！', '？', '；', '\n', '!', '?', ';'])
        .map(|s| s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}'))
        .filter(|s| !s.is_empty())
}

pub fn find_asks(body: &str) -> Asks {
    let unquoted = QUOTED.replace_all(body, "《》");
    let mut asks = Asks::default();
    let mut item: usize = 0;
    let mut last_item_with_ask: Option<usize> = None;
    for sentence in sentences(&unquoted) {
        if NUMBERED.is_match(sentence) {
            item += 1;
        }
        let bare = sentence.trim_end_matches(['。', '！', '？', '，', ',']);
        if CLOSING.is_match(bare) {
            asks.closings.push(bare.to_owned());
            continue;
        }
        if !ASK.is_match(bare) {
            continue;
        }
        if ADDITIVE.is_match(bare) && !asks.substantive.is_empty() {
            asks.added_asks += 1;
        }
        if item > 0 && last_item_with_ask != Some(item) {
            asks.numbered_items_with_asks += 1;
            last_item_with_ask = Some(item);
        }
        asks.substantive.push(bare.to_owned());
    }
    asks
}

/// Han characters in a text (the measure of length and substance).
pub fn han_chars(text: &str) -> usize {
    text.chars().filter(|c| matches!(*c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_numbered_asks_are_two_matters() {
        let a = find_asks(
            "一、关于增加编制的事项。拟增加编制5名，请审批。\n二、关于购置车辆的事项。拟购置执法车辆2台，请批准。",
        );
        assert_eq!(a.numbered_items_with_asks, 2, "{a:?}");
        assert!(a.several_matters());
    }

    #[test]
    fn one_ask_with_closing_is_one_matter() {
        let a = find_asks("为改善办学条件，我局拟新建实验学校一所，总投资8000万元。恳请市政府批准立项。妥否，请批示。");
        assert_eq!(a.substantive.len(), 1, "{a:?}");
        assert_eq!(a.closings, vec!["妥否，请批示"]);
        assert!(!a.several_matters());
    }

    #[test]
    fn quoted_titles_are_not_asks() {
        let a = find_asks("根据《关于请予批准设立开发区的请示》的批复精神，我局开展了以下工作。特此报告。");
        assert!(!a.any(), "{a:?}");
    }

    #[test]
    fn an_added_ask_after_a_first_one_is_another_matter() {
        let a = find_asks("恳请市政府批准实施老旧小区改造项目。另外，恳请市政府协调解决我局办公用房问题。");
        assert!(a.several_matters(), "{a:?}");
    }
}
