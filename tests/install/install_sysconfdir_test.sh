#!/usr/bin/env bash
# The configuration directory follows the prefix as GNUInstallDirs defines
# it: /usr -> /etc/racoon2 (distribution packages), /usr/local ->
# /usr/local/etc/racoon2 (the original racoon2's default), /opt/X -> /etc/opt/X
# (FHS, as GNUInstallDirs does), and an explicit
# RACOON2_SYSCONFDIR wins. Only configures; builds nothing.
set -euo pipefail
src=${1:?source dir}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sysconfdir_for() {
  local dir=$work/b$RANDOM
  cmake -S "$src" -B "$dir" -G Ninja -DRACOON2_TESTS=OFF -DRACOON2_BENCH=OFF "$@" >"$dir.log" 2>&1 ||
    { cat "$dir.log" >&2; exit 1; }
  sed -n 's/^RACOON2_SYSCONFDIR:PATH=//p' "$dir/CMakeCache.txt"
  grep -h 'kConfigFile' "$dir/lib/base/build_config.h" >"$dir.cfg"
}

check() {
  local want=$1; shift
  local got
  got=$(sysconfdir_for "$@")
  [[ $got == "$want" ]] || { echo "FAIL: $* -> sysconfdir '$got', want '$want'" >&2; exit 1; }
  echo "ok: $* -> $got"
}

check /etc/racoon2 -DCMAKE_INSTALL_PREFIX=/usr
check /usr/local/etc/racoon2 -DCMAKE_INSTALL_PREFIX=/usr/local
check /etc/opt/r2/racoon2 -DCMAKE_INSTALL_PREFIX=/opt/r2  # FHS: /opt/NAME keeps its config in /etc/opt/NAME
check /srv/conf -DCMAKE_INSTALL_PREFIX=/usr -DRACOON2_SYSCONFDIR=/srv/conf
grep -q '"/etc/racoon2/racoon2.conf"' "$work"/b*.cfg || { echo "FAIL: config path not compiled in" >&2; exit 1; }
echo "PASS"
