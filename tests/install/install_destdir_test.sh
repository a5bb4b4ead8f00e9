#!/usr/bin/env bash
# `DESTDIR=D cmake --install BUILD` puts every file under D/<prefix> and
# nothing elsewhere; the installed programs run.
set -euo pipefail
build=${1:?build dir}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
DESTDIR=$stage cmake --install "$build" >"$stage.log" 2>&1 || { cat "$stage.log"; exit 1; }
rm -f "$stage.log"

fail() { echo "FAIL: $*" >&2; exit 1; }
[[ -x $stage$prefix/sbin/racoon2-config ]] || fail "racoon2-config not in $prefix/sbin"
# Every installed file lies below DESTDIR/prefix or DESTDIR/etc (sysconfdir for /usr).
while read -r f; do
  case $f in
    "$stage$prefix"/* | "$stage"/etc/* | "$stage"/var/*) ;;
    *) fail "file outside the prefix: ${f#$stage}" ;;
  esac
done < <(find "$stage" -type f)
"$stage$prefix/sbin/racoon2-config" --version | grep -q '^racoon2-config [0-9]' ||
  fail "installed racoon2-config does not run"
echo "PASS: $(find "$stage" -type f | wc -l) files installed under DESTDIR$prefix"
