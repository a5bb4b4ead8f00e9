#!/usr/bin/env bash
# Inside the real-kernel VM (same_state_vm_test.sh): the same scripts on
# Linux af_key (key_engine pfkey) and on XFRM, against the expected files
# written from pfkeyd.
#   usage: same_state_vm_guest.sh RCSETKEY DIR   (DIR: tests/rcsetkey)
set -u
tool=${1:?path to rcsetkey}
dir=${2:?the tests/rcsetkey directory}
work=$(mktemp -d)
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

for engine in pfkey xfrm; do
  bash "$dir/same_state.sh" "$tool" "$dir/same_state.setkey" --key-engine=$engine \
    >"$work/out" 2>"$work/err"
  status=$?
  if [ $status = 0 ] && diff -u "$dir/same_state.expected" "$work/out"; then
    echo "ok: same_state.setkey on $engine"
  else
    cat "$work/err"
    fail "same_state.setkey on $engine (exit $status)"
  fi
done

# XFRM carries what af_key cannot, exactly as pfkeyd does.
bash "$dir/same_state.sh" "$tool" "$dir/beyond_af_key.setkey" --key-engine=xfrm \
  >"$work/out" 2>"$work/err"
status=$?
if [ $status = 0 ] && diff -u "$dir/beyond_af_key.expected" "$work/out"; then
  echo "ok: beyond_af_key.setkey on xfrm"
else
  cat "$work/err"
  fail "beyond_af_key.setkey on xfrm (exit $status)"
fi

# af_key: each of those adds and spdadds is refused with the reason, and
# nothing of them is left.
bash "$dir/same_state.sh" "$tool" "$dir/beyond_af_key.setkey" --key-engine=pfkey \
  >"$work/out" 2>"$work/err"
status=$?
printf 'No SAD entries.\nNo SPD entries.\n' >"$work/expected"
wanted=$(grep -cE '^[[:space:]]*(add|spdadd) ' "$dir/beyond_af_key.setkey")
refused=$(grep -cE ': (add|spdadd): .*(af_key|PF_KEY)' "$work/err")
if [ $status = 1 ] && [ "$refused" = "$wanted" ] && [ "$(wc -l <"$work/err")" = "$wanted" ] &&
  diff -u "$work/expected" "$work/out"; then
  echo "ok: beyond_af_key.setkey refused on pfkey"
else
  cat "$work/err"
  fail "beyond_af_key.setkey on pfkey: exit $status, $refused of $wanted refused"
fi

# `packet` is pfkeyd's alone.
for engine in pfkey xfrm; do
  echo 'packet 192.0.2.1 192.0.2.2 udp;' |
    "$tool" --key-engine=$engine -c >"$work/out" 2>"$work/err"
  status=$?
  if [ $status = 1 ] &&
    grep -q '^<stdin>:1: packet: packet needs the pfkeyd key engine' "$work/err"; then
    echo "ok: packet refused on $engine"
  else
    cat "$work/err"
    fail "packet on $engine: exit $status"
  fi
done
rm -rf "$work"
echo "$failures failed"
[ $failures = 0 ]
