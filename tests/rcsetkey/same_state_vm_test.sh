#!/usr/bin/env bash
# The cross-engine test on a real kernel: same_state.setkey through Linux
# af_key (PF_KEY) and through XFRM in the throw-away VM (tests/rigs/vm), one
# boot for both, each compared with same_state.expected (see
# same_state_vm_guest.sh).
#   usage: same_state_vm_test.sh RCSETKEY
set -euo pipefail
tool=${1:?path to rcsetkey}
here=$(cd "$(dirname "$0")" && pwd)
vm_run=$here/../rigs/vm/vm-run

if ! why=$("$vm_run" --check 2>&1); then
  echo "[  SKIPPED ] the VM rig cannot run here: ${why:-unknown reason} (run scripts/deps.sh)"
  exit 0
fi
"$vm_run" --timeout 600 --add "$tool" --add "$here" -- \
  bash "$here/same_state_vm_guest.sh" "$tool" "$here"
