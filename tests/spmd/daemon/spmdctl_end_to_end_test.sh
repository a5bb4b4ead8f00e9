#!/usr/bin/env bash
# spmdctl against a real spmd on a real pfkeyd (the config of
# spmd_test_lib.sh): every command, text and --json, the policy-show join
# with the key engine's SPD, reload, interactive, -d, and the errors an
# operator meets (spmd not running, a wrong spmd.pwd, bad arguments).
#   usage: spmdctl_end_to_end_test.sh SPMDCTL SPMD PFKEYD RCSETKEY
set -u
spmdctl=${1:?path to spmdctl}
spmd=${2:?path to spmd}
pfkeyd=${3:?path to pfkeyd}
rcsetkey=${4:?path to rcsetkey}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/spmd_test_lib.sh"
make_work_dir
# check NAME WANT_STATUS PATTERN SPMDCTL-ARGS... : PATTERN (grep -E) in stdout+stderr
check() {
  local name=$1 want=$2 pattern=$3
  shift 3
  "$spmdctl" -f "$conf" "$@" >"$work/out" 2>&1
  local status=$?
  if [ "$status" = "$want" ] && grep -Eq -- "$pattern" "$work/out"; then
    echo "ok: $name"
  else
    cat "$work/out"
    fail "$name (exit $status, wanted $want)"
  fi
}
json() {  # json PYTHON-EXPRESSION SPMDCTL-ARGS... : the expression over the document `d`
  local expression=$1
  shift
  "$spmdctl" -f "$conf" --json "$@" 2>/dev/null |
    python3 -c "import json,sys; d=json.load(sys.stdin); print($expression)"
}

start_pfkeyd "$pfkeyd"
conf=$work/racoon2.conf
write_config "$conf" 1 "$work/run/spmif" "$work/spmd.pwd" "$engine"
printf '198.51.100.7\tpeer.example.test peer\n' >"$work/hosts"
echo 'hosts: files dns' >"$work/nsswitch.conf"

check "spmd not running" 1 "spmd is not running: no spmif socket at $work/run/spmif" status

"$spmd" -F -f "$conf" --pid-file="$work/spmd.pid" --hosts-file="$work/hosts" \
  --nsswitch-file="$work/nsswitch.conf" 2>"$work/spmd.log" &
spmd_pid=$!
wait_for spmd_ready "$work/spmd.log" || { cat "$work/spmd.log"; echo "FAIL: no spmd"; exit 1; }

check "status" 0 '^CACHE TOTAL FQDN = 1$' status
[ "$(json 'd["counters"][0]["name"], d["counters"][0]["value"]' status)" = "DNS QUERY 0" ] &&
  echo "ok: status --json" || fail "status --json"
check "-d shows the exchange, the login masked" 0 '> LOGIN \*\*\*\*' -d status
check "ns list with the resolver off" 0 'No Name Server' ns list
check "fqdn list" 0 '^unknown.example.test.$' fqdn list
check "fqdn query" 0 '^peer.example.test.$' fqdn query 198.51.100.7
check "fqdn query of an uncached address" 1 '501 Not Cached' fqdn query 192.0.2.99
check "fqdn add (prefix words)" 0 'FQDN Registered' f a Extra.Example.Test
[ "$(json 'len(d["fqdns"])' fqdn list)" = 3 ] && echo "ok: fqdn list --json" || fail "fqdn list --json"
check "fqdn delete" 0 'FQDN Deregistered' fqdn delete extra.example.test

# policy show joins spmd's map with the key engine's SPD.
check "policy show: a tunnel" 0 'esp tunnel 192.0.2.1-192.0.2.2 require' policy show
grep -Eq 'selector=tr_out spid=[0-9]+' "$work/out" && grep -q 'selector=dns_in' "$work/out" &&
  echo "ok: policy show names every selector" || fail "policy show selectors"
[ "$(json 'len(d["policies"])' policy show)" = 15 ] && echo "ok: policy show --json: 15 policies" ||
  fail "policy show --json count: $(json 'len(d["policies"])' policy show)"
# A policy spmd does not manage shows only with --all.
echo "interface { $engine };" >"$work/engine.conf"
echo 'spdadd 192.0.2.100 192.0.2.101 any -P out none;' |
  "$rcsetkey" --config "$work/engine.conf" -c 2>/dev/null || fail "adding a foreign policy"
check "policy show --all adds what spmd does not manage" 0 '^\s*selector= spid=[0-9]+' \
  policy show --all
"$spmdctl" -f "$conf" policy show >"$work/out" 2>&1
grep -q '192.0.2.100/32' "$work/out" && fail "policy show without --all shows a foreign policy" ||
  echo "ok: policy show shows only spmd's policies"

# POLICY ADD / DELETE through spmdctl, seen in policy show.
check "policy add transport" 0 'Policy Added tr_out and tr_in' \
  policy add tr_out 600 transport 192.0.2.1 192.0.2.200
check "policy show has the new pair with its lifetime" 0 'lifetime: 600\(s\)' policy show
check "policy add tunnel" 0 'Policy Added tun_out and tun_in' \
  p a tun_out 600 tu 10.1.0.0/24 10.2.0.0/24 192.0.2.1 192.0.2.2
check "policy add for a missing selector" 1 '550 Operation Failed, selector not found' \
  policy add nosuch 600 transport 192.0.2.1 192.0.2.200
check "migrate" 0 'Migrate tun_out' migrate tun_out 192.0.2.1 192.0.2.2 192.0.2.11 192.0.2.2
check "policy delete, long form" 0 'Policy Deleted' \
  policy delete tr_out transport 192.0.2.1 192.0.2.200
check "policy delete, the original's short form" 0 'Policy Deleted' policy delete tun_out
check "bad arguments give the usage" 2 'usage|Usage' policy add tr_out
check "an ambiguous word" 2 'ambiguous' policy add tr_out 600 t 192.0.2.1 192.0.2.200

# interactive relays lines and prints replies as spmd sent them.
printf 'SLID 4000000000\nPOLICY DUMP\nQUIT\n' | "$spmdctl" -f "$conf" interactive >"$work/out" 2>&1
status=$?
if [ $status = 0 ] && grep -q '^551 No Such SPID(4000000000)$' "$work/out" &&
  grep -Eq '^250-tr_out [0-9]+$' "$work/out"; then
  echo "ok: interactive"
else
  cat "$work/out"
  fail "interactive (exit $status)"
fi

# reload = SIGHUP through the pid file; spmd applies the edit.
write_config "$conf" 2 "$work/run/spmif" "$work/spmd.pwd" "$engine"
check "reload" 0 "was sent SIGHUP" --pid-file="$work/spmd.pid" reload
web() { "$spmdctl" -f "$conf" policy show 2>/dev/null | grep -q '198.51.100.80/32\[443\]'; }
wait_for web && echo "ok: the reload installed the edit" || fail "reload did not apply"

# A wrong password is refused and says where to look.
cp "$conf" "$work/other.conf"
sed -i "s#$work/spmd.pwd#$work/other.pwd#" "$work/other.conf"
(umask 077 && printf 'not the password' >"$work/other.pwd")
"$spmdctl" -f "$work/other.conf" status >"$work/out" 2>&1
status=$?
if [ $status = 1 ] && grep -q "login refused: check that spmd.pwd ($work/other.pwd)" "$work/out"; then
  echo "ok: a wrong spmd.pwd is refused"
else
  cat "$work/out"
  fail "wrong password (exit $status)"
fi
grep -q 'spmif login from pid .* failed' "$work/spmd.log" && echo "ok: spmd logs the failed login" ||
  fail "no log line for the failed login"

[ $failures = 0 ]
