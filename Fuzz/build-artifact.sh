#!/usr/bin/env bash
# Builds the libFuzzer target for the .vckb artifact loader (Sources/VCKArtifact, which
# depends on nothing) as one module with swiftc, linked against libFuzzer's runtime.
#
#   Fuzz/build-artifact.sh          # builds .build/fuzz/vck-fuzz-artifact
#   Fuzz/run-artifact.sh [seconds]  # runs it on a corpus of real artifacts
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .build/fuzz
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name VCKArtifactFuzz \
  $(find Sources/VCKArtifact -name '*.swift' | sort) Fuzz/FuzzArtifact.swift \
  -o .build/fuzz/vck-fuzz-artifact
echo "built .build/fuzz/vck-fuzz-artifact"
