#!/usr/bin/env bash
# The key-engine contract on this host's kernel, run inside host a of a host
# pair (tests/rigs/hostpair.sh): policies install, dump and delete, SPIs
# allocate, and UDP datagrams that leave through the veth towards host b
# yield real ACQUIREs. The cases that need ESP/AH transforms run in the VM
# (kernel.contract_vm); NoEspHost checks how their absence is reported.
#   usage: xfrm_hostpair_test.sh PATH/TO/kernel_contract_test
set -euo pipefail
contract=${1:?path to kernel_contract_test}
rigs=$(cd "$(dirname "$0")/../rigs" && pwd)
source "$rigs/hostpair.sh"

if ! why=$(hostpair_check --v6 --xfrm); then
  echo "[  SKIPPED ] ${why:-host pairs cannot be made here}"
  exit 0
fi
name=$(hostpair_name kx)
trap 'hostpair_down "$name" >/dev/null' EXIT INT TERM
hostpair_up "$name" --v6 >/dev/null
hostpair_exec "$name" a env RACOON2_CONTRACT_NETWORK=existing RACOON2_KEY_ENGINE=xfrm \
  "$contract" --gtest_brief=1 \
  --gtest_filter='SpdContract.*:SpiContract.*:EventContract.*:PriorityContract.*:NoEspHost.*'
