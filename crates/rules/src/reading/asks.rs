//! Live asks in a sentence: what the writer asks the government to do now,
//! told apart from narrative (what was asked before, what others applied
//! for) and from asks made of someone else.

use super::{
    lexicon::{self, Category, CueKind},
    segment::{Word, words},
    text::{self, MASK, Sentence, Span},
};

/// One thing asked of the government, as read from one sentence.
#[derive(Debug, Clone)]
pub struct Ask {
    /// Where it stands: from its cue to the end of what it asks.
    pub span: Span,
    /// The sentence it is in (index into the reading's sentences).
    pub sentence: usize,
    pub cue: String,
    /// What is asked, as written (the object of the ask).
    pub object: String,
    /// Sure it is an ask of the government (恳请市政府…), not a hope or a
    /// suggestion that may be addressed to no one in particular.
    pub strong: bool,
    pub category: Category,
    /// The specific words that say what the ask is about (its project,
    /// event, post …), or, when it names none, those of its sentence.
    pub anchors: Vec<String>,
    /// Its anchors are its sentence's or its item heading's, not its own object's.
    pub borrowed: bool,
    /// It refers back (该项目, 此次活动, a bare 项目 …) to a matter already named.
    pub anaphoric: bool,
    /// Its sentence opens with 另外/此外/同时…, or it is joined to an earlier
    /// ask of the same sentence: the writer adds something.
    pub additive: bool,
    /// …only because its paragraph opens with 同时, which adds to the same undertaking as often as
    /// to another: a matter it opens is one the office should see, not one to return.
    pub meanwhile: bool,
    /// The words of the document its sentence quoted just before it, when that names it
    /// (起草了《…管理办法》，拟请…印发).
    pub document_words: Vec<String>,
    /// The numbered item it stands in (0: none).
    pub item: usize,
    /// For posts, the unit they are for (为[市技师学院]增加编制; 为该中心…: the 中心 its
    /// paragraph named), so posts for two units are told apart.
    pub unit: Vec<String>,
}

/// What the sentences before an ask say, for asks that name nothing themselves.
#[derive(Debug, Default, Clone)]
pub struct Around {
    /// The identity of the numbered item's heading.
    pub heading: Vec<String>,
    /// The identity of the nearest earlier sentence of the paragraph that names something.
    pub before: Vec<String>,
    /// An earlier sentence since the last ask opened with 另外/此外: what follows is added.
    pub added: bool,
    /// …and it opened on what follows the undertaking (另外，站点建成后…): what it adds is the
    /// undertaking's.
    pub added_after_completion: bool,
    /// …and it opened with 同时 (see `Ask::meanwhile`).
    pub meanwhile: bool,
    /// The documents quoted by name (《…实施方案》) in the paragraph since the last ask: what a
    /// later 该方案 refers to, rather than the matter already asked about.
    pub documents: Vec<String>,
    /// The paragraph so far, up to and including the sentence read: what 该中心 refers to.
    pub paragraph: String,
    /// The writer's name as signed (its specific words): a subject it names is the writer.
    pub writer: Vec<String>,
}

/// Every live ask of one sentence. `heading` is what the sentence's
/// numbered item is about (the anchors of its first sentence), for asks that
/// name nothing themselves (一、关于编制。拟增加5名，请审批).
pub fn in_sentence(index: usize, s: &Sentence, ws: &[Word<'_>], closing_tail: usize, around: &Around) -> Vec<Ask> {
    let heading = around.heading.as_slice();
    let text = &s.masked;
    // Quick exit: most sentences carry no cue at all.
    if !text.contains(['请', '望', '盼', '建', '求', '需']) {
        return Vec::new();
    }
    // 请一并批准… / 一并提请市政府审定: the writer adds this ask to what it asked before.
    let together = |i: usize| ws.get(i + 1).is_some_and(|w| w.is(&["一并"])) || i > 0 && ws[i - 1].is(&["一并"]);
    let opens_additive = around.added || opens_additive(ws);
    let mut cues: Vec<(usize, CueKind, bool)> = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let Some(kind) = lexicon::cue(w.text) else { continue };
        if let Some(strong) = live(ws, i, kind).filter(|_| !asked_by_another(ws, i, &around.writer)) {
            cues.push((i, kind, strong));
        }
    }
    let end_word = ws.iter().position(|w| w.start >= closing_tail).unwrap_or(ws.len());
    let mut out = Vec::new();
    for (n, &(i, _kind, strong)) in cues.iter().enumerate() {
        if i >= end_word {
            break;
        }
        let until = cues.get(n + 1).map_or(end_word, |c| c.0.min(end_word));
        let context = identity(&ws[clause_start(ws, i).min(i)..i]);
        let context = if context.is_empty() { identity(&ws[..i]) } else { context };
        // 同时，…需建立…平台，…费用约90万元，请一并批准由市财政安排: an addition names what the
        // clause nearest its cue names.
        let context =
            if context.is_empty() && (opens_additive || together(i)) { nearest_identity(&ws[..i]) } else { context };
        let context = if context.is_empty() { around.before.clone() } else { context };
        for (k, part) in split_joined(ws, i + 1, until).into_iter().enumerate() {
            let object_words = &ws[part.clone()];
            if object_words.iter().all(Word::is_punct) {
                continue;
            }
            // 几项工作需提请市政府决定，现一并请示如下: it announces the asks, it is none.
            if text.contains("如下")
                && first_clause(object_words)
                    .iter()
                    .filter(|w| !w.is_punct() && !w.is(lexicon::GOVERNMENT))
                    .all(|w| act(w) || w.is(&["研究", "决定", "决策", "审议"]))
            {
                continue;
            }
            let (from, to) = (if k == 0 { ws[i].start } else { ws[part.start].start }, ws[part.end - 1].end);
            let object: String =
                s.span.text.chars().skip(ws[part.start].start).take(to - ws[part.start].start).collect();
            let mut object = object.trim_matches(|c: char| "，,、：: ".contains(c)).to_owned();
            // What the ask names and what kind it is, read without its asides (（估算投资4600万元）).
            let plain: Vec<Word<'_>> = without_asides(object_words).into_iter().cloned().collect();
            let object_words = plain.as_slice();
            // The label says what is asked, not of whom: 市政府批准… → 批准…
            while let Some(rest) = lexicon::GOVERNMENT.iter().find_map(|g| object.strip_prefix(g)) {
                object = rest.trim_start_matches(['，', '：']).to_owned();
            }
            // 建议由市政府牵头，于12月召开全市…推进会: a first clause that only says who leads leaves
            // the kind to the act after it; then to what the sentence said before the cue.
            let category = match lexicon::category_of_words(first_clause(object_words)) {
                // 参照…支持方式，按总投资的20%给予市级补助: a first clause of manner leaves it to the next.
                Category::Other
                    if first_clause(object_words).iter().any(|w| w.is(&["牵头", "负责", "主办"]))
                        || first_clause(object_words)
                            .iter()
                            .find(|w| !w.is(lexicon::GOVERNMENT))
                            .is_some_and(|w| w.is(lexicon::MANNER)) =>
                {
                    match lexicon::category_of_words(object_words) {
                        Category::Other => lexicon::category_of_words(&ws[..i]),
                        c => c,
                    }
                }
                Category::Other => lexicon::category_of_words(&ws[..i]),
                c => c,
            };
            // 协调区委编办、区财政局将我院由公益二类调整为公益一类: coordinating toward an act on
            // something asks for that act.
            let coordinated =
                (category == Category::Coordination).then(|| coordinated_act(first_clause(object_words))).flatten();
            let category = match coordinated {
                Some(act) => lexicon::category_of_words(act),
                None => category,
            };
            let additive = (opens_additive || together(i)) && n == 0 && k == 0;
            // What serves a matter (its funds, who attends, its committee) names
            // only the object it is for (拨付[检测设备]购置经费), or nothing.
            let serves = lexicon::supports(category) && !additive;
            // Named by a whole phrase rather than one specific word: not sure enough to tell matters apart.
            let mut by_phrase = false;
            let mut own = if serves {
                let (own, phrase) = served_object(object_words);
                by_phrase = phrase;
                own
            } else if k == 0 {
                identity(object_words)
            } else {
                identity(first_clause(object_words))
            };
            // 安排2000万元，对新购的纯电动公交车给予购置补贴: the sum names what it pays for only in the
            // clause after it — not the head of its object, so not sure enough to tell matters apart.
            let purpose = serves && own.is_empty() && category == Category::Funds && {
                own = funded_purpose(object_words);
                !own.is_empty()
            };
            // Coordinating (协调会, 督促…) is a means to the matter, never a matter of its own.
            if category == Category::Coordination && !additive {
                own.clear();
            }
            // 上述问题, 该项目: the matter already named; 该楼, 该中心: what it names.
            let mut refers_back = false;
            // 另外，请将该项目纳入市级重点项目: added, yet about the undertaking already named (when
            // an earlier sentence opened the addition, 该项目 is what that sentence named).
            // 另外，项目区涉及…，恳请督促… / 另外，请将示范项目实施情况纳入考核: the sentence speaks of the
            // undertaking by its bare noun.
            if additive
                && !around.added
                && (matches!(reference(first_clause(object_words)), Reference::Generic(noun)
                    if noun.as_str() != "问题"
                        && lexicon::ANAPHORA.iter().any(|a| object.contains(&format!("{a}{noun}")))
                        && introduced_document(&around.documents, &noun).is_none())
                    || names_the_undertaking_bare(ws)
                    || opens_on_completion(ws))
                || additive && (around.added_after_completion || opens_on_completion(ws))
            {
                refers_back = true;
                own.clear();
            }
            if !additive {
                match reference(first_clause(object_words)) {
                    Reference::Generic(noun) => match introduced_document(&around.documents, &noun) {
                        // 起草了《…秸秆综合利用实施方案》…。拟请同意印发该实施方案: the document the
                        // paragraph just introduced, not the matter asked about before it.
                        Some(doc) => own = identity(&words(doc)),
                        None => {
                            refers_back = true;
                            own.clear();
                        }
                    },
                    // 同意将该地块划拨用于城南派出所建设: a support names what it serves, not itself.
                    Reference::Specific(_) if serves && !own.is_empty() => {}
                    Reference::Specific(noun) => own = vec![noun],
                    Reference::None => {}
                }
            }
            // 恳请同意项目立项，并将其纳入投资计划: 其 is what the sentence's ask before it named.
            let mut inherited = None;
            if let Some(before) = out.last().filter(|_| !additive && patient_is_its(object_words)) {
                let before: &Ask = before;
                own = before.anchors.clone();
                refers_back = before.anaphoric;
                inherited = Some(before.borrowed);
            }
            // 以市政府名义发布《关于城市建成区禁止露天烧烤的通告》: the quoted document it asks for.
            if own.is_empty()
                && !refers_back
                && inherited.is_none()
                && first_clause(object_words).iter().any(|w| w.text.contains(MASK))
                && let Some(doc) = text::quoted_titles(&object).first()
            {
                own = identity(&words(doc));
            }
            // 起草了《…应急转贷资金管理办法》，拟请县政府常务会议审议后…印发: the document the
            // sentence quoted just before the ask.
            let mut document_words = Vec::new();
            if own.is_empty()
                && !refers_back
                && inherited.is_none()
                && k == 0
                && ws[..i].iter().any(|w| w.text.contains(MASK))
                && let Some(doc) = text::quoted_titles(&s.span.text.chars().take(ws[i].start).collect::<String>()).pop()
            {
                let doc_words = words(&doc);
                own = identity(&doc_words);
                document_words = topic_words(&doc_words);
            }
            // An ask that names nothing itself (请市财政予以解决) is about what
            // its sentence, or its item's heading, names.
            let mut borrowed = inherited.unwrap_or(false);
            let refers_back_or_inherits = refers_back || inherited.is_some();
            if own.is_empty() && k == 0 && !refers_back_or_inherits {
                // 所需资金…，恳请予以安排: what the sentence, or the paragraph, just named.
                own = context.clone();
                borrowed = !own.is_empty();
            }
            if own.is_empty() && !serves && !refers_back_or_inherits {
                own = heading.to_vec();
                borrowed = !own.is_empty();
            }
            borrowed |= purpose || by_phrase;
            let unit = if category == Category::Staffing { unit(&object, &around.paragraph) } else { Vec::new() };
            out.push(Ask {
                span: Span {
                    field: s.span.field,
                    start: s.span.start + from,
                    end: s.span.start + to,
                    text: s.span.text.chars().skip(from).take(to - from).collect(),
                },
                sentence: index,
                cue: ws[i].text.to_owned(),
                category,
                object,
                strong,
                anchors: own,
                borrowed,
                anaphoric: refers_back,
                additive,
                meanwhile: additive && around.meanwhile && !self::opens_additive(ws),
                document_words,
                item: s.item,
                unit,
            });
        }
    }
    out
}

/// A closing formula that closes a proposal of its own (拟增加经费120万元，请审批;
/// or an item's 请审批 before the next item): an ask about that proposal.
pub fn from_closing(index: usize, s: &Sentence, proposal: &str, span: Span, heading: &[String]) -> Ask {
    let ws = words(proposal);
    // 拟于…召开全县质量大会，邀请…出席: the kind of what is proposed, not of what follows it.
    let category = ws
        .iter()
        .position(|w| w.text.starts_with('拟') && w.text != "拟请")
        .map(|p| lexicon::category_of_words(&ws[p..clause_end(&ws, p).max(p + 1).min(ws.len())]))
        .filter(|c| *c != Category::Other)
        .unwrap_or_else(|| lexicon::category_of(proposal));
    // 建设资金除争取省级补助外，其余由区财政分年安排: a support names what it serves (here nothing).
    // (设立血液透析中心 creates a unit: its own matter, whatever its kind serves elsewhere.)
    let serves = matches!(category, Category::Funds | Category::Land | Category::Attendance);
    let (mut own, by_phrase) = if serves { served_object(&ws) } else { (identity(&ws), false) };
    // 拟以市政府办公室名义印发《关于…的意见》 / 同意《…可行性研究报告》，由我委报…: the quoted document
    // is what it proposes.
    if (own.is_empty() || first_clause(&ws).iter().any(|w| w.text.contains(MASK)))
        && let Some(doc) = text::quoted_titles(&s.span.text).first()
    {
        own = identity(&words(doc));
        // 《关于进一步加强审计整改工作的意见》: no noun of its own names it, its title does.
        if own.is_empty() {
            own = vec![doc.clone()];
        }
    }
    let borrowed = (own.is_empty() && !heading.is_empty()) || by_phrase;
    if own.is_empty() {
        own = heading.to_vec();
    }
    let object = unmasked(proposal, &span.text).trim_matches(|c: char| "，,、：: ".contains(c)).to_owned();
    Ask {
        span,
        sentence: index,
        cue: String::new(),
        object,
        strong: true,
        category,
        anchors: own,
        borrowed,
        anaphoric: matches!(reference(first_clause(&ws)), Reference::Generic(_))
            || opens_additive(&ws) && opens_on_completion(&ws),
        additive: opens_additive(&ws),
        meanwhile: false,
        document_words: Vec::new(),
        item: s.item,
        unit: if category == Category::Staffing { beneficiary(proposal) } else { Vec::new() },
    }
}

/// The proposal as written (将《…站》更名为《…中心》), where the span holds the same text unmasked;
/// else as read.
fn unmasked(proposal: &str, raw: &str) -> String {
    let n = proposal.chars().count();
    let text: String = raw.chars().take(n).collect();
    let aligned = text.chars().count() == n && text.chars().zip(proposal.chars()).all(|(r, m)| r == m || m == MASK);
    if aligned { text } else { proposal.to_owned() }
}

/// 现就该项目有关事项请示如下 / 现将城北枢纽站工程建设有关事项请示如下: the writer announces the
/// matters of one undertaking (a project, works, event or meeting), by name or by reference. What
/// it names (empty when it refers back); None when it announces no one undertaking (现将有关事项
/// 请示如下, 现就市社会福利院有关事项…: a unit's matters may be several).
pub fn announces_one_undertaking(masked: &str) -> Option<Vec<String>> {
    const UMBRELLAS: &[&str] = &["有关事项请示如下", "相关事项请示如下", "有关问题请示如下", "有关事宜请示如下"];
    const UNDERTAKINGS: &[&str] = &["项目", "工程", "活动", "会议", "赛事", "展会", "节会"];
    const ACTS: &[&str] = &["", "建设", "实施", "推进", "申办", "承办", "举办"];
    let end = UMBRELLAS.iter().find_map(|u| masked.find(u))?;
    let clause = masked[..end].rsplit(['，', ',', '。', '：']).next()?;
    let object = ["现就", "现将", "特就", "就", "将"].iter().find_map(|p| clause.trim().strip_prefix(p))?;
    let object = object.trim_end_matches('的');
    let names_one = UNDERTAKINGS.iter().any(|u| ACTS.iter().any(|a| object.ends_with(&format!("{u}{a}"))));
    if !names_one {
        return None;
    }
    let ws = words(object);
    if matches!(reference(&ws), Reference::Generic(_)) && lexicon::ANAPHORA.iter().any(|a| object.starts_with(a)) {
        return Some(Vec::new());
    }
    let named = identity(&ws);
    (!named.is_empty()).then_some(named)
}

// 一、建设规模 / 一、举办时间和地点: a heading that names an aspect of the matter, not an act.
const ASPECTS: &[&str] = &[
    "规模",
    "内容",
    "时间",
    "地点",
    "方式",
    "机构",
    "标准",
    "范围",
    "期限",
    "保障",
    "措施",
    "安排",
    "预算",
    "来源",
    "主体",
    "单位",
    "选址",
    "背景",
    "必要性",
    "可行性",
    "进度",
    "计划",
    "目标",
    "任务",
    "名称",
];

/// A short heading that names an aspect of the matter (一、建设规模 / 四、经费保障), not an act.
pub fn names_an_aspect(ws: &[Word<'_>]) -> bool {
    let words: Vec<&Word<'_>> = ws.iter().filter(|w| !w.is_punct() && !lexicon_item_number(w)).collect();
    words.len() <= 6 && words.last().is_some_and(|w| w.is(ASPECTS))
}

/// A sentence that continues a list of asks (请市政府：同意…；批准…；为…增加…):
/// it opens with an act of the government.
pub fn continues_list(ws: &[Word<'_>]) -> bool {
    if names_an_aspect(ws) {
        return false;
    }
    let mut it = ws.iter().filter(|w| !w.is_punct() && !lexicon_item_number(w));
    match it.next() {
        Some(w) if w.is(&["为", "将", "把", "对", "由", "从", "在"]) => it.take(8).any(|w| act(w) && w.verb()),
        Some(w) => act(w) && (w.verb() || w.tag == "d"),
        None => false,
    }
}

/// A heading naming what follows as the matters asked: 三、请示事项 / （四）需市政府研究解决的问题.
pub fn heads_request_section(masked: &str) -> bool {
    let t = masked
        .trim_start_matches(|c: char| "一二三四五六七八九十（）()、.．0123456789 ".contains(c))
        .trim_end_matches(['：', ':', '。', ' ']);
    let t = ["有关", "具体", "主要", "几点", "相关"].iter().find_map(|p| t.strip_prefix(p)).unwrap_or(t);
    t.chars().count() <= 16
        && (["请示事项", "请示的事项", "请示内容", "建议事项", "请求事项", "申请事项"].contains(&t)
            || (t.starts_with("需") || t.starts_with("需要") || t.starts_with("提请"))
                && ["事项", "问题"].iter().any(|e| t.ends_with(e)))
}

/// A sentence opening a top-level section (二、…), which ends the one before.
pub fn opens_top_level(masked: &str) -> bool {
    let mut cs = masked.chars();
    let first = cs.next();
    first.is_some_and(|c| "一二三四五六七八九十".contains(c))
        && cs.take_while(|c| "一二三四五六七八九十".contains(*c) || *c == '、').any(|c| c == '、')
}

/// 望市政府在以下方面予以支持：一是…；二是… / 建议对…给予补助：一是…: the colon follows
/// what is asked, so the items inside the sentence are its parts (not 恳请县政府：一是…；二是…,
/// where the colon follows the addressee and each item asks).
pub fn colon_after_object(ws: &[Word<'_>]) -> bool {
    const CUES: &[&str] = &["请", "恳请", "特请", "建议", "申请", "提请", "拟请", "请求", "望", "希望"];
    let Some(colon) = ws.iter().position(|w| w.is(&["：", ":"])) else { return false };
    let Some(cue) = ws[..colon].iter().rposition(|w| w.is(CUES)) else { return false };
    ws[cue + 1..colon].iter().any(|w| !w.is_punct() && !w.is(lexicon::GOVERNMENT))
}

/// 二是将…纳入…: an item numbered inside a sentence (一是, 二是 …).
pub fn opens_with_numbered_is(ws: &[Word<'_>]) -> bool {
    ws.iter().find(|w| !w.is_punct()).is_some_and(|w| w.text.ends_with('是') && lexicon_item_number(w))
}

/// A sentence that opens a list of asks: 为此，请市政府： / 现将有关事项请示如下：
pub fn opens_list(ws: &[Word<'_>]) -> bool {
    const CUES: &[&str] = &["请", "恳请", "特请", "建议", "申请", "请示", "提请", "拟请", "请求"];
    let ends_with_colon = ws.last().is_some_and(|w| w.is(&["：", ":"]));
    // 为此，请市政府：一、…；二、…: the list begins inside the sentence.
    let colon_then_item = ws
        .windows(2)
        .enumerate()
        .any(|(i, p)| p[0].is(&["：", ":"]) && lexicon_item_number(&p[1]) && ws[..i].iter().any(|w| w.is(CUES)));
    // 建议各县（市、区）教育局：一是…: a list addressed to others asks nothing of the recipient.
    let to_others = ws.iter().position(|w| w.is(CUES)).is_some_and(|c| {
        ws[c + 1..]
            .iter()
            .take_while(|w| !w.is(&["：", ":"]))
            .any(|w| w.is(lexicon::OTHERS) || w.text.starts_with('各'))
    });
    !to_others && ((ends_with_colon && ws.iter().any(|w| w.is(CUES))) || colon_then_item)
}

/// An item heading that names a matter of its own: 一、关于调整部分医疗服务价格
pub fn names_a_matter(heading: &Sentence) -> bool {
    let t = heading.masked.trim_start_matches(|c: char| "一二三四五六七八九十（）()、.．0123456789第其是 ".contains(c));
    t.starts_with("关于")
}

/// Does a numbered item's heading name an act on something: opening with it (一、调整…组成人员,
/// （一）推行…制), after the way or the thing it acts on (一、以市政府名义发布《…》, 二、将市拘留所
/// 迁建纳入…), or ending with it after what it moves or changes (五、市农产品批发市场搬迁)?
pub fn heading_acts(ws: &[Word<'_>]) -> bool {
    const ACTS: &[&str] = lexicon::UNDERTAKING_ACTS;
    // What a heading's last word may be when it names a change to a named thing.
    const CHANGES: &[&str] =
        &["搬迁", "迁建", "迁址", "更名", "撤销", "合并", "划转", "移交", "实体化", "转制", "改制", "调整", "立项"];
    let rest: Vec<&Word<'_>> = ws.iter().skip_while(|w| w.is_punct() || lexicon_item_number(w)).collect();
    let clause: Vec<&Word<'_>> = rest.iter().copied().take_while(|w| !w.is(&["，", ",", "。", "；"])).collect();
    // 一、建设乡村教师周转宿舍 / 三、补充教育局公务用车: building or buying a named thing (not
    // 一、建设内容, an aspect of the one undertaking).
    const BUILDS: &[&str] = &["建设", "新建", "扩建", "改建", "改造", "修缮", "购置", "补充", "配备", "新增"];
    match clause.as_slice() {
        [first, second, rest @ ..]
            if first.is(BUILDS)
                && !second.is(ASPECTS)
                && (specific(second) || rest.iter().take(2).any(|w| specific(w)))
                && !names_an_aspect(ws) =>
        {
            true
        }
        // 一、调整…组成人员 / 五、出台支持夜间经济发展措施：
        [first, second, ..] if first.is(ACTS) && first.verb() && second.nominal() => true,
        [first, rest @ ..] if first.is(ACTS) && first.verb() && rest.iter().take(4).any(|w| w.nominal()) => true,
        [first, _, ..] if first.is(&["以", "将", "把", "对", "由"]) => {
            clause.iter().filter(|w| !w.is_punct()).count() <= 12 && clause[1..].iter().any(|w| act(w) && w.verb())
        }
        [.., before, last] => {
            let last = if last.is(&["运行", "管理"]) && before.is(&["实体化"]) { before } else { last };
            last.is(CHANGES) && clause.len() <= 10 && clause.iter().filter(|w| specific(w)).count() >= 1
        }
        _ => false,
    }
}

/// Does a numbered item open with the writer's proposal (一、拟在全市…推行课后服务收费。)?
pub fn item_opens_with_proposal(ws: &[Word<'_>]) -> bool {
    let Some(first) = ws.iter().position(|w| !w.is_punct() && !lexicon_item_number(w)) else { return false };
    // (1.拟在2025年1月至3月淡季期间，对…实行…: a time first, the act in the next clause.)
    ws[first].text.starts_with('拟')
        && ws[first].text != "拟请"
        && (proposes_in_clause(ws) || ws[first + 1..].iter().any(|w| w.verb() && !w.is(&["在", "于", "至"])))
}

/// A proposal in an item a heading names: as [`proposes`], or 拟 with its act anywhere in its
/// clause (拟在我局内设机构中调剂设立…).
pub fn proposes_in_clause(ws: &[Word<'_>]) -> bool {
    proposal(ws, true)
}

/// The writer's own proposal (拟对…进行调整, 拟将…更名为…), told now, not as history.
pub fn proposes(ws: &[Word<'_>]) -> bool {
    proposal(ws, false)
}

fn proposal(ws: &[Word<'_>], whole_clause: bool) -> bool {
    // In a clause of its own, a proposal that names its object first reads to the clause's end.
    let object_first = |i: usize| whole_clause && puts_object_first(ws, i);
    ws.iter().enumerate().any(|(i, w)| {
        // 经专家论证、社会公示，推荐命名为…: the writer's recommendation is a proposal too.
        (w.is(&["推荐", "建议"])
            && !ws[clause_start(ws, i)..i].iter().any(|p| p.is(lexicon::PAST_MARKERS) || p.tag == "n" || p.tag == "nr")
            && ws.get(i + 1).is_some_and(|n| n.verb() || n.is(lexicon::GOVERNMENT_ACTS)))
            ||
        // 经成本调查、专家论证，拟对…进行调整: history in an earlier clause does not date the proposal.
        (w.text == "拟" || (w.text.starts_with('拟') && w.text.chars().count() == 2 && w.text != "拟请"))
            && !ws[clause_start(ws, i)..i].iter().any(|p| p.is(lexicon::PAST_MARKERS))
            // (以上两项拟于12月底前组织实施: when what was proposed above is to be done.)
            && !ws[clause_start(ws, i)..i].iter().any(|p| p.is(&["以上", "上述"]))
            // (In a clause of its own, 拟将/拟对 put their object first and the verb last:
            // 拟将各等级收费标准平均上调约18%.)
            // (拟对《…》进行修订: a quoted name is one word however long; 拟于2024年5月下旬召开: a
            // date is no word of the act's.)
            && ((ws[i + 1..if object_first(i) { clause_end(ws, i).max(i + 1) } else { ws.len() }]
                .iter()
                .filter(|n| {
                    !(n.text.starts_with(MASK)
                        || n.is(&["《", "》", "“", "”", "年", "月", "日"])
                        || matches!(n.tag, "m" | "t"))
                })
                .take(if object_first(i) { usize::MAX } else { 5 })
                .any(|n| n.verb() && !n.is(&["于", "在"]))
                // 拟聘用人员公示, 拟表彰对象: people so designated, not a proposal.
                && !designates_people(&ws[i..]))
                || (whole_clause
                    && (w.text == "拟" || ["拟将", "拟对", "拟从", "拟在", "拟由", "拟按", "拟以", "拟把"].contains(&w.text))
                    // (拟将东风小区、粮贸宿舍等17个小区（…）列入…: an enumeration or an aside is no end.)
                    && ws[i + 1..]
                        .iter()
                        .take_while(|n| !n.is(&["，", ",", "；", "。", "：", ":"]))
                        .any(|n| n.verb() && (act(n) || n.is(lexicon::UNDERTAKING_ACTS)))))
    })
}

/// 拟将/拟对/拟把…, 拟与/拟同…: the proposal names its object or partner first and its verb last.
fn puts_object_first(ws: &[Word<'_>], i: usize) -> bool {
    // (拟由市、县两级财政按现行比例分担 / 拟从…中安排: the agent, the source or the manner first.)
    ["拟将", "拟对", "拟把", "拟由", "拟从", "拟按", "拟以"].contains(&ws[i].text)
        || ws[i].text == "拟"
            && ws.get(i + 1).is_some_and(|n| n.is(&["将", "对", "把", "与", "同", "和", "向", "由", "从", "按", "以"]))
}

/// 拟评选…10名，由县人民政府予以表彰: the writer proposes an act the government itself is to
/// do, which asks for it as 请 would. (拟以市政府名义召开…, the writer's own undertaking in the
/// government's name, is what the closing decides, read there.)
pub fn proposes_government_act(ws: &[Word<'_>]) -> bool {
    const GOVERNMENTS: &[&str] = &["市政府", "市人民政府", "县政府", "县人民政府", "区政府", "区人民政府", "人民政府"];
    proposes_in_clause(ws)
        && ws.windows(3).enumerate().any(|(i, w)| {
            w[0].is(&["由"])
                && w[1].is(GOVERNMENTS)
                && (w[2].is(&["予以"]) || (w[2].verb() && !w[2].is(&["牵头", "负责", "主办", "统筹", "分管"])))
                && !ws[clause_start(ws, i)..i].iter().any(|p| p.is(lexicon::PAST_MARKERS))
        })
}

/// 拟聘用人员 / 拟任人选 / 拟表彰对象: 拟 and its verb name people, not something proposed.
fn designates_people(from_ni: &[Word<'_>]) -> bool {
    const PEOPLE: &[&str] = &["人员", "对象", "人选", "名单", "人"];
    let people = |w: &Word<'_>| w.is(PEOPLE);
    match from_ni {
        [ni, next, ..] if ni.text != "拟" => people(next),
        [_, verb, next, ..] => verb.verb() && people(next),
        _ => false,
    }
}

/// The anchors of a numbered item's heading sentence.
pub fn heading_anchors(ws: &[Word<'_>]) -> Vec<String> {
    identity(ws)
}

fn first_clause<'w, 'a>(ws: &'w [Word<'a>]) -> &'w [Word<'a>] {
    &ws[..ws.iter().position(|w| w.is(&["，", ",", "；"])).unwrap_or(ws.len())]
}

/// Does this sentence open with 另外/此外/同时 …?
pub fn opens_additive(ws: &[Word<'_>]) -> bool {
    opens_with(ws, lexicon::ADDITIVE)
}

/// 协调[区委编办、区财政局]将[我院由公益二类调整为公益一类]: the act coordinated toward, from
/// its 将/把 on.
fn coordinated_act<'a, 'b>(clause: &'b [Word<'a>]) -> Option<&'b [Word<'a>]> {
    let c = clause.iter().position(|w| w.is(&["协调"]))?;
    let p = c + 1 + clause[c + 1..].iter().position(|w| w.is(&["将", "把"]))?;
    let rest = &clause[p + 1..];
    rest.iter().any(|w| w.verb() && act(w)).then_some(rest)
}

/// Does a sentence open with one of these words (past an item number)?
pub fn opens_with(ws: &[Word<'_>], openers: &[&str]) -> bool {
    ws.iter().find(|w| !w.is_punct() && !lexicon_item_number(w)).is_some_and(|w| w.is(openers))
}

/// Does a sentence speak of something already named (该项目, 上述工程, 此项)?
pub fn refers_back(ws: &[Word<'_>]) -> bool {
    ws.iter().any(|w| w.text.starts_with('该') || w.is(&["上述", "前述", "此项", "此次", "本次", "这次", "这一"]))
}

/// Is the object's patient 其 (将其纳入…, 对其予以…): what was named just before?
fn patient_is_its(object: &[Word<'_>]) -> bool {
    let mut ws =
        object.iter().filter(|w| !w.is_punct() && !w.is(lexicon::GOVERNMENT)).skip_while(|w| w.is(&["并", "同时"]));
    match ws.next() {
        Some(w) if w.is(&["其"]) => true,
        Some(w) if w.is(&["将", "把", "对", "为", "给", "使"]) => ws.next().is_some_and(|w| w.is(&["其"])),
        _ => false,
    }
}

/// 榆渡县、槐岗县恳请市级调拨… / 市人大代表在人代会上建议…: the cue's own subject is someone else
/// (a place, a person, a body, deputies, residents) than the writer as signed.
fn asked_by_another(ws: &[Word<'_>], i: usize, writer: &[String]) -> bool {
    const SPEAKERS: &[&str] =
        &["代表", "人大代表", "政协委员", "委员", "群众", "居民", "村民", "企业", "商户", "家长", "市民"];
    ws[clause_start(ws, i)..i].iter().any(|w| {
        (matches!(w.tag, "ns" | "nr" | "nt" | "nrt")
            || w.is(SPEAKERS)
            || ["县", "区", "镇", "乡", "村"].iter().any(|e| w.text.ends_with(e)) && w.text.chars().count() >= 3)
            && !w.text.starts_with('我')
            && !w.is(lexicon::GOVERNMENT)
            && !writer.iter().any(|n| n.contains(w.text) || w.text.contains(n.as_str()))
    })
}

/// The identity of a whole sentence.
pub fn sentence_identity(ws: &[Word<'_>]) -> (Vec<String>, bool) {
    (identity(ws), opens_additive(ws))
}

/// 项目区涉及… / 工程沿线…: the undertaking spoken of by its bare noun, no name before it.
/// (A sentence that names an undertaking of its own, 举办…宣传活动，恳请市长出席活动, speaks of that one.)
pub fn names_the_undertaking_bare(ws: &[Word<'_>]) -> bool {
    const BARE: &[&str] = &["项目", "工程", "活动", "赛事"];
    let heads: Vec<(usize, bool)> = ws
        .iter()
        .enumerate()
        .filter(|(_, w)| BARE.iter().any(|b| w.text.starts_with(b)))
        .map(|(i, _)| (i, i == 0 || !(ws[i - 1].nominal() || specific(&ws[i - 1]) || ws[i - 1].tag == "m")))
        .collect();
    heads.iter().any(|(_, bare)| *bare) && heads.iter().all(|(_, bare)| *bare)
}

/// 此外，新所设立后，… / 另外，站点建成后每年的运行维护费用…: an addition that opens on what
/// follows the undertaking's completion speaks of that undertaking.
pub fn opens_on_completion(ws: &[Word<'_>]) -> bool {
    const DONE: &[&str] = &[
        "建成",
        "设立",
        "成立",
        "开馆",
        "投用",
        "投入使用",
        "运行",
        "实施",
        "落地",
        "完成",
        "竣工",
        "开业",
        "挂牌",
        "组建",
    ];
    let first = ws
        .iter()
        .skip_while(|w| w.is_punct() || w.is(lexicon::ADDITIVE) || lexicon_item_number(w))
        .take_while(|w| !w.is(&["，", ",", "。", "；"]))
        .collect::<Vec<_>>();
    let after =
        first.iter().position(|w| w.is(&["后", "以后"]) || w.text.ends_with('后') && w.text.chars().count() <= 3);
    let done = |ws: &[&Word<'_>]| ws.iter().any(|w| DONE.iter().any(|d| w.text.ends_with(d)));
    // 此外，设备投入使用需配备… / 另外，为确保新增病种待遇尽快落地，…: its use, or its purpose.
    after.is_some_and(|p| p <= 5 && done(&first[..=p]))
        || first.iter().take(4).any(|w| w.is(&["投入使用", "投用", "启用"]))
        || first.first().is_some_and(|w| w.is(&["为", "为了"]))
            && first.iter().any(|w| w.is(&["确保", "保障"]))
            && done(&first)
}

/// The identity of the last clause before the end that names something.
fn nearest_identity(ws: &[Word<'_>]) -> Vec<String> {
    ws.split(|w| w.is(&["，", ",", "；"])).rev().map(identity).find(|named| !named.is_empty()).unwrap_or_default()
}

fn lexicon_item_number(w: &Word<'_>) -> bool {
    const NUMERALS: &str = "一二三四五六七八九十";
    w.tag == "m"
        || w.text.chars().all(|c| "一二三四五六七八九十（）()、.．第其".contains(c))
        // 一是同意…；二是批准…: an item inside one sentence.
        || w.text.strip_suffix('是').is_some_and(|n| !n.is_empty() && n.chars().all(|c| NUMERALS.contains(c)))
}

const DELIMITERS: &[&str] = &["，", ",", "：", ":", "、"];

fn clause_start(ws: &[Word<'_>], i: usize) -> usize {
    ws[..i].iter().rposition(|w| w.is(DELIMITERS)).map_or(0, |p| p + 1)
}

fn clause_end(ws: &[Word<'_>], i: usize) -> usize {
    // 请市政府：同意…: the colon introduces what is asked.
    let from = if ws.get(i + 1).is_some_and(|w| w.is(&["：", ":"])) { i + 2 } else { i + 1 };
    let from = if ws.get(i + 2).is_some_and(|w| w.is(&["：", ":"])) && ws[i + 1].is(lexicon::GOVERNMENT) {
        i + 3
    } else {
        from
    };
    ws[from.min(ws.len())..].iter().position(|w| w.is(&["，", ",", "：", ":"])).map_or(ws.len(), |p| from + p)
}

/// The words outside brackets (asides: an estimate, a document number, an abbreviation).
fn without_asides<'w, 'a>(ws: &'w [Word<'a>]) -> Vec<&'w Word<'a>> {
    let mut depth = 0usize;
    ws.iter()
        .filter(|w| {
            if w.is(&["（", "("]) {
                depth += 1;
            } else if w.is(&["）", ")"]) {
                depth = depth.saturating_sub(1);
                return false;
            }
            depth == 0
        })
        .collect()
}

/// Is the cue at `i` a live ask of the government? `Some(strong)` if it is.
fn live(ws: &[Word<'_>], i: usize, kind: CueKind) -> Option<bool> {
    let (cs, ce) = (clause_start(ws, i), clause_end(ws, i));
    let before = &ws[cs..i];
    let after = &ws[i + 1..ce];
    let present = before.iter().any(|w| w.is(lexicon::PRESENT_MARKERS) || w.is(&["将", "计划", "预计", "特"]));
    let past = before.iter().any(|w| w.is(lexicon::PAST_MARKERS))
        || (before.windows(2).any(|p| p[0].tag == "m" && p[1].is(&["年", "月"])) && !present);
    if past && !present {
        return None;
    }
    // 报请市政府批准后 / 同意后, 已获批复 …: told as history.
    let told_after = after.iter().any(|w| w.is(&["了", "过", "获批", "获得批准", "以来", "之后"]))
        || after.last().is_some_and(|w| w.is(&["后", "时", "期间"]));
    let addressee = after
        .iter()
        .find(|w| !w.is(&["予以", "予", "尽快", "及时", "帮助", "能", "能够", "对", "在", "以", "：", ":"]));
    // 被审计单位, 被检查企业: those the writer audited or inspected.
    if addressee.is_some_and(|w| {
        w.is(lexicon::OTHERS) || w.text.starts_with('各') || w.text.starts_with('省') || w.text.starts_with('被')
    }) {
        return None;
    }
    // 建议市住建局进一步加强… / 建议县教育局开展…: a suggestion to a department, not an ask of the
    // government (money from the finance bureau is the government's to give: 建议市财政局安排…).
    let named: Vec<&str> = after
        .iter()
        .skip_while(|w| w.is(&["予以", "予", "尽快", "及时", "由"]))
        .take_while(|w| w.nominal() || w.tag == "ns" || w.tag == "nt" || w.is(&["、", "和", "市", "县", "区"]))
        .map(|w| w.text)
        .collect();
    let named = named.concat();
    let funds = after.iter().any(|w| {
        w.is(&["安排", "拨付", "追加", "核拨", "下达", "保障"]) || w.text.ends_with("资金") || w.text.ends_with("经费")
    });
    let department = ["局", "委", "厅", "支队", "大队", "单位", "部门"].iter().any(|b| named.ends_with(b))
        && !["政府", "市委", "县委", "区委", "党委"].iter().any(|g| named.contains(g))
        && !(named.contains("财政") && funds);
    if department && !after.first().is_some_and(|w| w.is(&["由"])) {
        return None;
    }
    // 不少商户反映希望政府延续…: what others said they hope for, told; 县残联也来函建议…: what
    // another body wrote.
    // 有6家企业先后来函，恳请我局…: the letter may stand in the clause before.
    let letter_before = &ws[clause_start(ws, cs.saturating_sub(1)).min(cs)..i];
    const THIRD_PARTY: &[&str] = &[
        "反映", "表示", "呼吁", "提出", "来函", "致函", "函告", "来文", "来信", "写信", "致电", "来电", "报警", "求助",
    ];
    if letter_before.iter().any(|w| w.is(THIRD_PARTY)) && !letter_before.iter().any(|w| w.text.starts_with('我')) {
        return None;
    }
    // 恳请我局延长整改期限: the writer is the one asked (by someone it tells of).
    if addressee.is_some_and(|w| {
        w.text.starts_with('我')
            && ["局", "委", "院", "中心", "办", "厅", "处", "所", "站", "队", "校"].iter().any(|b| w.text.ends_with(b))
    }) {
        return None;
    }
    let to_government =
        addressee.is_some_and(|w| w.is(lexicon::GOVERNMENT) || w.text.starts_with('市') || w.text.starts_with('县'));
    // “请求解决”类诉求: a quoted term names a kind of thing; it asks nothing.
    let quoted =
        i > 0 && ws[i - 1].is(&["“", "\"", "「"]) && ws[i + 1..].iter().take(4).any(|w| w.is(&["”", "\"", "」"]));
    // 请求解决的问题主要集中在…: the cue inside a phrase the sentence describes (what people ask).
    let described = !after.iter().any(|w| w.is(lexicon::GOVERNMENT))
        && after.windows(3).any(|p| {
            p[0].is(&["的"]) && p[1].nominal() && p[2].is(&["主要", "集中", "集中在", "占", "包括", "涉及", "分别"])
        });
    if quoted || described {
        return None;
    }
    // 我局以《关于…的请示》（…号）报请市政府，申请…: what an earlier document asked, told in a
    // later clause of the sentence that names it.
    let earlier = &ws[..i];
    if earlier.iter().any(|w| w.text.contains(MASK))
        && earlier.iter().any(|w| w.is(&["报请", "呈报", "上报", "报送", "提请", "报市政府"]))
    {
        return None;
    }
    // 将…项目（估算投资4600万元）纳入…: an aside in brackets stands between the object and its act.
    let plain = without_asides(after);
    let first_act = plain.iter().take(8).find(|w| w.verb() || act(w)).copied();
    let acts = plain.iter().take(10).any(|w| act(w));
    let reads_only = first_act.is_some_and(|w| w.is(lexicon::READ_ONLY_ACTS));
    match kind {
        CueKind::Plea => (!told_after).then_some(true),
        CueKind::Need => {
            // 需要市政府协调解决…: only the government named right after it, then its act.
            let named_first =
                ws.get(i + 1).is_some_and(|w| w.is(lexicon::GOVERNMENT) && !w.is(&["领导", "分管", "上级"]));
            // (…需要市政府协调解决的问题: what the phrase describes, not an ask.)
            let describes = after.iter().any(|w| w.is(&["的"]));
            (named_first && acts && !told_after && !past && !describes).then_some(false)
        }
        CueKind::Refer => {
            // 特请示：同意… / 特此请示市政府同意…: 请示 as the act of asking, now; 提请县政府召开专题
            // 会议研究…: the government named, then its act, told as nothing past.
            // (…计划起草…，按程序提请市政府审议: the writer's plan; 全年提请市人大常委会审议…2件: a count.)
            let planned = ws[..i].iter().any(|w| w.is(&["将", "计划", "准备", "拟", "按程序", "程序"]));
            let proposes_to_government = ws[i].is(&["提请", "呈请"])
                && addressee.is_some_and(|w| w.is(lexicon::GOVERNMENT))
                && acts
                && !planned
                && !ws[..i].iter().any(|w| w.is(&["全年", "累计", "共", "共计", "年内", "先后"]));
            let asks_now = present || ws[i].text == "特请示" || proposes_to_government;
            let object_follows = ws[i + 1..].iter().take(6).any(|w| act(w) || w.is(lexicon::GOVERNMENT));
            (asks_now && !told_after && !past && (ws[i].text != "请示" && ws[i].text != "特请示" || object_follows))
                .then_some(true)
        }
        CueKind::Apply => {
            let prev = before.last();
            if prev.is_some_and(|w| w.is(lexicon::HANDLING) || w.is(lexicon::OTHER_APPLICANTS) || w.tag == "m")
                || before.iter().any(|w| lexicon::other_applicant(w.text) || w.is(lexicon::HANDLING))
            {
                return None;
            }
            // 47.6万人申请退税: people counted as the subject; 补贴申请, 低保申请, 农民工申请: a
            // noun before it makes 申请 part of a name or gives it another subject (the writer's
            // own is 我局, or none).
            if prev.is_some_and(|w| {
                w.is(&["人", "人次", "名"])
                    || ((w.tag.starts_with('n') || w.tag == "j")
                        && !w.text.starts_with('我')
                        && !w.is(lexicon::GOVERNMENT))
            }) {
                return None;
            }
            // 改造申请均经入户评估, 集中申请导致…: 申请 is what the sentence is about, not an ask.
            if after.first().is_some_and(|w| {
                w.text.starts_with(['均', '都', '已'])
                    || w.is(&["导致", "造成", "增长", "下降", "减少", "占", "占比", "较多", "较大", "数量", "需", "须"])
            }) {
                return None;
            }
            // 低保申请“一门受理”，…: 申请 naming a quoted procedure, nothing asked in its clause.
            if after.iter().all(|w| w.is_punct()) {
                return None;
            }
            // …申请设立奖补资金并获批复: granted already.
            if ws[i + 1..].iter().any(|w| w.text.starts_with("获批") || w.is(&["获得批准", "并获"]))
                || ws[i + 1..].windows(2).any(|p| p[0].is(&["并", "已"]) && p[1].text.starts_with('获'))
            {
                return None;
            }
            // 计划向省卫生健康委申请…: the writer's plan to apply elsewhere, not an ask of the recipient.
            let to_other = before.iter().skip_while(|w| !w.is(&["向"])).nth(1).is_some_and(|w| {
                ["省", "国家", "中央", "国务院", "上级", "部"].iter().any(|p| w.text.starts_with(p))
                    || w.text.ends_with('部')
                    || w.text.ends_with('厅')
            });
            if to_other || prev.is_some_and(|w| w.is(&["计划", "准备", "将", "拟向"])) {
                return None;
            }
            // 我局将进一步健全…，并按照省统计局要求，申请将我市纳入…试点: the writer's plan,
            // carried on through the sentence that announced it — unless the sentence turns to the
            // government (请…, 市政府) or what is applied for is the city's (申请市级资金…).
            let planned = earlier.windows(2).any(|p| p[0].text.starts_with('我') && p[1].is(&["将", "计划", "准备"]))
                && !earlier.iter().any(|w| w.is(lexicon::GOVERNMENT) || w.text.contains('请'))
                && !after.iter().any(|w| w.is(lexicon::GOVERNMENT) || w.text.starts_with(['市', '县']));
            if planned {
                return None;
            }
            // 申请省级财政补助5亿元, 申请中央预算内投资: a superior's money, not the recipient's to give.
            if after
                .first()
                .is_some_and(|w| ["省级", "省财政", "中央", "国家", "上级"].iter().any(|p| w.text.starts_with(p)))
            {
                return None;
            }
            // 申请…贴息的企业326家: 申请 inside a phrase describing who applied.
            let clause: Vec<&Word<'_>> = ws[i + 1..].iter().take_while(|w| !w.is(&["，", ",", "；", "。"])).collect();
            if clause.windows(2).any(|p| p[0].is(&["的"]) && (lexicon::other_applicant(p[1].text) || p[1].tag == "m"))
            {
                return None;
            }
            // 申请扩建储罐区，经专家审查未通过 / …，已由住建部门审核办理: the application's fate is told.
            let next_clause: Vec<&Word<'_>> =
                ws[i + 1..].iter().skip_while(|w| !w.is(&["，", ","])).skip(1).take(6).collect();
            // 已为…办理 is one word to jieba: what begins with 已/获/未 tells the fate.
            // …，目前省级部门正在审核 / （已下达第一批4亿元）: pending elsewhere, or partly paid already.
            let rest: String = ws[i + 1..].iter().take_while(|w| !w.is(&["。", "；"])).map(|w| w.text).collect();
            let fate = next_clause.iter().take(4).any(|w| w.text.starts_with("正在"))
                || ["已下达", "已拨付", "已到位", "已批复"].iter().any(|p| rest.contains(p))
                || next_clause.iter().take(3).any(|w| w.text.starts_with(['已', '获', '未']) || w.is(&["均已"]))
                || (next_clause.first().is_some_and(|w| w.is(&["经"]))
                    && next_clause.iter().any(|w| w.is(&["审查", "审核", "评审", "通过", "未"])));
            if fate {
                return None;
            }
            let next = after.first()?;
            // 申请家庭, 申请企业: the applicants, not an application.
            if next.is(lexicon::APPLY_AS_NOUN)
                || next.tag == "m"
                || next.tag == "q"
                || told_after
                || lexicon::other_applicant(next.text)
            {
                return None;
            }
            // 共受理项目申请612项，申请市级财政资助1.83亿元: the applications counted before, and
            // 申请奖补资金合计2.14亿元: a total, are statistics of others' applications.
            let counted_before = ws[..i].windows(2).any(|p| p[0].text.starts_with("申请") && p[1].tag == "m");
            if counted_before || after.iter().any(|w| w.is(&["合计", "共计", "累计", "总计"])) {
                return None;
            }
            // 申请 + a number of cases is a count, wherever the number stands.
            if after.iter().take(4).any(|w| w.tag == "m")
                && after.iter().any(|w| w.is(&["件", "项", "人次", "户", "家", "个"]))
            {
                return None;
            }
            Some(true)
        }
        CueKind::Please => {
            if reads_only || told_after || !acts {
                return None;
            }
            Some(true)
        }
        CueKind::Suggest => {
            // 意见建议, 合理化建议, 建议的 …: the noun.
            if before
                .last()
                .is_some_and(|w| w.is(&["意见", "合理化", "提出", "的", "和", "及", "有关", "相关", "工作"]))
                || after.first().is_some_and(|w| w.is(&["的", "数", "件", "条", "和", "意见", "如下", "："]))
                || told_after
                // 将及时提出调整建议报管委会研究: the writer's own future proposal, a noun.
                || before.iter().rev().take(3).any(|w| w.is(&["提出", "形成", "汇总", "研究提出"]))
            {
                return None;
            }
            let by_government = to_government
                || after.first().is_some_and(|w| w.is(&["由", "将", "把", "从", "在", "对", "给予", "尽快"]));
            if !(by_government || acts) {
                return None;
            }
            let act_follows = after.iter().take(2).any(|w| act(w) && w.verb());
            Some(by_government || act_follows)
        }
        CueKind::Hope => {
            if told_after || reads_only {
                return None;
            }
            // 望市政府参照先进地区做法，将…纳入…范围: addressed to the government, its act may stand
            // past a clause that says how.
            let reach = if to_government { &ws[i + 1..] } else { after };
            let reach: Vec<&Word<'_>> = reach.iter().take_while(|w| !w.is(&["。", "；"])).take(40).collect();
            let asks_act = reach.iter().take(if to_government { 40 } else { 8 }).any(|w| {
                w.is(&[
                    "予以", "给予", "批准", "支持", "协调", "帮助", "解决", "重视", "关心", "批复", "同意", "安排",
                    "拨付", "审批",
                ])
            });
            let acts = acts || (to_government && reach.iter().any(|w| act(w)));
            if !(to_government || asks_act) || !acts {
                return None;
            }
            Some(to_government && asks_act)
        }
    }
}

/// The ranges of words after a cue that ask separately: split where a
/// joiner (并, 同时, 以及 …) or a comma is followed by another act of the
/// government (批准增加编制5名并拨付设备资金 → two).
fn split_joined(ws: &[Word<'_>], from: usize, until: usize) -> Vec<std::ops::Range<usize>> {
    let mut parts = Vec::new();
    let mut start = from;
    let mut j = from;
    while j < until {
        let w = &ws[j];
        // ；二、为…增加编制: a list inside one sentence (请市政府：一、…；二、…) asks item by item.
        let joiner = w.is(lexicon::JOINERS) || w.is(&["，", ",", "；"]);
        if joiner && j > start {
            // Skip further joiners, an item number and an addressee: ，同时请市政府 拨付… / ；二、为…
            let mut k = j + 1;
            while k < until
                && (ws[k].is(lexicon::JOINERS)
                    || ws[k].is(&["请", "请予", "恳请", "予以", "尽快", "、"])
                    || (w.is(&["；"]) && lexicon_item_number(&ws[k]))
                    || ws[k].is(lexicon::GOVERNMENT))
            {
                k += 1;
            }
            // 同时为农业执法支队增加编制: past the unit that benefits, to the act; 并从…资金中安排…,
            // 并以市政府办公室名义印发…: past the source or the manner, to the act. The unit (or
            // what funds are for) stays in the ask: 为[食品安全抽检]追加专项经费.
            let mut part_start = None;
            if k < until && ws[k].is(&["为", "给", "从", "以"]) {
                let mut b = k + 1;
                while b < until && !act(&ws[b]) && !ws[b].is(&["，", ","]) {
                    b += 1;
                }
                // 以 only as a manner (以…名义), not a purpose (以降低成本); 从 only from a source (…中).
                let phrase = &ws[k + 1..b.min(until)];
                let source_or_manner = match ws[k].text {
                    "以" => phrase.iter().any(|w| w.is(&["名义"])),
                    "从" => {
                        phrase.iter().any(|w| w.is(&["中"]) || w.text.ends_with("资金") || w.text.ends_with("经费"))
                    }
                    _ => true,
                };
                if b < until && act(&ws[b]) && source_or_manner {
                    if ws[k].is(&["为", "给"]) {
                        part_start = Some(k);
                    }
                    k = b;
                }
            }
            // 并按照〇〇要求对城东农贸市场实施提升改造 / 并将…划转…: past the manner, to what is
            // acted on (kept in the ask) and the act.
            let mut patient_before = false;
            // (Only after a joiner: 安排2000万元，对…给予购置补贴 says what the sum is for.)
            let joined = ws[j..k].iter().any(|w| w.is(lexicon::JOINERS));
            if part_start.is_none()
                && joined
                && k < until
                && (ws[k].is(lexicon::MANNER) || ws[k].is(&["对", "将", "把"]))
            {
                let clause_end = (k..until).find(|&b| ws[b].is(&["，", ",", "；"])).unwrap_or(until);
                let patient = (k..clause_end).find(|&b| ws[b].is(&["对", "将", "把"]));
                if let Some(p) = patient
                    && let Some(a) = (p + 2..clause_end).find(|&b| act(&ws[b]) && ws[b].verb())
                {
                    part_start = Some(p);
                    patient_before = true;
                    k = a;
                }
            }
            // 恳请市政府按照既定政策，安排…: a manner (按照…) asks nothing by itself.
            let left_acts = ws[start..j].iter().any(|w| w.verb() || act(w));
            let splits = k < until
                && left_acts
                && (ws[k].verb() || act(&ws[k]))
                && act(&ws[k])
                && !ws[k].is(&["予以", "给", "由", "从", "在", "对", "为", "尽快", "转报", "上报", "报送", "报", "转"])
                && (patient_before || has_object_after(ws, k, until));
            // 批准上述公交专线开通方案和出租汽车运价调整方案: two documents, each named by its own
            // words, under one act.
            let splits = splits || (w.is(&["和", "及", "以及", "与"]) && two_documents(ws, start, j, until));
            if splits {
                parts.push(start..j);
                start = part_start.unwrap_or(k);
                j = k;
                continue;
            }
        }
        j += 1;
    }
    if start < until {
        parts.push(start..until);
    }
    parts.retain(|r| !r.is_empty());
    parts
}

/// Do the words before the joiner at `j` and after it, to the clause's end, each name a document
/// (…方案, …办法, …规划) by specific words the other does not use?
fn two_documents(ws: &[Word<'_>], start: usize, j: usize, until: usize) -> bool {
    const DOCUMENTS: &[&str] = &["方案", "办法", "规划", "计划", "细则", "标准", "意见", "规定"];
    let end = ws[j + 1..until].iter().position(|w| w.is(&["，", ",", "；"])).map_or(until, |p| j + 1 + p);
    let (left, right) = (&ws[clause_start(ws, j).max(start)..j], &ws[j + 1..end]);
    let head = |side: &[Word<'_>]| side.last().is_some_and(|w| DOCUMENTS.iter().any(|d| w.text.ends_with(d)));
    let (li, ri) = (specific_words(left), specific_words(right));
    head(left) && head(right) && !li.is_empty() && !ri.is_empty() && !super::matters::overlap(&li, &ri)
}

/// A verb that joins a second ask has its own object (拨付…资金), not only a
/// manner (并致辞 joins the attendance it follows).
fn has_object_after(ws: &[Word<'_>], k: usize, until: usize) -> bool {
    // A quoted title (印发《…办法》) is masked, and an object all the same.
    ws[k + 1..until]
        .iter()
        .take_while(|w| !w.is(&["，", ","]))
        .any(|w| w.nominal() || w.tag == "m" || w.text.contains(MASK))
}

/// An act of the government, also when jieba joins it to its auxiliary (予以安排, 给予支持).
fn act(w: &Word<'_>) -> bool {
    w.is(lexicon::GOVERNMENT_ACTS)
        || ["予以", "给予", "加以", "尽快"]
            .iter()
            .any(|p| w.text.strip_prefix(p).is_some_and(|rest| lexicon::GOVERNMENT_ACTS.contains(&rest)))
}

/// The specific words of a stretch: nouns that are not generic, not
/// addressees or government bodies, not masked quotations.
fn specific(w: &Word<'_>) -> bool {
    (w.nominal() || lexicon::object_word(w.text))
        && w.text.chars().count() >= 2
        && !w.text.contains(MASK)
        && !lexicon::names_nothing(w.text)
        && !lexicon::is_body(w.text)
        && !w.text.starts_with('我')
        && !["予以", "给予", "安排", "支持"].iter().any(|a| w.text.contains(a))
        && !w.text.chars().any(|c| c.is_ascii_digit())
}

/// Every specific word of a text (副中心, 核心区, 控制性详细规划 …).
pub fn specifics(text: &str) -> Vec<String> {
    specific_words(&words(text))
}

/// What segmented text is about, not where: its specific words but place names (the city's
/// name stands everywhere).
pub fn topic_words(ws: &[Word<'_>]) -> Vec<String> {
    ws.iter()
        .filter(|w| specific(w) && w.tag != "ns" && !w.text.ends_with(['市', '县', '区', '省', '镇']))
        .map(|w| w.text.to_owned())
        .collect()
}

/// The specific words of segmented text.
pub fn specific_words(ws: &[Word<'_>]) -> Vec<String> {
    ws.iter().filter(|w| specific(w)).map(|w| w.text.to_owned()).collect()
}

/// What an ask is about: the specific words nearest the head of its object,
/// in the first clause that names any (a beneficiary 为…中心 left out).
pub fn identity(ws: &[Word<'_>]) -> Vec<String> {
    let mut clause: Vec<&Word<'_>> = Vec::new();
    let mut skipping = false;
    let mut clauses = 0;
    // 参照市级模式建立…: a manner tells how, it names nothing asked.
    let mut manner = false;
    let end = Word { text: "，", tag: "x", start: 0, end: 0 };
    for (i, w) in ws.iter().chain(std::iter::once(&end)).enumerate() {
        if w.is(&["，", ",", "；", "："]) {
            if let Some(head) = clause.iter().rev().find(|w| specific(w)) {
                return vec![head.text.to_owned()];
            }
            // (另，按照…部署，今年需开展…: a connective or a manner alone is no clause.)
            if clause.iter().any(|w| !w.is(lexicon::ADDITIVE)) {
                clauses += 1;
            }
            if clauses == 2 {
                break;
            }
            clause.clear();
            skipping = false;
            manner = false;
            continue;
        }
        if w.is(lexicon::MANNER) {
            manner = true;
            continue;
        }
        // 市垃圾处理中心项目已列入〇〇规划: what is put into a plan, not the plan.
        if w.is(&["列入", "纳入"]) && clause.iter().any(|w| specific(w)) {
            let thing = clause.iter().rev().find(|w| specific(w)).map(|w| w.text.to_owned());
            return thing.into_iter().collect();
        }
        if manner {
            if w.verb() {
                manner = false;
            } else {
                continue;
            }
        }
        // 为/给 + the unit that benefits: not what is asked.
        if w.is(&["为", "给", "向"]) && clause.iter().all(|c| !c.nominal() || c.is(lexicon::GOVERNMENT)) {
            skipping = true;
            continue;
        }
        if skipping {
            if w.tag == "v" {
                skipping = false;
            } else {
                continue;
            }
        }
        // 项目已完成选址和可研编制: the drafting names nothing asked.
        if i < ws.len() && lexicon::compiles(ws, i) {
            continue;
        }
        clause.push(w);
    }
    Vec::new()
}

/// The unit an ask is for (同意为[市技师学院]增加事业编制60名): the specific words between a
/// leading 为/给 and the act, in the first clause.
/// The unit posts are for: named (为市技师学院…), or referred to (为该中心…: the 中心 its
/// paragraph last named, with the word that names it, 校外活动中心).
fn unit(object: &str, paragraph: &str) -> Vec<String> {
    let named_unit = beneficiary(object);
    if !named_unit.is_empty() {
        return named_unit;
    }
    let ws = words(object);
    let ws = first_clause(&ws);
    let Some(p) = ws.iter().take(8).position(for_unit) else { return Vec::new() };
    match reference(&ws[p + 1..]) {
        Reference::Generic(noun) => {
            let named_at = paragraph
                .match_indices(noun.as_str())
                .map(|(at, _)| at)
                .filter(|&at| !lexicon::ANAPHORA.iter().any(|a| paragraph[..at].ends_with(a)))
                .last();
            let Some(at) = named_at else { return Vec::new() };
            let before = words(&paragraph[..at]);
            match before.last() {
                Some(w) if specific(w) => vec![format!("{}{noun}", w.text)],
                _ => Vec::new(),
            }
        }
        Reference::Specific(noun) => vec![noun],
        Reference::None => Vec::new(),
    }
}

/// 为/给 before the unit that benefits (jieba joins a localizer to it: 总量内为 → 内为/p).
fn for_unit(w: &Word<'_>) -> bool {
    w.is(&["为", "给"]) || (w.tag == "p" && w.text.chars().count() == 2 && w.text.ends_with('为'))
}

pub fn beneficiary(object: &str) -> Vec<String> {
    beneficiary_words(first_clause(&words(object)))
}

/// The specific words between a leading 为/给 and the act.
fn beneficiary_words(ws: &[Word<'_>]) -> Vec<String> {
    let Some(p) = ws.iter().take(8).position(for_unit) else { return Vec::new() };
    ws[p + 1..]
        .iter()
        .take_while(|w| !(w.verb() && act(w)))
        .filter(|w| specific(w))
        .map(|w| w.text.to_owned())
        .collect()
}

/// What a reference back points at.
enum Reference {
    /// 上述问题, 该项目, 此次活动, a bare 项目: the matter already named (by this noun).
    Generic(String),
    /// 该楼, 该中心: the thing it names.
    Specific(String),
    None,
}

/// The document a reference back names (该实施方案, 此办法), when the paragraph has just quoted one
/// of that kind by name. Only documents: a project or an event referred back to is the matter.
fn introduced_document<'a>(documents: &'a [String], noun: &str) -> Option<&'a str> {
    const DOCUMENTS: &[&str] = &["方案", "办法", "意见", "规划", "细则", "规定", "条例", "纲要", "规则", "章程"];
    if !DOCUMENTS.iter().any(|d| noun.ends_with(d)) {
        return None;
    }
    documents.iter().rev().find(|d| d.contains(noun)).map(String::as_str)
}

/// Does the clause refer back (该/此/上述 …), and to what?
fn reference(ws: &[Word<'_>]) -> Reference {
    const HEADS: &[&str] = &["项目", "活动", "工程", "会议", "节会", "赛事", "展会", "医院", "学校"];
    for (i, w) in ws.iter().enumerate() {
        // 上述划片方案: the noun the reference governs may stand past a modifier or two.
        if w.is(lexicon::ANAPHORA)
            && let Some(n) =
                ws[i + 1..].iter().take(3).take_while(|n| !n.is_punct()).find(|n| n.nominal() || n.is(HEADS))
        {
            let generic = n.is(HEADS) || n.is(lexicon::GENERIC) || n.is(lexicon::ACT_NOUNS);
            return if generic {
                Reference::Generic(n.text.to_owned())
            } else {
                Reference::Specific(n.text.to_owned())
            };
        }
        // A bare head: nothing specific before it in the clause.
        if w.is(HEADS) && i <= 6 && !ws[..i].iter().any(specific) {
            return Reference::Generic(w.text.to_owned());
        }
    }
    Reference::None
}

/// What a bare sum is for, told in the clause after it (安排2000万元，对[纯电动公交车]给予购置补贴 /
/// …，为[指挥部]购置排涝车).
fn funded_purpose(object: &[Word<'_>]) -> Vec<String> {
    let first = first_clause(object);
    if !first.iter().any(|w| w.tag == "m") {
        return Vec::new();
    }
    let rest = object.get(first.len() + 1..).unwrap_or_default();
    match rest.first() {
        Some(w) if w.is(&["对", "为", "给"]) => identity(first_clause(&rest[1..])),
        _ => Vec::new(),
    }
}

/// 将[政府投资审计购买社会审计服务]经费纳入预算: no one word of the phrase a sum's head governs is
/// specific, the phrase as a whole is (when it is long enough and names two things).
fn named_by_phrase(governed: &[Word<'_>]) -> Option<String> {
    let phrase: String = governed
        .iter()
        .filter(|w| {
            (w.nominal() || w.verb())
                && !w.is(lexicon::GOVERNMENT)
                && !w.is(lexicon::GENERIC)
                && !w.is(&["所需", "有关", "相关"])
                && !w.text.starts_with('我')
                && !w.text.chars().any(|c| c.is_ascii_digit())
        })
        .map(|w| w.text)
        .collect();
    let things = governed.iter().filter(|w| w.nominal() && !w.is(lexicon::GENERIC)).count();
    (phrase.chars().count() >= 6 && things >= 2).then_some(phrase)
}

/// What a serving ask is for: the specific word of the phrase its head
/// governs (拨付[检测设备购置]经费 → 检测设备; 出席[安全生产工作]会议 → 安全生产),
/// or nothing when it only serves (安排资金, 出席开幕式, 成立组委会).
fn served_object(object: &[Word<'_>]) -> (Vec<String>, bool) {
    const SERVING_HEADS: &[&str] = &[
        "资金",
        "经费",
        "补助",
        "补贴",
        "预算",
        "专项资金",
        "配套资金",
        "开幕式",
        "闭幕式",
        "仪式",
        "启动仪式",
        "组委会",
        "领导小组",
        "委员会",
        "指挥部",
        "工作组",
        "专班",
        "协调会",
        "用地",
        "土地",
        "指标",
        "会议",
        "大会",
        "活动",
        "典礼",
    ];
    // Events name themselves by their last character: 推介会, 运动会, 旅游节, 马拉松赛 …
    const EVENT_ENDINGS: &[char] = &['会', '节', '赛', '展', '坛'];
    let ws = first_clause(object);
    // 从市级专项资金中拨付…整治资金: the source named first is no head.
    let past_source = ws
        .iter()
        .position(|w| w.is(&["从"]))
        .and_then(|f| ws[f..].iter().position(|w| w.is(&["中"])).map(|m| f + m + 1))
        .filter(|&m| ws[m..].iter().any(|w| w.verb()))
        .unwrap_or(0);
    let head = ws
        .iter()
        .enumerate()
        .skip(past_source)
        .find(|(_, w)| {
            w.is(SERVING_HEADS)
                || SERVING_HEADS.iter().any(|h| w.text.ends_with(h) && w.text.chars().count() > 2)
                || (w.nominal() && w.text.chars().count() >= 3 && w.text.ends_with(EVENT_ENDINGS))
        })
        .map(|(i, _)| i);
    let named = head.and_then(|head| {
        // From the governing act (拨付, 出席, 成立 …) to the head; a later act inside the phrase (购置) is part of it.
        let clause = ws[..head].iter().rposition(|w| w.is_punct() || w.tag == "p").map_or(0, |p| p + 1);
        // 从应急资金中予以安排: the source, not what it pays for.
        if clause > 0 && ws[clause - 1].is(&["从"]) && ws[head + 1..].iter().take(2).any(|w| w.is(&["中"])) {
            return None;
        }
        let start = ws[clause..head].iter().position(|w| w.verb() && act(w)).map_or(clause, |p| clause + p + 1);
        let governed = &ws[start..head];
        let before = governed
            .iter()
            .rev()
            .find(|w| specific(w))
            .map(|w| (w.text.to_owned(), false))
            .or_else(|| named_by_phrase(governed).map(|p| (p, true)));
        // An event's own name (推介会) when nothing specific stands before it.
        before.or_else(|| {
            (specific(&ws[head]) && ws[head].text.ends_with(EVENT_ENDINGS)).then(|| (ws[head].text.to_owned(), false))
        })
    });
    if let Some((n, by_phrase)) = named {
        return (vec![n], by_phrase);
    }
    // 安排资金2000万元，用于购置人才公寓: what the money is for.
    let used = object.iter().position(|w| w.is(&["用于", "用作", "专项用于", "主要用于"]));
    let used = used.map(|u| identity(first_clause(&object[u + 1..]))).unwrap_or_default();
    if !used.is_empty() {
        return (used, false);
    }
    // 拨付资金更新…自助签注设备 / 为食品安全抽检追加经费: the act the money pays for right after
    // it, or the purpose before the act; named by a phrase, not by the ask's head.
    let funds = |w: &Word<'_>| ["资金", "经费", "补助", "补贴", "预算"].iter().any(|f| w.text.ends_with(f));
    if !ws.iter().any(funds) {
        return (Vec::new(), false);
    }
    let after = head.filter(|&h| funds(&ws[h]) && ws.get(h + 1).is_some_and(|w| w.verb() && !w.is(&["予以", "给予"])));
    let purpose = match after {
        Some(h) => identity(&ws[h + 1..]),
        None => beneficiary_words(ws),
    };
    let by_phrase = !purpose.is_empty();
    (purpose, by_phrase)
}
