#!/usr/bin/env bash
# Runs the artifact-loader fuzzer for the given number of seconds (default 600), niced, on a
# corpus seeded with artifacts of the example kernels (compiled here with vckc).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
[ -x .build/fuzz/vck-fuzz-artifact ] || Fuzz/build-artifact.sh
mkdir -p .build/fuzz/artifact-corpus .build/fuzz/artifact-crashes
for kernel in saxpy memset scopy summation sgemm; do
  swift run -c debug vckc "examples/$kernel.vck" -o ".build/fuzz/artifact-corpus/$kernel.vckb"
done
exec nice -n 10 .build/fuzz/vck-fuzz-artifact .build/fuzz/artifact-corpus \
  -max_len=65536 -timeout=10 -rss_limit_mb=2048 -max_total_time="$seconds" \
  -artifact_prefix=.build/fuzz/artifact-crashes/ -print_final_stats=1
