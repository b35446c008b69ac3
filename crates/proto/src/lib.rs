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
