#!/usr/bin/env bash
# Refreshes tests/kernel/capture/fixtures/*.bin: replies of the real kernel
# in the VM to the cases of capture/fixture_cases.h. Commit the result.
#   usage: capture-fixtures.sh [BUILD_DIR]   (default build/gcc)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build/gcc}
capture=$build/tests/kernel/capture_xfrm_fixtures
[[ -x $capture ]] || { echo "capture-fixtures: build $capture first" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$root/tests/rigs/vm/vm-run" --add "$capture" --out-dir "$out" -- "$capture" /out
mkdir -p "$root/tests/kernel/capture/fixtures"
cp "$out"/*.bin "$root/tests/kernel/capture/fixtures/"
ls -l "$root/tests/kernel/capture/fixtures"
