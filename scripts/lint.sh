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
    "$runner" -quiet -p "$build" -j "$(nproc)" "${files[@]}" >build/logs/clang-tidy.log 2>&1 || {
      grep -E 'warning:|error:' build/logs/clang-tidy.log | sort -u | head -50 >&2
      echo "clang-tidy: findings above (full log build/logs/clang-tidy.log)" >&2
      exit 1
    }
    echo "clang-tidy: ${#files[@]} files clean"
    ;;
  *)
    echo "usage: $0 format | tidy BUILD_DIR" >&2
    exit 2
    ;;
esac
