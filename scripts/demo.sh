#!/usr/bin/env bash
# README command 1, the main job: install what is missing, build, and run the
# suite the way an administrator meets it. Today the suite is libracoon and
# racoon2-config: the demo shows the option table and what the address
# macros expand to on this host. Each later issue grows this script until
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

say "the interface and resolver options every program reads (racoon2-config options)"
"$bin" options


say "address macros on this host (racoon2-config macros)"
"$bin" macros

say "demo finished: the library and racoon2-config work on this host"
