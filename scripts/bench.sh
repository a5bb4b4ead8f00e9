#!/usr/bin/env bash
# bench.sh [--smoke] BUILD_DIR — run every benchmark of a build and print the
# figures. --smoke runs each benchmark briefly (CI checks they work; it never
# judges speed). For real figures use a Release build (cmake --preset release).
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
