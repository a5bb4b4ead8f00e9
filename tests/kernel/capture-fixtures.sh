#!/usr/bin/env bash
# Refreshes the byte fixtures with the real kernel in the VM:
# tests/kernel/capture/fixtures/*.bin (XFRM replies to the cases of
# capture/fixture_cases.h) and capture/fixtures/pfkey/*.bin (af_key's
# replies and events, capture_pfkey_fixtures.cc). Commit the result.
#   usage: capture-fixtures.sh [BUILD_DIR]   (default build/gcc)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build/gcc}
capture=$build/tests/kernel/capture_xfrm_fixtures
pfkey_capture=$build/tests/kernel/capture_pfkey_fixtures
for tool in "$capture" "$pfkey_capture"; do
  [[ -x $tool ]] || { echo "capture-fixtures: build $tool first" >&2; exit 1; }
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# One boot for both; af_key named so the PF_KEY capture never depends on
# the rig's default module list.
# shellcheck disable=SC2016 # the script runs in the VM, with its own $1 $2
"$root/tests/rigs/vm/vm-run" --module af_key --add "$capture" --add "$pfkey_capture" \
  --out-dir "$out" -- bash -c '
    mkdir -p /out/xfrm /out/pfkey && "$1" /out/xfrm && "$2" /out/pfkey' vm "$capture" "$pfkey_capture"
fixtures=$root/tests/kernel/capture/fixtures
mkdir -p "$fixtures/pfkey"
cp "$out"/xfrm/*.bin "$fixtures/"
# Whole set replaced: a fixture the tool no longer writes must not linger.
rm -f "$fixtures"/pfkey/*.bin
cp "$out"/pfkey/*.bin "$fixtures/pfkey/"
ls -l "$fixtures" "$fixtures/pfkey"
