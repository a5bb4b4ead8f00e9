#!/usr/bin/env bash
# spmd on the real kernel's XFRM, inside host a of a host pair
# (tests/rigs/hostpair.sh): the scenario of spmd_test_lib.sh (start-up,
# second instance, HUP with an edit, HUP with a broken file, TERM), the SPD
# read back through rcsetkey, and the kernel's own view with `ip xfrm
# policy`: the fwd twins the XFRM back end adds for inbound tunnel, bypass
# and discard policies are there while spmd runs and gone after TERM.
#   usage: spmd_xfrm_hostpair_test.sh SPMD RCSETKEY
set -u
spmd=${1:?path to spmd}
rcsetkey=${2:?path to rcsetkey}
here=$(cd "$(dirname "$0")" && pwd)
rigs=$(cd "$here/../../rigs" && pwd)
source "$rigs/hostpair.sh"
. "$here/spmd_test_lib.sh"

if ! why=$(hostpair_check --xfrm); then
  echo "[  SKIPPED ] ${why:-host pairs cannot be made here}"
  exit 0
fi
name=$(hostpair_name sx)
work=$(mktemp -d)
chmod 700 "$work"
spmd_pid=
cleanup() {
  [ -n "$spmd_pid" ] && kill "$spmd_pid" 2>/dev/null
  hostpair_down "$name" >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
hostpair_up "$name" >/dev/null || { echo "FAIL: no host pair"; exit 1; }

engine="key_engine xfrm;"
conf=$work/racoon2.conf
host_run() { hostpair_exec "$name" a -- "$@"; }
host_spawn() {
  local log=$1
  shift
  spmd_pid=$(hostpair_spawn "$name" a --log "$log" -- "$@")
}
host_gone() { ! kill -0 "$1" 2>/dev/null; }
xfrm_policies() { ip -n "$name-a" xfrm policy; }

# The kernel's view while the start-up policies are in: 15 policies of
# spmd's, the bystander, and fwd twins for the inbound tunnel, bypass and
# discard policies.
after_start() {
  local view
  view=$(xfrm_policies)
  local fwd out in
  fwd=$(grep -c 'dir fwd' <<<"$view")
  out=$(grep -c 'dir out' <<<"$view")
  in=$(grep -c 'dir in' <<<"$view")
  if [ "$out" = 9 ] && [ "$in" = 7 ] && [ "$fwd" = 3 ] &&
    grep -A3 'src 10.2.0.0/24 dst 10.1.0.0/24' <<<"$view" | grep -q 'dir fwd' &&
    grep -A4 'src 10.1.0.0/24 dst 10.2.0.0/24' <<<"$view" | grep -q 'tmpl src 192.0.2.1 dst 192.0.2.2'; then
    echo "ok: ip xfrm policy shows spmd's policies and the fwd twins"
  else
    echo "$view"
    fail "ip xfrm policy: out=$out in=$in fwd=$fwd"
  fi
}
spmd_scenario
left=$(xfrm_policies | grep -c '^src')
[ "$left" = 1 ] && echo "ok: only the bystander is left in the kernel" ||
  { xfrm_policies; fail "$left policies left in the kernel"; }
[ $failures = 0 ]
