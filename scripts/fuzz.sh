#!/usr/bin/env bash
# fuzz.sh BUILD_DIR SECONDS — run every libFuzzer target of a RACOON2_FUZZ
# build for SECONDS each, starting from its committed corpus. New inputs go
# to a scratch directory, so the committed corpus is only read. A crash,
# leak, sanitizer report or timeout fails the run and leaves the reproducer
# in build/logs/fuzz-<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?build directory}
seconds=${2:-30}
list=$build/fuzz-targets.txt
[[ -f $list ]] || { echo "fuzz: $list missing (configure with RACOON2_FUZZ=ON)" >&2; exit 1; }
count=0
while read -r target; do
  [[ -z $target ]] && continue
  bin=$build/tests/fuzz/fuzz_$target
  corpus=tests/fuzz/corpus/$target
  work=build/logs/fuzz-$target
  rm -rf "$work" && mkdir -p "$work/new"
  echo "fuzz: $target for ${seconds}s (corpus $(find "$corpus" -type f | wc -l) files)"
  if ! (cd "$work" && ASAN_OPTIONS=detect_leaks=1 "$OLDPWD/$bin" -max_total_time="$seconds" \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 new "$OLDPWD/$corpus" >run.log 2>&1); then
    echo "fuzz: $target FAILED; reproducer and log in $work" >&2
    grep -A30 -E 'ERROR|runtime error|deadly signal|timeout' "$work/run.log" | head -60 >&2
    exit 1
  fi
  grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$work/run.log" | tr '\n' ' '
  echo
  count=$((count + 1))
done <"$list"
echo "fuzz: $count targets ran clean"
