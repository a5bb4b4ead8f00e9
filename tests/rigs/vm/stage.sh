# shellcheck shell=bash
# Staging helpers shared by build-initramfs.sh and vm-run (sourced, bash).
# A staging directory is the root of a future cpio archive. Host files go
# into it at the paths they have on the host, so dynamic binaries find their
# libraries where ldd found them.

# The host's merged-/usr links (bin -> usr/bin, ...), mirrored in every
# staging directory: files copied through them land at their canonical
# path, and the links themselves never go into a per-run archive (the
# kernel would replace the base archive's link by a directory).
stage_usr_links=()
for _d in bin sbin lib lib32 lib64 libx32; do
  _t=$(readlink "/$_d" || true)
  [[ -n $_t && $_t != /* ]] && stage_usr_links+=("$_d:$_t")
done
unset _d _t

# stage_init DIR: an empty root with the merged-/usr links.
stage_init() {
  local root=$1 pair
  mkdir -p "$root"
  for pair in "${stage_usr_links[@]}"; do
    mkdir -p "$root/${pair#*:}"
    ln -sfn "${pair#*:}" "$root/${pair%%:*}"
  done
}

# stage_sbin NAME: kmod's NAME, also when /usr/sbin is not on PATH.
stage_sbin() { command -v "$1" 2>/dev/null || echo "/usr/sbin/$1"; }

stage_is_elf() { [[ -f $1 && $(head -c4 "$1" 2>/dev/null) == $'\x7fELF' ]]; }

# stage_copy ROOT PATH: the host file PATH (links followed) at ROOT/PATH.
stage_copy() {
  local root=$1 path=$2
  [[ -e $root$path && ! -L $root$path ]] && return 0
  mkdir -p "$root${path%/*}"
  rm -f "$root$path"
  cp -L --preserve=mode,timestamps "$path" "$root$path"
}

# stage_libs ROOT FILE: every library ldd lists for FILE, at its host path.
stage_libs() {
  local root=$1 file=$2 line lib missing=()
  while read -r line; do
    case $line in
      *'=> not found'*) missing+=("${line%% *}") ;;
      *'=> /'*) lib=${line#*=> } && stage_copy "$root" "${lib%% (*}" ;;
      /*) stage_copy "$root" "${line%% (*}" ;;
    esac
  done < <(ldd "$file" 2>/dev/null || true)
  if ((${#missing[@]})); then
    echo "vm-run: $file needs ${missing[*]}, not found on this host" >&2
    return 1
  fi
}

# stage_add ROOT PATH: a host file or directory at the same absolute path;
# ELF files (also inside a directory) come with their libraries. Links
# inside a directory stay links.
stage_add() {
  local root=$1 path=$2 f
  if [[ -d $path ]]; then
    mkdir -p "$root$path"
    cp -a "$path/." "$root$path/"
    while IFS= read -r -d '' f; do
      if stage_is_elf "$f"; then stage_libs "$root" "$f" || return 1; fi
    done < <(find "$path" -type f -print0)
  elif [[ -e $path ]]; then
    stage_copy "$root" "$path"
    if stage_is_elf "$path"; then stage_libs "$root" "$path" || return 1; fi
  else
    echo "vm-run: $path does not exist" >&2
    return 1
  fi
}

# stage_module_files TREE KVER NAME...: the .ko paths (relative to TREE)
# that loading the named modules (or aliases) needs, dependencies included.
# The host's modprobe only reads TREE's index (fetch-assets.sh made it).
stage_module_files() {
  local tree=$1 kver=$2 line
  shift 2
  "$(stage_sbin modprobe)" -C /dev/null -d "$tree" -S "$kver" --show-depends -a "$@" | while read -r line; do
    [[ $line == insmod\ * ]] || continue
    line=${line#insmod }
    line=${line%% *}
    line=${line#"$tree"}
    echo "${line#/}"
  done | sort -u
}

# stage_cpio ROOT base|overlay: ROOT as a newc archive on stdout, owned by
# root. An overlay (the per-run archive unpacked over the base) leaves out
# the merged-/usr links.
stage_cpio() {
  local root=$1 kind=$2 pair prune=()
  if [[ $kind == overlay ]]; then
    for pair in "${stage_usr_links[@]}"; do
      prune+=(! -path "./${pair%%:*}")
    done
  fi
  (cd "$root" && find . -mindepth 1 "${prune[@]}" | LC_ALL=C sort |
    cpio --quiet -o -H newc -R 0:0)
}
