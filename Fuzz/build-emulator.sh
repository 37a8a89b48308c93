#!/usr/bin/env bash
# Builds the libFuzzer target for the QPU emulator and the instruction decoder: QPUISA and
# QPUEmulator compiled with swiftc as two static modules (coverage-instrumented, with
# AddressSanitizer), linked with the entry point and libFuzzer's runtime.
#
#   Fuzz/build-emulator.sh          # builds .build/fuzz/vck-fuzz-emulator
#   Fuzz/run-emulator.sh [seconds]  # runs it on a corpus seeded from assembled programs
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build/fuzz/emulator-modules
mkdir -p "$out"
flags=(-O -sanitize=fuzzer,address -parse-as-library)
swiftc "${flags[@]}" -module-name QPUISA -emit-module -emit-module-path "$out/QPUISA.swiftmodule" \
  -emit-library -static -o "$out/libQPUISA.a" $(find Sources/QPUISA -name '*.swift' | sort)
swiftc "${flags[@]}" -module-name QPUEmulator -I "$out" -emit-module \
  -emit-module-path "$out/QPUEmulator.swiftmodule" -emit-library -static \
  -o "$out/libQPUEmulator.a" $(find Sources/QPUEmulator -name '*.swift' | sort)
swiftc "${flags[@]}" -module-name QPUEmulatorFuzz -I "$out" -L "$out" -lQPUEmulator -lQPUISA \
  Fuzz/FuzzEmulator.swift -o .build/fuzz/vck-fuzz-emulator
echo "built .build/fuzz/vck-fuzz-emulator"
