//! The countersign service's one error type and its mapping to `Status`.

gongwen_runtime::service_error!(resource: "round", type_url: "gongwen.countersign.v1.Round", domain: "gongwen.countersign");
