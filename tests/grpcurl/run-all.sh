#!/usr/bin/env bash
# Runs every grpcurl scenario against the real binary; one closing count.
set -u
cd "$(dirname "$0")"
passed=0; failed=0
for s in urumqi jining ziyang zhangye yueqing; do
  if bash "./$s.sh"; then echo "ok   grpcurl scenario $s"; passed=$((passed + 1)); else echo "FAIL grpcurl scenario $s"; failed=$((failed + 1)); fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
