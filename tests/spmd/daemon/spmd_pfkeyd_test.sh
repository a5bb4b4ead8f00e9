#!/usr/bin/env bash
# spmd on pfkeyd, checked through rcsetkey: a private pfkeyd and spmd of
# this build in a 0700 temporary directory (their own hosts and nsswitch
# files, so the FQDN selector resolves without touching /etc).
#  - start-up installs every static policy of spmd_test_lib.sh's config
#    (transport, tunnel, bypass, discard, a one-sided IP_ANY, an FQDN from
#    the hosts file, IKEv1-only and KINK-only remotes) and nothing else:
#    `install off` and an unknown name are left out; spmd.pwd is created
#    with mode 600;
#  - HUP applies only the difference: untouched policies keep their SPIDs;
#    a config that does not load changes nothing;
#  - a second spmd, a public socket directory, and macros on both sides of
#    a selector are refused, before the SPD is touched;
#  - TERM removes exactly spmd's policies: one added by hand stays.
#   usage: spmd_pfkeyd_test.sh SPMD RCSETKEY PFKEYD
set -u
spmd=${1:?path to spmd}
rcsetkey=${2:?path to rcsetkey}
pfkeyd=${3:?path to pfkeyd}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/spmd_test_lib.sh"
make_work_dir
start_pfkeyd "$pfkeyd"
conf=$work/racoon2.conf
host_run() { "$@"; }
host_spawn() {
  local log=$1
  shift
  "$@" 2>"$log" &
  spmd_pid=$!
}
host_gone() { wait "$1" 2>/dev/null || true; }
spmd_scenario

# Refusals before the SPD is touched.
mkdir -m 755 "$work/public"
write_config "$work/public.conf" 1 "$work/public/spmif" "$work/spmd.pwd" "$engine"
"$spmd" -F -f "$work/public.conf" --pid-file="$work/spmd.pid" --hosts-file="$work/hosts" \
  --nsswitch-file="$work/nsswitch.conf" 2>"$work/public.log"
status=$?
if [ $status != 0 ] && grep -q 'chmod' "$work/public.log" && [ -z "$(dump | spd_lines | grep -v 192.0.2.100)" ]; then
  echo "ok: a socket directory others can enter is refused, with how to fix it"
else
  cat "$work/public.log"
  fail "public socket directory (exit $status)"
fi
sed 's/src IP_ANY; dst 192.0.2.9;/src IP_ANY; dst MY_IP;/' "$conf" >"$work/macros.conf"
out=$("$spmd" -t -f "$work/macros.conf" 2>&1)
status=$?
if [ $status != 0 ] && echo "$out" | grep -q "macros.conf:[0-9]*:[0-9]*:.*macros on both sides"; then
  echo "ok: macros on both sides are refused with file:line"
else
  echo "$out"
  fail "macros on both sides (exit $status)"
fi

[ $failures = 0 ]
