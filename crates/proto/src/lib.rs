//! Generated protobuf messages and gRPC stubs for every gongwen service, and the
//! encoded descriptor set that reflection serves.

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

/// Every gongwen service's descriptors, for `tonic-reflection`.
pub const FILE_DESCRIPTOR_SET: &[u8] = tonic::include_file_descriptor_set!("gongwen_descriptor");
