#!/usr/bin/env bash
# Runs the front-end fuzzer for the given number of seconds (default 600), niced, on a corpus
# seeded from examples/ (new inputs go to .build/fuzz/corpus; crashes to .build/fuzz/crashes).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
[ -x .build/fuzz/vck-fuzz-frontend ] || Fuzz/build.sh
mkdir -p .build/fuzz/corpus .build/fuzz/crashes
cp examples/*.vck Fuzz/seeds/*.vck .build/fuzz/corpus/ 2>/dev/null || true
exec nice -n 10 .build/fuzz/vck-fuzz-frontend .build/fuzz/corpus \
  -dict=Fuzz/vck.dict -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -max_total_time="$seconds" -artifact_prefix=.build/fuzz/crashes/ -print_final_stats=1
