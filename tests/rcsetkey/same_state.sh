#!/usr/bin/env bash
# Runs a setkey script with rcsetkey against one key engine and prints what
# it printed, normalised so that engines which hold the same state print the
# same text:
#  - SPIDs become spid=N (each engine numbers its policies its own way);
#  - each run of consecutive SA records (from dump or get), and each run of
#    consecutive policy records (spddump), is sorted: XFRM lists policies
#    newest first and SAs in hash order, pfkeyd in its own order.
# Nothing else is touched: keys, modes, reqids, lifetimes, counters and the
# single-line answers (getspi, packet, "No SAD entries.") must match as they
# are. rcsetkey's errors go to stderr without its [INFO] lines; the exit
# status is rcsetkey's.
#   usage: same_state.sh RCSETKEY SCRIPT [RCSETKEY-OPTION...]
# Runs under bash with busybox awk and sort too (the real-kernel VM).
set -u
tool=${1:?path to rcsetkey}
script=${2:?a setkey script}
shift 2
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
"$tool" "$@" -f "$script" >"$out" 2>"$err"
status=$?
grep -v '^\[INFO\]' "$err" >&2
# shellcheck disable=SC2016 # awk, not shell
LC_ALL=C awk '
function class_of(second) {
  if (second ~ /^\t(esp|ah|ipcomp) mode=/) return "sa"
  if (second ~ /^\t(in|out|fwd) prio /) return "spd"
  return "other"
}
# Prints the held run of records, sorted (insertion sort: runs are short).
function flush_run(   i, j, v) {
  for (i = 2; i <= n; i++) {
    v = run[i]
    for (j = i - 1; j >= 1 && run[j] > v; j--) run[j + 1] = run[j]
    run[j + 1] = v
  }
  for (i = 1; i <= n; i++) printf "%s", run[i]
  n = 0
}
function end_record(   c) {
  if (lines == 0) return
  c = lines > 1 ? class_of(second) : "other"
  if (c != run_class || c == "other") flush_run()
  run_class = c
  run[++n] = record
  if (c == "other") flush_run()
  lines = 0
  record = ""
}
{ gsub(/spid=[0-9]+/, "spid=N") }
/^\t/ {
  if (lines == 1) second = $0
  record = record $0 "\n"
  lines++
  next
}
{
  end_record()
  record = $0 "\n"
  lines = 1
}
END { end_record(); flush_run() }
' "$out"
exit $status
