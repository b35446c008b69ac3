#!/usr/bin/env python3
"""Self time of a `perf record -a` profile in a time window, grouped by what does the work.

    perf record -a -F 499 -k CLOCK_MONOTONIC -o run.perf.data -- \
        bash -c './target/release/gongwen bench sweep … 2>&1 | scripts/perf-groups.py --stamp'
    scripts/perf-groups.py run.perf.data START,END     # seconds, as stamped on the bench's lines

`--stamp` copies standard input to standard output with CLOCK_MONOTONIC seconds (perf's clock
with `-k CLOCK_MONOTONIC`) before each line, so a phase's window can be read off its lines.
"""
import collections
import re
import subprocess
import sys
import time

GROUPS = [
    (r"malloc|_int_free|cfree|realloc|unlink_chunk|malloc_consolidate|_int_memalign|mi_", "malloc/free"),
    (r"memmove|memcpy|memcmp|memset|strlen|memchr", "memmove/memcmp/memchr"),
    (r"jieba", "jieba segmentation"),
    (r"gongwen_rules|regex|aho_corasick", "rules + reading (+regex)"),
    (r"sm3|sha2|digest", "SM3/SHA-256"),
    (r"ed25519|curve25519|jsonwebtoken|base64", "token verification"),
    (r"prost|gongwen_proto", "protobuf encode/decode"),
    (r"\bh2::|hyper|tonic|tower|http", "h2/hyper/tonic/tower"),
    (r"sqlx|gongwen_store", "sqlx + store"),
    (r"tokio|futures|mio", "tokio runtime"),
    (r"tracing|opentelemetry|metrics", "tracing/metrics"),
    (r"core::str|from_utf8|StrSearcher|alloc::", "std strings/collections"),
]


def stamp():
    for line in sys.stdin:
        print(f"{time.monotonic():.3f} {line}", end="", flush=True)


def groups(data, window):
    out = subprocess.run(
        ["perf", "report", "-i", data, "--time", window, "--no-children", "--sort", "comm,dso,sym",
         "--stdio", "-g", "none"],
        capture_output=True, text=True, check=True).stdout
    shares = collections.Counter()
    for line in out.splitlines():
        m = re.match(r"\s+([\d.]+)%\s+(\S+)\s+(\S+)\s+\[(.)\]\s+(.*)", line)
        if not m:
            continue
        pct, comm, kind, sym = float(m[1]), m[2], m[4], m[5]
        if comm == "postgres":
            key = "postgres (all)"
        elif comm == "swapper":
            key = "idle"
        elif kind == "k":
            key = "kernel (gongwen threads)"
        else:
            key = next((name for pattern, name in GROUPS if re.search(pattern, sym)), f"other ({comm})")
        shares[key] += pct
    for key, pct in shares.most_common():
        if pct >= 0.5:
            print(f"{pct:6.1f}%  {key}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--stamp"]:
        stamp()
    elif len(sys.argv) == 3:
        groups(sys.argv[1], sys.argv[2])
    else:
        sys.exit(__doc__)
