//! The suite as a whole: where it is assembled (`assemble`) and the table of
//! every error code it answers with (`errors`).

pub mod api_doc;
pub mod assemble;
pub mod errors;

// Every binary of the suite (gongwen and the three standalone services). Per-thread free lists:
// the reading allocates many small strings on every worker, where glibc's arenas took a sixth
// of a Precheck (BENCHMARKS.md, the precheck profile).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Freed memory returned at once: mimalloc's default (after 10 ms) kept the server's idle RSS
/// higher. Arenas are committed as used by a build define (.cargo/config.toml): that option is
/// read before `main`.
pub fn allocator_options() {
    // mi_option_purge_delay in mi_option_e of libmimalloc-sys 0.1.49 (mimalloc v3), pinned.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: setting an option is a plain store the allocator reads when it next purges.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) }
}
