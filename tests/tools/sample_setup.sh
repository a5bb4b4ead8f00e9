#!/usr/bin/env bash
# Installs the sample configuration set (conf/*.conf) into a scratch
# directory the way an administrator would install it into /etc/racoon2:
# RACOON2_DIR in vals.conf points at that directory, and spmd.pwd and every
# pre-shared key file the active samples name exist with mode 600. Used by
# tests/tools/racoon2_config_test.sh and scripts/demo.sh.
# Usage: sample_setup.sh SAMPLE_DIR DEST_DIR   (DEST_DIR must exist, absolute)
set -euo pipefail
src=${1:?sample directory}
dest=${2:?destination directory}
umask 077
cp "$src"/*.conf "$dest"/
sed -i -E "s|^([[:space:]]*RACOON2_DIR[[:space:]]+)\"[^\"]*\"|\1\"$dest\"|" "$dest/vals.conf"
grep -qF "\"$dest\"" "$dest/vals.conf" || {
  echo "sample_setup.sh: no RACOON2_DIR in $dest/vals.conf" >&2
  exit 1
}

# setval NAME "value"; lines -> a table for expanding ${NAME} below.
declare -A vals
while IFS=$'\t' read -r name value; do
  vals[$name]=$value
done < <(sed -nE 's/^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)[[:space:]]+"([^"]*)"[[:space:]]*;.*/\1\t\2/p' \
  "$dest/vals.conf")
expand() {
  local text=$1 name i
  for ((i = 0; i < 10; i++)); do
    [[ $text =~ \$\{([A-Za-z_][A-Za-z0-9_]*)\} ]] || break
    name=${BASH_REMATCH[1]}
    text=${text//"\${$name}"/${vals[$name]-}}
  done
  printf '%s\n' "$text"
}

# A secret made up for the test: its content does not matter, its owner
# and mode do.
make_secret() {
  mkdir -p "$(dirname "$1")"
  [[ -e $1 ]] || printf 'sample-secret-%s\n' "$RANDOM$RANDOM" >"$1"
  chmod 600 "$1"
}
# shellcheck disable=SC2016 # a config-language ${VAR}, not a shell one
make_secret "$(expand '${RACOON2_DIR}')/spmd.pwd"
# Every pre_shared_key / spmd_password not commented out, in any sample.
sed -nE 's/^[[:space:]]*(pre_shared_key|spmd_password)[[:space:]]+"([^"]*)".*/\2/p' "$dest"/*.conf |
  sort -u | while read -r path; do make_secret "$(expand "$path")"; done
