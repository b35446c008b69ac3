//! The approval service's one error type and its mapping to `Status`.

gongwen_runtime::service_error!(resource: "item", type_url: "gongwen.approval.v1.Item", domain: "gongwen.approval");
