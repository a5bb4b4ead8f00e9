#!/usr/bin/env bash
# One boot of the test VM (vm-run) proves the rig: the fetched kernel runs,
# ESP and AH SAs can be added through XFRM, PF_KEY exists, the command's
# output arrives exactly (no kernel noise, no CRs, no added newline), its
# exit status comes through, and a file written to /out comes back. Then
# a timeout and a kernel without an /init must be reported as such.
# Reports "[  SKIPPED ]" when scripts/deps.sh has not fetched the assets.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
vm_run=$here/vm-run

why=$("$vm_run" --check 2>&1) || {
  if [[ $? == 77 ]]; then
    echo "[  SKIPPED ] ${why#vm-run: }"
    exit 0
  fi
  echo "FAIL: vm-run --check: $why" >&2
  exit 1
}
kver=$(cat "${RACOON2_VM_CACHE:-/var/cache/racoon2-vm}/kernel-version")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
workdir=/srv/selftest

started=$EPOCHREALTIME
status=0
"$vm_run" --timeout 240 --add "$here/selftest-guest.sh" --workdir "$workdir" \
  --env SELFTEST_KVER="$kver" --env SELFTEST_WORKDIR="$workdir" \
  --out-dir "$tmp/out" -- "$here/selftest-guest.sh" >"$tmp/stdout" 2>"$tmp/stderr" || status=$?
elapsed=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')

fail() {
  echo "FAIL: $*" >&2
  echo "--- stdout:" >&2
  cat "$tmp/stdout" >&2
  echo "--- stderr:" >&2
  cat "$tmp/stderr" >&2
  exit 1
}

printf 'guest: kernel %s\nguest: ESP and AH SAs installed through XFRM\nguest: PF_KEY available\nguest: all checks passed' \
  "$kver" >"$tmp/expected"
cmp -s "$tmp/expected" "$tmp/stdout" || fail "output differs from the expected:
$(diff "$tmp/expected" "$tmp/stdout" || true)"
[[ $status == 3 ]] || fail "exit status $status, expected 3 (the guest's)"
[[ ! -s $tmp/stderr ]] || fail "vm-run wrote to stderr"
[[ -f $tmp/out/sub/result.txt ]] || fail "/out/sub/result.txt did not come back"
[[ $(cat "$tmp/out/sub/result.txt") == "kernel $kver" ]] ||
  fail "result.txt holds '$(cat "$tmp/out/sub/result.txt")'"


# The rig's own failures have their own statuses and say what happened.
rig_status() {
  local expected=$1 message=$2 status=0
  shift 2
  "$vm_run" "$@" >"$tmp/stdout" 2>"$tmp/stderr" || status=$?
  [[ $status == "$expected" ]] || fail "vm-run $*: status $status, expected $expected"
  grep -q "$message" "$tmp/stderr" || fail "vm-run $*: no '$message' on stderr"
}
rig_status 124 'timed out after 1s' --timeout 1 -- sleep 30
# No /init to run: the kernel panics before the command starts.
rig_status 125 'failed to boot' --append rdinit=/nonexistent -- true

echo "PASS: kernel $kver: XFRM ESP+AH, PF_KEY, output, exit status and /out in one boot (${elapsed}s);" \
  "timeout and boot failure reported"
