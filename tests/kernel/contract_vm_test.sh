#!/usr/bin/env bash
# The whole key-engine contract — real ESP and AH SAs, ACQUIRE from real
# traffic, EXPIRE from short lifetimes — for the kernel's back ends (XFRM
# netlink and PF_KEY's af_key) on Debian's stock kernel inside the
# throw-away VM (tests/rigs/vm), one boot for the suite. The same boot
# captures fresh kernel replies over XFRM and over a raw PF_KEY socket,
# which the two fixture tests then decode here.
#   usage: contract_vm_test.sh CONTRACT_BINARY XFRM_CAPTURE XFRM_FIXTURE_TEST
#                              PFKEY_CAPTURE PFKEY_FIXTURE_TEST [ENGINE...]
# Each ENGINE (xfrm, pfkey; default both) runs the whole contract in the
# same boot, one after the other: one boot per suite, as a boot under TCG
# costs more than most of the cases.
set -euo pipefail
contract=${1:?path to kernel_contract_full}
capture=${2:?path to capture_xfrm_fixtures}
fixture_test=${3:?path to kernel_xfrm_fixture_test}
pfkey_capture=${4:?path to capture_pfkey_fixtures}
pfkey_fixture_test=${5:?path to kernel_pfkey_fixture_test}
shift 5
engines=("$@")
[ ${#engines[@]} -gt 0 ] || engines=(xfrm pfkey)
vm_run=$(cd "$(dirname "$0")/../rigs/vm" && pwd)/vm-run

if ! why=$("$vm_run" --check 2>&1); then
  echo "[  SKIPPED ] the VM rig cannot run here: ${why:-unknown reason} (run scripts/deps.sh)"
  exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
# af_key is loaded at boot already; named so the PF_KEY run never depends on
# the rig's default module list.
# shellcheck disable=SC2016 # the script runs in the VM, with its own arguments
"$vm_run" --timeout 900 --module af_key --add "$contract" --add "$capture" \
  --add "$pfkey_capture" --out-dir "$out" \
  -- bash -c '
    contract=$1 capture=$2 pfkey_capture=$3
    shift 3
    status=0
    for engine in "$@"; do
      echo "--- the key-engine contract on $engine"
      RACOON2_KEY_ENGINE=$engine "$contract" --gtest_brief=1 || status=1
    done
    echo "--- capturing XFRM and PF_KEY fixtures"
    mkdir -p /out/fixtures && "$capture" /out/fixtures || status=1
    mkdir -p /out/pfkey && "$pfkey_capture" /out/pfkey || status=1
    exit $status' vm "$contract" "$capture" "$pfkey_capture" "${engines[@]}" || status=$?
echo "--- decoding the replies this kernel just sent"
RACOON2_XFRM_FIXTURES=$out/fixtures "$fixture_test" --gtest_brief=1 || status=1
RACOON2_PFKEY_FIXTURES=$out/pfkey "$pfkey_fixture_test" --gtest_brief=1 || status=1
exit $status
