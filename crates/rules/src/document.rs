//! The document and its submission envelope as the rules see them: plain
//! Rust types, already validated for shape by the service's input layer.

/// 文种: the fifteen legal types (条例 第八条) and the non-formal forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocType {
    Resolution,
    Decision,
    Order,
    Communique,
    Announcement,
    PublicNotice,
    Opinion,
    Notice,
    Bulletin,
    Report,
    Request,
    Reply,
    Motion,
    Letter,
    Minutes,
    /// 简报: an information product, not one of the fifteen.
    Briefing,
    /// 参阅件
    ForReference,
    /// 呈阅件
    ForReading,
    /// 请阅件
    PleaseRead,
}

impl DocType {
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Resolution => "决议",
            Self::Decision => "决定",
            Self::Order => "命令（令）",
            Self::Communique => "公报",
            Self::Announcement => "公告",
            Self::PublicNotice => "通告",
            Self::Opinion => "意见",
            Self::Notice => "通知",
            Self::Bulletin => "通报",
            Self::Report => "报告",
            Self::Request => "请示",
            Self::Reply => "批复",
            Self::Motion => "议案",
            Self::Letter => "函",
            Self::Minutes => "纪要",
            Self::Briefing => "简报",
            Self::ForReference => "参阅件",
            Self::ForReading => "呈阅件",
            Self::PleaseRead => "请阅件",
        }
    }

    /// One of the fifteen types of 条例 第八条.
    pub fn is_legal_type(self) -> bool {
        !matches!(self, Self::Briefing | Self::ForReference | Self::ForReading | Self::PleaseRead)
    }

    /// A non-formal form (Jining 五十六: 参阅件/呈阅件/请阅件).
    pub fn is_non_formal_form(self) -> bool {
        matches!(self, Self::ForReference | Self::ForReading | Self::PleaseRead)
    }
}

/// 密级, ordered by strength.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Classification {
    Unclassified,
    /// 秘密
    Confidential,
    /// 机密
    Secret,
    /// 绝密
    TopSecret,
}

impl Classification {
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Unclassified => "非密",
            Self::Confidential => "秘密",
            Self::Secret => "机密",
            Self::TopSecret => "绝密",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Urgency {
    Normal,
    /// 加急
    Urgent,
    /// 特急
    ExtraUrgent,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub doc_type: DocType,
    pub issuing_body: String,
    pub doc_number: String,
    pub title: String,
    pub main_recipient: String,
    pub cc: Vec<String>,
    pub body: String,
    pub request_matters: Vec<String>,
    pub attachment_notes: Vec<String>,
    pub attachments: Vec<Attachment>,
    pub classification: Classification,
    pub classification_term: String,
    pub copy_number: String,
    pub urgency: Urgency,
    pub signed_off_by: String,
    pub date_of_writing: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Addressee {
    Government,
    GovernmentOffice,
    Leader,
}

/// Why a document goes straight to a leader (the exceptions of I-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DirectReason {
    LeaderAssigned,
    TopSecretMatter,
    ClassifiedMatter,
    UrgentMajorMatter,
    MajorEmergency,
    SensitiveEmergency,
    ForeignAffairs,
}

impl DirectReason {
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::LeaderAssigned => "领导同志交办事项",
            Self::TopSecretMatter => "绝密级事项",
            Self::ClassifiedMatter => "涉密事项",
            Self::UrgentMajorMatter => "紧急重大事项",
            Self::MajorEmergency => "重大突发事件",
            Self::SensitiveEmergency => "敏感突发事件",
            Self::ForeignAffairs => "涉外事项",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Agree,
    AgreeWithComments,
    Disagree,
    DeemedConsent,
    /// No reply by the deadline, no silent consent: a recorded lapse.
    Lapsed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountersignVerdict {
    pub department: String,
    pub verdict: Verdict,
    pub signed_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CountersignCertificate {
    pub round_id: String,
    pub content_sha256: String,
    pub verdicts: Vec<CountersignVerdict>,
    pub disputed: bool,
    pub positions: String,
    pub proposal: String,
    pub coordination_record: String,
    pub digest: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub submitting_unit: String,
    pub addressee: Addressee,
    pub addressee_leader: String,
    pub direct_reason: Option<DirectReason>,
    pub direct_reason_note: String,
    pub concerned_departments: Vec<String>,
    pub joint_submitters: Vec<String>,
    pub countersign: Option<CountersignCertificate>,
    pub subject: String,
    pub level_skip_approved: bool,
    pub major_matter: bool,
}

/// What the checks need to know beyond the document itself, found by the
/// service (I/O stays there).
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// hex SHA-256 of the document body, for matching a countersign certificate.
    pub body_sha256: String,
    /// The receipt number of an earlier registered submission with the same content (I-16).
    pub duplicate_of: Option<String>,
    /// Why the countersign service did not recognise the certificate (I-6).
    pub certificate_problem: Option<String>,
}
