#!/usr/bin/env bash
# lint.sh format          — every C++ file must already be clang-formatted.
# lint.sh tidy BUILD_DIR  — clang-tidy (.clang-tidy) over the sources of the
#                           library and programs, using BUILD_DIR's
#                           compile_commands.json.
set -euo pipefail
cd "$(dirname "$0")/.."

sources() {
  git ls-files --cached --others --exclude-standard -- "$@" | while read -r f; do
    [[ -f $f ]] && echo "$f"
  done
}

case ${1:-} in
  format)
    mapfile -t files < <(sources '*.cc' '*.h')
    clang-format --dry-run --Werror "${files[@]}"
    echo "clang-format: ${#files[@]} files clean"
    ;;
  tidy)
    build=${2:?build directory}
    mapfile -t files < <(sources 'lib/*.cc' 'tools/*.cc' 'pfkeyd/*.cc' 'spmd/*.cc' 'iked/*.cc' 'kinkd/*.cc')
    runner=$(command -v run-clang-tidy-14 || command -v run-clang-tidy)
    tidy=$(command -v clang-tidy-14 || command -v clang-tidy)
    # Files whose translation unit, flags and checks are unchanged since
    # they were found clean are not checked again (scripts/tidy_cache.py).
    cache=.ci/tidy-clean.txt
    declare -A clean=()
    if [[ -f $cache ]]; then
      while read -r key; do clean[$key]=1; done <"$cache"
    fi
    mapfile -t keyed < <(TIDY=$tidy python3 scripts/tidy_cache.py keys "$build" "${files[@]}")
    to_check=()
    keys=()
    for line in "${keyed[@]}"; do
      key=${line%% *}
      keys+=("$key")
      [[ $key != none && -n ${clean[$key]:-} ]] || to_check+=("${line#* }")
    done
    if ((${#to_check[@]})); then
      "$runner" -quiet -p "$build" -j "$(nproc)" "${to_check[@]}" >build/logs/clang-tidy.log 2>&1 || {
        grep -E 'warning:|error:' build/logs/clang-tidy.log | sort -u | head -50 >&2
        echo "clang-tidy: findings above (full log build/logs/clang-tidy.log)" >&2
        exit 1
      }
    fi
    # Every file is clean now: the cache becomes exactly their keys.
    printf '%s\n' "${keys[@]}" | grep -v '^none$' | sort -u >"$cache"
    echo "clang-tidy: ${#files[@]} files clean (${#to_check[@]} checked, the rest unchanged since)"
    ;;
  *)
    echo "usage: $0 format | tidy BUILD_DIR" >&2
    exit 2
    ;;
esac
