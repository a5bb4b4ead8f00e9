#!/usr/bin/env bash
# The VM half of selftest.sh: runs inside vm-run, checks the kernel there,
# leaves a file in /out, and exits with 3 so the host sees the status come
# through. Any failed check exits with 1 instead. Its stdout is compared
# byte for byte, so print only what selftest.sh expects.
set -uo pipefail

fail() {
  echo "guest: FAIL: $*"
  exit 1
}

[[ ${RACOON2_IN_VM:-} == 1 ]] || fail "RACOON2_IN_VM is not 1"
[[ $(pwd) == "$SELFTEST_WORKDIR" ]] || fail "working directory is $(pwd), not $SELFTEST_WORKDIR"
[[ $(uname -r) == "$SELFTEST_KVER" ]] || fail "kernel is $(uname -r), not $SELFTEST_KVER"
echo "guest: kernel $(uname -r)"

# ESP with HMAC-SHA-256-128 and AES-CBC, and AH, both through XFRM: the
# transforms (esp4, ah4, authenc, hmac, sha256, cbc, aes) must be loadable.
auth_key=0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x1001 mode transport \
  auth-trunc 'hmac(sha256)' "$auth_key" 128 enc 'cbc(aes)' 0x00112233445566778899aabbccddeeff ||
  fail "ip xfrm state add (esp)"
ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto ah spi 0x1002 mode transport \
  auth-trunc 'hmac(sha256)' "$auth_key" 128 ||
  fail "ip xfrm state add (ah)"
states=$(ip xfrm state) || fail "ip xfrm state"
grep -q 'proto esp spi 0x00001001' <<<"$states" || fail "ESP SA not listed: $states"
grep -q 'proto ah spi 0x00001002' <<<"$states" || fail "AH SA not listed: $states"
[[ $(grep -c "auth-trunc hmac(sha256) $auth_key 128" <<<"$states") == 2 ]] ||
  fail "HMAC-SHA-256-128 not listed twice: $states"
grep -q 'enc cbc(aes) 0x00112233445566778899aabbccddeeff' <<<"$states" || fail "AES-CBC not listed: $states"
echo "guest: ESP and AH SAs installed through XFRM"

[[ -e /proc/net/pfkey ]] || fail "no /proc/net/pfkey (af_key not loaded)"
echo "guest: PF_KEY available"

mkdir -p "$RACOON2_VM_OUT/sub" || fail "mkdir $RACOON2_VM_OUT/sub"
printf 'kernel %s\n' "$(uname -r)" >"$RACOON2_VM_OUT/sub/result.txt" || fail "write to $RACOON2_VM_OUT"

# The last line has no newline: vm-run must pass it on as it is.
printf 'guest: all checks passed'
exit 3
