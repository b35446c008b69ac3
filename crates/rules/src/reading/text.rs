//! The text as a clerk sees it: sentences with their place in the document,
//! quoted titles masked (what an earlier document asked is not asked now),
//! and numbered items.

use std::ops::Range;

/// Which element of the document a span is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Body,
}

impl Field {
    pub fn path(self) -> &'static str {
        match self {
            Field::Title => "document.title",
            Field::Body => "document.body",
        }
    }
}

/// A piece of the document: where it is (Unicode scalar offsets, end
/// exclusive, into the element as sent) and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub field: Field,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// One sentence, ready to read.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub span: Span,
    /// The sentence with quoted material (《…》 “…” 「…」 『…』) replaced by
    /// as many `〇`, so offsets still line up.
    pub masked: String,
    /// The numbered item (一、 （一） 1. 第一，) the sentence belongs to, 0 before the first.
    pub item: usize,
    /// The paragraph (line) it stands in.
    pub paragraph: usize,
    /// It ends with a semicolon: the next sentence continues it.
    pub continued: bool,
}

const QUOTE_PAIRS: [(char, char); 5] = [('《', '》'), ('“', '”'), ('「', '」'), ('『', '』'), ('〈', '〉')];
const SENTENCE_END: [char; 8] = ['。', '！', '？', '；', '\n', '!', '?', ';'];
pub const MASK: char = '〇';

/// The names quoted in 《…》 (documents, books), outermost only.
pub fn quoted_titles(text: &str) -> Vec<String> {
    let (mut out, mut depth, mut current) = (Vec::new(), 0usize, String::new());
    for c in text.chars() {
        match c {
            '《' => {
                if depth > 0 {
                    current.push(c);
                }
                depth += 1;
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push(std::mem::take(&mut current));
                } else {
                    current.push(c);
                }
            }
            _ if depth > 0 => current.push(c),
            _ => {}
        }
    }
    out
}

/// Quoted material masked, character for character.
pub fn mask_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut closing: Vec<char> = Vec::new();
    for c in text.chars() {
        if let Some(&close) = closing.last() {
            if c == close {
                closing.pop();
                out.push(MASK);
                continue;
            }
            if let Some(&(_, inner)) = QUOTE_PAIRS.iter().find(|(open, _)| *open == c) {
                closing.push(inner);
            }
            out.push(MASK);
            continue;
        }
        if let Some(&(_, close)) = QUOTE_PAIRS.iter().find(|(open, _)| *open == c) {
            closing.push(close);
            out.push(MASK);
        } else {
            out.push(c);
        }
    }
    // An unclosed quote masks nothing: put the text back as it was.
    if closing.is_empty() { out } else { text.to_owned() }
}

/// Does this sentence open a numbered item? 一、 （一） (1) 1. 1、 第一， 其一，
pub fn opens_item(s: &str) -> bool {
    let mut chars = s.chars().peekable();
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    match chars.peek().copied() {
        Some('（' | '(') => {
            chars.next();
            let mut n = 0;
            while chars.peek().is_some_and(|c| numeral(*c) || c.is_ascii_digit()) {
                chars.next();
                n += 1;
            }
            n > 0 && matches!(chars.next(), Some('）' | ')'))
        }
        Some(c) if numeral(c) => {
            let mut n = 0;
            while chars.peek().is_some_and(|c| numeral(*c)) {
                chars.next();
                n += 1;
            }
            n > 0 && chars.next() == Some('、')
        }
        Some(c) if c.is_ascii_digit() => {
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
            matches!(chars.next(), Some('.' | '．' | '、')) && chars.peek().is_none_or(|c| !c.is_ascii_digit())
        }
        Some('第' | '其') => {
            chars.next();
            let mut n = 0;
            while chars.peek().is_some_and(|c| numeral(*c)) {
                chars.next();
                n += 1;
            }
            n > 0 && matches!(chars.next(), Some('，' | '、' | ',' | '是'))
        }
        _ => false,
    }
}

/// The sentences of an element, split at 。！？； and line breaks (never
/// inside a quotation), trimmed, with their offsets.
pub fn sentences(field: Field, text: &str) -> Vec<Sentence> {
    let masked = mask_quotes(text);
    let chars: Vec<char> = text.chars().collect();
    let masked_chars: Vec<char> = masked.chars().collect();
    let mut out = Vec::new();
    let mut item = 0;
    let mut paragraph = 0;
    let mut start = 0;
    let mut push = |range: Range<usize>, paragraph: usize, continued: bool, out: &mut Vec<Sentence>| {
        let blank = |c: &char| c.is_whitespace() || *c == '\u{3000}';
        let mut r = range;
        while r.start < r.end && blank(&chars[r.start]) {
            r.start += 1;
        }
        while r.end > r.start && blank(&chars[r.end - 1]) {
            r.end -= 1;
        }
        if r.is_empty() {
            return;
        }
        let m: String = masked_chars[r.clone()].iter().collect();
        let opens = opens_item(&m);
        if opens {
            item += 1;
        }
        out.push(Sentence {
            span: Span { field, start: r.start, end: r.end, text: chars[r.clone()].iter().collect() },
            masked: m,
            item,
            paragraph,
            continued,
        });
    };
    for (i, c) in masked_chars.iter().enumerate() {
        if SENTENCE_END.contains(c) {
            push(start..i, paragraph, matches!(c, '；' | ';'), &mut out);
            start = i + 1;
            if *c == '\n' {
                paragraph += 1;
            }
        }
    }
    push(start..chars.len(), paragraph, false, &mut out);
    out
}

/// The writer's name as signed under the body: its last line that is neither a date nor an
/// attachment or a contact.
pub fn signature(body: &str) -> Option<String> {
    let dated = |l: &str| {
        l.contains('年')
            && l.contains('月')
            && l.chars().any(|c| c.is_ascii_digit() || "〇一二三四五六七八九十".contains(c))
            && l.chars().count() <= 16
    };
    body.lines()
        .map(str::trim)
        .rev()
        .filter(|l| !l.is_empty())
        .take(4)
        .find(|l| {
            !dated(l)
                && !l.starts_with('附')
                && !l.starts_with('（')
                && !l.starts_with('(')
                && !l.contains("联系")
                && l.chars().count() <= 30
                && !l.ends_with(['。', '：', ':'])
        })
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_masked_in_place() {
        assert_eq!(mask_quotes("以《关于请予批准的请示》报请"), "以〇〇〇〇〇〇〇〇〇〇〇报请");
        assert_eq!(mask_quotes("未闭合《的书名"), "未闭合《的书名");
    }

    #[test]
    fn sentences_keep_their_offsets() {
        let s = sentences(Field::Body, "一、背景。\n二、恳请批准。妥否，请批示。");
        let texts: Vec<_> = s.iter().map(|s| (s.span.text.as_str(), s.span.start, s.item)).collect();
        assert_eq!(texts, vec![("一、背景", 0, 1), ("二、恳请批准", 6, 2), ("妥否，请批示", 13, 2)]);
    }

    #[test]
    fn numbering_forms() {
        for s in ["一、总体", "（三）经费", "(2)时间", "1.地点", "2、规模", "第一，成立", "其二，经费"]
        {
            assert!(opens_item(s), "{s}");
        }
        for s in ["1.5万元", "第一次会议", "一是", "我局"] {
            assert!(!opens_item(s), "{s}");
        }
    }
}
