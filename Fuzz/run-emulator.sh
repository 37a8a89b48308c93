#!/usr/bin/env bash
# Runs the emulator fuzzer for the given number of seconds (default 600), niced, on a corpus
# seeded with the programs of Fuzz/seeds-emulator/*.s assembled by `vck asm`, each with a
# few configurations (1, 8 and 16 batches; 2- and 4-thread mode; strict and not; with and
# without the timing model's profile and timeline). New inputs
# go to .build/fuzz/emulator-corpus, crashes to .build/fuzz/emulator-crashes.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
[ -x .build/fuzz/vck-fuzz-emulator ] || Fuzz/build-emulator.sh
corpus=.build/fuzz/emulator-corpus
mkdir -p "$corpus" .build/fuzz/emulator-crashes
swift build --product vck >/dev/null
vck=$(swift build --show-bin-path)/vck

le32() { # one little-endian 32-bit word, as printf escapes
  local v=$(($1 & 0xFFFFFFFF))
  printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((v & 255)) $((v >> 8 & 255)) $((v >> 16 & 255)) \
    $((v >> 24 & 255))
}
# Uniforms: data, data + 0x100, atomic-add config, 5 (a loop count), data + 0xFF0 (near the
# end), then small numbers.
uniforms=""
for u in 0xDA000000 0xDA000100 0xFFFFFF87 5 0xDA000FF0 16 0 1 2 3 4 5 6 7 8 9; do
  uniforms+=$(le32 $u)
done
for source in Fuzz/seeds-emulator/*.s; do
  name=$(basename "$source" .s)
  "$vck" asm -o "$corpus/$name.code" "$source"
  for batches in 1 8 16; do
    for mode in "0 1" "1 1" "0 0" "0 49" "1 48"; do
      set -- $mode  # $1: 4-thread bit, $2: flags byte (1 strict, 16 profile, 32 timeline)
      header=""
      for w in 0x10000 0x10000 0x10000 $((15 << 12 | 16)) $((batches - 1)) "$1" 0; do
        header+=$(le32 $w)
      done
      header+=$(printf '\\x%02x' "$2")
      { printf "$header$uniforms"; cat "$corpus/$name.code"; } \
        >"$corpus/seed-$name-$batches-${1}${2}"
    done
  done
  rm "$corpus/$name.code"
done
exec nice -n 10 .build/fuzz/vck-fuzz-emulator "$corpus" \
  -max_len=8192 -timeout=10 -rss_limit_mb=2048 -max_total_time="$seconds" \
  -artifact_prefix=.build/fuzz/emulator-crashes/ -print_final_stats=1
