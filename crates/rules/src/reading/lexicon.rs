//! The words a clerk reads asks by. Lists, not patterns over examples: each
//! names a class of words the way a style guide for 公文 would.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use regex::Regex;

/// Words that ask the reader for something. The second field is how strong
/// the ask is on its own, before the addressee and verb are looked at.
pub const CUES: &[(&str, CueKind)] = &[
    ("恳请", CueKind::Plea),
    ("敬请", CueKind::Plea),
    ("特请", CueKind::Plea),
    ("恳求", CueKind::Plea),
    ("请求", CueKind::Plea),
    ("拟请", CueKind::Plea),
    ("请予", CueKind::Plea),
    ("特此申请", CueKind::Apply),
    ("申请", CueKind::Apply),
    ("请", CueKind::Please),
    // jieba joins 请 with a following preposition: 请以市政府办公室名义印发.
    ("请以", CueKind::Please),
    ("请将", CueKind::Please),
    ("请从", CueKind::Please),
    ("请在", CueKind::Please),
    ("请对", CueKind::Please),
    ("请为", CueKind::Please),
    ("请由", CueKind::Please),
    ("请给", CueKind::Please),
    ("请把", CueKind::Please),
    ("请按", CueKind::Please),
    ("请于", CueKind::Please),
    ("请示", CueKind::Refer),
    ("特请示", CueKind::Refer),
    ("建议", CueKind::Suggest),
    ("望", CueKind::Hope),
    ("希望", CueKind::Hope),
    ("恳望", CueKind::Hope),
    ("盼", CueKind::Hope),
    ("期盼", CueKind::Hope),
    ("报请", CueKind::Refer),
    ("提请", CueKind::Refer),
    ("呈请", CueKind::Refer),
    ("需要", CueKind::Need),
    ("亟需", CueKind::Need),
    ("急需", CueKind::Need),
];

/// The kind of cue a word is, if it is one (every word of a sentence with a cue is looked up).
pub fn cue(word: &str) -> Option<CueKind> {
    static BY_WORD: LazyLock<rustc_hash::FxHashMap<&'static str, CueKind>> =
        LazyLock::new(|| CUES.iter().copied().collect());
    BY_WORD.get(word).copied()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    /// 恳请, 特请, 请求 …: an ask by itself.
    Plea,
    /// 申请: an ask when the writer applies; a noun in statistics and in others' hands.
    Apply,
    /// 请: an ask when a verb of the reader's follows.
    Please,
    /// 建议: an ask when it proposes what the government should do.
    Suggest,
    /// 望, 希望: an ask when it hopes for the government's act.
    Hope,
    /// 报请, 提请: usually narrative (经报请…同意); an ask only when said now.
    Refer,
    /// 需要市政府协调解决: a need the government is named to meet; an ask, if not plainly one.
    Need,
}

/// The government and its leaders: whom a live ask addresses.
pub const GOVERNMENT: &[&str] = &[
    "市政府",
    "市人民政府",
    "市委",
    "市委市政府",
    "市政府办公室",
    "政府",
    "市领导",
    "领导",
    "市长",
    "副市长",
    "常务副市长",
    "分管副市长",
    "分管市领导",
    "分管",
    "主要领导",
    "市主要领导",
    "贵府",
    "上级",
    "市财政",
    "市财政局",
    "财政",
    "市编办",
    "市编委",
    "市里",
    "您",
    // A county's or a district's government, to its departments.
    "县政府",
    "县人民政府",
    "区政府",
    "区人民政府",
    "县委",
    "区委",
    "县委县政府",
    "县政府办公室",
    "区政府办公室",
    "县领导",
    "区领导",
    "县长",
    "副县长",
    "区长",
    "副区长",
    "县主要领导",
    "区主要领导",
    "县财政",
    "县财政局",
    "区财政",
    "区财政局",
    "县编办",
    "人民政府",
];

/// Addressees other than the government: an ask to them is not an ask of the reader.
pub const OTHERS: &[&str] = &[
    // 拟请县政府常务会议审议: who decides, not what.
    "常务会议",
    "常务会",
    // 请市财政纳入今明两年预算: when, not what.
    "今年",
    "明年",
    "去年",
    "今明两年",
    "本年度",
    "年度",
    "当年",
    "近年",
    "全年",
    "上半年",
    "下半年",
    "每年",
    "历年",
    "次年",
    // 已函请市交通运输局…，请其研究: 其 is the other body.
    "其",
    "对方",
    "各",
    "各县",
    "各区",
    "县区",
    "各县区",
    "各县市区",
    "各部门",
    "各单位",
    "有关部门",
    "相关部门",
    "各有关部门",
    "各地",
    "省",
    "省厅",
    "省政府",
    "国家",
    "中央",
    "企业",
    "群众",
    "社会",
    "学校",
    "家长",
    "市民",
    "公众",
    "被审计单位",
    "消费者",
    "经营者",
    "商户",
    "各级",
];

/// Verbs of the government's act: what a live ask asks the reader to do.
pub const GOVERNMENT_ACTS: &[&str] = &[
    "批准", "审批", "同意", "支持", "协调", "解决", "拨付", "安排", "出席", "参加", "研究", "审议", "核准", "批复",
    "给予", "明确", "出台", "帮助", "指导", "核定", "增加", "增核", "核增", "追加", "设立", "成立", "调整", "列入",
    "纳入", "审定", "批示", "审示", "示复", "核拨", "划拨", "调剂", "启动", "实施", "立项", "举办", "召开", "任",
    "担任", "致辞", "讲话", "印发", "转发", "督促", "予以", "给", "核批", "审核", "准予", "允许", "认定", "决定",
    "关心", "重视", "倾斜", "统筹", "考虑", "把", "将", "由", "从", "在", "对", "为", "尽快", "加大", "落实", "保障",
    "配置", "下达", "核销", "减免", "免除", "授予", "命名", "更名", "建设", "新建", "扩建", "改造", "购置", "配备",
    "补助", "补贴", "奖励", "担保", "牵头", "组织", "召集", "主持", "莅临", "剪彩", "听取", "接见", "会见", "题词",
    "审查", "划定", "变更", "延长", "延期", "提高", "恢复", "撤销", "收回", "授权", "指示", "定夺", "裁定", "转报",
    "上报", "争取", "批转", "转发", "发布", "公布", "推荐", "调拨", "划转", "下发",
];

/// Acts that create, change or carry out something (一、调整…, 二、推行…; 组建…和推行…): a numbered
/// item headed by one, or each side of a title's 和, is a matter of its own.
pub const UNDERTAKING_ACTS: &[&str] = &[
    "调整", "设立", "推行", "撤销", "更名", "成立", "组建", "新建", "迁建", "搬迁", "开展", "实施", "建立", "出台",
    "制定", "增设",
];

/// Verbs that only read (a report closes with them without asking).
pub const READ_ONLY_ACTS: &[&str] = &["审阅", "阅示", "阅处", "阅知", "阅", "查阅", "参阅", "知悉", "备案", "阅存"];

/// Words that put an ask in the past or in someone else's mouth (narrative).
pub const PAST_MARKERS: &[&str] = &[
    "已", "已经", "曾", "曾经", "先后", "此前", "多次", "经", "业经", "去年", "上年", "前年", "日前", "早在", "原",
    "均已", "一度", "当时", "随后", "之前", "此后", "同年", "次年", "当年", "期间",
];

/// Words that put an ask in the present ("now we ask").
pub const PRESENT_MARKERS: &[&str] =
    &["现", "特", "特此", "兹", "为此", "因此", "故", "今", "拟", "再次", "现将", "现就", "恳", "谨", "据此", "鉴于此"];

/// Subjects other than the writer who apply for things (申请 as their act).
pub const OTHER_APPLICANTS: &[&str] = &[
    "群众",
    "企业",
    "市民",
    "居民",
    "个人",
    "农户",
    "学生",
    "考生",
    "经营者",
    "申请人",
    "当事人",
    "投资者",
    "商户",
    "家庭",
    "对象",
    "患者",
    "职工",
    "人员",
    "单位",
    "主体",
    "机构",
    "用户",
    "纳税人",
    "办事",
    "公司",
    "家",
    "户",
    "家长",
    "业主",
    "委员会",
    "合作社",
    "村民",
    "社区",
    "医院",
    "学校",
    "协会",
];

/// Another party as the subject of 申请: the word is, or ends with, an
/// applicant noun (化工企业, 业主委员会, 专业合作社 …), not the writer (我局).
pub fn other_applicant(word: &str) -> bool {
    !word.starts_with('我')
        && OTHER_APPLICANTS.iter().any(|a| a.chars().count() >= 2 && word.ends_with(a) || word == *a)
}

/// Verbs that handle others' applications (受理申请, 审核申请 …).
pub const HANDLING: &[&str] = &[
    "受理", "办理", "审核", "审批", "收到", "接到", "接收", "提交", "提出", "递交", "核查", "处理", "驳回", "网上",
    "在线", "线上", "共", "累计", "新增", "各类",
];

/// What follows 申请 when it is a noun: 申请人, 申请材料, 申请件数 …
pub const APPLY_AS_NOUN: &[&str] = &[
    "额度",
    "金额",
    "总额",
    "数额",
    "人",
    "书",
    "表",
    "材料",
    "条件",
    "渠道",
    "程序",
    "流程",
    "期限",
    "时间",
    "资格",
    "量",
    "数",
    "率",
    "件",
    "的",
    "审核",
    "受理",
    "办理",
    "审核流程",
    "事项",
    "审批",
    "项",
    "人次",
    "户",
    "家",
    "批次",
    "环节",
    "入口",
    "窗口",
    "方式",
    "范围",
    "标准",
    // 公租房申请、配租实现一网通办: a noun in a list.
    "、",
    "和",
    "与",
    "及",
];

/// Conjunctions that may join two asks inside one sentence.
pub const JOINERS: &[&str] =
    &["并", "并且", "同时", "以及", "和", "及", "另", "还", "再", "且", "并请", "另请", "同时请"];

/// Openers of a sentence that adds something further (另外，…).
/// (同时 and 其次 are left out: writers use them as often to add a sub-ask of the same matter.)
pub const ADDITIVE: &[&str] = &["另外", "此外", "另", "还有", "再者"];

/// How the names of units and facilities end (急救指挥中心, 市场监督管理所, 第三实验小学).
pub const UNIT_ENDINGS: &[&str] =
    &["中心", "所", "站", "馆", "院", "校", "学", "园", "队", "局", "办", "室", "库", "场", "基地", "平台"];

/// Words that refer back to the matter already named (该项目, 上述活动 …).
pub const ANAPHORA: &[&str] =
    &["该", "此", "上述", "本次", "这次", "此次", "这一", "本", "前述", "以上", "相关", "所需"];

/// Nouns that name no matter of their own: a clerk looks past them to what
/// they are about (资金 for what, 会议 of what).
pub const GENERIC: &[&str] = &[
    // 系统整体升级改造: how much of it, not what.
    "整体",
    "总体",
    "资金",
    "经费",
    "预算",
    "费用",
    "款项",
    "补助",
    "补贴",
    "支持",
    "资金支持",
    "政策支持",
    "专项资金",
    "预备费",
    "财政",
    "会议",
    "活动",
    "项目",
    "工程",
    "工作",
    "问题",
    "事项",
    "事宜",
    "情况",
    "方面",
    "有关",
    "相关",
    "开幕式",
    "闭幕式",
    "仪式",
    "启动仪式",
    "主任",
    "副主任",
    "组长",
    "副组长",
    "成员",
    "成员单位",
    "组委会",
    "领导小组",
    "时间",
    "地点",
    "场地",
    "规模",
    "方案",
    "计划",
    "实施方案",
    "市政府",
    "市人民政府",
    "市委",
    "领导",
    "同志",
    "市领导",
    "市长",
    "副市长",
    "分管",
    "分管副市长",
    "常务副市长",
    "我局",
    "我委",
    "我办",
    "我市",
    "全市",
    "本市",
    "市级",
    "我县",
    "我区",
    "本局",
    "单位",
    "部门",
    "有关部门",
    "财政局",
    "市财政",
    "市财政局",
    "万元",
    "亿元",
    "元",
    "年度",
    "今年",
    "明年",
    "年",
    "月",
    "日",
    "名",
    "个",
    "批",
    "次",
    "上级",
    "政府",
    "全体会议",
    "全体",
    "第一次",
    "首次",
    "致辞",
    "讲话",
    "出席",
    "参加",
    "批准",
    "同意",
    "审批",
    "安排",
    "解决",
    "协调",
    "给予",
    "予以",
    "帮助",
    "研究",
    "实施",
    "建设",
    "推进",
    "开展",
    "落实",
    "保障",
    "工作经费",
    "配套资金",
    "配套",
    "后续",
    "前期",
    "下一步",
    "具体",
    "主要",
    "重点",
    "相应",
    "必要",
    "一定",
    "适当",
    "尽快",
    "确保",
    "顺利",
    "正常",
    "运行",
    "管理",
    "服务",
    "发展",
    "需要",
    "要求",
    "规定",
    "政策",
    "标准",
    "程序",
    "申请",
    "请示",
    "报告",
    "批复",
    "意见",
    "通知",
    "文件",
    "精神",
    "部署",
    "任务",
    "目标",
    "措施",
    "机制",
    "体系",
    "能力",
    "水平",
    "质量",
    "效率",
    "力度",
    "范围",
    "内容",
    "方式",
    "形式",
    "基础",
    "条件",
    "环境",
    "保障措施",
    "机构",
    "组织机构",
    "背景",
    "必要性",
    "可行性",
    "基本情况",
    "主要内容",
    "建设内容",
    "资金来源",
    "进度安排",
    "实施步骤",
    "经费预算",
    "时间安排",
    "参会人员",
    "人员",
    "议程",
    "日程",
    "总体",
    "思路",
    "原则",
    "依据",
    "理由",
    "现状",
    "用地",
    "建设用地",
    "土地",
    "用地指标",
    "项目用地",
    "常务副",
    "常务",
    "副",
    "专题",
    "常务副主任",
    "主场",
    "专题会议",
    "情况汇报",
    "分会场",
    "层面",
    "方面",
    "协调会",
    "专题会",
    "专题协调会",
    "调度会",
    "中心",
    "我中心",
    "本单位",
    "我单位",
    "单位内",
    "牵头",
    "组织",
    "负责",
    "召开",
    "举办",
];

/// Acts named as nouns (改造, 调剂 …): what is done, not what it is done to.
pub const ACT_NOUNS: &[&str] = &[
    // 经测算，…需资金980万元: how a sum was reached names nothing.
    "测算",
    "估算",
    "匡算",
    "核算",
    "调剂",
    "调整",
    "改造",
    "升级",
    "建设",
    "购置",
    "更新",
    "维修",
    "提升",
    "设立",
    "成立",
    "拨付",
    "印发",
    "追加",
    "实施",
    "推进",
    "开展",
    "保障",
    "统筹",
    "安排",
    "解决",
    "支持",
    "研究",
    "审定",
    "审批",
    "批准",
    "同意",
    "投资",
    "运营",
    "改革",
    "整改",
    "整治",
    "治理",
    "引进",
    "补充",
    "出资",
    "配套",
    "筹集",
    "使用",
    "建立",
    "健全",
    "完善",
    "加强",
    "组建",
    "举办",
    "召开",
    "承办",
    "申报",
    "购买",
    "采购",
    "配备",
    "新建",
    "扩建",
    "迁建",
    "纳入",
    "列入",
    "专项债券",
    "专项债",
    "债券",
    "年度预算",
    "财政预算",
    "预算",
    "出席会议",
    "开幕活动",
    "地方",
    "地方政府",
    "市县",
    "县级财政",
    "市县两级",
    "两级",
    "本级",
    "市本级",
    "市场化",
    "运作",
    "先行",
    "垫付",
    "名义",
    "负责同志",
    "主要负责同志",
    "分管领导",
    "有关负责同志",
    "授旗",
    "宣布",
    "二期",
    "一期",
    "三期",
    "省级",
    "县级",
    "市级",
    "国家级",
    "每年",
    "每季度",
    "定期",
];

/// A government body or unit (市教育局, 交警支队 …): who acts, not what is asked.
pub fn is_body(word: &str) -> bool {
    ["局", "委", "办", "厅", "部", "支队", "大队", "政府", "办公室", "委员会办公室", "集团", "公司"]
        .iter()
        .any(|s| word.ends_with(s))
        && word.chars().count() <= 6
}

/// Kinds of ask, for telling matters apart (staffing is not funding).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Staffing,
    Land,
    Funds,
    Organisation,
    Event,
    Attendance,
    Project,
    Policy,
    Price,
    Relocation,
    Naming,
    /// A coordination meeting, urging others: a means to a matter, not a matter.
    Coordination,
    Other,
}

/// Keywords of each category, in the order they are tried (the more
/// specific first: a budget for a project is about the project's funds).
pub const CATEGORY_WORDS: &[(Category, &[&str])] = &[
    // A public institution's funding form (全额拨款, 差额拨款, 自收自支) is settled with its posts.
    (
        Category::Staffing,
        &[
            "编制",
            "职数",
            "岗位",
            "增编",
            "内设机构",
            "内设",
            "人员招聘",
            "招聘",
            "机构规格",
            "定编",
            "员额",
            "全额拨款",
            "差额拨款",
            "自收自支",
            "公益一类",
            "公益二类",
        ],
    ),
    (Category::Relocation, &["搬迁", "迁建", "迁址", "办公用房", "周转用房", "迁移", "迁入", "搬入"]),
    (Category::Naming, &["更名", "命名", "冠名", "改名"]),
    (Category::Price, &["价格", "票价", "收费标准", "价格调整", "收费", "运价", "起步价", "水价", "电价", "气价"]),
    (Category::Land, &["用地", "土地", "征收", "征地", "划拨用地", "用地指标", "出让", "地块", "划拨"]),
    // Convening the units concerned (召集…参加) is coordinating, not attending.
    (Category::Coordination, &["召集", "协调会", "专题会", "调度会", "专题协调", "专题会议"]),
    (
        Category::Attendance,
        &[
            "出席", "参加", "致辞", "讲话", "剪彩", "莅临", "主持", "接见", "会见", "题词", "颁奖", "授旗", "揭牌",
            "授牌",
        ],
    ),
    (
        Category::Organisation,
        &[
            "成立",
            "设立",
            "组建",
            "领导小组",
            "委员会",
            "组委会",
            "指挥部",
            "专班",
            "联席会议制度",
            "主任",
            "组长",
            "成员",
            "工作组",
        ],
    ),
    (
        Category::Coordination,
        &["协调会", "专题会", "调度会", "督促", "专题协调", "专题会议", "研究解决", "协调解决", "听取", "汇报"],
    ),
    (Category::Policy, &["出台", "印发", "制定", "办法", "政策", "规定", "实施意见", "细则", "条例", "标准"]),
    (
        Category::Event,
        &["举办", "召开", "承办", "会议", "大会", "论坛", "博览会", "节", "赛", "展", "活动", "庆典", "仪式"],
    ),
    (
        Category::Funds,
        &[
            "资金",
            "经费",
            "预算",
            "拨付",
            "补助",
            "补贴",
            "预备费",
            "专项债",
            "追加",
            "核拨",
            "贷款",
            "列支",
            "万元",
            "亿元",
        ],
    ),
    (Category::Coordination, &["协调"]),
    (
        Category::Project,
        &["立项", "建设", "实施", "改造", "新建", "扩建", "工程", "项目", "购置", "采购", "配备", "更新", "开通"],
    ),
];

/// Words that name what an ask is about whatever jieba tags them (编制 is often a verb to it).
pub fn object_word(word: &str) -> bool {
    static OBJECT_WORDS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
        CATEGORY_WORDS
            .iter()
            .filter(|(c, _)| matches!(c, Category::Staffing | Category::Relocation))
            .flat_map(|(_, ws)| ws.iter().copied())
            .collect()
    });
    OBJECT_WORDS.contains(word)
}

/// Words that never name what an ask is about: generic nouns, act nouns, the government and
/// other addressees (one set: every word of a document is tested against it, often).
pub fn names_nothing(word: &str) -> bool {
    static NOTHING: LazyLock<FxHashSet<&'static str>> =
        LazyLock::new(|| GENERIC.iter().chain(ACT_NOUNS).chain(GOVERNMENT).chain(OTHERS).copied().collect());
    NOTHING.contains(word)
}

/// Categories that serve another matter (its funds, its land, who attends
/// it) rather than stand alone, when they name nothing of their own.
pub fn supports(c: Category) -> bool {
    matches!(
        c,
        Category::Funds | Category::Land | Category::Attendance | Category::Organisation | Category::Coordination
    )
}

/// The kind of an ask, by its words (whole words, or the end of one: 政策性银行
/// is no policy, 旅游节 is an event).
pub fn category_of(text: &str) -> Category {
    category_of_words(&super::segment::words(text))
}

/// [`category_of`] over words already segmented (the reading segments each sentence once).
pub fn category_of_words(ws: &[super::segment::Word<'_>]) -> Category {
    // Whole words or their ends: 旅游节 is an event; 政策性银行 does not end with 政策.
    // (发展, 开展, 环节, 季节 end as events do and are none.)
    const NO_EVENT: &[&str] = &["发展", "开展", "进展", "拓展", "扩展", "环节", "季节", "细节", "调节", "章节", "关节"];
    // 按1.24亿元标准支付终止补偿: a manner (按…, 依照…) tells how, not what kind.
    let mut manner = vec![false; ws.len()];
    let mut inside = false;
    for (i, w) in ws.iter().enumerate() {
        if w.is(MANNER) {
            inside = true;
        } else if inside && (w.verb() || w.is_punct()) {
            inside = false;
        }
        manner[i] = inside;
    }
    let has = |kw: &str| {
        ws.iter().enumerate().any(|(i, w)| w.text.ends_with(kw) && !compiles(ws, i) && !w.is(NO_EVENT) && !manner[i])
    };
    CATEGORY_WORDS.iter().find(|(_, words)| words.iter().any(|w| has(w))).map_or(Category::Other, |(c, _)| *c)
}

/// Words opening a manner (按…标准, 参照…方式): how something is done, not what.
pub const MANNER: &[&str] = &["按", "按照", "依照", "参照", "依据"];

/// 组织编制了《…规划》 / 已编制实施方案 / 可研编制: 编制 the drawing up of a plan, not posts.
pub fn compiles(ws: &[super::segment::Word<'_>], i: usize) -> bool {
    const DRAFTS: &[&str] = &["规划", "方案", "计划", "预算", "清单", "目录", "报告", "办法", "可研", "设计"];
    ws[i].text == "编制"
        && (ws.get(i + 1).is_some_and(|n| {
            n.is(&["了", "完成", "好", "出", "《", "〇"])
                || n.text.starts_with('〇')
                || DRAFTS.iter().any(|d| n.text.ends_with(d))
        }) || i > 0
            && (ws[i - 1].is(&["组织", "负责", "委托", "已", "正在", "牵头", "完成", "启动"])
                || DRAFTS.iter().any(|d| ws[i - 1].text.ends_with(d))))
}

/// A sentence that is only the closing formula of a request or a report:
/// every clause is one of 以上请示 / 妥否 / 如无不妥 / 请批示 / 特此请示 / 望批复 …
static CLOSING_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:以上|上述|综上|如上)?(?:请示|报告|所请|事项|意见|所报|内容)?(?:事项)?",
        r"(?:妥否|当否|可否|是否妥当|是否可行|是否同意|如无不妥|如无不当|如可行|如蒙同意|如同意|若无不妥|若可行|如无异议)?",
        r"(?:(?:请|恳请|敬请|望|盼|特请|即请|呈请)(?:市政府|市人民政府|市领导|领导|贵府)?(?:予以|予)?",
        r"(?:批示|批复|审批|审定|批准|指示|示复|核示|审示|批转|核准|审核|审阅|阅示|阅处|阅知|核批|定夺|裁定|研究|酌定|审议|同意)",
        r"|特此请示|专此请示|一并请示|一并报批|特此报告|专此报告|报告如上|此复|特此函告|谨此报告)?",
        r"(?:为盼|为荷|是盼|为感|是荷|为谢)?$",
    ))
    .expect("closing clause")
});

/// Can this sentence end with a closing formula at all? Its last clause must be one
/// (a quick test before trying every tail).
pub fn may_close(sentence: &str) -> bool {
    sentence
        .split(['，', ',', '、', ' ', '\u{3000}', '：', ':'])
        .map(|c| c.trim_matches(|ch: char| ch.is_whitespace() || "。！!".contains(ch)))
        .rfind(|c| !c.is_empty())
        .is_some_and(|c| CLOSING_CLAUSE.is_match(c))
}

/// Is this (masked, trimmed) sentence a closing formula and nothing else?
pub fn closing(sentence: &str) -> Option<Closing> {
    let clauses: Vec<&str> = sentence
        .split(['，', ',', '、', ' ', '\u{3000}', '：', ':'])
        .map(|c| c.trim_matches(|ch: char| ch.is_whitespace() || "。！!".contains(ch)))
        .filter(|c| !c.is_empty())
        .collect();
    if clauses.is_empty() || !clauses.iter().all(|c| CLOSING_CLAUSE.is_match(c)) {
        return None;
    }
    let all = clauses.concat();
    let asks = !READ_ONLY_ACTS.iter().any(|w| all.ends_with(w) || all.contains(&format!("{w}为盼")))
        && !all.contains("报告")
        && (all.contains("请示")
            || all.contains("报批")
            || ["妥否", "当否", "可否", "是否", "如无不妥", "如无不当", "如可行", "如蒙", "如同意", "若"]
                .iter()
                .any(|w| all.contains(w))
            || GOVERNMENT_ACTS.iter().any(|w| all.contains(w)));
    // "以上报告，请批示" asks for instructions even though it names a report.
    let asks = asks
        || (all.contains("报告")
            && ["批示", "批复", "审批", "批准", "审定", "指示", "示复", "核示", "审示", "定夺"]
                .iter()
                .any(|w| all.contains(w)));
    // A lone heading such as "请示" or "报告" is no closing: a formula has its verb or its 妥否.
    let formula = CLOSING_WORDS.iter().any(|w| all.contains(w));
    formula.then_some(Closing { asks_decision: asks })
}

/// What makes a sentence a formula rather than a heading.
const CLOSING_WORDS: &[&str] = &[
    "妥否",
    "当否",
    "可否",
    "是否",
    "如无不妥",
    "如无不当",
    "如可行",
    "如蒙",
    "如同意",
    "若无",
    "若可行",
    "如无异议",
    "批示",
    "批复",
    "审批",
    "审定",
    "批准",
    "指示",
    "示复",
    "核示",
    "审示",
    "批转",
    "核准",
    "审核",
    "审阅",
    "阅示",
    "阅处",
    "阅知",
    "核批",
    "定夺",
    "裁定",
    "研究",
    "酌定",
    "审议",
    "同意",
    "特此",
    "专此",
    "报告如上",
    "此复",
    "谨此",
    "一并请示",
    "一并报批",
];

/// A closing formula, and whether it asks for a decision (妥否，请批示) or
/// only hands the text over (特此报告, 请审阅).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closing {
    pub asks_decision: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_formulas_of_every_common_form() {
        for s in [
            "妥否，请批示",
            "以上请示如无不妥，请批准",
            "望批复",
            "请审示",
            "特此请示，请予审批",
            "当否，请示复",
            "以上请示，请予审定",
            "恳请批准为盼",
            "以上请示妥否，请批示",
            "请市政府审批",
        ] {
            assert_eq!(closing(s), Some(Closing { asks_decision: true }), "{s}");
        }
        for s in ["特此报告", "专此报告", "以上报告，请审阅", "请阅示"] {
            assert_eq!(closing(s), Some(Closing { asks_decision: false }), "{s}");
        }
        for s in ["恳请市政府批准增加编制5名", "请示", "我局拟于明年召开会议", "报告如下"] {
            assert_eq!(closing(s), None, "{s}");
        }
    }

    #[test]
    fn categories() {
        assert_eq!(category_of("增加事业编制10名"), Category::Staffing);
        assert_eq!(category_of("拨付设备购置资金300万元"), Category::Funds);
        assert_eq!(category_of("出席开幕式并致辞"), Category::Attendance);
    }
}
