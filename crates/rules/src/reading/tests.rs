use super::*;

fn several(title: &str, body: &str) -> Option<Certainty> {
    read(title, body).several_matters()
}

/// After `first`, a paragraph `other` adds a matter of its own and a paragraph `same` does not.
fn adds_another_but_not_the_same(title: &str, first: &str, other: &str, same: &str) {
    let close = "妥否，请批示。";
    assert!(several(title, &format!("{first}\n{other}\n{close}")).is_some());
    assert_eq!(several(title, &format!("{first}\n{same}\n{close}")), None);
}

/// Each of these report bodies carries no live ask.
fn asks_nothing_in_reports(bodies: &[&str]) {
    for body in bodies {
        let r = read("", body);
        assert_eq!(r.report_asks(), None, "{body}: {r:#?}");
    }
}

#[test]
fn two_asks_joined_in_one_sentence_are_two_matters() {
    let r = read(
        "",
        "我中心承担全市食品检测任务，人员和设备严重不足。恳请市政府批准增加事业编制10名并拨付检测设备购置资金300万元。妥否，请批示。",
    );
    assert_eq!(r.body_matters().count(), 2, "{r:#?}");
    assert_eq!(r.several_matters(), Some(Certainty::Sure));
}

#[test]
fn a_staffing_ask_then_a_funding_ask_in_the_next_sentence_are_two_matters() {
    let body = "我局执法任务逐年加重，恳请市政府为我局增加行政执法编制8名。我局现有执法车辆车龄均超过10年，恳请市财政安排执法车辆更新经费120万元。妥否，请批示。";
    assert_eq!(several("", body), Some(Certainty::Sure));
}

#[test]
fn a_title_naming_two_matters_with_a_body_asking_both() {
    let title = "关于申请增加市疾控中心编制并拨付实验室改造资金的请示";
    let body = "一、关于编制。恳请增加市疾控中心事业编制6名。二、关于资金。申请拨付实验室改造资金450万元。以上请示，请予审批。";
    assert_eq!(read(title, "").title_matters.len(), 2);
    assert_eq!(several(title, body), Some(Certainty::Sure));
}

#[test]
fn sub_points_of_one_festival_are_one_matter() {
    let title = "关于举办第三届黄河文化旅游节的请示";
    let body = "为打响文旅品牌，我局拟举办第三届黄河文化旅游节。现将有关事项请示如下：\n一、时间地点。拟于2026年9月20日至22日在市奥体中心举办。\n二、组织机构。拟成立文化旅游节组委会，拟请分管副市长任组委会主任。\n三、经费预算。活动经费约120万元，申请由市财政予以保障。\n四、开幕式。恳请市长出席开幕式并致辞。\n以上请示如无不妥，请批准。";
    let r = read(title, body);
    assert_eq!(r.body_matters().count(), 1, "{r:#?}");
    assert_eq!(r.several_matters(), None);
}

#[test]
fn one_project_with_its_land_and_funds_is_one_matter() {
    let body = "一、关于立项。恳请批准市传染病医院建设项目立项。二、关于用地。恳请协调解决项目建设用地50亩。三、关于资金。恳请安排市级补助资金3000万元。妥否，请批示。";
    let r = read("关于市传染病医院建设有关事项的请示", body);
    assert_eq!(r.several_matters(), None, "{r:#?}");
}

#[test]
fn closings_of_every_form_count_as_asking() {
    for closing in ["望批复。", "请审示。", "妥否，请批示。", "以上请示如无不妥，请批准。", "当否，请示复。"]
    {
        let body = format!("我局拟于2026年开展全市政府投资项目专项审计，涉及项目46个。{closing}");
        let r = read("", &body);
        assert_eq!(r.asks_nothing(), None, "{closing}: {r:#?}");
    }
}

#[test]
fn a_closing_over_a_body_that_only_tells_what_was_done_asks_about_nothing() {
    // Every form of closing, after a body that proposes nothing and a title that names no matter.
    for closing in ["特此请示。", "以上，请审示。", "妥否，请批示。"] {
        let body = format!(
            "我市第五次全国经济普查工作于2023年4月启动，目前已全面完成。现将有关情况请示如下：\n\
             一、组织实施情况。全市选聘普查员4280人，单位普查表上报率100%。\n\
             二、经费使用情况。实际支出641.3万元，结余已上缴市财政。\n{closing}"
        );
        let r = read("关于第五次全国经济普查工作完成情况的请示", &body);
        // The matter may have been missed: advised, never returned.
        assert_eq!(r.asks_nothing(), Some(Certainty::Unsure), "{closing}: {r:#?}");
    }
    // What the title names is what the closing asks for.
    let r = read("关于新建东部片区小学的请示", "东部片区学位缺口约1200个。特此请示。");
    assert_eq!(r.asks_nothing(), None, "{r:#?}");
}

#[test]
fn an_application_that_carries_on_the_writers_announced_plan_is_no_ask() {
    let body = "四、下一步工作\n我局将进一步健全统计执法检查机制，2025年计划抽查对象不少于200家，并按照省统计局要求，申请将我市纳入统计执法监督信息系统试点。\n特此报告。";
    assert!(read("关于2024年全市统计执法检查情况的报告", body).report_asks().is_none());
    // The same plan turned to the city's money is still an ask of the recipient.
    let body = "我局将进一步健全统计执法检查机制，并申请市级财政安排专项经费50万元。\n特此报告。";
    assert!(read("关于2024年全市统计执法检查情况的报告", body).report_asks().is_some());
}

#[test]
fn a_request_asking_nothing_is_seen() {
    let r = read("", "今年以来，我局认真开展各项工作，取得了一定成效。全市完成审计项目21个。");
    assert_eq!(r.asks_nothing(), Some(Certainty::Sure));
}

#[test]
fn a_report_telling_its_own_history_asks_nothing() {
    for body in [
        "2025年，我局经报请市政府同意，启动了老旧小区改造三年行动。特此报告。",
        "我局于2025年3月以《关于请予批准实施老旧小区改造的请示》报请市政府批准，市政府批复同意后，我局组织实施。特此报告。",
        "该方案已提请市政府常务会议研究通过。专此报告。",
        "全年共受理申请审批事项4.6万件，按时办结率100%。特此报告。",
        "下一步，我局将继续加大工作力度，确保完成全年目标任务。以上报告，请审阅。",
        "我局已请求省厅给予技术支持，省厅已派员指导。特此报告。",
    ] {
        assert_eq!(read("", body).report_asks(), None, "{body}");
    }
}

#[test]
fn a_report_that_asks_is_seen() {
    for body in [
        "今年汛期我市降雨偏多。为做好灾后重建，特请求市政府安排救灾资金500万元。特此报告。",
        "我局将继续做好相关工作。建议市政府安排专项资金用于智慧城管平台升级。特此报告。",
        "上半年工作进展顺利。望市政府在资金上予以支持。特此报告。",
        "现将上半年工作情况报告如下：完成审计项目21个。妥否，请批示。",
    ] {
        let r = read("", body);
        assert!(r.report_asks().is_some(), "{body}: {r:#?}");
    }
}

#[test]
fn quoted_titles_are_not_asks() {
    let r = read("", "根据《关于请予批准设立开发区的请示》的批复精神，我局开展了以下工作。特此报告。");
    assert!(r.asks.is_empty(), "{r:#?}");
}

#[test]
fn evidence_points_into_the_body() {
    let body = "我局拟新建学校一所。恳请市政府批准立项。";
    let r = read("", body);
    let span = &r.asks[0].span;
    let chars: Vec<char> = body.chars().collect();
    assert_eq!(chars[span.start..span.end].iter().collect::<String>(), span.text);
    assert!(span.text.starts_with("恳请"), "{span:?}");
}

#[test]
fn a_title_joining_two_acts_names_two_matters() {
    for title in [
        "关于承办2027年全省老年人门球邀请赛和申请社区健身器材更新资金的请示",
        "关于调整城区停车收费标准及市停车管理中心更名的请示",
    ] {
        assert_eq!(read(title, "").title_matters.len(), 2, "{title}: {:?}", read(title, "").title_matters);
    }
    // One act over two objects is one matter.
    assert!(read("关于加强和改进城市供水管理的请示", "").title_matters.is_empty());
}

#[test]
fn an_opening_another_carries_to_the_paragraphs_first_ask() {
    let title = "关于举办2027年滨江读书节的请示";
    let body = "为建设书香城市，我局拟于2027年4月举办滨江读书节，现将方案随文报上，恳请市政府同意举办。\n另外，市少儿图书馆馆舍建于1985年，已鉴定为危房。目前新馆选址已经确定，总投资约6000万元。恳请市政府将少儿图书馆新馆项目列入2027年市级重点建设项目。\n以上请示妥否，请批示。";
    let r = read(title, body);
    assert!(r.asks.iter().any(|a| a.additive), "{r:#?}");
    assert_eq!(r.several_matters(), Some(Certainty::Sure), "{r:#?}");
}

#[test]
fn numbered_items_asking_by_name_for_unrelated_things_are_sure() {
    let body = "为提升基层医疗服务能力，现将有关事项请示如下：\n一、同意在东坝、西营两个乡镇卫生院设立血液透析中心，纳入全市透析服务网络统一管理。\n二、批准为市妇幼保健院增加事业编制15名，用于充实产科和儿科专业技术力量。\n当否，请示复。";
    assert_eq!(several("关于加强基层医疗服务能力有关事项的请示", body), Some(Certainty::Sure));
}

#[test]
fn numbered_items_naming_one_project_are_one_matter() {
    let body = "恳请市政府给予以下支持：\n第一，同意启动东湖片区核心区控制性详细规划修编，修编成果按程序报市政府审批。\n第二，在新增建设用地计划指标中，对东湖片区核心区项目予以优先保障。\n以上请示，请予审定。";
    assert_ne!(several("关于支持东湖片区开发建设的请示", body), Some(Certainty::Sure));
}

#[test]
fn an_aspect_heading_is_no_ask() {
    let title = "关于建设市应急物资储备库的请示";
    let body = "为提升应急保障能力，我局拟建设市应急物资储备库，现将有关事项请示如下：\n一、建设规模。储备库占地40亩，建筑面积1.8万平方米。\n二、建设资金。项目总投资1.2亿元，申请市财政安排8000万元，其余由我局争取中央预算内投资解决。\n以上请示，请予审批。";
    let r = read(title, body);
    assert!(r.asks.iter().all(|a| !a.object.contains("建设规模")), "{r:#?}");
    assert_eq!(r.several_matters(), None, "{r:#?}");
}

#[test]
fn an_abbreviation_names_what_it_abbreviates() {
    assert!(matters::overlap(&["博会".to_owned()], &["博览会".to_owned()]));
    assert!(matters::overlap(&["综试区".to_owned()], &["综合试验区".to_owned()]));
    assert!(!matters::overlap(&["会展".to_owned()], &["博览会".to_owned()]));
}

#[test]
fn a_proposal_after_its_history_is_a_proposal() {
    let ws = segment::words("经成本调查和专家论证，拟对全市公办幼儿园保育教育费标准进行调整");
    assert!(asks::proposes(&ws));
    let ws = segment::words("去年我局曾拟对该标准进行调整");
    assert!(!asks::proposes(&ws));
}

#[test]
fn others_applications_told_in_a_report_are_no_asks() {
    asks_nothing_in_reports(&[
        "今年以来，共有18个小区业主委员会申请使用住宅专项维修资金加装电梯，已由住建部门按程序审核办理。特此报告。",
        "今年5月，东港区一家物流企业申请扩建冷库，经专家评审未通过，已书面告知企业补正后重新申报。特此报告。",
        "上半年全市申请稳岗返还的企业和个体工商户512家，已完成审核498家。特此报告。",
        "全年核查申请家庭收入状况2.4万户次，拦截不符合条件的申请1300余件。专此报告。",
    ]);
    // The writer's own application is still one.
    let r = read("", "我局在全市开展了执法装备普查。为此，特申请市财政安排执法装备更新资金300万元。特此报告。");
    assert!(r.report_asks().is_some(), "{r:#?}");
}

#[test]
fn a_list_under_an_ask_that_names_its_matter_serves_it() {
    let body = "为加快东湖生物医药园建设，恳请市政府对东湖生物医药园建设给予支持，具体包括：\n一、在年度新增建设用地计划中，对园区三期安排用地指标600亩。\n二、在2027年新增专项债券额度中，安排园区公共实验平台专项债券资金2.8亿元。\n以上请示如无不妥，请批准。";
    assert_ne!(several("关于支持东湖生物医药园建设的请示", body), Some(Certainty::Sure));
}

#[test]
fn one_budgets_tranches_in_items_are_not_sure_to_be_matters() {
    let body = "为推进青龙水库除险加固，拟请市政府安排市级配套资金6000万元，按以下计划分年度拨付：\n（一）2027年安排2000万元，用于坝体防渗处理。\n（二）2028年安排4000万元，用于溢洪道改建和监测系统建设。\n妥否，请批示。";
    assert_ne!(several("关于青龙水库除险加固市级配套资金的请示", body), Some(Certainty::Sure));
}

#[test]
fn plans_to_apply_elsewhere_and_counted_applicants_are_no_asks() {
    asks_nothing_in_reports(&[
        "下一步，我委将加强基层人才培养，计划向省卫生健康委申请定向医学生招生名额120名。特此报告。",
        "个人所得税年度汇算期间，全市有38.2万人申请退税，已为37.9万人办理退税2.6亿元。特此报告。",
        "优化保障性住房申请审核流程，全年受理群众申请9600件，审核通过8800件。特此报告。",
    ]);
}

#[test]
fn a_list_of_supports_serves_one_matter_even_under_headings() {
    let body = "为加快西湖新材料产业园建设，恳请市政府给予以下支持：\n一、用地保障。请协调市自然资源和规划局优先保障新增建设用地指标600亩。\n二、能耗指标。请在市级能耗指标中统筹调剂解决。\n三、资金支持。请将园区污水处理厂纳入市级专项债券支持范围。\n以上请示如无不妥，请批准。";
    assert_ne!(several("关于支持西湖新材料产业园建设的请示", body), Some(Certainty::Sure));
}

#[test]
fn a_list_inside_one_sentence_asks_item_by_item() {
    let body = "我局实训基地设备缺口较大，仲裁院案件激增、人手不足。为此，请市政府：一、从市级就业补助资金中安排280万元，用于公共实训基地设备购置；二、为市劳动人事争议仲裁院增加事业编制6名，用于充实仲裁员队伍。以上请示，请审示。";
    let r = read("关于有关经费和编制问题的请示", body);
    assert_eq!(r.body_matters().count(), 2, "{r:#?}");
}

#[test]
fn headed_items_each_proposing_under_a_closing_for_both_are_two_matters() {
    let body = "现将两个事项请示如下：\n一、关于城南客运站建设规模调整\n为满足客流增长需要，我局拟将客运站建设规模调整为2.4万平方米，增加投资由市交投集团自筹。\n二、关于东江四桥命名\n东江四桥计划于2027年通车。经专家论证、社会公示，推荐命名为“临江大桥”。\n以上两个事项，妥否，请批示。";
    let r = read("关于城南客运站建设规模调整和东江四桥命名的请示", body);
    assert_eq!(r.body_matters().count(), 2, "{r:#?}");
    assert!(r.several_matters().is_some());
}

#[test]
fn applications_as_nouns_and_granted_ones_are_no_asks() {
    asks_nothing_in_reports(&[
        "为2100户困难老年人家庭实施适老化改造，所有改造申请均经入户评估。特此报告。",
        "全面推行低保申请“一门受理、协同办理”，审批时限压缩至15个工作日。特此报告。",
        "一是县域参与度不均衡；二是年底集中申请导致审核压力较大。专此报告。",
        "2023年，我局向市政府申请设立老旧小区改造市级奖补资金并获批复，今年兑现奖补资金1800万元。专此报告。",
        "其中，有980名农民工申请讨薪类法律援助，帮助追回欠薪2100万元。特此报告。",
    ]);
}

#[test]
fn a_manner_before_the_act_is_no_ask_of_its_own() {
    let body = "为确保今年除险加固任务按期完成，恳请市政府按照既定政策，安排2027年度小型水库除险加固市级配套资金2600万元。当否，请示复。";
    let r = read("关于安排小型水库除险加固市级配套资金的请示", body);
    assert_eq!(r.asks.len(), 1, "{r:#?}");
    assert_eq!(r.several_matters(), None);
}

#[test]
fn amounts_applied_for_pending_or_from_superiors_are_not_asks_in_a_report() {
    let bodies = [
        // 申请 + a measure noun: a statistic.
        "今年全市共申报专项债券项目52个，申请额度96亿元，已发行63亿元。特此报告。",
        // Pending with another body.
        "灾后我局向省应急管理厅申报救灾资金，申请金额1800万元，目前省级部门正在审核。特此报告。",
        // A superior's money, partly paid already.
        "项目总投资20亿元，申请中央预算内投资3亿元（已下达第一批1亿元），申请省级财政补助2亿元，其余由市级统筹。特此报告。",
        // A quoted kind of petition, and what people ask for.
        "从诉求类型看，“请求解决”类占58.2%，请求解决的问题主要集中在欠薪、物业和房屋交付等方面。专此报告。",
    ];
    for body in bodies {
        let r = read("关于有关工作情况的报告", body);
        assert_eq!(r.report_asks().map(|(c, _)| c), None, "{body}: {:#?}", r.asks);
    }
}

#[test]
fn parts_of_one_undertaking_under_a_title_naming_it_are_not_sure_to_be_matters() {
    // The bus line's vehicles and its operating subsidy: different kinds, one undertaking.
    let title = "关于开通城区至青石镇公交线路的请示";
    let body = "我局拟开通城区至青石镇公交线路。一、线路走向。全长32公里，设站18个。二、车辆配置。新购纯电动公交车8辆，申请使用省级新能源公交车补助资金解决。三、运营补贴。线路年亏损约120万元，请市财政每年安排运营补贴资金予以保障。当否，请批复。";
    assert_ne!(several(title, body), Some(Certainty::Sure), "{:#?}", read(title, body));
}

#[test]
fn supports_listed_for_the_project_already_named_serve_it() {
    let title = "关于恳请支持县城至高铁站连接线建设的请示";
    let body = "连接线全长12公里，总投资4.8亿元。为加快项目建设，恳请市政府对该项目给予以下支持：\n（一）将连接线列入市级重点建设项目，在用地、环评等要素保障上予以倾斜。\n（二）从市级交通专项资金中安排补助资金8000万元。\n（三）协调市自然资源局加快办理项目用地报批手续。\n妥否，请批示。";
    let r = read(title, body);
    assert_eq!(r.several_matters(), None, "{r:#?}");
}

#[test]
fn headings_the_items_explain_and_the_steps_after_approval_are_one_proposal() {
    let body = "调整方案已经管委会审议通过。现将有关事项请示如下：\n一、提高贷款最高额度。单缴存家庭最高额度由40万元提高至50万元。\n二、降低首付比例。首套住房最低首付比例由30%调整为20%。\n三、执行时间。自市政府审定后次月起执行。\n请市政府审定上述政策调整方案，审定后由管委会印发执行。\n以上请示如无不妥，请批准。";
    let r = read("关于调整住房公积金贷款政策的请示", body);
    assert_eq!(r.several_matters(), None, "{r:#?}");
}

#[test]
fn an_ask_that_refers_back_yet_names_something_else_is_a_matter_the_reading_is_not_sure_of() {
    // 上述标准 refers back, but the taxi fares are not the bus terminal.
    let body = "一、关于首末站建设。请审定城北公交首末站建设方案。二、关于出租汽车运价。经成本监审和听证，拟将起步价由8元调整为10元。请同意自2026年1月1日起按上述标准调整中心城区出租汽车运价。当否，请批复。";
    let r = read("关于城北公交首末站建设等事项的请示", body);
    assert!(r.several_matters().is_some(), "{r:#?}");
    let body = "我局拟升级政务服务平台，恳请市政府批准平台升级改造，安排建设资金96万元。原审计局办公楼现已闲置，拟请市政府同意将该楼调剂给市档案馆使用。妥否，请批示。";
    let r = read("关于政务服务平台升级改造的请示", body);
    assert_eq!(r.several_matters(), Some(Certainty::Unsure), "{r:#?}");
}

#[test]
fn a_title_matter_the_body_proposes_beside_another_ask_is_advised() {
    let title = "关于调整城区停车收费标准的请示";
    let body = "经成本调查和听证，拟将一类区域停车收费标准由每小时3元调整为4元。城区新增道路保洁面积120万平方米，请市财政自2026年起每年增加环卫保洁经费500万元。以上请示妥否，请批示。";
    assert_eq!(several(title, body), Some(Certainty::Unsure), "{:#?}", read(title, body));
}

#[test]
fn a_second_act_after_a_source_or_a_manner_is_an_ask_of_its_own() {
    let body = "恳请市政府批准青龙河堤防加固工程初步设计，并从市级水利发展资金中安排市水质检测中心年度运行经费60万元。妥否，请批示。";
    let r = read("", body);
    assert_eq!(r.asks.len(), 2, "{r:#?}");
    let body = "恳请市政府同意认定第二批市级重点实验室，并以市政府办公室名义印发修订后的《市科技计划项目管理办法》。妥否，请审示。";
    assert_eq!(read("", body).asks.len(), 2);
    // 以 as a purpose is no second act.
    let body = "请协调电信运营商在链路租赁价格上给予优惠，以降低建设成本。妥否，请批示。";
    assert_eq!(read("", body).asks.len(), 1);
}

#[test]
fn what_an_earlier_request_asked_and_counted_applications_are_told_not_asked() {
    let bodies = [
        "今年4月，我局以《关于建设退役军人服务站的请示》（退役军人发〔2025〕9号）报请市政府，申请市财政安排建设资金300万元，并申请以市政府名义挂牌。市政府常务会议研究同意。特此报告。",
        "今年共受理企业奖补申请215项，申请市级财政资助1.2亿元。经审核，符合条件的156项。特此报告。",
        "按标准测算，申请奖补资金合计1.86亿元，经第三方审核核减0.21亿元。特此报告。",
    ];
    for body in bodies {
        let r = read("关于有关工作进展情况的报告", body);
        assert_eq!(r.report_asks().map(|(c, _)| c), None, "{body}: {:#?}", r.asks);
    }
    // A live ask in the same report is still seen.
    let body = "今年共受理企业奖补申请215项。为保障兑现，恳请市政府从预备费中安排资金2000万元。特此报告。";
    assert!(read("关于有关工作进展情况的报告", body).report_asks().is_some());
}

#[test]
fn the_parts_of_a_new_institution_under_a_title_creating_it_are_not_sure_to_be_matters() {
    let title = "关于新建城南第二实验中学的请示";
    let body = "为缓解城南片区学位紧张，我局拟新建城南第二实验中学。现请示如下：\n一、同意该项目立项，并列入2026年市级民生实事。\n二、请市财政分两年安排建设资金1.2亿元。\n三、请同意将该地块以划拨方式供地。\n四、请核定该校事业编制60名。\n以上请示妥否，请批示。";
    assert_ne!(several(title, body), Some(Certainty::Sure), "{:#?}", read(title, body));
    // A title that does not create anything keeps staffing beside a price as two matters.
    let body = "一、关于收费。拟将停车收费标准由每小时3元调整为4元，请予审定。二、关于编制。请为我局增加行政编制5名。以上请示妥否，请批示。";
    assert_eq!(several("关于调整停车收费标准和增加编制的请示", body), Some(Certainty::Sure));
}

#[test]
fn a_works_head_after_the_joiner_is_shared_by_both_sides() {
    assert!(read("关于市行政中心主楼屋面防水及外墙维修工程的请示", "").title_matters.is_empty());
    assert_eq!(read("关于增加编制并拨付实验室改造资金的请示", "").title_matters.len(), 2);
}

#[test]
fn the_writers_own_count_of_items_says_several() {
    // Two paragraphs each proposing with 拟/建议, then the writer counts them: advisory at least.
    let body = "经测算，拟从2027年1月1日起将城市低保标准提高到每人每月820元。\n为推进殡葬改革，我局拟于12月中旬组织召开全市殡葬改革工作推进会。\n以上两项，妥否，请批示。";
    let r = read("关于提高城乡最低生活保障标准的请示", body);
    let (n, span) = r.counted.clone().expect("counted");
    assert_eq!((n, span.text.as_str()), (2, "以上两项"));
    assert_eq!(body.chars().skip(span.start).take(span.end - span.start).collect::<String>(), "以上两项");
    assert!(r.several_matters().is_some());
    assert!(r.ask_spans().iter().any(|s| s.text == "以上两项"), "the count is evidence");
    // Counting what is not an item to decide: places, aspects, days.
    for (lead, counts) in [
        ("以上两件事项，恳请市政府批准。", true),
        ("上述三个事项，请一并审定。", true),
        ("上述3个片区纳入改造计划，请批准。", false),
        ("以上三个方面均为园区建设的必要条件。", false),
        ("以上两项措施已经局党组研究。", false),
    ] {
        let s = text::sentences(Field::Body, lead).remove(0);
        assert_eq!(counted_items(&s).is_some(), counts, "{lead}");
    }
}

#[test]
fn a_reference_back_to_a_document_the_paragraph_just_quoted_names_that_document() {
    let body = "我市高标准农田建设市级配套资金尚未落实。恳请市政府落实2024年高标准农田建设市级配套资金2400万元。\n今年以来，我局起草了《柳塘市农作物秸秆综合利用实施方案（2024—2026年）》，方案已征求各县（区）意见。拟请市政府同意以市政府办公室名义印发该实施方案。\n以上请示妥否，请批复。";
    let r = read("关于2024年高标准农田建设有关事项的请示", body);
    assert_eq!(r.asks.len(), 2, "{r:#?}");
    assert!(!r.asks[1].anaphoric && !r.asks[1].anchors.is_empty(), "{:?}", r.asks[1]);
    assert_eq!(r.body_matters().count(), 2, "{r:#?}");
    // The same reference to a document the matter itself is about stays with it.
    let one = "我局起草了《柳塘市农作物秸秆综合利用实施方案（2024—2026年）》，已征求各县（区）意见。\n拟请市政府同意以市政府办公室名义印发该实施方案。\n妥否，请批复。";
    let r = read("关于印发柳塘市农作物秸秆综合利用实施方案的请示", one);
    assert_eq!(r.several_matters(), None, "{r:#?}");
    // A project referred back to is the matter already named, whatever was quoted.
    let project = "恳请市政府同意城北客运枢纽站项目立项。\n市发展改革委已印发《关于城北客运枢纽站项目可行性研究报告的批复》。恳请将该项目纳入重点项目审批绿色通道。\n妥否，请批示。";
    let r = read("关于城北客运枢纽站项目的请示", project);
    assert!(r.asks[1].anaphoric && r.asks[1].anchors.is_empty(), "{:?}", r.asks[1]);
}

#[test]
fn the_items_announced_as_one_undertakings_matters_are_its_parts() {
    let body = "为加快推进项目建设，现就该项目有关事项请示如下：\n一、项目立项。项目估算总投资4.7亿元。恳请市政府同意该项目立项。\n二、项目用地。项目需用地约86亩。请市政府同意由市自然资源和规划局按程序办理农用地转用及土地征收报批手续，以划拨方式供地。\n三、资金筹措。拟申请交通运输部车购税补助资金6000万元，其余6000万元由市财政分三年安排。\n四、审批程序。恳请市政府将该项目纳入市重点项目审批“绿色通道”，实行并联审批。\n以上请示当否，请批示。";
    let r = read("关于城北综合客运枢纽站建设项目有关事项的请示", body);
    assert!(r.asks.len() >= 3, "{r:#?}");
    assert_eq!(r.several_matters(), None, "{:#?}", r.matters);
    for (sentence, announced) in [
        // Some(true): by reference; Some(false): by name.
        ("现就该项目有关事项请示如下：", Some(true)),
        ("现将城北枢纽站工程建设有关事项请示如下：", Some(false)),
        ("现将有关事项请示如下：", None),
        ("现就市社会福利院有关事项请示如下：", None),
        ("现将需市政府研究解决的有关事项请示如下：", None),
    ] {
        assert_eq!(asks::announces_one_undertaking(sentence).map(|n| n.is_empty()), announced, "{sentence}");
    }
}

#[test]
fn a_title_saying_several_over_one_read_matter_is_an_advisory() {
    let body = "现行居民供热价格为每平方米24元，已执行十年。经成本监审，拟将居民供热价格调整为每平方米26元。恳请市政府批准。\n妥否，请批示。";
    let etc = read("关于供热价格调整等事项的请示", body);
    assert_eq!(etc.several_matters(), Some(Certainty::Unsure), "{:#?}", etc.matters);
    assert_eq!(read("关于城区居民供热价格调整的请示", body).several_matters(), None);
}

#[test]
fn matters_announced_before_the_asks_say_several() {
    let body = "现将需提请市政府研究的两个事项请示如下。\n一、关于城南保障性租赁住房项目\n恳请市政府同意该项目于今年9月底前开工建设。\n以上请示当否，请批示。";
    let r = read("关于有关事项的请示", body);
    let (n, span) = r.announced.clone().expect("announced");
    assert_eq!((n, span.text.as_str()), (2, "两个事项"));
    assert_eq!(body.chars().skip(span.start).take(span.end - span.start).collect::<String>(), "两个事项");
    assert_eq!(r.several_matters(), Some(Certainty::Unsure), "one ask read: an advisory, not a return");
    assert!(r.ask_spans().iter().any(|s| s.text == "两个事项"), "the count is evidence");
    for (lead, counts) in [
        ("现就该项目用地和资金两个问题请示如下：", Some(2)),
        ("现将我委需要市政府研究的三项请示事项请示如下：", Some(3)),
        ("现将有关事项请示如下：", None),
        ("我市两个片区的改造任务较重，现将有关情况请示如下：", None),
        ("为做好三项重点工作，现将有关事项请示如下：", None),
    ] {
        let s = text::sentences(Field::Body, lead).remove(0);
        assert_eq!(announced_items(&s).map(|(n, _)| n), counts, "{lead}");
    }
}

#[test]
fn an_aside_in_brackets_does_not_hide_the_ask_around_it() {
    let plain = "请市政府将监测站业务用房改扩建项目纳入2027年市级政府投资计划。妥否，请批示。";
    let aside = "请市政府将监测站业务用房改扩建项目（估算投资4600万元）纳入2027年市级政府投资计划。妥否，请批示。";
    let (a, b) = (read("", plain), read("", aside));
    assert_eq!(a.asks.len(), 1);
    assert_eq!(b.asks.len(), 1, "{b:#?}");
    assert_eq!((b.asks[0].category, &b.asks[0].anchors), (a.asks[0].category, &a.asks[0].anchors));
}

#[test]
fn a_request_whose_body_says_it_reports_asks_about_nothing() {
    // The title names an arrangement, the body says it reports what was done: 特此请示 asks nothing.
    let body = "按照省里部署，我市春运工作已于1月14日启动，现将有关情况汇报如下：\n\
                一、运力安排。全市投入客运车辆1260辆，已全部完成安全检测。\n\
                二、应急保障。各客运站已制定恶劣天气应急预案，正在开展拟聘用人员岗前培训。\n特此请示。";
    assert_eq!(read("关于2025年春运工作安排的请示", body).asks_nothing(), Some(Certainty::Unsure));
    // 拟聘用人员 names people; a proposal (拟对…进行调整) is still something to decide.
    let body = "经成本监审，拟对城区停车收费标准进行调整。特此请示。";
    assert_eq!(read("关于2025年停车收费工作安排的请示", body).asks_nothing(), None);
}

#[test]
fn another_matter_added_and_asked_jointly_is_a_second_matter() {
    let body = "经听证，拟将城区公交基础票价调整为2元。\n\
                另，城区巡游出租汽车十年未增运力，高峰时段打车难。我局拟于明年新增投放出租汽车150辆，一并请示。\n\
                以上请示如无不妥，请批准。";
    let r = read("关于调整城区公交票价的请示", body);
    assert!(r.asks.iter().any(|a| a.additive), "{r:#?}");
    assert!(r.several_matters().is_some(), "{r:#?}");
}

#[test]
fn a_title_joining_two_acts_of_transfer_or_purchase_names_two_matters() {
    let title = "市应急管理局关于购置应急通信指挥车及划转闲置厂房用于物资储备的请示";
    assert_eq!(read(title, "").title_matters.len(), 2, "{:?}", read(title, "").title_matters);
    // Two sums, each named by what it pays for.
    let title = "关于乡村物流体系建设配套资金和跨境电商园区租金补贴资金的请示";
    assert_eq!(read(title, "").title_matters.len(), 2, "{:?}", read(title, "").title_matters);
    // One act over two objects is still one matter.
    assert!(read("关于加强和改进应急物资储备管理的请示", "").title_matters.is_empty());
}

#[test]
fn posts_for_two_unrelated_units_are_two_matters() {
    let body = "一、市公共资源交易中心。交易项目三年增长一倍，恳请市政府同意为市公共资源交易中心增加事业编制6名。\n\
                二、市第二职业中学。在校生增至4100人，请市政府同意为市第二职业中学增加事业编制40名。\n妥否，请批示。";
    assert!(several("关于两个事业单位人员编制问题的请示", body).is_some());
    // Posts for one unit asked twice (its teachers, its managers) are one matter.
    let body =
        "恳请市政府同意为市第二职业中学增加专任教师编制30名，并同意为市第二职业中学核定管理岗位编制5名。妥否，请批示。";
    assert_eq!(read("关于市第二职业中学编制问题的请示", body).body_matters().count(), 1);
}

#[test]
fn a_hope_addressed_to_the_government_may_name_its_act_past_a_clause() {
    let body = "目前特色农产品保险没有财政保费补贴，农户投保率不足5%。\n\
                望市政府借鉴周边城市做法，将茶叶、水果保险纳入市级财政保费补贴范围，予以支持。\n特此报告。";
    assert!(read("关于全市农业保险工作情况的报告", body).report_asks().is_some());
    // A hope for others' effort asks the government nothing.
    let body = "望各县区借鉴先进做法，进一步扩大保险覆盖面。\n特此报告。";
    assert!(read("关于全市农业保险工作情况的报告", body).report_asks().is_none());
}

#[test]
fn a_sum_named_by_what_it_pays_for_after_it_is_a_matter_the_office_should_see() {
    let body = "恳请市政府批准将城区公交票价调整为2元，并从市级交通专项资金中安排1500万元，\
                对市公交集团新购的新能源公交车给予购置补贴。当否，请示复。";
    let r = read("关于调整城区公交票价的请示", body);
    assert_eq!(r.body_matters().count(), 2, "{r:#?}");
    // Read from the clause after the sum, not the object's head: an advisory, never a return.
    assert_eq!(r.several_matters(), Some(Certainty::Unsure), "{r:#?}");
    // The same sum paying for the matter asked is that matter.
    let body = "恳请市政府批准新建城东污水处理厂，并安排3000万元，对城东污水处理厂建设给予补助。妥否，请批示。";
    assert_eq!(read("关于新建城东污水处理厂的请示", body).body_matters().count(), 1);
}

#[test]
fn an_institutions_funding_form_is_a_staffing_matter_not_funds() {
    let body = "恳请市财政安排快检车购置资金60万元，并请市政府同意将市农产品检测站由差额拨款事业单位调整为全额拨款事业单位。当否，请批复。";
    let r = read("关于购置农产品快速检测车的请示", body);
    assert!(r.asks.iter().any(|a| a.category == Category::Staffing), "{r:#?}");
    assert!(r.several_matters().is_some(), "{r:#?}");
}

#[test]
fn a_meeting_led_by_the_government_on_another_subject_is_another_matter() {
    let body = "经测算，拟从2026年1月1日起将城市低保标准提高到每人每月850元。\n\
                全市农村人居环境整治仍有短板，建议由市政府牵头，于12月中旬召开全市农村人居环境整治推进会。\n\
                当否，请批示。";
    let r = read("关于提高城乡最低生活保障标准的请示", body);
    assert!(r.asks.iter().any(|a| a.category == Category::Event), "{r:#?}");
    assert!(r.several_matters().is_some(), "{r:#?}");
}

#[test]
fn a_second_sum_named_by_a_whole_phrase_is_a_matter_the_office_should_see() {
    let body = "恳请市政府同意安排应急指挥平台建设资金200万元，并同意将政府购买社会救援服务经费纳入市级财政年度预算予以保障。\
                以上请示，请予审批。";
    let r = read("关于建设市应急指挥平台的请示", body);
    assert_eq!(r.body_matters().count(), 2, "{r:#?}");
    // Named by no one specific word: an advisory, never a return.
    assert_eq!(r.several_matters(), Some(Certainty::Unsure), "{r:#?}");
}

#[test]
fn items_headed_by_an_act_each_proposing_are_matters_the_office_should_see() {
    let body = "现就以下事项请示如下：\n\
                （一）推行经营主体住所登记承诺制。拟在全市推行住所登记承诺制，登记机关不再要求提交住所证明。\n\
                （二）设立市网络交易监测中心。全市网络经营主体已达3.8万户。拟在我局内设机构中调剂设立网络交易监测中心，核定编制8名。\n\
                妥否，请批示。";
    let r = read("关于市场监管领域有关事项的请示", body);
    assert_eq!(r.body_matters().count(), 2, "{r:#?}");
    // The headings name acts, not 关于…: an undertaking's parts may be headed so, so an advisory.
    assert_eq!(r.several_matters(), Some(Certainty::Unsure), "{r:#?}");
    // Parts of one undertaking under nominal headings stay one.
    let body =
        "现将有关事项请示如下：\n一、项目选址。拟选址于城东新区。\n二、建设规模。拟建设床位300张。\n妥否，请批示。";
    let r = read("关于新建市第二人民医院的请示", body);
    assert_eq!(r.several_matters(), None, "{r:#?}");
}

#[test]
fn items_headed_by_the_way_an_act_is_done_or_by_a_change_to_a_named_thing_are_matters() {
    // 一、以…名义发布《…》 / 二、将…纳入…: the heading is the act, past the way or the thing acted on.
    let body = "现就有关事项请示如下：\n\
                一、以市政府名义发布《关于规范共享单车停放的通告》\n\
                全市共享单车投放量已达8万辆。我局起草了通告，拟以市政府名义发布。\n\
                二、市图书馆老馆搬迁\n\
                市图书馆老馆建于1985年，已属危房。拟将其整体搬迁至文化中心二期，原址由市土地储备中心收储。\n\
                妥否，请批示。";
    let r = read("关于城市管理有关事项的请示", body);
    assert_eq!(r.body_matters().count(), 2, "{r:#?}");
    assert!(r.several_matters().is_some(), "{r:#?}");
    // 一、拟在全市…推行…。: an item that opens with its proposal is read as one too.
    let body = "现将明年拟实施的工作请示如下：\n\
                一、拟在全市公办高中推行走班制教学。目前已有12所学校试点。\n\
                二、拟对城区小学学区进行调整。部分学区生源不均。\n\
                妥否，请批示。";
    let r = read("关于教育领域有关工作的请示", body);
    assert_eq!(r.body_matters().count(), 2, "{r:#?}");
    // A proposal to issue a quoted document is named by that document.
    let body = "一、拟以市政府办公室名义印发《关于进一步加强统计督察工作的意见》。\n\
                二、拟对市城建集团原负责人开展离任经济责任审计。\n\
                妥否，请批示。";
    let r = read("关于审计工作有关事项的请示", body);
    assert_eq!(r.body_matters().count(), 2, "{r:#?}");
}

#[test]
fn a_title_joining_two_undertakings_each_by_its_act_names_two_matters() {
    let r = read("关于组建市专职森林消防队伍和推行农业保险全覆盖的请示", "");
    assert_eq!(r.title_matters.len(), 2, "{r:#?}");
}

#[test]
fn a_title_names_one_thing_and_the_only_matter_asked_is_another_the_office_should_see() {
    // The title's funds are proposed, not asked; the one ask names another thing of its own.
    let body = "今年抽检任务增加，经测算需追加抽检经费300万元。\n\
                市计量检定所现有检定车辆均已超过报废年限，请求同意市计量检定所更新检定业务用车4辆，由该所事业收入解决。\n\
                当否，请批示。";
    let r = read("关于追加2026年食品安全抽检经费的请示", body);
    assert_eq!(r.several_matters(), Some(Certainty::Unsure), "{r:#?}");
}

#[test]
fn an_item_asking_about_another_thing_than_the_umbrella_titles_undertaking_is_an_advisory() {
    let body = "现将有关事项请示如下：\n\
                一、项目立项。新建门诊楼一栋，新增床位150张。\n\
                二、建设资金。项目总投资1.2亿元，拟通过专项债券解决。\n\
                三、市康复医院床位核定。市康复医院新院区已投入使用，请市政府同意将市康复医院核定床位数调整为300张。\n\
                妥否，请批示。";
    let r = read("关于市妇幼保健院门诊楼扩建项目有关事项的请示", body);
    assert_eq!(r.several_matters(), Some(Certainty::Unsure), "{r:#?}");
    // The same items asking about the title's own undertaking stay one matter.
    let body = body.replace(
        "市康复医院新院区已投入使用，请市政府同意将市康复医院核定床位数",
        "请市政府同意将市妇幼保健院核定床位数",
    );
    let r = read("关于市妇幼保健院门诊楼扩建项目有关事项的请示", &body);
    assert_eq!(r.several_matters(), None, "{r:#?}");
}

#[test]
fn posts_for_a_unit_the_paragraph_named_and_then_referred_to_are_another_matter() {
    // 为该中心: the 中心 its paragraph named (校外活动中心), not the schools of the first ask.
    let body = "城区学校教职工缺编420名。为此，请求在全市编制总量内为城区义务教育学校增加教职工编制180名，优先用于补充教师。\n\
                市青少年校外活动中心于2023年建成投用。目前该中心尚未核定编制。请求为该中心核定公益一类事业编制12名，设主任1名。\n\
                妥否，请批示。";
    let r = read("关于申请增加教职工编制事项的请示", body);
    assert_eq!(r.asks[1].unit, vec!["校外活动中心".to_owned()], "{r:#?}");
    assert_eq!(r.body_matters().count(), 2, "{r:#?}");
    assert!(r.several_matters().is_some(), "{r:#?}");
    // The unit the first ask named, referred to again, is the same matter.
    let body = "市青少年校外活动中心于2023年建成投用，请求为市青少年校外活动中心核定事业编制12名。\
                该中心还承担研学任务，请求为该中心增加事业编制4名。妥否，请批示。";
    let r = read("关于核定市青少年校外活动中心编制的请示", body);
    assert_eq!(r.several_matters(), None, "{r:#?}");
}

#[test]
fn an_ask_added_about_the_undertaking_already_named_is_no_second_matter_for_sure() {
    // 另外/此外 opens the sentence, yet 该项目/该工程 is the one the request is about.
    let body = "我局拟对城东污水处理厂实施扩建，现将有关事项请示如下：\n\
                （一）扩建规模：新增处理规模5万立方米/日。\n\
                （二）投资：估算总投资2.1亿元，由市水务集团作为项目业主。\n\
                另外，请市政府同意将该项目纳入市级重点项目，享受相关审批服务保障政策。\n\
                以上请示当否，请批复。";
    let r = read("关于城东污水处理厂扩建工程有关事项的请示", body);
    assert_ne!(r.several_matters(), Some(Certainty::Sure), "{r:#?}");
    // An addition whose own earlier sentence named another project is that project.
    let body = "恳请市政府批准组建市水务集团有限公司。以上请示如无不妥，请批准。\n\
                此外，南渠灌区节水改造项目已列入国家规划，总投资3.8亿元。也请市政府同意将该项目列入市级重点建设项目，一并研究。";
    let r = read("关于组建市水务集团有限公司的请示", body);
    assert!(r.several_matters().is_some(), "{r:#?}");
}

#[test]
fn money_joined_to_another_ask_is_named_by_what_it_pays_for() {
    // 同时为[…抽检]追加专项经费: the purpose before the act; 拨付资金[更新…设备]: the act after the money.
    for body in [
        "恳请市政府同意在我局加挂市知识产权局牌子，同时为今年全市食品安全监督抽检追加专项经费120万元。望批复。",
        "恳请市政府同意增设高新区交警中队，并拨付资金更新全市出入境管理窗口自助签注设备12台。妥否，请批示。",
    ] {
        let r = read("", body);
        assert_eq!(r.body_matters().count(), 2, "{body}: {r:#?}");
        assert!(r.several_matters().is_some(), "{body}: {r:#?}");
    }
}

#[test]
fn an_ask_to_approve_something_together_adds_a_matter_the_office_should_see() {
    let body = "我局拟于6月至8月开展汽车惠民季促消费活动，拟安排财政资金500万元。\n\
                同时，根据省商务厅要求，我市需建立成品油流通行业监管信息平台，平台建设费用约90万元，请一并批准由市财政安排。\n\
                妥否，请批示。";
    let r = read("关于开展汽车促消费活动的请示", body);
    assert!(r.asks.iter().any(|a| a.additive), "{r:#?}");
    assert!(r.several_matters().is_some(), "{r:#?}");
}

#[test]
fn an_item_about_things_the_title_never_names_is_a_matter_the_office_should_see() {
    let title = "关于举办2026临川半程马拉松赛的请示";
    let body = "我局拟于2026年举办临川半程马拉松赛。现将有关事项请示如下：\n\
                一、赛事时间。拟于2026年3月举行，规模1.5万人。\n\
                二、经费保障。赛事预算900万元，其中市财政安排300万元。\n\
                三、市体育中心网球馆屋面渗漏、照明设备老化，已暂停开放。请市政府安排维修资金180万元。\n\
                妥否，请批示。";
    let r = read(title, body);
    assert_eq!(r.several_matters(), Some(Certainty::Unsure), "{r:#?}");
    // The event's own money in an item of its own is the event's.
    let body = "我局拟于2026年举办临川半程马拉松赛。现将有关事项请示如下：\n\
                一、赛事时间。拟于2026年3月举行，规模1.5万人。\n\
                二、赛事预算900万元，沿线交通管制和医疗保障支出较大。请市政府安排经费300万元。\n\
                妥否，请批示。";
    let r = read(title, body);
    assert_eq!(r.several_matters(), None, "{r:#?}");
}

#[test]
fn an_umbrella_over_one_undertaking_keeps_its_parts_one_matter() {
    // Items headed by the parts of one project (资金, 用地, 指挥部, 开工仪式) under 关于…项目建设有关事项.
    let body = "现将需市政府支持的事项请示如下：\n\
                （一）项目定位。恳请市政府同意将该项目列为2026年市级重大项目。\n\
                （二）资金保障。项目资本金尚有缺口约6000万元，恳请市政府在市级预算内基本建设资金中统筹安排。\n\
                （三）用地保障。恳请市政府在新增建设用地计划指标中优先予以保障，并指导市自然资源和规划局开展组卷报批。\n\
                （四）组织机构。建议成立城南冷链物流园区项目建设指挥部，由分管副市长任总指挥。\n\
                （五）开工仪式。恳请市政府主要领导出席并宣布开工。\n\
                以上请示妥否，请批示。";
    let r = read("关于支持城南冷链物流园区项目建设有关事项的请示", body);
    assert_ne!(r.several_matters(), Some(Certainty::Sure), "{r:#?}");
}

#[test]
fn an_addition_about_the_undertaking_by_its_bare_noun_is_no_second_matter_for_sure() {
    let body = "恳请市政府批复项目初步设计，并将市级配套资金4900万元纳入2026年市级预算。\
                另外，项目区涉及约1800亩耕地的权属调整，恳请市政府督促东岗、柳河两镇人民政府做好群众工作。妥否，请批示。";
    let r = read("关于2026年度高标准农田建设项目初步设计批复的请示", body);
    assert_ne!(r.several_matters(), Some(Certainty::Sure), "{r:#?}");
    // …but an addition naming an event of its own, then 出席活动, is that event.
    let body = "恳请市政府同意开展专项行动并以市政府办公室名义印发行动方案。\
                另外，我局拟在市民公园举办六五环境日主场宣传活动，恳请市长出席活动并授旗。以上请示，请审定。";
    let r = read("关于开展生态环境执法专项行动的请示", body);
    assert!(r.several_matters().is_some(), "{r:#?}");
}

/// Whether a report whose body is `body` asks anything of the government, for each body.
fn report_asks(bodies: &[&str], asks: bool) {
    for body in bodies {
        let r = read("关于有关工作情况的报告", body);
        assert_eq!(r.report_asks().is_some(), asks, "{body}: {r:#?}");
    }
}

#[test]
fn a_reports_suggestions_to_departments_or_the_public_ask_nothing_of_the_government() {
    report_asks(
        &[
            "下一步工作建议：一是建议市住建局进一步加强建筑工地扬尘管理；二是建议市农业农村局加强农业面源污染治理。特此报告。",
            "建议被审计单位严格落实整改主体责任；建议消费者在消费前主动询价，保留消费凭证。特此报告。",
            "在座谈会上，不少商户反映希望政府延续消费券发放政策。特此报告。",
        ],
        false,
    );
    // The government itself, or money from its finance bureau, is asked.
    report_asks(
        &[
            "建议市财政局安排专项资金500万元，用于扬尘治理。特此报告。",
            "恳请市委、市政府主要领导出席开馆仪式。特此报告。",
        ],
        true,
    );
}

#[test]
fn a_county_government_is_asked_as_a_city_government_is() {
    report_asks(
        &[
            "希望县政府将7家敬老院改造提升纳入2026年县级民生实事项目，统筹安排改造资金。特此报告。",
            "提请县政府召开专题会议研究上述4宗违法用地的处置意见。特此报告。",
            "该问题我局多次协调未果，需要市政府协调解决，明确相关单位数据共享的责任和时限。特此报告。",
        ],
        true,
    );
    // Plans, counts and descriptions are not asks.
    report_asks(
        &[
            "我局计划于明年一季度起草衔接工作规定，按程序提请市政府审议。特此报告。",
            "全年提请市人大常委会审议地方性法规草案2件。特此报告。",
            "项目推进中遇到以下需要市政府协调解决的问题：用地和用电。特此报告。",
        ],
        false,
    );
}

#[test]
fn an_added_coordination_or_a_title_part_that_serves_the_other_is_not_sure() {
    // 另外，…恳请协调县供电公司…: a means to the same centre's opening.
    let body = "现将需县政府研究解决的事项请示如下：\n\
                一、追加建设资金。恳请县政府追加安排县级资金650万元。\n\
                二、机构编制。恳请县政府核定事业编制10名。\n\
                另外，中心目前仅接入单回路电源，恳请县政府协调县供电公司在竣工前完成双回路供电改造。\n\
                以上请示妥否，请批示。";
    let r = read("关于梧源县社会福利中心建设有关事项的请示", body);
    assert_ne!(r.several_matters(), Some(Certainty::Sure), "{r:#?}");
    // 拨付…配套资金并协调充电场站用地: the land may serve the buses the money buys.
    let r = read(
        "关于拨付新能源公交车更新项目市级配套资金并协调充电场站用地的请示",
        "恳请市政府按计划拨付第二批市级配套资金2100万元。恳请市政府协调市城管局将该地块划转市公交集团使用。妥否，请批示。",
    );
    assert_eq!(r.several_matters(), Some(Certainty::Unsure), "{r:#?}");
}

#[test]
fn a_later_paragraph_proposing_something_unrelated_under_one_closing_is_a_matter_the_office_should_see() {
    let body = "6月下旬以来，我县连续遭遇强降雨。经研究，拟从2026年县本级预备费中安排1280万元，专项用于防汛抢险。\n\
                根据县委编办关于规范内设机构名称的要求，我局“预算股”拟更名为“预算管理股”，职责和编制不变。\n\
                妥否，请批示。";
    let r = read("关于动用县本级预备费支持防汛抢险救灾的请示", body);
    assert_eq!(r.several_matters(), Some(Certainty::Unsure), "{r:#?}");
    // Proposals of the one undertaking in several paragraphs stay one.
    let body = "我局拟于2026年9月举办第三届茶文化节，为期3天。\n\
                茶文化节拟在茶博园举行，设开幕式、斗茶大赛和茶产品展销。\n\
                妥否，请批示。";
    let r = read("关于举办第三届茶文化节的请示", body);
    assert_eq!(r.several_matters(), None, "{r:#?}");
}

#[test]
fn a_paragraph_after_the_ask_proposing_an_unrelated_change_is_a_matter_the_office_should_see() {
    let body = "临澜市人民政府：\n\
                为部署2026年重点任务，我委拟于2月26日召开全市卫生健康工作会议，恳请分管副市长出席并讲话。\n\
                临澜市中医院系三级甲等中医医院，根据国家中医药管理局关于中医医疗机构规范命名的要求，拟更名为“临澜市中医医院”，编制和隶属关系不变。\n\
                妥否，请批示。";
    let r = read("关于召开2026年全市卫生健康工作会议的请示", body);
    assert_eq!(r.several_matters(), Some(Certainty::Unsure), "{r:#?}");
    // A proposal before the asks, about the project they serve, is its background.
    let body = "临澜市人民政府：\n\
                目前，项目可行性研究报告已通过专家评审，拟新增处理规模2万吨/日，估算总投资1.86亿元。\n\
                恳请将该项目列入2026年市级重点建设项目，并给予补助资金3000万元。\n\
                妥否，请批示。";
    let r = read("关于城区污水处理厂提标改造工程的请示", body);
    assert_eq!(r.several_matters(), None, "{r:#?}");
}

#[test]
fn the_only_ask_in_an_item_headed_as_a_matter_of_its_own_is_another_matter_than_the_titles() {
    let body = "我局拟于秋分前后举办丰收节庆祝活动。现将有关事项请示如下：\n\
                一、活动时间\n2026年9月22日上午。\n\
                二、活动经费\n活动经费预算38万元，其中县财政安排25万元。\n\
                三、关于组建品牌运营公司\n建议由县农业投资发展集团出资组建品牌运营有限公司，注册资本200万元，请一并予以批准。\n\
                以上请示当否，请批示。";
    let r = read("关于举办2026年中国农民丰收节庆祝活动的请示", body);
    assert_eq!(r.several_matters(), Some(Certainty::Unsure), "{r:#?}");
}

#[test]
fn supports_for_a_regions_development_are_each_items_own_matter() {
    let body = "但受区位条件等因素制约，我区发展面临困难，恳请市政府在以下方面给予支持：\n\
                一、支持区中心医院创建三级综合医院。恳请市政府将区中心医院创建三级综合医院纳入全市医疗卫生服务体系规划。\n\
                二、支持打通城区断头路。恳请市政府将望湖路等3条道路纳入市级城建计划，并给予50%的资金补助。\n\
                三、支持工业园纳入市级开发区管理。恳请市政府同意将雁回工业园纳入高新区“一区多园”管理体制。\n\
                以上请示妥否，请批示。";
    let r = read("关于恳请市政府支持雁回区高质量发展有关事项的请示", body);
    assert!(r.body_matters().count() >= 2, "{r:#?}");
    assert!(r.several_matters().is_some(), "{r:#?}");
}

#[test]
fn a_proposal_reaches_its_act_past_an_enumeration_and_an_aside() {
    let body = "我局对县城老旧小区进行了摸底，拟将东风小区、粮贸宿舍等17个小区（涉及居民1862户）列入2026年改造计划。\n\
                此外，为加强建设工程质量安全技术管理，拟在我局设置总工程师职位1名，不新增编制和领导职数。\n\
                妥否，请批示。";
    let r = read("关于2026年城镇老旧小区改造计划的请示", body);
    assert_eq!(r.several_matters(), Some(Certainty::Sure), "{r:#?}");
}

#[test]
fn the_only_ask_naming_another_thing_than_an_umbrella_over_work_is_an_advisory() {
    let body = "我局会同市委编办对市直各单位2026年度用人计划进行了审核，拟招聘工作人员320名。\n\
                招聘工作拟于4月发布公告，5月组织笔试，6月组织面试。\n\
                请市政府将市人才公寓二期项目列入2026年市级重大项目投资计划。\n\
                妥否，请批示。";
    let r = read("关于2026年市直事业单位公开招聘工作有关事项的请示", body);
    assert_eq!(r.several_matters(), Some(Certainty::Unsure), "{r:#?}");
}

#[test]
fn asks_of_different_kinds_sharing_only_the_umbrellas_field_are_a_matter_the_office_should_see() {
    let body = "为切实加强安全生产监管工作，恳请市政府从市级预备费中安排安全生产专项资金850万元，\
                并同意按附件名单调整市安全生产委员会组成人员。妥否，请批示。";
    let r = read("关于安全生产有关事项的请示", body);
    assert_eq!(r.several_matters(), Some(Certainty::Unsure), "{r:#?}");
}

#[test]
fn paragraphs_headed_by_a_matter_without_a_number_are_the_writers_matters() {
    let body = "关于价格调整。根据成本监审结果，拟将居民供热价格由每平方米22元调整为24.5元。\n\
                关于企业补贴。为保障采暖季稳定供热，拟请市政府对三家供热企业给予一次性运营补贴1800万元。\n\
                当否，请示复。";
    let r = read("关于城区供热价格调整和供热企业补贴的请示", body);
    assert_eq!(r.body_matters().count(), 2, "{r:#?}");
    assert!(r.several_matters().is_some(), "{r:#?}");
}

#[test]
fn items_headed_by_a_named_things_adjustment_or_approval_are_matters() {
    let body = "近期，我局在工作中遇到以下需要县政府决定的问题，特请示如下：\n\
                （一）县重大项目建设领导小组组成人员调整。因县政府领导分工调整，拟由县长担任领导小组组长。\n\
                （二）县城南冷链物流园项目立项。该项目总投资2.3亿元，恳请县政府同意冷链物流园项目立项。\n\
                以上请示，请审示。";
    let r = read("关于提请县政府研究有关事项的请示", body);
    assert!(r.body_matters().count() >= 2, "{r:#?}");
    assert!(r.several_matters().is_some(), "{r:#?}");
    // A title joining two acts by 并 after a noun jieba glued to it (科并) names two.
    let r = read("关于增设经济责任审计科并追加委托审计经费的请示", "");
    assert_eq!(r.title_matters.len(), 2, "{r:#?}");
}

#[test]
fn a_paragraphs_own_approval_before_the_closing_asks_for_what_it_proposes() {
    let body = "我局起草了《市城镇老旧小区改造实施方案》。恳请以市政府名义印发实施。\n\
                我市现行前期物业服务收费标准是2015年制定的，我局开展了成本监审。\
                拟将各等级收费标准平均上调约18%，自2024年9月1日起执行。请市政府审定。\n\
                以上妥否，请批示。";
    let r = read("关于提请印发《市城镇老旧小区改造实施方案》的请示", body);
    assert!(r.asks.iter().any(|a| a.category == Category::Price), "{r:#?}");
    assert!(r.several_matters().is_some(), "{r:#?}");
    // The only paragraph asking, closed by its own 恳请市政府批准, is the document's one matter.
    let body = "为保障市中医院扩建项目实施，我局组织编制了《老城片区控制性详细规划局部修改方案》，\
                拟将中医院东侧地块用地性质由二类居住用地调整为医疗卫生用地。恳请市政府批准。\n妥否，请批示。";
    assert_eq!(several("关于老城片区控制性详细规划局部修改的请示", body), None);
}

#[test]
fn a_proposal_that_the_government_itself_acts_asks_for_that_act() {
    let body = "为巩固军政军民团结，我局拟开展“八一”拥军优属系列活动，现请示如下：\n\
                一、7月30日召开全县军政座谈会，恳请县委、县政府主要领导出席并讲话。\n\
                二、经乡镇推荐、部门评审，拟评选“模范退役军人”10名，由县人民政府予以表彰，每人奖励5000元。\n\
                以上请示妥否，请批示。";
    let r = read("关于开展“八一”拥军优属活动的请示", body);
    assert!(r.asks.iter().any(|a| a.object.contains("予以表彰")), "{r:#?}");
    assert!(r.several_matters().is_some(), "{r:#?}");
    // In the past, the government's act is history.
    let ws = segment::words("经市政府同意，已由市人民政府予以表彰");
    assert!(!asks::proposes_government_act(&ws));
}

#[test]
fn drawing_up_a_plan_is_no_staffing() {
    assert_eq!(lexicon::category_of("我局组织编制了《规划》"), Category::Other);
    assert_eq!(lexicon::category_of("已编制实施方案"), Category::Other);
    assert_eq!(lexicon::category_of("申请核增事业编制5名"), Category::Staffing);
    assert_eq!(lexicon::category_of("增加编制10名"), Category::Staffing);
}

#[test]
fn one_act_over_two_things_of_different_kinds_in_the_title_is_a_matter_the_office_should_see() {
    let r = read("关于调整市级河长及农村集中供水水价的请示", "");
    assert_eq!(r.title_matters.len(), 2, "{r:#?}");
    assert_eq!(r.several_matters(), Some(Certainty::Unsure), "{r:#?}");
    // 国民经济和社会发展: one thing (发展 is no event).
    assert!(read("关于发布2024年国民经济和社会发展统计公报的请示", "").title_matters.is_empty());
    assert_eq!(lexicon::category_of("推动文旅事业高质量发展"), Category::Other);
}

#[test]
fn a_sum_for_a_thing_neither_the_title_nor_the_other_ask_names_is_a_matter_of_its_own() {
    let body = "我市各项指标已达到国家级示范区验收认定标准。市图书馆新馆主体工程已竣工，开馆所需开办经费约2100万元。\
                恳请市政府同意以市政府名义申报国家全域旅游示范区以及安排市图书馆新馆开馆经费2100万元。当否，请批示。";
    assert_eq!(several("关于申报国家全域旅游示范区有关事项的请示", body), Some(Certainty::Sure));
}

#[test]
fn two_plans_named_by_their_own_words_under_one_approval_are_two_matters() {
    let body = "高铁站将于12月开通运营，我局拟开通县城至高铁站公交专线，配置新能源公交车8辆。\n\
                县城出租汽车运价自2013年执行至今，我局开展了成本调查，拟将起步价调整为7元。\n\
                请县政府批准上述公交专线开通方案和出租汽车运价调整方案。\n妥否，请批示。";
    let r = read("关于开通县城至高铁站公交专线的请示", body);
    assert_eq!(r.asks.len(), 2, "{r:#?}");
    assert_eq!(r.several_matters(), Some(Certainty::Sure), "{r:#?}");
    // One plan's two documents share its name: one matter.
    let body = "我局编制了市体育公园建设方案。请市政府批准体育公园建设方案和体育公园运营管理办法。妥否，请批示。";
    assert_eq!(several("关于市体育公园建设的请示", body), None);
}

#[test]
fn a_sum_asked_under_a_change_of_a_bodys_membership_is_a_matter_the_office_should_see() {
    let body = "因部分单位负责同志变动，市食品安全委员会组成人员需相应调整，拟由市长任主任。\
                我市今年食品安全监督抽检需经费682万元，年初预算安排480万元，缺口202万元，请市政府予以追加。\
                以上请示妥否，请批示。";
    let r = read("关于调整市食品安全委员会组成人员的请示", body);
    assert!(r.title_membership);
    assert_eq!(r.several_matters(), Some(Certainty::Unsure), "{r:#?}");
    // Its own members and office are the change itself.
    let body = "拟由市长任主任，成员单位增加市教育局，委员会办公室设在市市场监督管理局。以上请示妥否，请批示。";
    assert_eq!(several("关于调整市食品安全委员会组成人员的请示", body), None);
}

#[test]
fn items_under_a_heading_of_the_matters_asked_ask_by_the_governments_act() {
    let body = "一、基本情况\n中心城区在校生达到14.3万人。\n二、请示事项\n\
                （一）同意实施桐川区第二实验小学新建项目，总投资1.85亿元。\n\
                （二）请市委编办核增中心城区中小学教职工编制150名。\n\
                （三）同意将农村学生校车运营补贴标准由每生每年400元提高至650元。\n\
                以上请示妥否，请批示。";
    let r = read("关于缓解中心城区义务教育学位紧张问题的请示", body);
    assert_eq!(r.asks.len(), 3, "{r:#?}");
    assert!(r.several_matters().is_some(), "{r:#?}");
    assert!(asks::heads_request_section("三、需市政府决定的事项"));
    assert!(!asks::heads_request_section("三、存在的问题"));
    assert!(asks::opens_top_level("三、请示事项") && !asks::opens_top_level("（三）同意"));
}

#[test]
fn posts_for_a_unit_the_title_never_names_beside_the_titles_funds_are_two_matters() {
    let body = "为确保连接线与高铁同步建成，恳请市政府参照北站连接线项目支持方式，按总投资的20%给予市级补助1.84亿元。\n\
                同时，县第一中学因高中扩招，现有教师缺口较大，恳请市政府协调市委编办为县第一中学调剂增加教职工编制35名。\n\
                妥否，请批示。";
    assert_eq!(several("关于县城至高铁站连接线工程建设资金的请示", body), Some(Certainty::Sure));
    // The posts of the unit the title's undertaking creates are its parts.
    let body = "一、恳请追加安排县级资金650万元。二、恳请协调县委编办设立县社会福利中心，核定事业编制10名。\
                三、恳请县领导出席投用仪式。妥否，请批示。";
    assert_ne!(several("关于县社会福利中心建设有关事项的请示", body), Some(Certainty::Sure));
}

#[test]
fn a_manner_tells_how_not_what_kind() {
    assert_ne!(lexicon::category_of("同意按1.24亿元标准向社会资本方支付终止补偿"), Category::Policy);
    assert_eq!(lexicon::category_of("同意出台运营补贴标准"), Category::Policy);
}

#[test]
fn an_addition_naming_nothing_of_the_title_is_a_matter_of_its_own_unless_it_refers_back() {
    let title = "关于市图书馆新馆建设项目的请示";
    let first = "我市现有图书馆建于1986年，馆舍面积不足4000平方米。我局谋划建设市图书馆新馆，选址于滨河文化公园北侧，估算总投资2.6亿元。恳请市政府同意项目立项，并将其纳入2026年市级政府投资计划。";
    let stranger = "此外，滨河文化公园管理所自成立以来一直沿用现名，为适应公园运营管理需要，拟将其更名为滨河文化公园服务中心，人员编制不变。";
    let back = "此外，该项目拟采用代建方式实施，由滨河文化公园管理所配合做好场地移交。";
    adds_another_but_not_the_same(title, first, stranger, back);
}

#[test]
fn its_after_an_ask_in_the_same_sentence_is_what_that_ask_named() {
    let title = "关于市图书馆新馆建设项目的请示";
    let body = "我局谋划建设市图书馆新馆，选址于滨河文化公园北侧，估算总投资2.6亿元。恳请市政府同意项目立项，并将其纳入2026年市级政府投资计划。妥否，请批示。";
    let r = read(title, body);
    assert!(r.asks[1].anaphoric, "{:?}", r.asks[1]);
    assert_eq!(r.several_matters(), None, "{r:#?}");
}

#[test]
fn drafting_a_study_names_nothing_asked() {
    let ws = segment::words("项目已完成选址和可研编制");
    assert_eq!(asks::identity(&ws), vec!["选址".to_owned()]);
}

#[test]
fn merging_the_writers_internal_sections_is_a_matter_beside_a_school() {
    let title = "关于新建城南实验中学的请示";
    let body = "城南片区学位缺口约1200个。恳请市政府同意新建城南实验中学，并同意将我局内设的职成教科、体卫艺科合并设立职成教和体卫艺科。当否，请批复。";
    assert!(several(title, body).is_some(), "{:#?}", read(title, body));
}

#[test]
fn a_paragraph_opened_by_meanwhile_adds_a_matter_the_office_should_see() {
    // (同时 adds to the same undertaking as often as to another: never a return by itself.)
    let title = "关于市妇幼保健院加挂市儿童早期发展指导中心牌子的请示";
    let body = "市人民政府：\n经研究，拟在市妇幼保健院加挂“市儿童早期发展指导中心”牌子，不增加编制和领导职数。\n同时，我委远程会诊平台于2015年建成，设备老化严重。经测算，平台整体升级需资金约300万元，恳请市财政予以安排。\n妥否，请批示。";
    let r = read(title, body);
    assert!(r.asks.iter().any(|a| a.additive && a.meanwhile && a.anchors == ["平台"]), "{r:#?}");
    assert_eq!(r.several_matters(), Some(Certainty::Unsure), "{r:#?}");
}

#[test]
fn a_quoted_name_between_the_proposal_and_its_verb_is_one_word() {
    let ws = segment::words("另外，我局拟对《〇〇〇〇〇〇〇〇》进行修订，将限额标准由50万元提高至100万元");
    assert!(asks::proposes_in_clause(&ws));
    let ws = segment::words("经研究，拟动用市级预备费1660万元，按各县受灾程度分配下达");
    assert!(asks::proposes_in_clause(&ws));
}

#[test]
fn an_addition_after_a_proposal_names_a_second_matter() {
    let title = "关于动用县级预备费的请示";
    let proposal = "今年6月以来，我县遭遇强降雨，多处堤防出现险情。为保障防汛抢险需要，我局拟动用县级预备费800万元，用于堤防除险加固和受灾群众临时救助。";
    let added = "此外，县政务云平台于2016年建成，服务器老化，今年两次宕机。我局拟更换服务器及存储设备，所需资金约90万元，请一并批准列入预算调整。";
    let same = "此外，上述资金请一并批准列入预算调整。";
    adds_another_but_not_the_same(title, proposal, added, same);
}

#[test]
fn a_time_a_manner_or_a_connective_names_nothing() {
    let id = |t: &str| asks::identity(&segment::words(t));
    assert!(id("纳入今明两年预算").is_empty());
    assert!(!id("参照市级模式建立工作机构").contains(&"模式".to_owned()));
    assert_eq!(id("另，按照市局部署，今年我县需开展医保基金专项检查"), id("今年我县需开展医保基金专项检查"));
    assert_eq!(id("市垃圾处理中心项目已列入市城建规划"), id("市垃圾处理中心项目"));
}

#[test]
fn a_sum_or_a_plot_serving_the_one_building_is_no_matter_of_its_own() {
    let title = "关于解决城北派出所业务用房的请示";
    let body = "城北区人民政府：\n城北派出所租用旧厂房办公，面积狭小。经踏勘，初步选定区储备地块约6亩，拟新建业务用房一栋，估算总投资1500万元。\n恳请区政府同意将该地块划拨用于城北派出所建设；建设资金除争取省级补助200万元外，其余由区财政分年安排。\n妥否，请批示。";
    let r = read(title, body);
    assert_ne!(r.several_matters(), Some(Certainty::Sure), "{r:#?}");
    assert!(r.asks.iter().all(|a| !a.anchors.iter().any(|w| w == "城北" || w == "地块")), "{r:#?}");
}

#[test]
fn announcing_the_asks_is_no_ask() {
    let r = read(
        "",
        "我局牵头推进的几项工作需提请市政府决定，现一并请示如下。\n拟新建市档案馆新馆，请市政府批准立项。\n妥否，请批示。",
    );
    assert!(r.asks.iter().all(|a| !a.object.contains("如下")), "{r:#?}");
}

#[test]
fn headings_building_or_buying_a_named_thing_are_matters_but_not_aspects() {
    assert!(asks::heading_acts(&segment::words("一、建设乡村教师周转宿舍。")));
    assert!(asks::heading_acts(&segment::words("三、补充教育局公务用车。")));
    assert!(!asks::heading_acts(&segment::words("二、建设内容。")));
    assert!(!asks::heading_acts(&segment::words("一、建设规模")));
}

#[test]
fn a_joined_act_on_another_thing_past_a_manner_is_an_ask_of_its_own() {
    let r = read(
        "关于建设县食品检验检测中心的请示",
        "特申请县政府从县财政安排建设资金900万元用于改建检测中心，并按照“标准化菜市场”要求对城北农贸市场实施提升改造。妥否，请批示。",
    );
    assert!(r.asks.iter().any(|a| a.object.starts_with("对城北农贸市场")), "{r:#?}");
    assert!(r.several_matters().is_some(), "{r:#?}");
}

#[test]
fn items_numbered_inside_a_sentence_ask_after_the_addressee_and_are_parts_after_an_ask() {
    let asks_each =
        "为此，恳请县政府：一是同意城北垃圾中转站选址和建设；二是批准城区道路临时停车泊位收费方案。当否，请审示。";
    let r = read("关于城区垃圾中转站选址建设的请示", asks_each);
    assert_eq!(r.asks.len(), 2, "{r:#?}");
    let parts = "为推动项目尽快落地，望市政府在以下方面予以支持：一是安排项目建设用地约40亩；二是将项目纳入2026年市级政府投资计划；三是同意由市城投集团作为代建单位。特此请示。";
    let r = read("关于支持建设市级应急物资储备库的请示", parts);
    assert_eq!(r.asks.len(), 1, "{r:#?}");
    assert_eq!(r.several_matters(), None);
}

#[test]
fn coordinating_toward_an_act_asks_for_that_act() {
    let r = read(
        "",
        "恳请区政府将原卫生学校校区划转给我院，用于建设儿童康复中心，以及协调区委编办、区财政局将我院由公益二类调整为公益一类事业单位。妥否，请批示。",
    );
    assert!(r.asks.iter().any(|a| a.object.starts_with("协调") && !a.anchors.is_empty()), "{r:#?}");
}

#[test]
fn a_paragraph_added_after_the_items_stands_outside_them() {
    let title = "关于市第二中学新校区建设的请示";
    let body = "市人民政府：\n市第二中学现有校区占地仅50亩，已无扩建空间。现请示如下：（一）同意市第二中学新校区建设项目立项，由市城建集团代建；（二）请市财政局会同市发展改革委制定资金筹措方案。\n另，按照省教育厅统一部署，我市将于2027年实施中考改革，我局已起草《青川市中考招生制度改革实施方案》，拟以市政府办公室名义印发。\n以上请示妥否，请批示。";
    assert!(several(title, body).is_some(), "{:#?}", read(title, body));
}

#[test]
fn asks_a_report_tells_of_by_others_or_of_the_writer_are_no_asks() {
    asks_nothing_in_reports(&[
        "核查中，有4家经营企业先后来函，恳请我局延长整改期限或减轻处罚。我局依法逐一答复。特此报告。",
        "今年5月，农民工王某等9人因工资被拖欠，向市法律援助中心来信恳请帮助，中心当即指派律师。特此报告。",
        "8月，一家银行网点工作人员发现老人向陌生账户汇款，当即报警并恳请民警到场劝阻，避免损失12万元。专此报告。",
    ]);
    let r = read("", "我县应急物资储备严重不足，恳请市政府安排专项资金300万元。特此报告。");
    assert!(r.report_asks().is_some(), "{r:#?}");
}

#[test]
fn the_parts_of_one_undertaking_under_an_umbrella_told_by_its_act_are_not_surely_several() {
    let title = "关于市博物馆新馆开馆运行有关事项的请示";
    let body = "市人民政府：\n市博物馆新馆将于2026年9月建成，面积较老馆扩大4倍。现将有关事项请示如下：\n一、请市财政将新馆运行经费从2026年第四季度起纳入预算予以保障。\n二、请市编办核增事业编制15名。\n三、请安排一次性藏品征集经费900万元。\n四、恳请市政府主要领导出席开馆仪式。\n请审示。";
    assert_ne!(several(title, body), Some(Certainty::Sure), "{:#?}", read(title, body));
    // A field (教育系统) is no undertaking: its items may be matters of their own.
    let r = read("关于教育系统有关事项的请示", "");
    assert!(!r.title_by_act && !r.title_creates, "{r:#?}");
}

#[test]
fn a_source_names_nothing_a_quoted_document_names_its_ask() {
    let r = read("", "恳请市政府从市级环境保护专项资金中拨付县级水源地整治资金500万元。妥否，请批示。");
    assert!(r.asks[0].anchors.iter().all(|a| a != "专项资金" && !a.contains("环境保护")), "{:?}", r.asks[0]);
    let r = read("", "建议以市政府名义发布《关于城区禁止露天烧烤的通告》。妥否，请批示。");
    assert!(!r.asks[0].anchors.is_empty() && !r.asks[0].borrowed, "{:?}", r.asks[0]);
}

#[test]
fn a_date_between_the_proposal_and_its_act_is_no_word_of_it_and_a_look_back_proposes_nothing() {
    assert!(asks::proposes_in_clause(&segment::words("我局拟于2026年5月下旬召开全县质量大会")));
    assert!(!asks::proposes_in_clause(&segment::words("以上两项拟于今年12月底前组织实施")));
}

#[test]
fn two_proposals_of_different_things_under_one_closing_are_two_matters() {
    let title = "关于调整县安全生产委员会组成人员的请示";
    let body = "县人民政府：\n因人事变动，县安全生产委员会部分组成人员已调离原岗位。经与各成员单位沟通，拟对县安全生产委员会组成人员作如下调整：主任由县长担任，常务副主任由分管副县长担任。\n同时，为推动全县质量提升，我局拟于2026年5月下旬召开全县质量大会，邀请县政府主要负责同志出席并讲话，所需经费从我局年度预算中列支。\n以上请示妥否，请批复。";
    assert!(several(title, body).is_some(), "{:#?}", read(title, body));
}

#[test]
fn the_writers_own_name_in_the_title_names_no_matter_an_addition_shares() {
    assert_eq!(
        text::signature("…特此请示。\n附件：方案\n青川职业技术学院\n2026年3月2日\n").as_deref(),
        Some("青川职业技术学院")
    );
    let title = "关于青川职业技术学院新校区二期工程建设资金的请示";
    let body = "市人民政府：\n新校区二期工程已完成主体约45%，资金缺口扩大。为此，恳请市政府从2026年专项债券中安排二期工程建设资金2亿元。\n此外，为优化全市职业教育资源布局，学院拟与青川市第一中等职业学校合并办学，实行五年一贯制贯通培养。\n特此请示，请予批复。\n青川职业技术学院\n2026年3月2日";
    assert!(several(title, body).is_some(), "{:#?}", read(title, body));
}

#[test]
fn an_addition_on_what_follows_the_undertaking_is_its() {
    assert!(asks::opens_on_completion(&segment::words("此外，新所设立后，原两所管辖范围需相应调整")));
    assert!(asks::opens_on_completion(&segment::words("另外，站点建成后每年的运行维护费用约260万元")));
    assert!(!asks::opens_on_completion(&segment::words("此外，市少儿图书馆馆舍建于1985年")));
}

#[test]
fn the_thing_a_title_creates_names_it_when_its_words_do_not() {
    let r = read("关于设立枫渡县急救指挥中心的请示", "");
    assert!(r.title_names_one, "{r:#?}");
}

#[test]
fn a_proposal_keeps_its_quoted_names_as_written() {
    let r = read(
        "",
        "一、将《青川县农产品检测站》更名为《青川县农产品质量安全检测中心》，规格为副科级。\n二、核定事业编制12名。\n以上请示妥否，请批示。",
    );
    assert!(r.asks.iter().all(|a| !a.object.contains(text::MASK)), "{r:#?}");
}

#[test]
fn posts_the_writer_the_title_names_asks_for_itself_are_its_part() {
    let title = "关于申请县图书馆新馆开馆运行经费的请示";
    let body = "县人民政府：\n县图书馆新馆将于9月开馆，面积为老馆的5倍。特请县财政将新馆运行经费260万元纳入年度预算。为保障开馆后正常运转，拟请同意我馆通过劳务派遣方式增聘工作人员12名，所需经费已含在上述运行经费中。\n特此请示，盼复。\n枫渡县图书馆\n2026年7月25日";
    assert_ne!(several(title, body), Some(Certainty::Sure), "{:#?}", read(title, body));
}

#[test]
fn an_ask_whose_subject_is_another_body_or_deputies_is_told_not_made() {
    asks_nothing_in_reports(&[
        "6月下旬，榆渡县、槐岗县恳请市级调拨抢险物资，我局按程序调运编织袋5万条。特此报告。",
        "市人大代表在今年人代会上建议对撂荒地复耕复种给予奖补，我局已纳入政策研究。特此报告。",
    ]);
}

#[test]
fn the_document_quoted_just_before_the_ask_names_it() {
    let r = read(
        "",
        "此外，我局已起草《青川县中小企业应急转贷资金管理办法》，拟请县政府常务会议审议后以县政府办公室名义印发。",
    );
    assert!(r.asks.iter().any(|a| a.anchors.iter().any(|w| w.contains("办法") || w.contains("转贷"))), "{r:#?}");
}

#[test]
fn an_addition_on_the_undertakings_use_or_purpose_is_its() {
    assert!(asks::opens_on_completion(&segment::words("此外，设备投入使用需配备放疗医师、物理师和技师共9名")));
    assert!(asks::opens_on_completion(&segment::words("另外，为确保新增病种待遇尽快落地，拟将认定工作下放")));
    assert!(!asks::opens_on_completion(&segment::words("此外，为推动全县质量提升，我局拟召开全县质量大会")));
}

#[test]
fn a_proposal_naming_its_agent_source_or_manner_first_reaches_its_verb() {
    assert!(asks::proposes_in_clause(&segment::words("拟由市、县两级财政按现行比例分担")));
    assert!(asks::proposes_in_clause(&segment::words("拟以市政府名义向省文化和旅游厅申报南门历史文化街区")));
    assert!(asks::item_opens_with_proposal(&segment::words(
        "1.拟在2026年1月至3月淡季期间，对全市国有景区实行门票半价优惠"
    )));
}

#[test]
fn an_addition_issuing_the_rules_of_what_the_title_creates_is_its_part() {
    let title = "关于设立青川县中小企业应急转贷资金的请示";
    let body = "县人民政府：\n为缓解中小企业续贷难题，拟设立县中小企业应急转贷资金，规模5000万元，由县财政分两年注入。恳请县政府同意设立该资金，并由县财政在2026年预算中安排首期资金3000万元。\n此外，我局已会同县工信局起草《青川县中小企业应急转贷资金管理办法（试行）》，拟请县政府常务会议审议后以县政府办公室名义印发。\n以上请示当否，请审示。\n青川县财政局\n2026年3月1日";
    assert_ne!(several(title, body), Some(Certainty::Sure), "{:#?}", read(title, body));
}
