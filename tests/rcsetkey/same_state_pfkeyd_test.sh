#!/usr/bin/env bash
# rcsetkey on pfkeyd, the userspace key engine: a private pfkeyd of this
# build in a 0700 temporary directory, reached through racoon2.conf's
# `interface { pfkeyd_socket ...; }` given with --config.
#  - same_state.setkey and beyond_af_key.setkey print their .expected files
#    (as on XFRM and Linux af_key: same_state_vm_test.sh);
#  - `packet`: no policy, bypass, discard, an ACQUIRE for an IPsec policy
#    without SA, then "protected" once the SA is there, its bytes counted;
#  - --config: a named file must load; --key-engine wins over key_engine.
#   usage: same_state_pfkeyd_test.sh RCSETKEY PFKEYD
set -u
tool=${1:?path to rcsetkey}
pfkeyd=${2:?path to pfkeyd}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
chmod 700 "$work"
pid=
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

"$pfkeyd" -F --socket="$work/run/pfkey" --state-file="$work/state" --pid-file="$work/pid" \
  2>"$work/pfkeyd.log" &
pid=$!
for _ in $(seq 100); do
  [ -S "$work/run/pfkey" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ ! -S "$work/run/pfkey" ]; then
  cat "$work/pfkeyd.log"
  echo "FAIL: pfkeyd did not come up"
  exit 1
fi
# key_engine auto would pick a kernel engine where one holds ESP: the file
# names pfkeyd, as an administrator of a pfkeyd host would.
cat >"$work/racoon2.conf" <<CONF
interface {
	key_engine pfkeyd;
	pfkeyd_socket "$work/run/pfkey";
};
CONF
rcsetkey() { "$tool" --config "$work/racoon2.conf" "$@"; }

for script in same_state beyond_af_key; do
  bash "$here/same_state.sh" "$tool" "$here/$script.setkey" --config "$work/racoon2.conf" \
    >"$work/out" 2>"$work/err"
  status=$?
  if [ $status = 0 ] && diff -u "$here/$script.expected" "$work/out"; then
    echo "ok: $script.setkey on pfkeyd"
  else
    cat "$work/err"
    fail "$script.setkey on pfkeyd (exit $status)"
  fi
done

# What pfkeyd decides for packets, before and after the SA exists.
cat >"$work/packets" <<'CMDS'
flush;
spdflush;
spdadd 10.0.0.0/24 10.0.1.0/24 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/require;
spdadd 10.0.0.0/24 10.0.2.0/24[53] udp -P out none;
spdadd 10.0.0.0/24 10.0.3.0/24 any -P out discard;
packet 10.0.0.1 10.9.9.9 tcp;
packet 10.0.0.1[4000] 10.0.2.7[53] udp;
packet 10.0.0.1 10.0.3.1 tcp;
packet 10.0.0.1 10.0.1.1 udp;
add 192.0.2.1 192.0.2.2 esp 0x1000 -m tunnel
	-E aes-cbc 0x000102030405060708090a0b0c0d0e0f
	-A hmac-sha1 0x101112131415161718191a1b1c1d1e1f20212223;
packet 10.0.0.1 10.0.1.1 udp -b 1400;
packet 10.0.0.2 10.0.1.9 icmp -d out -b 84;
packet 10.0.1.1 10.0.0.1 udp -d in;
get 192.0.2.1 192.0.2.2 esp 0x1000;
spddump;
CMDS
rcsetkey -f "$work/packets" >"$work/out" 2>"$work/err"
status=$?
[ $status = 0 ] || { cat "$work/err"; fail "packet script exited $status"; }
# The SPID in each verdict is the policy's own, as spddump shows it.
spid_of() {  # the SPID spddump shows for the policy whose first line is $1
  awk -v head="$1" '$0 == head { found = 1 } found && /spid=/ { sub(/.*spid=/, ""); print; exit }' \
    "$work/out"
}
tunnel=$(spid_of '10.0.0.0/24[any] 10.0.1.0/24[any] any')
bypass=$(spid_of '10.0.0.0/24[any] 10.0.2.0/24[53] udp')
discard=$(spid_of '10.0.0.0/24[any] 10.0.3.0/24[any] any')
cat >"$work/expected" <<OUT
no policy
bypass, spid=$bypass
discard, spid=$discard
acquire sent, spid=$tunnel
protected by SA esp 192.0.2.1 192.0.2.2 spi=4096(0x00001000), spid=$tunnel
protected by SA esp 192.0.2.1 192.0.2.2 spi=4096(0x00001000), spid=$tunnel
no policy
192.0.2.1 192.0.2.2
	esp mode=tunnel spi=4096(0x00001000) reqid=0(0x00000000)
	E: aes-cbc  00010203 04050607 08090a0b 0c0d0e0f
	A: hmac-sha1  10111213 14151617 18191a1b 1c1d1e1f 20212223
	state=mature replay=32
	current: 1484(bytes) 2(packets) hard: 0(s) soft: 0(s)
OUT
if [ -n "$tunnel" ] && [ -n "$bypass" ] && [ -n "$discard" ] &&
  head -n 13 "$work/out" | diff -u "$work/expected" -; then
  echo "ok: packet verdicts and byte counts"
else
  cat "$work/out"
  fail "packet verdicts"
fi

# --config: a file named on the command line must load; its pfkeyd_socket
# is used; --key-engine wins over its key_engine.
expect() {  # expect NAME STATUS PATTERN FILE RCSETKEY-ARGS...
  local name=$1 want=$2 pattern=$3 file=$4
  shift 4
  "$tool" "$@" >"$work/out" 2>"$work/err"
  local status=$?
  if [ $status = "$want" ] && grep -q -- "$pattern" "$work/$file"; then
    echo "ok: $name"
  else
    cat "$work/err"
    fail "$name (exit $status)"
  fi
}
expect "a named --config that is missing is an error" 2 "missing.conf: cannot be loaded" err \
  --config "$work/missing.conf" -D
echo 'interface { key_engine pfkeyd; pfkeyd_socket "'"$work"'/nowhere"; };' >"$work/elsewhere.conf"
expect "pfkeyd_socket comes from --config" 1 "$work/nowhere" err --config "$work/elsewhere.conf" -D
echo 'interface { key_engine xfrm; pfkeyd_socket "'"$work"'/run/pfkey"; };' >"$work/xfrm.conf"
expect "--key-engine wins over key_engine" 0 'esp mode=tunnel spi=4096' out \
  --config "$work/xfrm.conf" --key-engine=pfkeyd -D

kill "$pid"
wait "$pid"
pid=
[ $failures = 0 ]
