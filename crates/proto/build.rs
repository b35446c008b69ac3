//! Compiles `proto/` with protox (no system protoc) and writes the descriptor
//! set that the servers hand to gRPC reflection.
use std::{env, fs, path::PathBuf};

use prost::Message;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?).join("../../proto");
    let files = [
        "gongwen/common/v1/common.proto",
        "gongwen/intake/v1/intake.proto",
        "gongwen/countersign/v1/countersign.proto",
        "gongwen/approval/v1/approval.proto",
        "gongwen/audit/v1/audit.proto",
        "gongwen/calendar/v1/calendar.proto",
        // Descriptors only, for reflection clients to decode error details.
        "google/rpc/error_details.proto",
    ];
    for f in &files {
        println!("cargo:rerun-if-changed={}", root.join(f).display());
    }
    let fds = protox::compile(files, [&root])?;
    let out = PathBuf::from(env::var("OUT_DIR")?);
    fs::write(out.join("gongwen_descriptor.bin"), fds.encode_to_vec())?;
    let mut ours = fds;
    ours.file.retain(|f| f.package() != "google.rpc");
    // Undecodable bytes are the sender's fault: INVALID_ARGUMENT, not INTERNAL (src/codec.rs).
    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .codec_path("crate::codec::StrictCodec")
        .compile_fds(ours)?;
    Ok(())
}
