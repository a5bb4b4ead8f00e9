#!/usr/bin/env bash
# README command 1, the main job: install what is missing, build, and run the
# suite the way an administrator meets it. Today the suite is libracoon and
# racoon2-config: the demo shows the option table, what the address macros
# expand to on this host, which key engine the daemons would use here, and
# the sample configuration set in conf/ checked and dumped as the daemons
# will read it. Each later issue grows this script until
# two hosts negotiate IKEv2 and KINK SAs (issue #13).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
say() { printf '\n==> [%3ds] %s\n' $((SECONDS - start)) "$*"; }

say "installing missing packages"
bash scripts/deps.sh

say "building (release preset, prefix /usr)"
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" | tail -1
bin=build/release/tools/racoon2-config/racoon2-config

say "racoon2 version"
"$bin" --version

say "every racoon2.conf directive with its type and built-in default (racoon2-config options)"
"$bin" options


say "address macros on this host (racoon2-config macros)"
"$bin" macros

say "installing the sample configuration (conf/) into a scratch directory"
samples=$(mktemp -d)
trap 'rm -rf "$samples"' EXIT
bash tests/tools/sample_setup.sh conf "$samples"
echo "RACOON2_DIR=$samples; spmd.pwd and the PSK files created with mode 600"

say "which key engine the daemons would use on this host (racoon2-config key-engine)"
# A kernel without ESP and no pfkeyd running yet (issue #5) is a finding to
# show, not a failure of the demo.
"$bin" key-engine "$samples/racoon2.conf" ||
  echo "(no key engine can hold SAs here yet: this kernel lacks ESP/AH; pfkeyd comes with issue #5)"

say "checking the sample set (racoon2-config check racoon2.conf)"
"$bin" check "$samples/racoon2.conf"

say "checking each scenario alone with vals.conf and default.conf"
for scenario in "$samples"/*.conf; do
  name=$(basename "$scenario")
  case $name in racoon2.conf | vals.conf | default.conf | only_*) continue ;; esac
  printf 'include "vals.conf";\ninclude "default.conf";\ninclude "%s";\n' "$name" \
    >"$samples/only_$name"
  "$bin" check "$samples/only_$name"
done

say "the sample set as the daemons see it (racoon2-config dump, first 40 lines after setval)"
# Through a file: head closing the pipe early would fail the demo (pipefail).
# The setval block is the vals.conf just installed; what follows shows the
# includes inlined and the variables expanded.
"$bin" dump "$samples/racoon2.conf" >"$samples/dump.txt"
sed '/^setval {/,/^};/d' "$samples/dump.txt" | head -40
echo "... ($(wc -l <"$samples/dump.txt") lines in all)"

say "demo finished: the library and racoon2-config work on this host"
