#!/usr/bin/env bash
# bench.sh [--smoke] BUILD_DIR — run every benchmark of a build (the Google
# Benchmark programs, then the bench/*.sh scripts) and print the figures.
# --smoke runs each benchmark briefly (CI checks they work; it never judges
# speed). For real figures use a Release build (cmake --preset release).
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=0
if [[ ${1:-} == --smoke ]]; then smoke=1; shift; fi
build=${1:?build directory}
list=$build/bench-targets.txt
[[ -f $list ]] || { echo "bench: $list missing" >&2; exit 1; }
args=()
((smoke)) && args+=(--benchmark_min_time=0.001)
n=0
while read -r name; do
  [[ -z $name ]] && continue
  echo "bench: $name"
  "$build/bench/bench_$name" "${args[@]}" 2>&1 | sed 's/^/  /'
  n=$((n + 1))
done <"$list"
echo "bench: $n benchmark programs ran"

# Script benchmarks (bench/*.sh: real daemons against real tools, e.g. spmd's
# DNS proxy against dnsdist). Each takes [--smoke] BUILD_DIR and prints
# "[  SKIPPED ] reason" when this machine cannot run it; every one runs even
# if an earlier one fails, and a failure fails bench.sh.
script_args=()
((smoke)) && script_args+=(--smoke)
failed=()
for script in bench/*.sh; do
  [[ -e $script ]] || continue
  echo "bench: $script"
  bash "$script" "${script_args[@]}" "$build" 2>&1 | sed 's/^/  /' || failed+=("$script")
done
if ((${#failed[@]})); then
  echo "bench: failed: ${failed[*]}" >&2
  exit 1
fi
