#!/usr/bin/env bash
# Builds the libFuzzer target for the .vck front end: the VCKLang sources and the fuzz entry
# point compiled as one module with swiftc, linked against libFuzzer's runtime (which brings
# main()). SwiftPM is not used because it renames an executable's main.
#
#   Fuzz/build.sh                 # builds .build/fuzz/vck-fuzz-frontend
#   Fuzz/run.sh [seconds]         # runs it on a corpus seeded from examples/
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .build/fuzz
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name VCKLangFuzz \
  $(find Sources/VCKLang -name '*.swift' | sort) Fuzz/FuzzParser.swift \
  -o .build/fuzz/vck-fuzz-frontend
echo "built .build/fuzz/vck-fuzz-frontend"
