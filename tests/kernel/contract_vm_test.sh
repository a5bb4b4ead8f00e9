#!/usr/bin/env bash
# The whole key-engine contract — real ESP and AH SAs, ACQUIRE from real
# traffic, EXPIRE from short lifetimes — on Debian's stock kernel inside the
# throw-away VM (tests/rigs/vm), one boot for the suite. The same boot
# captures fresh kernel replies, which the fixture test then decodes here.
#   usage: contract_vm_test.sh CONTRACT_BINARY CAPTURE_BINARY FIXTURE_TEST [ENGINE]
set -euo pipefail
contract=${1:?path to kernel_contract_full}
capture=${2:?path to capture_xfrm_fixtures}
fixture_test=${3:?path to kernel_xfrm_fixture_test}
engine=${4:-xfrm}
vm_run=$(cd "$(dirname "$0")/../rigs/vm" && pwd)/vm-run

if ! why=$("$vm_run" --check 2>&1); then
  echo "[  SKIPPED ] the VM rig cannot run here: ${why:-unknown reason} (run scripts/deps.sh)"
  exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
"$vm_run" --timeout 900 --add "$contract" --add "$capture" --out-dir "$out" \
  --env RACOON2_KEY_ENGINE="$engine" -- bash -c '
    "$1" --gtest_brief=1; status=$?
    mkdir -p /out/fixtures && "$2" /out/fixtures || status=1
    exit $status' vm "$contract" "$capture" || status=$?
echo "--- decoding the replies this kernel just sent"
RACOON2_XFRM_FIXTURES=$out/fixtures "$fixture_test" --gtest_brief=1 || status=1
exit $status
