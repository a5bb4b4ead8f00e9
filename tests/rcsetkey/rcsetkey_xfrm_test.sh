#!/bin/bash
# rcsetkey against the real XFRM engine, inside a private network namespace
# so the host's SPD is never touched: spdadd, spddump in rcsetkey's format,
# spddelete, spdflush, and an ESP add that must fail with the engine's
# reason on a kernel without ESP (or succeed where ESP exists).
# Usage: rcsetkey_xfrm_test.sh RCSETKEY
set -u
tool=$1
if [ "$(id -u)" != 0 ]; then
  echo "[  SKIPPED ] rcsetkey XFRM test needs root for unshare --net"
  exit 0
fi
if ! unshare --net true 2>/dev/null; then
  echo "[  SKIPPED ] unshare --net is not permitted here"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
check() {  # check NAME EXPECTED-FILE ACTUAL-FILE
  if diff -u "$2" "$3"; then
    echo "ok: $1"
  else
    echo "FAIL: $1"
    failures=$((failures + 1))
  fi
}

cat >"$work/policies" <<'CMDS'
# three policies, one of each action
spdadd 192.0.2.1/32[500] 198.51.100.0/24[any] udp -P out ipsec esp/transport//require;
spdadd 10.0.0.0/24 10.0.1.0/24 any -P in ipsec esp/tunnel/192.0.2.2-192.0.2.1/unique:5;
spdadd 2001:db8::/64 any tcp -P out discard;
spddump;
spddelete 10.0.0.0/24 10.0.1.0/24 any -P in;
spddump;
spdflush;
spddump;
CMDS
unshare --net "$tool" --key-engine=xfrm -f "$work/policies" >"$work/out" 2>"$work/err"
status=$?
[ $status = 0 ] || { echo "FAIL: policy script exited $status"; cat "$work/err"; failures=$((failures + 1)); }
# The kernel lists policies newest first; SPIDs are the kernel's, so they
# are masked.
sed 's/spid=[0-9]*/spid=N/' "$work/out" >"$work/out.masked"
cat >"$work/expected" <<'OUT'
2001:db8::/64[any] ::/0[any] tcp
	out prio 0 discard
	spid=N
10.0.0.0/24[any] 10.0.1.0/24[any] any
	in prio 0 ipsec
	esp/tunnel/192.0.2.2-192.0.2.1/unique:5
	spid=N
192.0.2.1/32[500] 198.51.100.0/24[any] udp
	out prio 0 ipsec
	esp/transport//require
	spid=N
2001:db8::/64[any] ::/0[any] tcp
	out prio 0 discard
	spid=N
192.0.2.1/32[500] 198.51.100.0/24[any] udp
	out prio 0 ipsec
	esp/transport//require
	spid=N
No SPD entries.
OUT
check "spdadd, spddump, spddelete, spdflush" "$work/expected" "$work/out.masked"

# -DP and -FP are the same commands as options.
printf 'spdadd 192.0.2.0/24 any any -P out discard;\n' >"$work/one"
unshare --net sh -c "'$tool' --key-engine=xfrm -f '$work/one' && '$tool' --key-engine=xfrm -DP &&
  '$tool' --key-engine=xfrm -FP && '$tool' --key-engine=xfrm -DP" >"$work/out" 2>/dev/null
sed 's/spid=[0-9]*/spid=N/' "$work/out" >"$work/out.masked"
printf '192.0.2.0/24[any] 0.0.0.0/0[any] any\n\tout prio 0 discard\n\tspid=N\nNo SPD entries.\n' \
  >"$work/expected"
check "-DP and -FP" "$work/expected" "$work/out.masked"

# An ESP SA: on a kernel without ESP the engine's reason, and exit 1.
echo 'add 192.0.2.1 192.0.2.2 esp 0x1000 -E aes-cbc 0x00112233445566778899aabbccddeeff -A hmac-sha256 0x000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f;' |
  unshare --net "$tool" --key-engine=xfrm -c >"$work/out" 2>"$work/err"
status=$?
if grep -q 'the kernel cannot hold ESP SAs' "$work/err"; then
  if [ $status = 1 ] && grep -q '^<stdin>:1: add: ' "$work/err"; then
    echo "ok: add esp fails with the engine's reason"
  else
    echo "FAIL: add esp: status $status"; cat "$work/err"; failures=$((failures + 1))
  fi
elif [ $status = 0 ]; then
  echo "ok: add esp succeeded (this kernel holds ESP SAs)"
else
  echo "FAIL: add esp: status $status"; cat "$work/err"; failures=$((failures + 1))
fi

# A parse error runs nothing and exits 2 with file:line:column.
printf 'spdflush;\nspdadd 192.0.2.1 any any -P upward none;\n' >"$work/bad"
"$tool" --key-engine=xfrm -f "$work/bad" >/dev/null 2>"$work/err"
status=$?
echo "rcsetkey: $work/bad:2:29: expected in, out or fwd, got 'upward'" >"$work/expected"
[ $status = 2 ] || { echo "FAIL: parse error exited $status"; failures=$((failures + 1)); }
check "parse error position" "$work/expected" "$work/err"

[ $failures = 0 ]
