//! Generated protobuf messages and gRPC stubs for every gongwen service, and the
//! encoded descriptor set that reflection serves.

pub mod codec;

pub mod common {
    pub mod v1 {
        tonic::include_proto!("gongwen.common.v1");
    }
}

pub mod intake {
    pub mod v1 {
        tonic::include_proto!("gongwen.intake.v1");
    }
}

pub mod countersign {
    pub mod v1 {
        tonic::include_proto!("gongwen.countersign.v1");
    }
}

pub mod approval {
    pub mod v1 {
        tonic::include_proto!("gongwen.approval.v1");
    }
}

pub mod calendar {
    pub mod v1 {
        tonic::include_proto!("gongwen.calendar.v1");
    }
}

pub mod audit {
    pub mod v1 {
        tonic::include_proto!("gongwen.audit.v1");
    }
}

/// Every gongwen service's descriptors, for `tonic-reflection`.
pub const FILE_DESCRIPTOR_SET: &[u8] = tonic::include_file_descriptor_set!("gongwen_descriptor");

/// Instants in messages: `google.protobuf.Timestamp` ⇄ `chrono`.
pub mod time {
    use chrono::{DateTime, Utc};

    pub fn timestamp(t: DateTime<Utc>) -> prost_types::Timestamp {
        prost_types::Timestamp { seconds: t.timestamp(), nanos: t.timestamp_subsec_nanos() as i32 }
    }

    /// None for an absent or out-of-range timestamp.
    pub fn instant(t: &Option<prost_types::Timestamp>) -> Option<DateTime<Utc>> {
        t.as_ref().and_then(|t| DateTime::from_timestamp(t.seconds, u32::try_from(t.nanos).ok()?))
    }
}

/// Enum values as the stores keep them: without their enum's prefix
/// (`ROUND_STATE_OPEN` is stored as `OPEN`), so stored rows do not depend on the
/// wire's naming style (buf's ENUM_VALUE_PREFIX).
pub mod stored {
    /// The stored name of a value whose wire name is `full`.
    pub fn name(full: &'static str, prefix: &str) -> &'static str {
        full.strip_prefix(prefix).unwrap_or(full)
    }

    /// The wire name of a stored name, for `from_str_name`.
    pub fn wire(stored: &str, prefix: &str) -> String {
        format!("{prefix}{stored}")
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn names_round_trip_through_the_store() {
            let s = super::name("ROUND_STATE_OPEN", "ROUND_STATE_");
            assert_eq!(s, "OPEN");
            assert_eq!(super::wire(s, "ROUND_STATE_"), "ROUND_STATE_OPEN");
        }
    }
}

/// The record a v1 response carries. Every RPC has its own response message
/// (buf's RPC_REQUEST_RESPONSE_UNIQUE), so fields can be added to one answer
/// without touching the others; most carry one record, which this takes out.
pub trait Resource {
    type Of;
    /// The carried record; a response without it is a server bug, hence the panic's message.
    fn resource(self) -> Self::Of;
}

macro_rules! carries {
    ($($response:ty => $field:ident: $of:ty),* $(,)?) => {$(
        impl Resource for $response {
            type Of = $of;
            fn resource(self) -> $of {
                self.$field.expect(concat!(stringify!($response), " carries its ", stringify!($field)))
            }
        }
    )*};
}

carries! {
    intake::v1::GetResponse => submission: intake::v1::Submission,
    intake::v1::ReturnAfterReviewResponse => submission: intake::v1::Submission,
    intake::v1::SubmitResponse => submission: intake::v1::Submission,
    intake::v1::WatchResponse => event: intake::v1::SubmissionEvent,
    countersign::v1::OpenRoundResponse => round: countersign::v1::Round,
    countersign::v1::ReplyResponse => round: countersign::v1::Round,
    countersign::v1::RequestExtensionResponse => round: countersign::v1::Round,
    countersign::v1::DecideExtensionResponse => round: countersign::v1::Round,
    countersign::v1::EscalateResponse => round: countersign::v1::Round,
    countersign::v1::WithdrawResponse => round: countersign::v1::Round,
    countersign::v1::GetResponse => round: countersign::v1::Round,
    countersign::v1::ConcludeResponse => certificate: countersign::v1::Certificate,
    countersign::v1::WatchResponse => event: countersign::v1::RoundEvent,
    approval::v1::GetResponse => item: approval::v1::Item,
    approval::v1::ProposeResponse => item: approval::v1::Item,
    approval::v1::DecideResponse => item: approval::v1::Item,
    approval::v1::ForwardResponse => item: approval::v1::Item,
    approval::v1::ReportResponse => item: approval::v1::Item,
    approval::v1::VerifyResponse => item: approval::v1::Item,
    approval::v1::CloseResponse => item: approval::v1::Item,
    approval::v1::SetAbsenceResponse => absence: approval::v1::Absence,
    approval::v1::EndAbsenceResponse => absence: approval::v1::Absence,
    approval::v1::WatchResponse => event: approval::v1::ItemEvent,
}

impl intake::v1::GetRequest {
    pub fn by_id(id: impl Into<String>) -> Self {
        Self { key: Some(intake::v1::get_request::Key::Id(id.into())) }
    }
    pub fn by_receipt_number(number: impl Into<String>) -> Self {
        Self { key: Some(intake::v1::get_request::Key::ReceiptNumber(number.into())) }
    }
}

impl approval::v1::GetRequest {
    pub fn by_id(id: impl Into<String>) -> Self {
        Self { key: Some(approval::v1::get_request::Key::Id(id.into())) }
    }
    pub fn by_submission_id(id: impl Into<String>) -> Self {
        Self { key: Some(approval::v1::get_request::Key::SubmissionId(id.into())) }
    }
}
