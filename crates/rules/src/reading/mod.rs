//! Reading a document for its matters, as a clerk does (I-1 一文一事, I-2
//! 报告不得夹带请示事项).
//!
//! The text is cut into sentences (quoted titles masked) and words (jieba,
//! with a dictionary of government terms). A clerk looks for the **live
//! asks** addressed to the government, sets aside **narrative** (what was
//! asked or done before: 经报请…同意, 已提请…通过, statistics of others'
//! applications) and **closing formulas** (妥否，请批示; 望批复; 特此报告),
//! and **groups** the asks into matters: the time, place, organisation,
//! budget of one event are one matter; staffing and equipment funds are two.
//!
//! Every conclusion says how sure it is: a sure one returns the document, an
//! unsure one travels with it as an advisory for the office's review.

mod asks;
mod lexicon;
mod matters;
pub mod segment;
mod text;

pub use asks::Ask;
pub use lexicon::Category;
pub use matters::Matter;
pub use text::{Field, Span};

use text::Sentence;

/// How sure the reading is of a conclusion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Certainty {
    Unsure,
    Sure,
}

/// What the document asks, and of how many matters.
#[derive(Debug, Clone)]
pub struct Reading {
    pub asks: Vec<Ask>,
    /// Closing formulas, and whether each asks for a decision.
    pub closings: Vec<(Span, bool)>,
    pub matters: Vec<Matter>,
    /// The matters the title names (关于申请增加编制并拨付资金的请示: two).
    pub title_matters: Vec<String>,
    /// The title says 等事项 / 等问题.
    pub title_says_several: bool,
    /// One of the matters the title names is land, who attends or coordination (…配套资金并协调
    ///充电场站用地): it may serve the other; or its matters share one act (调整A及B): the writer
    /// may see one measure. Two by the title alone are not sure.
    pub title_part_serves: bool,
    /// The title names one specific undertaking (开通…公交线路, 设立…产业园), not an umbrella.
    pub title_names_one: bool,
    /// …and creates or carries it out (新建…小学, 建设…中心, 实施…行动): its own posts, land,
    /// funds and organisation are its parts too.
    pub title_creates: bool,
    /// The specific words of what an umbrella title is about (关于[市传染病医院扩建项目]有关事项).
    pub title_topic: Vec<String>,
    /// The specific words of what the title is about, umbrella or not.
    pub title_words: Vec<String>,
    /// The sentences of numbered items about things of their own the title never names: no
    /// heading of a part (四、经费保障。), no reference back, two specific words of their own
    /// (六、市全民健身中心游泳馆池体渗漏…请市政府安排改造资金 under 关于举办马拉松赛的请示).
    pub off_title: Vec<usize>,
    /// Numbered items headed as matters of their own: 关于…, or an act on something.
    pub headed_items: Vec<usize>,
    /// The body has an ask-like word (请, 望, 建议 …) and the reading took none as an ask.
    pub has_unread_cue: bool,
    /// The body proposes something (拟…, 建议…) for a closing formula to ask about.
    pub proposes: bool,
    /// The title names a state of affairs (关于…工作完成情况的请示), not a matter to decide.
    pub title_tells: bool,
    /// The body says it reports (现将有关情况汇报如下).
    pub body_tells: bool,
    /// The title changes who sits on a body (关于调整…委员会组成人员).
    pub title_membership: bool,
    /// The writer, as signed, is what the title names (关于申请县图书馆新馆…经费的请示 signed 县图书馆).
    pub writer_in_title: bool,
    /// The title is an umbrella over one undertaking told by its act alone (关于…开馆运行有关事项):
    /// the writer scoped every ask to it, even one it adds (此外，…).
    pub title_by_act: bool,
    /// The kind of the one thing the title names.
    pub title_category: Option<Category>,
    /// The writer counts what it submits (以上两项，妥否，请批示): how many, and where.
    pub counted: Option<(usize, Span)>,
    /// The writer announces how many matters follow (现将…两个事项请示如下): how many, and where.
    pub announced: Option<(usize, Span)>,
}

/// Reads a document's title and body.
pub fn read(title: &str, body: &str) -> Reading {
    let sentences = text::sentences(Field::Body, body);
    let umbrella = title_matters(title);
    let mut asks: Vec<Ask> = Vec::new();
    let mut closings = Vec::new();
    let last_item = sentences.last().map_or(0, |s| s.item);
    // The document's own closing is its last one asking for a decision; one before it closes a part.
    let last_decision = sentences
        .iter()
        .rposition(|s| {
            let tail = closing_tail(s);
            tail < s.masked.chars().count()
                && lexicon::closing(&s.masked.chars().skip(tail).collect::<String>()).is_some_and(|c| c.asks_decision)
        })
        .unwrap_or(0);
    let mut item = usize::MAX;
    let mut paragraph = usize::MAX;
    let mut around = asks::Around {
        // The writer as signed under the body (its specific words), read once.
        writer: text::signature(body).map(|w| asks::specifics(&w)).unwrap_or_default(),
        ..Default::default()
    };
    let mut in_list = false;
    // The list's items (一是…；二是…) are the parts of what its opener asked.
    let mut list_of_parts = false;
    let mut request_section = false;
    // What the ask opening a list names (对产业园建设给予支持，具体包括：): its items serve it.
    let mut list_head: Option<Vec<String>> = None;
    // A list of supports (给予以下支持：) and what it is for: its numbered items, headed or
    // not, serve that one matter.
    let mut supports_list: Option<(usize, Vec<String>)> = None;
    // Each sentence is segmented once; the reading of item proposals below reuses the words.
    let words: Vec<Vec<segment::Word<'_>>> = sentences.iter().map(|s| segment::words(&s.masked)).collect();
    for (i, s) in sentences.iter().enumerate() {
        let ws = &words[i];
        if s.item != item {
            item = s.item;
            // (Before the first item there is no heading: the first line is the addressee.)
            around.heading = if s.item > 0 { asks::heading_anchors(ws) } else { Vec::new() };
        }
        if s.paragraph != paragraph {
            paragraph = s.paragraph;
            around.before.clear();
            // 同时，我市120急救指挥调度系统…: a paragraph opened by 同时 adds, yet as often to the same
            // undertaking as to another (see `Ask::meanwhile`).
            around.meanwhile = asks::opens_with(ws, &["同时"]);
            around.added = around.meanwhile;
            around.added_after_completion = false;
            around.documents.clear();
            around.paragraph.clear();
        }
        // What the sentence names, for a reference back in it or later (…该中心…).
        around.paragraph.push_str(&s.masked);
        let tail = closing_tail(s);
        let before = asks.len();
        if tail > 0 {
            // 请审定上述方案，审定后由…印发执行: what follows the approval is its procedure, no ask.
            const AFTER_APPROVAL: &[&str] = &["审定后", "批准后", "同意后", "审批后", "批复后", "审议通过后"];
            let found = asks::in_sentence(i, s, ws, tail, &around).into_iter().enumerate();
            asks.extend(
                found
                    .filter(|(n, a)| *n == 0 || !AFTER_APPROVAL.iter().any(|p| a.object.starts_with(p)))
                    .map(|(_, a)| a),
            );
        }
        if asks.len() == before && tail > 0 && asks::proposes_government_act(ws) {
            let proposal: String = s.masked.chars().take(tail).collect();
            asks.push(asks::from_closing(i, s, &proposal, s.span.clone(), &around.heading));
        }
        // 请市政府：同意…；批准…；为…增加… (or 为此，请市政府：\n一、同意…): each item of the list is an ask.
        // 一、提高贷款最高额度。单缴存职工家庭…: a short heading its item goes on to explain names a
        // measure of the proposal, not an ask of its own.
        let explained_heading = (i == 0 || sentences[i - 1].item != s.item)
            && sentences.get(i + 1).is_some_and(|n| n.item == s.item)
            && ws.iter().filter(|w| !w.is_punct()).count() <= 7;
        // 三、请示事项\n（一）同意实施…新建项目。…（三）同意将…补贴标准…提高至…: under a heading that
        // names what follows as the matters asked, each item opening with the government's act asks.
        if asks::heads_request_section(&s.masked) {
            request_section = true;
        } else if request_section && asks::opens_top_level(&s.masked) {
            request_section = false;
        }
        let item_opens = i > 0 && sentences[i - 1].item != s.item;
        let section_item = request_section && item_opens && !asks::heads_request_section(&s.masked);
        if asks.len() == before
            && tail > 0
            && (in_list || section_item)
            && !explained_heading
            && !(list_of_parts && asks::opens_with_numbered_is(ws))
            && asks::continues_list(ws)
        {
            let proposal: String = s.masked.chars().take(tail).collect();
            let span = Span {
                field: Field::Body,
                start: s.span.start,
                end: s.span.start + tail,
                text: s.span.text.chars().take(tail).collect(),
            };
            let mut ask = asks::from_closing(i, s, &proposal, span, &around.heading);
            // (Without a cue of the writer's own, items under such a heading may yet be one
            // undertaking's parts: they tell matters apart only with help.)
            ask.borrowed |= !in_list;
            asks.push(ask);
        }
        if in_list && let Some(head) = &list_head {
            for a in &mut asks[before..] {
                a.anchors = head.clone();
                a.borrowed = true;
            }
        }
        let opens = asks::opens_list(ws);
        in_list = opens || ((in_list || s.continued) && asks.len() > before);
        // (A sentence opening a list has its colon.)
        if ws.iter().any(|w| w.is(&["：", ":"])) {
            list_of_parts = asks::colon_after_object(ws);
        }
        // Only an ask that ends its sentence with the colon heads the list (对…给予支持，具体包括：);
        // 请市政府：一、…；二、… begins its list at once, each item an ask of its own.
        if opens && ws.last().is_some_and(|w| w.is(&["：", ":"])) {
            // 请求给予以下支持： announces that what follows serves one matter, whatever it names.
            let supports = ["以下支持", "如下支持", "支持如下", "以下方面"].iter().any(|w| s.masked.contains(w));
            // 关于支持雁回区高质量发展有关事项 … 恳请市政府在以下方面给予支持：a region's or a sector's
            // development is no one undertaking: supports that name nothing of their own leave
            // each item to name its own.
            let broad = umbrella.seeds.is_empty() && !umbrella.one_undertaking;
            list_head = asks[before..]
                .iter()
                .find(|a| !a.anchors.is_empty() && (!a.borrowed || (supports && !broad)))
                .map(|a| a.anchors.clone());
            if supports && let Some(head) = &list_head {
                supports_list = Some((i, head.clone()));
            } else if supports && asks[before..].iter().any(|a| a.anaphoric) {
                // 恳请对该项目给予以下支持：the supports serve the matter already named.
                supports_list = Some((i, Vec::new()));
            }
        } else if !in_list {
            list_head = None;
        }
        if asks.len() > before {
            around.documents.clear();
        } else if s.masked.contains(text::MASK) {
            around.documents.extend(text::quoted_titles(&s.span.text));
        }
        // 现就该项目有关事项请示如下：一、项目立项…二、项目用地…: the items that follow are the
        // parts of the one undertaking the writer names (or refers back to).
        if asks.len() == before
            && supports_list.is_none()
            && let Some(head) = asks::announces_one_undertaking(&s.masked)
        {
            supports_list = Some((i, head));
        }
        let (named, adds) = asks::sentence_identity(ws);
        // 另外，… adds to what its own sentence or the next one asks, no further.
        // An opening 另外 carries over the paragraph's sentences to the first ask it adds.
        around.added_after_completion = (around.added && around.added_after_completion
            || adds && asks::opens_on_completion(ws))
            && asks.len() == before;
        around.added = (around.added || adds) && asks.len() == before;
        around.meanwhile &= around.added && !adds;
        if !named.is_empty() {
            around.before = named;
        }
        if tail == s.masked.chars().count() {
            continue;
        }
        let closing =
            lexicon::closing(&s.masked.chars().skip(tail).collect::<String>()).expect("found by closing_tail");
        let span = Span {
            field: Field::Body,
            start: s.span.start + tail,
            end: s.span.end,
            text: s.span.text.chars().skip(tail).collect(),
        };
        let item_has_ask = asks.iter().any(|a| s.item > 0 && a.item == s.item);
        // 以上两个事项，妥否，请批示: a reference to all that precedes is the closing, not a proposal.
        let refers_to_all = {
            let lead: String = s.masked.chars().take(tail).collect();
            ["以上", "上述", "综上"].iter().any(|p| lead.starts_with(p))
                && asks::identity(&segment::words(&lead)).iter().all(|w| w.ends_with("事项") || w.ends_with("问题"))
        };
        if closing.asks_decision && tail > 0 && asks.len() == before && !refers_to_all {
            // 拟增加经费120万元，请审批: the formula asks for what its sentence proposes.
            let proposal: String = s.masked.chars().take(tail).collect();
            let mut ask = asks::from_closing(i, s, &proposal, s.span.clone(), &around.heading);
            // 另，…高峰时段打车难。我局拟新增投放出租汽车200辆，一并请示: added, as its paragraph opened.
            ask.additive |= around.added;
            // (另外，为确保新增病种待遇尽快落地，…: added, yet about the undertaking.)
            ask.anaphoric |= around.added && around.added_after_completion;
            asks.push(ask);
        } else if closing.asks_decision && tail == 0 && s.item > 0 && s.item < last_item && !item_has_ask {
            // An item's own 请审批 before the next item: it asks for what the item proposes.
            let item: Vec<&Sentence> = sentences[..i].iter().filter(|p| p.item == s.item).collect();
            let proposal: String = item.iter().map(|p| p.masked.as_str()).collect::<Vec<_>>().join("。");
            asks.push(asks::from_closing(i, s, &proposal, span, &around.heading));
        } else if let Some(k) =
            (closing.asks_decision && tail == 0 && s.item == 0 && i < last_decision && !asks.is_empty())
                .then(|| paragraph_proposal(&sentences, &words, i))
                .flatten()
                .filter(|_| !asks.iter().any(|a| sentences[a.sentence].paragraph == s.paragraph))
        {
            // 恳请…印发实施。\n…拟将各等级收费标准平均上调约18%。请市政府审定。\n以上妥否，请批示: after
            // an ask, a paragraph's own 请审定 before the document's closing asks for what that
            // paragraph proposes (added, when the paragraph opens so: 此外，…).
            let p = &sentences[k];
            let mut ask = asks::from_closing(k, p, &p.masked, p.span.clone(), &around.heading);
            ask.additive |= around.added
                || (0..i)
                    .rev()
                    .take_while(|&j| sentences[j].paragraph == s.paragraph)
                    .any(|j| asks::opens_additive(&words[j]));
            asks.push(ask);
        } else {
            closings.push((span, closing.asks_decision));
        }
    }
    if let Some((opener, head)) = &supports_list {
        for a in asks.iter_mut().filter(|a| a.sentence > *opener && a.item > 0 && !a.additive) {
            a.anchors = head.clone();
            a.borrowed = true;
            // Without a name of its own the list refers back, as its opener did.
            a.anaphoric |= head.is_empty();
        }
    }
    // 一、关于调整…价格。…拟对…进行调整。二、关于…更名。拟将…更名为… 以上请示当否，请示复:
    // under headings that each name a matter, the closing asks for each item's proposal.
    if closings.iter().any(|(_, asks)| *asks) {
        // The proposal of sentence `k` under the heading `h`, asked by the closing: the heading names
        // the matter (一、关于…更名), not the proposal's wording. `borrowed`: whether that name is
        // borrowed (a numbered heading that only names an act on something), None to leave it as
        // the proposal's own words have it.
        let under_heading = |h: usize, k: usize, borrowed: Option<bool>| {
            let s = &sentences[k];
            let heading_identity = asks::heading_anchors(&words[h]);
            let mut ask = asks::from_closing(k, s, &s.masked, s.span.clone(), &heading_identity);
            if !heading_identity.is_empty() {
                ask.anchors = heading_identity;
                ask.borrowed = borrowed.unwrap_or(ask.borrowed);
            }
            ask
        };
        let mut items: Vec<usize> = sentences.iter().map(|s| s.item).filter(|i| *i > 0).collect();
        items.dedup();
        for item in items {
            if asks.iter().any(|a| a.item == item) {
                continue;
            }
            let in_item: Vec<(usize, &Sentence)> =
                sentences.iter().enumerate().filter(|(_, s)| s.item == item).collect();
            let Some(&(h, heading)) = in_item.first() else { continue };
            // 一、关于…: a matter by the writer's own word. 一、调整市政府法律顾问组成人员: an act on
            // something heads it, read as a matter but not surely one (an undertaking's parts may be
            // headed so too).
            let named = asks::names_a_matter(heading);
            // 一、拟在全市…推行课后服务收费。: the item opens with its proposal, read so too.
            let by_act = !named && (asks::heading_acts(&words[h]) || asks::item_opens_with_proposal(&words[h]));
            if !named && !by_act {
                continue;
            }
            let proposal = in_item
                .iter()
                .map(|(i, _)| *i)
                .find(|&i| asks::proposes_in_clause(&words[i]) || i == h && asks::item_opens_with_proposal(&words[i]));
            asks.extend(proposal.map(|k| under_heading(h, k, Some(by_act))));
        }
        // 关于价格调整。…拟将居民供热价格由…调整为…\n关于企业补贴。…: paragraphs headed 关于… without a
        // number are the writer's matters too.
        let mut paragraph = usize::MAX;
        for (h, heading) in sentences.iter().enumerate() {
            if heading.paragraph == paragraph || heading.item > 0 {
                continue;
            }
            paragraph = heading.paragraph;
            let short = words[h].iter().filter(|w| !w.is_punct()).count() <= 8;
            if !short
                || !asks::names_a_matter(heading)
                || asks.iter().any(|a| sentences[a.sentence].paragraph == paragraph)
            {
                continue;
            }
            let proposal = (h + 1..sentences.len())
                .take_while(|&k| sentences[k].paragraph == paragraph)
                .find(|&k| asks::proposes_in_clause(&words[k]));
            asks.extend(proposal.map(|k| under_heading(h, k, None)));
        }
        // 拟从预备费中安排1280万元…。\n我局“预算股”拟更名为“预算管理股”。\n妥否，请批示: the
        // closing decides each paragraph's proposal. A later paragraph with no ask, proposing
        // something it shares no word with the title or the paragraphs before, is another
        // matter: named by its own words but not sure, unless the writer adds it (此外，拟在…).
        let asked: Vec<usize> = asks.iter().map(|a| sentences[a.sentence].paragraph).collect();
        // Most documents have no such paragraph: look for one cheaply before weighing words.
        let first_asked = asked.iter().min().copied();
        // 另，…拟以市政府办公室名义印发 after items (（一）…（三）…): a paragraph the writer adds
        // stands outside the items before it.
        let added_paragraphs: Vec<usize> = sentences
            .iter()
            .zip(&words)
            .enumerate()
            .filter(|(i, (s, ws))| (*i == 0 || sentences[i - 1].paragraph != s.paragraph) && asks::opens_additive(ws))
            .map(|(_, (s, _))| s.paragraph)
            .collect();
        let outside_items = |s: &Sentence| s.item == 0 || added_paragraphs.contains(&s.paragraph);
        let candidates = sentences
            .iter()
            .zip(&words)
            .filter(|(s, ws)| {
                outside_items(s)
                    && !asked.contains(&s.paragraph)
                    && first_asked.is_none_or(|p| s.paragraph > p)
                    && closing_tail(s) > 0
                    && asks::proposes_in_clause(ws)
            })
            .map(|(s, _)| s.paragraph)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        // 拟动用预备费2600万元…。\n此外，…服务器…，请一并批准列入预算调整: a proposal before the
        // first ask, which the writer adds as something further.
        let added_after_proposal = first_asked.is_some_and(|p| {
            asks.iter().any(|a| a.additive && sentences[a.sentence].paragraph == p)
                && sentences.iter().zip(&words).any(|(s, ws)| {
                    s.item == 0 && s.paragraph < p && closing_tail(s) > 0 && asks::proposes_in_clause(ws)
                })
        });
        let worth = if asks.is_empty() { candidates >= 2 } else { candidates >= 1 || added_after_proposal };
        let mut seen: Vec<String> = if worth { umbrella.words.clone() } else { Vec::new() };
        // 关于青梧职业技术学院新校区…的请示 signed 青梧职业技术学院: the writer's own name in the
        // title names no matter.
        let title_topic_words: Vec<String> =
            umbrella.words.iter().filter(|w| !around.writer.contains(w)).cloned().collect();
        let mut first: Option<Ask> = None;
        let mut strangers = Vec::new();
        let mut before_any = asks.is_empty();
        // With asks, only a paragraph after the first one asking may add (before it, a proposal is
        // the background of what is asked).
        let mut after_ask = asks.is_empty();
        let mut paragraph = usize::MAX;
        for (i, s) in sentences.iter().enumerate().filter(|_| worth) {
            if s.paragraph == paragraph {
                continue;
            }
            paragraph = s.paragraph;
            let in_paragraph: Vec<usize> =
                (i..sentences.len()).take_while(|&k| sentences[k].paragraph == s.paragraph).collect();
            let mut own: Vec<String> = in_paragraph.iter().flat_map(|&k| asks::topic_words(&words[k])).collect();
            let proposal = in_paragraph.iter().copied().find(|&k| {
                outside_items(&sentences[k]) && closing_tail(&sentences[k]) > 0 && asks::proposes_in_clause(&words[k])
            });
            // 我局起草了《…招生制度改革实施方案》，拟…印发: the document proposed is named by its own
            // words too (not a law the paragraph cites elsewhere).
            if let Some(k) = proposal {
                for doc in text::quoted_titles(&sentences[k].span.text) {
                    own.extend(asks::topic_words(&segment::words(&doc)));
                }
            }
            match proposal {
                Some(k) if !asked.contains(&s.paragraph) => {
                    let p = &sentences[k];
                    let mut ask = asks::from_closing(k, p, &p.masked, p.span.clone(), &[]);
                    ask.additive |= in_paragraph.iter().any(|&k| asks::opens_additive(&words[k]));
                    ask.borrowed |= !ask.additive;
                    if !after_ask && added_after_proposal {
                        // (The last proposal before the first ask.)
                        first = Some(ask);
                    } else if before_any {
                        before_any = false;
                        first = Some(ask);
                    } else if after_ask
                        && !own.is_empty()
                        // 另外，我局拟对《…采购目录…》进行修订: an addition by the writer's word need
                        // only name nothing of the title's and not refer back (该…, 上述…).
                        && (!matters::overlap(&own, &seen)
                            || ask.additive
                                && !matters::overlap_named(&own, &title_topic_words)
                                && !asks::refers_back(&words[k]))
                        // 此外，新所设立后，…: what follows the undertaking is its.
                        && !in_paragraph.iter().any(|&k| asks::opens_on_completion(&words[k]))
                        && !in_paragraph.iter().any(|&k| asks::names_the_undertaking_bare(&words[k]))
                    {
                        strangers.push(ask);
                    }
                }
                _ if asked.contains(&s.paragraph) => {
                    // The first asked paragraph adds (此外，…) something the proposal before it and
                    // the title never name: the proposal is a matter, the addition another.
                    if !after_ask
                        && added_after_proposal
                        && !own.is_empty()
                        && !matters::overlap(&own, &seen)
                        && !in_paragraph.iter().any(|&k| asks::refers_back(&words[k]))
                        && let Some(proposal) = first.take()
                    {
                        strangers.push(proposal);
                    }
                    before_any = false;
                    after_ask = true;
                }
                _ => {}
            }
            seen.extend(own);
        }
        if !strangers.is_empty() {
            asks.extend(first);
            asks.extend(strangers);
        }
        // 现提出以下建议：…（三）我市现有在用电梯3.86万台…，拟以市政府办公室名义印发: a numbered
        // item about things of its own the title never names, proposing and asking nothing, is a
        // proposal the closing decides.
        let proposing_items: Vec<usize> = sentences
            .iter()
            .zip(&words)
            .enumerate()
            .filter(|(_, (s, ws))| {
                s.item > 0
                    && closing_tail(s) > 0
                    && !asks.iter().any(|a| sentences[a.sentence].item == s.item)
                    && asks::proposes_in_clause(ws)
            })
            .map(|(k, _)| k)
            .collect();
        if !proposing_items.is_empty() {
            let stray = off_title(&sentences, &words, &umbrella.words);
            let mut items_seen = Vec::new();
            for k in proposing_items.into_iter().filter(|k| stray.contains(k)) {
                let p = &sentences[k];
                let ask = asks::from_closing(k, p, &p.masked, p.span.clone(), &[]);
                // (Land, funds, a committee, who attends: the title's undertaking's parts.)
                if !items_seen.contains(&p.item) && !lexicon::supports(ask.category) {
                    items_seen.push(p.item);
                    asks.push(ask);
                }
            }
        }
        asks.sort_by_key(|a| (a.span.start, a.span.end));
    }
    let core = title.trim_end_matches("的请示").trim_end_matches("的报告");
    let title_tells = ["情况", "进展", "总结", "成效", "进度"].iter().any(|w| core.ends_with(w));
    // 关于调整市食品安全委员会组成人员的请示: who sits on a body, nothing more.
    let title_membership = ["组成人员", "成员", "成员单位", "组成人员调整", "成员调整"]
        .iter()
        .any(|w| core.trim_start_matches("关于").ends_with(w))
        && core.contains("调整");
    // 现将有关情况汇报如下: the writer says the body reports.
    let body_tells = sentences.iter().filter(|s| s.masked.contains("如下")).any(|s| {
        ["汇报如下", "报告如下", "说明如下", "通报如下"]
            .iter()
            .any(|t| s.masked.match_indices(t).any(|(p, _)| s.masked[..p].ends_with("情况")))
    });
    let title = umbrella;
    let title_part_serves = title.parts.len() >= 2
        && (title.shared_act
            || title
                .seeds
                .iter()
                .any(|(_, _, c)| matches!(c, Category::Land | Category::Attendance | Category::Coordination)));
    let seeds: Vec<_> = title.seeds.iter().map(|(_, a, c)| (a.clone(), *c)).collect();
    let matters = matters::group(&asks, &seeds, &title.topic);
    // (Weighed only when nothing was read as an ask: it matters to nothing else.)
    let has_unread_cue = asks.is_empty()
        && sentences.iter().any(|s| {
            // (需要 is everyday narrative: only asks the reading took count.)
            lexicon::CUES
                .iter()
                .filter(|(_, k)| *k != lexicon::CueKind::Need)
                .any(|(c, _)| s.masked.match_indices(c).any(|(p, _)| !s.masked[p + c.len()..].starts_with('示')))
        });
    let proposes = words.iter().any(|w| asks::proposes(w));
    let headed_items: Vec<usize> = sentences
        .iter()
        .zip(&words)
        .enumerate()
        .filter(|(i, (s, _))| s.item > 0 && (*i == 0 || sentences[i - 1].item != s.item))
        .filter(|(_, (s, ws))| asks::names_a_matter(s) || asks::heading_acts(ws))
        .map(|(_, (s, _))| s.item)
        .collect();
    // (Weighed only where it can matter: asks standing in numbered items.)
    let off_title =
        if asks.iter().any(|a| a.item > 0) { off_title(&sentences, &words, &title.words) } else { Vec::new() };
    let counted = sentences.iter().find_map(counted_items);
    let announced = sentences.iter().find_map(announced_items);
    Reading {
        counted,
        announced,
        title_tells,
        title_membership,
        title_category: (title.seeds.len() == 1).then(|| title.seeds[0].2),
        body_tells,
        asks,
        closings,
        matters,
        proposes,
        title_matters: title.parts,
        title_says_several: title.several_hint,
        title_part_serves,
        title_names_one: (title.seeds.len() == 1 && !title.seeds[0].1.is_empty()) || title.one_undertaking,
        title_creates: title.creates || title.one_undertaking,
        title_by_act: title.one_undertaking_by_act && !title.creates,
        writer_in_title: matters::overlap_named(&around.writer, &title.words),
        title_topic: title.topic,
        title_words: title.words.clone(),
        off_title,
        headed_items,
        has_unread_cue,
    }
}

/// Where the closing formula at the end of a sentence starts (in chars; the
/// sentence's length when it has none; 0 when it is all formula).
/// 以上两项，妥否，请批示 / 上述三个事项，恳请… / 以上两件事项，请予审批: the writer counts
/// the items it submits for decision, in the sentence that asks for it (上述3个片区 names
/// places, 以上三个方面均为… explains: neither counts items to decide).
fn counted_items(s: &Sentence) -> Option<(usize, Span)> {
    const UNITS: &[&str] = &["项请示事项", "个请示事项", "项事项", "件事项", "个事项", "项"];
    const THEN: &[&str] = &["妥否", "当否", "请", "恳请", "特请", "如无不妥", "如无不当", "望", "一并"];
    let t = s.masked.trim_start();
    let rest = ["以上", "上述"].iter().find_map(|p| t.strip_prefix(p))?;
    let n = numeral(rest.chars().next()?)?;
    let rest = &rest[rest.chars().next()?.len_utf8()..];
    let rest = UNITS.iter().find_map(|u| rest.strip_prefix(u))?;
    let len = s.masked.chars().count() - rest.chars().count();
    let rest = rest.trim_start_matches(['，', ',', '、', ' ']);
    if !(rest.is_empty() || THEN.iter().any(|w| rest.starts_with(w))) {
        return None;
    }
    let lead = s.span.text.chars().count() - s.span.text.trim_start().chars().count();
    let span = Span {
        field: Field::Body,
        start: s.span.start + lead,
        end: s.span.start + len,
        text: s.span.text.chars().skip(lead).take(len - lead).collect(),
    };
    Some((n, span))
}

/// A count word as writers use it before 项/个 (几项: at least two).
fn numeral(c: char) -> Option<usize> {
    Some(match c {
        '两' | '二' | '2' => 2,
        '三' | '3' => 3,
        '四' | '4' => 4,
        '五' | '5' => 5,
        '六' | '6' => 6,
        '几' => 2,
        _ => return None,
    })
}

/// 现将需提请市政府研究的两个事项请示如下 / 现就…三个问题请示如下: the writer announces, before
/// the asks, how many matters it submits. What is counted must be matters or questions (两个方面,
/// 三项措施 are parts of one), and the count must stand by 请示如下 (a count earlier in the
/// sentence counts something else).
fn announced_items(s: &Sentence) -> Option<(usize, Span)> {
    const UNITS: &[&str] = &["个请示事项", "项请示事项", "个事项", "项事项", "件事项", "个问题", "项问题"];
    const NEAR: usize = 8;
    let chars: Vec<char> = s.masked.chars().collect();
    let text: String = chars.iter().collect();
    let end = text.find("请示如下").map(|b| text[..b].chars().count())?;
    let from = end.saturating_sub(NEAR + UNITS[0].chars().count() + 1);
    (from..end).rev().find_map(|i| {
        let n = numeral(chars[i])?;
        let rest: String = chars[i + 1..end].iter().collect();
        let unit = UNITS.iter().find(|u| rest.starts_with(*u))?;
        let to = i + 1 + unit.chars().count();
        (end - to <= NEAR).then(|| {
            let span = Span {
                field: Field::Body,
                start: s.span.start + i,
                end: s.span.start + to,
                text: s.span.text.chars().skip(i).take(to - i).collect(),
            };
            (n, span)
        })
    })
}

fn closing_tail(s: &Sentence) -> usize {
    let chars: Vec<char> = s.masked.chars().collect();
    if !lexicon::may_close(&s.masked) {
        return chars.len();
    }
    let mut starts = vec![0];
    starts.extend(chars.iter().enumerate().filter(|(_, c)| matches!(c, '，' | ',')).map(|(i, _)| i + 1));
    for p in starts {
        let rest: String = chars[p..].iter().collect();
        if !rest.trim().is_empty() && lexicon::closing(&rest).is_some() {
            return p;
        }
    }
    chars.len()
}

/// The last sentence of sentence `i`'s paragraph before it that proposes something (拟将…调整为…).
fn paragraph_proposal(sentences: &[Sentence], words: &[Vec<segment::Word<'_>>], i: usize) -> Option<usize> {
    (0..i)
        .rev()
        .take_while(|&k| sentences[k].paragraph == sentences[i].paragraph)
        .find(|&k| sentences[k].item == 0 && asks::proposes_in_clause(&words[k]))
}

/// The sentences of numbered items about things of their own the title never names (see
/// `Reading::off_title`): each item's own paragraph, from its number on.
fn off_title(sentences: &[Sentence], words: &[Vec<segment::Word<'_>>], title: &[String]) -> Vec<usize> {
    const BACK: &[&str] = &["项目", "活动", "赛事", "工程", "会议", "大会", "工作"];
    if title.is_empty() {
        return Vec::new();
    }
    let mut items: Vec<usize> = sentences.iter().map(|s| s.item).filter(|i| *i > 0).collect();
    items.dedup();
    items
        .into_iter()
        .flat_map(|item| {
            let Some(first) = sentences.iter().position(|s| s.item == item) else { return Vec::new() };
            let in_item: Vec<usize> = (first..sentences.len())
                .take_while(|&i| sentences[i].item == item && sentences[i].paragraph == sentences[first].paragraph)
                .collect();
            // A heading of a word or two (（三）用地。) names a part of the matter.
            let heading = words[first].iter().filter(|w| !w.is_punct() && w.tag != "m").count();
            let headed = in_item.len() > 1 && (heading <= 3 || asks::names_an_aspect(&words[first]));
            // 该项目, or a bare 赛事预算 / 项目总投资: the title's undertaking, unnamed.
            let refers_back = in_item.iter().any(|&i| words[i].iter().any(|w| w.is(BACK)));
            let own: Vec<String> = in_item.iter().flat_map(|&i| asks::specific_words(&words[i])).collect();
            let stray = !headed
                && !asks::names_a_matter(&sentences[first])
                && !refers_back
                && own.len() >= 2
                && !matters::overlap(&own, title);
            if stray { in_item } else { Vec::new() }
        })
        .collect()
}

/// The matters a title names: the phrase between 关于 and 的请示, split
/// where a joiner (并, 和, 及 …) stands between two acts, or between two
/// completed subjects (知识产权保护和食品安全快检), each naming something
/// of its own. An umbrella title (…有关事项, …等问题) names no matter by
/// itself, but 等 says there are more than one.
fn title_matters(title: &str) -> TitleReading {
    let masked = text::mask_quotes(title);
    let Some(start) = masked.rfind("关于").map(|p| p + "关于".len()) else { return TitleReading::default() };
    let phrase = &masked[start..];
    let phrase = ["的请示报告", "的请示", "的报告", "请示", "报告"]
        .iter()
        .find_map(|end| phrase.strip_suffix(end))
        .unwrap_or(phrase);
    let phrase = phrase.strip_prefix("申请").or_else(|| phrase.strip_prefix("请求")).unwrap_or(phrase);
    let umbrella_suffix =
        ["等有关事项", "有关事项", "相关事项", "等事项", "有关问题", "等问题", "相关问题", "事项", "问题", "事宜"]
            .iter()
            .find(|s| phrase.ends_with(*s));
    let several_hint = umbrella_suffix.is_some_and(|s| s.starts_with('等'));
    let core = umbrella_suffix.map_or(phrase, |s| phrase.strip_suffix(s).unwrap_or(phrase)).trim_end_matches('的');
    if core.is_empty() {
        return TitleReading { several_hint, ..Default::default() };
    }
    // The words of the title as written: a quoted name (印发《…办法》) is what it is about.
    let from = title.chars().count() - masked[start..].chars().count();
    let core_text: String = title.chars().skip(from).take(core.chars().count()).collect();
    let core = core_text.as_str();
    let ws = segment::words(core);
    let mut parts: Vec<(String, Vec<String>, Category)> = Vec::new();
    let mut start = 0;
    let push = |range: std::ops::Range<usize>, parts: &mut Vec<_>| {
        if range.is_empty() {
            return;
        }
        let t: String =
            core.chars().skip(ws[range.start].start).take(ws[range.end - 1].end - ws[range.start].start).collect();
        parts.push((t.clone(), asks::identity(&ws[range]), lexicon::category_of(&t)));
    };
    let masked_core: Vec<char> = masked.chars().skip(from).take(core.chars().count()).collect();
    let mut shared_act = false;
    for (j, w) in ws.iter().enumerate() {
        if j == start || !w.is(&["并", "同时", "以及", "及", "和", "与"]) {
            continue;
        }
        // Never inside a quoted title (印发《关于加强…和…的意见》).
        if masked_core.get(w.start) == Some(&text::MASK) {
            continue;
        }
        // 承办锦标赛和申请建设资金: an ask of its own after the joiner is an act too.
        let next = if ws.get(j + 1).is_some_and(|n| n.is(&["申请", "请求", "恳请"])) { j + 2 } else { j + 1 };
        let next_is_act = ws
            .get(next)
            .is_some_and(|n| (n.is(lexicon::GOVERNMENT_ACTS) || n.is(lexicon::UNDERTAKING_ACTS)) && n.verb())
            || (next > j + 1 && ws.get(next).is_some_and(|n| n.nominal()));
        // 调整部分医疗服务价格及医保经办机构更名: an act on each side, each its own clause.
        let right_end = ws[j + 1..]
            .iter()
            .position(|n| n.is(&["并", "同时", "以及", "及", "和", "与"]))
            .map_or(ws.len(), |p| j + 1 + p);
        // …配套资金和…补贴资金: two sums, each named by what it pays for, are complete too.
        let funds = |w: &segment::Word<'_>| w.text.ends_with("资金") || w.text.ends_with("经费");
        let left_complete = ws[j - 1].verb()
            || ws[j - 1].is(&["工作", "建设", "项目", "工程", "问题", "活动", "会议", "改革"])
            || funds(&ws[j - 1]) && funds(&ws[right_end - 1]);
        let is_act = |n: &segment::Word<'_>| {
            (n.is(lexicon::GOVERNMENT_ACTS) || n.is(lexicon::UNDERTAKING_ACTS))
                && n.verb()
                && !n.is(&["将", "把", "由", "从", "在", "对", "为", "给"])
        };
        let acts_both = ws[start..j].iter().any(is_act) && ws[j + 1..right_end].iter().any(is_act);
        // 屋面防水及外墙维修工程: the head after the joiner is shared, (A及B)工程 is one works.
        const HEADS: &[&str] = &["工程", "项目", "改造", "维修", "整治", "建设"];
        let shared_head = ws[right_end - 1].is(HEADS) && !ws[j - 1].is(HEADS) && !acts_both;
        if shared_head {
            continue;
        }
        // 调整市级河长及农村集中供水水价: one act over two things of different kinds, each named.
        let distributes = !next_is_act && !acts_both && !left_complete && !w.is(&["并", "同时"]) && {
            let left = &ws[start..j];
            let right = &ws[j + 1..right_end];
            left.iter().take(2).position(is_act).is_some_and(|a| {
                let left = &left[a + 1..];
                let (lc, rc) = (lexicon::category_of_words(left), lexicon::category_of_words(right));
                let (li, ri) = (asks::identity(left), asks::identity(right));
                !li.is_empty()
                    && !ri.is_empty()
                    && !matters::overlap(&li, &ri)
                    && lc != rc
                    && [lc, rc].iter().any(|c| *c != Category::Other)
                    && ![lc, rc].iter().any(|c| lexicon::supports(*c))
            })
        };
        shared_act |= distributes;
        if next_is_act || acts_both || distributes || (left_complete && !w.is(&["并", "同时"])) {
            push(start..j, &mut parts);
            start = j + 1;
        }
    }
    push(start..ws.len(), &mut parts);
    // Parts name separate matters only when each names something of its own,
    // and they are not the same thing (or differ in kind: a committee and a meeting).
    let separate = parts.len() > 1
        && parts.iter().all(|p| !p.1.is_empty())
        && parts.windows(2).all(|w| {
            !matters::overlap(&w[0].1, &w[1].1)
                || (w[0].2 != w[1].2
                    && ![&w[0].2, &w[1].2].iter().any(|c| **c == Category::Other || lexicon::supports(**c)))
        });
    if !separate {
        let identity = asks::identity(&ws);
        // 设立枫渡县急救指挥中心 (jieba reads the place as verbs and 中心 names nothing alone): the
        // thing created, named by the words after the act and the place.
        let identity = if identity.is_empty() { created_thing(core).into_iter().collect() } else { identity };
        parts = vec![(core.to_owned(), identity, lexicon::category_of(core))];
    }
    // An umbrella with one part is a topic, not a matter: it seeds nothing.
    // Parts that share one act seed what the whole title names, as if unsplit: the body tells.
    let seeds = if umbrella_suffix.is_some() && parts.len() == 1 {
        Vec::new()
    } else if shared_act && separate {
        vec![(core.to_owned(), asks::identity(&ws), lexicon::category_of(core))]
    } else {
        parts.clone()
    };
    let words = asks::specifics(core);
    // 关于城东综合物流园区项目建设有关事项 / 关于…改造工程有关事项: an umbrella over one
    // undertaking, whose funds, land, organisation and ceremonies are its parts.
    const UNDERTAKING_ENDS: &[&str] = &[
        "项目", "工程", "活动", "会议", "赛事", "展会", "节会", "建设", "改造", "实施", "推进", "创建", "申办", "承办",
        "举办", "筹建", "迁建", "扩建", "新建",
    ];
    // 关于柘川市图书馆新馆开馆运行有关事项 / 关于“7·18”洪涝灾害灾后恢复重建工作有关事项: an act
    // carried out on a named thing, whatever ends the phrase (not 关于教育系统有关事项, a field, nor
    // 关于市福利院有关事项, a unit's matters, nor 关于加强基层医疗服务能力有关事项, an aim).
    const UNDERTAKING_ACTS: &[&str] = &[
        "建设", "改造", "实施", "推进", "创建", "申办", "承办", "举办", "筹建", "迁建", "扩建", "新建", "重建", "防控",
        "运行", "开馆", "申报", "筹办", "整治", "开通",
    ];
    const FIELDS: &[&str] = &[
        "教育",
        "系统",
        "医疗",
        "服务",
        "能力",
        "卫生",
        "安全",
        "安全生产",
        "发展",
        "管理",
        "领域",
        "行业",
        "基层",
        "民生",
        "经济",
        "社会",
        "文化",
        "旅游",
        "交通",
        "农业",
        "环境",
        "水平",
        "体系",
        "机制",
        "质量",
    ];
    // (灾后恢复重建和招商引资: two things joined.)
    let acts_on_a_thing = ws.iter().any(|w| UNDERTAKING_ACTS.iter().any(|a| w.text.ends_with(a)))
        && words.iter().any(|w| !FIELDS.contains(&w.as_str()))
        && !ws.iter().any(|w| w.is(lexicon::JOINERS) || w.is(&["和", "及", "以及", "与", "、"]));
    let ends_as_undertaking = UNDERTAKING_ENDS.iter().any(|e| core.ends_with(e));
    let one_undertaking = umbrella_suffix.is_some()
        && parts.len() == 1
        && !several_hint
        && (ends_as_undertaking || acts_on_a_thing)
        && !words.is_empty();
    let one_undertaking_by_act = one_undertaking && !ends_as_undertaking;
    let topic = if umbrella_suffix.is_some() && parts.len() == 1 { words.clone() } else { Vec::new() };
    const CREATES: &[&str] =
        &["新建", "建设", "筹建", "组建", "设立", "创建", "实施", "开展", "举办", "承办", "启动", "开通", "成立"];
    let creates = ws.iter().take(6).any(|w| w.is(CREATES));
    TitleReading {
        shared_act: shared_act && separate,
        parts: parts.into_iter().map(|p| p.0).filter(|_| separate).collect(),
        seeds,
        several_hint,
        creates,
        topic,
        words,
        one_undertaking,
        one_undertaking_by_act,
    }
}

/// What a title creates, when its words name it only together: 设立枫渡县急救指挥中心 → 急救指挥中心.
fn created_thing(core: &str) -> Option<String> {
    const CREATES: &[&str] = &["设立", "成立", "组建", "新建", "建设", "筹建", "创建"];
    let rest = CREATES.iter().find_map(|c| core.find(c).map(|p| &core[p + c.len()..]))?;
    let rest = rest.rsplit(['县', '市', '区', '镇', '乡']).next().unwrap_or(rest);
    (rest.chars().count() >= 3 && lexicon::UNIT_ENDINGS.iter().any(|e| rest.ends_with(e))).then(|| rest.to_owned())
}

/// A matter's asks name a facility or a unit of their own (市图书馆新馆, 监测站点), not on the title.
fn names_a_facility(r: &Reading, m: &Matter) -> bool {
    const FACILITIES: &[&str] = &["馆", "院", "校", "中心", "站", "站点", "所", "场", "厂", "园", "库", "基地"];
    m.asks.iter().any(|&i| {
        asks::specifics(&r.asks[i].object).iter().any(|w| {
            FACILITIES.iter().any(|f| w.ends_with(f)) && !matters::overlap(&r.title_words, std::slice::from_ref(w))
        })
    })
}

/// Every ask of a matter names it itself: none borrows its sentence's words or refers back.
fn names_itself(r: &Reading, m: &Matter) -> bool {
    !m.weak && m.asks.iter().all(|&i| !r.asks[i].borrowed && !r.asks[i].anaphoric && !r.asks[i].anchors.is_empty())
}

/// Two matters' asks name a specific thing in common anywhere in what they ask
/// (启动副中心核心区规划修编 / 对副中心核心区项目予以保障: one project).
fn shares_words(r: &Reading, a: &Matter, b: &Matter) -> bool {
    let words = |m: &Matter| m.asks.iter().flat_map(|&i| asks::specifics(&r.asks[i].object)).collect::<Vec<_>>();
    matters::overlap(&words(a), &words(b))
}

/// What the title says about the matters.
#[derive(Debug, Default)]
struct TitleReading {
    /// The matters it names when it names more than one.
    parts: Vec<String>,
    /// The matters the body's asks gather around.
    seeds: Vec<(String, Vec<String>, Category)>,
    /// 等事项, 等问题: the writer says there is more than one.
    several_hint: bool,
    /// The title's matter is something to create or carry out (新建, 建设, 设立, 实施 …).
    creates: bool,
    /// An umbrella's specific words (关于市传染病医院扩建项目有关事项: 传染病医院, 扩建项目).
    topic: Vec<String>,
    /// The specific words of what the title is about, umbrella or not.
    words: Vec<String>,
    /// An umbrella over one undertaking (关于…项目建设有关事项).
    one_undertaking: bool,
    /// …of which only an act tells (关于…新馆开馆运行有关事项), not how the phrase ends.
    one_undertaking_by_act: bool,
    /// Its parts share one act (调整A及B): the writer may see one measure.
    shared_act: bool,
}

impl Reading {
    /// The matters the document asks about: those of the body's asks, and a
    /// matter the title names that the body proposes without a separate ask
    /// when the body adds another (另外，…请…).
    pub fn body_matters(&self) -> impl Iterator<Item = &Matter> {
        let added = self.asks.iter().any(|a| a.additive);
        self.matters.iter().filter(move |m| !m.asks.is_empty() || (added && m.from_title && !m.anchors.is_empty()))
    }

    /// A short label for a matter: what its first ask asks.
    pub fn label(&self, m: &Matter) -> String {
        let object = m.asks.first().map_or_else(|| m.anchors.join("、"), |&i| self.asks[i].object.clone());
        let label: String = object.chars().take(40).collect();
        if label.chars().count() < object.chars().count() { format!("{label}…") } else { label }
    }

    /// Does a request carry several matters, and how sure is that?
    pub fn several_matters(&self) -> Option<Certainty> {
        // The writer's own count (以上两项，妥否，请批示) says several; sure when the asks
        // read show them too, else an advisory (the asks may be one matter's parts).
        let counted = self.counted.as_ref().map(|_| {
            if self.body_matters().count() >= 2 || self.asks.len() >= 2 { Certainty::Sure } else { Certainty::Unsure }
        });
        // Announced before the asks (现将…两个事项请示如下): an advisory, unless the asks show them
        // (the announced questions may be one project's parts).
        let announced = self.announced.as_ref().map(|_| Certainty::Unsure);
        self.several_matters_by_asks().max(counted).max(announced)
    }

    fn several_matters_by_asks(&self) -> Option<Certainty> {
        let body: Vec<&Matter> = self.body_matters().collect();
        let title_two = self.title_matters.len() >= 2;
        if body.len() < 2 {
            // The title names two matters, each by its own act (…编制并拨付…资金): the
            // writer states them, whatever the body's asks gather.
            if title_two {
                return Some(if self.title_part_serves { Certainty::Unsure } else { Certainty::Sure });
            }
            // 关于调整停车收费标准的请示 whose one ask is 增加环卫保洁经费: the title's matter is
            // proposed in the body and decided by the closing, the ask is another. Not sure:
            // the body's ask may yet serve it.
            let title_kind = |c: Category| {
                matches!(
                    c,
                    Category::Staffing | Category::Naming | Category::Price | Category::Policy | Category::Relocation
                )
            };
            let decided = self.closings.iter().any(|(_, asks)| *asks);
            let other = body.first().is_some_and(|b| {
                self.matters.iter().any(|t| {
                    t.from_title
                        && t.asks.is_empty()
                        && !t.anchors.is_empty()
                        && (title_kind(t.category) || names_itself(self, b) || self.under_own_heading(b))
                        && b.category != t.category
                        && b.category != Category::Other
                        && b.category != Category::Coordination
                        && !matters::overlap(&t.anchors, &b.anchors)
                        && !b.asks.iter().any(|&i| matters::overlap(&t.anchors, &asks::specifics(&self.asks[i].object)))
                })
            });
            // 关于市传染病医院扩建项目有关事项的请示 whose one ask, in an item of its own, names
            // another thing by its own words (四、…市精神卫生中心核定床位数调整为500张): the title's
            // undertaking, set out in the other items, is one matter and the ask another.
            let off_topic = !self.title_topic.is_empty()
                && body.first().is_some_and(|b| {
                    names_itself(self, b)
                        && b.asks.iter().all(|&i| {
                            // (Outside items too, under an umbrella over work rather than one
                            // undertaking: 关于…公开招聘工作有关事项 … 请将人才公寓二期项目列入….)
                            (self.asks[i].item > 0 || !self.title_creates)
                                && !matters::overlap(&self.title_topic, &asks::specifics(&self.asks[i].object))
                        })
                });
            // 关于举办马拉松赛的请示 whose one ask stands in an item about things the title never
            // names (六、市全民健身中心游泳馆…请安排改造资金): the title's undertaking, set out in the
            // other items, is one matter, the item's another.
            let stray_item = self.title_names_one
                && self.matters.iter().any(|t| t.from_title && t.asks.is_empty())
                && body.first().is_some_and(|b| {
                    // Who attends, a committee, land: an undertaking's parts, wherever they stand.
                    (!lexicon::supports(b.category) || b.category == Category::Funds)
                        && b.asks.iter().all(|&i| self.off_title.contains(&self.asks[i].sentence))
                });
            // 关于…经费等事项的请示 over a body that reads as one matter: the writer says there is
            // more than one, the reading found one: the office should look.
            // 关于调整市食品安全委员会组成人员 whose one ask is 追加抽检经费: a body's membership has
            // no funds, land, works or prices of its own.
            let beside_membership = self.title_membership
                && body.first().is_some_and(|b| {
                    matches!(
                        b.category,
                        Category::Funds | Category::Land | Category::Project | Category::Price | Category::Staffing
                    )
                });
            return ((decided && (other || off_topic || stray_item || beside_membership)) || self.title_says_several)
                .then_some(Certainty::Unsure);
        }
        if (title_two && !self.title_part_serves) || self.title_says_several {
            return Some(Certainty::Sure);
        }
        // A title's matter the body proposes without an ask of its own counts as asked plainly.
        let strong = |m: &Matter| m.asks.first().is_none_or(|&i| self.asks[i].strong);
        // Added by the writer (另外，…); an added 协调… is a means, likely to the same end.
        // (An addition that refers back, 另外，中心正式运行后…, adds to the matter it refers to.)
        // (…起草《…应急转贷资金管理办法》，拟请…印发 under a title creating that fund: its rules.)
        let the_titles_document = |ask: &asks::Ask| matters::overlap_named(&self.title_words, &ask.document_words);
        let added = |m: &Matter| {
            m.category != Category::Coordination
                && m.asks.first().is_some_and(|&i| {
                    let ask = &self.asks[i];
                    ask.additive && !ask.anaphoric && !ask.meanwhile && !the_titles_document(ask)
                })
        };
        // Named by its own object, not borrowed from its sentence or heading.
        let own = |m: &Matter| !m.weak && m.asks.first().is_none_or(|&i| !self.asks[i].borrowed);
        let distinct = body.iter().enumerate().any(|(i, a)| {
            body[i + 1..].iter().any(|b| {
                let both_named = !a.anchors.is_empty() && !b.anchors.is_empty() && own(a) && own(b);
                // Kinds that differ, each a matter in its own right (staffing, a project, a
                // relocation …). What serves a matter (funds, land, a committee, who attends,
                // a coordination meeting) usually serves the main one: two matters only
                // when the writer adds it (另外，…), else an advisory.
                // Funds that name their own object (拨付[检测设备]购置资金) are a matter of their own.
                let serving = |m: &Matter| lexicon::supports(m.category) && m.category != Category::Funds;
                // Under a title that names one undertaking, its parts (its funds, its terms, its
                // works, the event, the moves it entails) may all serve it: words alone do not
                // tell, so kinds of that family are two matters only where the writer says so.
                // Staffing, names and prices are matters in their own right under any title.
                let part_of_undertaking = |m: &Matter| {
                    matches!(
                        m.category,
                        Category::Funds | Category::Policy | Category::Event | Category::Project | Category::Relocation
                    )
                };
                let on_title = |m: &Matter| {
                    m.asks.iter().any(|&i| matters::overlap(&self.title_words, &asks::specifics(&self.asks[i].object)))
                };
                // 开通…公交专线 and 出租汽车运价调整方案: a price or a name of something the undertaking's
                // title never names is no part of it.
                let own_price_or_name =
                    |m: &Matter| matches!(m.category, Category::Price | Category::Naming) && own(m) && !on_title(m);
                // (同意我馆…增聘工作人员 from the library the title names: its own posts.)
                let for_the_writer_named =
                    |x: &Matter| self.writer_in_title && x.asks.iter().all(|&i| self.asks[i].object.contains('我'));
                let kinds = a.category != b.category
                    && !for_the_writer_named(a)
                    && !for_the_writer_named(b)
                    && a.category != Category::Other
                    && b.category != Category::Other
                    && !serving(a)
                    && !serving(b)
                    && !(self.title_names_one && part_of_undertaking(a) && part_of_undertaking(b))
                    && (!(self.title_names_one && self.title_creates) || own_price_or_name(a) || own_price_or_name(b));
                // Numbered items that each ask, by name, for something the other does not
                // name: the writer has set out separate matters (一、同意设立…分站；二、批准增加编制).
                let item = |m: &Matter| m.asks.first().map_or(0, |&i| self.asks[i].item);
                // Two sums of money in items are usually one budget's tranches or parts.
                // Under a title creating one undertaking, its numbered items are its parts.
                let own_items = !(self.title_names_one && self.title_creates)
                    && item(a) > 0
                    && item(b) > 0
                    && item(a) != item(b)
                    && !(a.category == Category::Funds && b.category == Category::Funds)
                    && ![a.category, b.category].contains(&Category::Coordination)
                    && names_itself(self, a)
                    && names_itself(self, b)
                    && !shares_words(self, a, b);
                // 另外，…: the writer adds, by its own name, something the first matter does not name.
                // An addition naming the title's own undertaking (另外，请将示范项目实施情况纳入考核) is its.
                let adds_own = |x: &Matter, y: &Matter| {
                    added(x)
                        && names_itself(self, x)
                        && !y.anchors.is_empty()
                        && !shares_words(self, x, y)
                        && !x.asks.iter().any(|&i| {
                            let ask = &self.asks[i];
                            matters::overlap(&self.title_words, &asks::specifics(&ask.object))
                                || the_titles_document(ask)
                        })
                };
                // 申报国家全域旅游示范区以及安排市图书馆新馆开馆经费 under a title naming the first:
                // a sum for a thing of its own the title and the other ask never name.
                let funds_elsewhere = |x: &Matter, y: &Matter| {
                    x.category == Category::Funds
                        // (Under an umbrella told by its act, only a sum for a facility of its own:
                        // 市图书馆新馆开馆经费 beside 申报示范区, not 藏品征集经费 beside 新馆开馆.)
                        && (!self.title_creates || self.title_by_act && names_a_facility(self, x))
                        && names_itself(self, x)
                        && names_itself(self, y)
                        && on_title(y)
                        && !on_title(x)
                        && !shares_words(self, x, y)
                };
                // 连接线工程建设资金 asked, then 为县第一中学增加教职工编制: posts, a name, a price or a
                // move for something the title never names, beside what the title asks.
                let own_kind_elsewhere = |x: &Matter, y: &Matter| {
                    matches!(x.category, Category::Staffing | Category::Naming | Category::Price | Category::Relocation)
                        && names_itself(self, x)
                        && !for_the_writer_named(x)
                        && !on_title(x)
                        // (Posts for a unit it names: 核定事业编制10名 alone is the new unit's.)
                        && x.asks.iter().all(|&i| {
                            let unit = &self.asks[i].unit;
                            (x.category != Category::Staffing || !unit.is_empty() || !self.title_creates)
                                && !matters::overlap(&self.title_words, unit)
                        })
                        // (A move under a title that moves: 列入…搬迁改造名单 and 完成异地迁建.)
                        && self.title_category != Some(x.category)
                        && on_title(y)
                        && !shares_words(self, x, y)
                };
                // Under an umbrella over one undertaking told by its act (关于加强登革热疫情防控工作
                // 有关事项), the writer scoped every ask to it: 此外，请同意…预留床位 adds a part.
                let scoped = self.title_by_act;
                strong(a)
                    && strong(b)
                    && ((both_named && (kinds || own_items || (!scoped && (added(a) || added(b)))))
                        || (!scoped && (adds_own(a, b) || adds_own(b, a)))
                        || funds_elsewhere(a, b)
                        || funds_elsewhere(b, a)
                        || own_kind_elsewhere(a, b)
                        || own_kind_elsewhere(b, a))
            })
        });
        Some(if distinct { Certainty::Sure } else { Certainty::Unsure })
    }

    /// Every ask of a matter stands in a numbered item the writer headed as a matter of its own (六、
    /// 关于组建…公司 / （五）出台…政策 / 五、市农产品批发市场搬迁): named by the writer, if not by the ask.
    fn under_own_heading(&self, m: &Matter) -> bool {
        !m.asks.is_empty() && m.asks.iter().all(|&i| self.headed_items.contains(&self.asks[i].item))
    }

    /// Does a request ask for nothing at all?
    pub fn asks_nothing(&self) -> Option<Certainty> {
        if !self.asks.is_empty() {
            return None;
        }
        // 妥否，请批示 asks for a decision on what the body proposes or the title names; over
        // a body that only tells what was done (…现将有关情况请示如下 … 特此请示) it asks about
        // nothing. Not sure: the reading may have missed the matter, so an advisory, never a return.
        let closing_asks = self.closings.iter().any(|(_, asks)| *asks);
        let title_asks =
            !self.title_tells && !self.body_tells && (self.title_names_one || !self.title_matters.is_empty());
        if closing_asks && (self.proposes || title_asks) {
            return None;
        }
        Some(if self.has_unread_cue || closing_asks { Certainty::Unsure } else { Certainty::Sure })
    }

    /// The asks a report carries (live asks and closings that ask for a
    /// decision), and how sure the reading is that it asks.
    pub fn report_asks(&self) -> Option<(Certainty, Vec<Span>)> {
        let mut spans: Vec<(Certainty, Span)> = self
            .asks
            .iter()
            .map(|a| (if a.strong { Certainty::Sure } else { Certainty::Unsure }, a.span.clone()))
            .chain(self.closings.iter().filter(|(_, asks)| *asks).map(|(s, _)| (Certainty::Sure, s.clone())))
            .collect();
        spans.sort_by_key(|(_, s)| s.start);
        let certainty = spans.iter().map(|(c, _)| *c).max()?;
        Some((certainty, spans.into_iter().map(|(_, s)| s).collect()))
    }

    /// The writer's counts of its matters: at the close (以上两项) and before the asks (现将两个事项).
    pub fn counts(&self) -> impl Iterator<Item = &(usize, Span)> {
        self.counted.iter().chain(self.announced.iter())
    }

    /// The spans a several-matters finding rests on: every ask, and the writer's count, in order.
    pub fn ask_spans(&self) -> Vec<Span> {
        let mut spans: Vec<Span> =
            self.asks.iter().map(|a| a.span.clone()).chain(self.counts().map(|(_, s)| s.clone())).collect();
        spans.sort_by_key(|s| (s.start, s.end));
        spans.dedup_by_key(|s| (s.start, s.end));
        spans
    }
}

#[cfg(test)]
mod tests;
