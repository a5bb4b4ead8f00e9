#!/usr/bin/env bash
# Fetches what the VM rig boots: Debian's stock kernel (the package that
# linux-image-amd64 depends on) and busybox-static, as .deb files unpacked
# into a cache directory. Nothing is installed on the host. Called at the
# end of scripts/deps.sh; tests never fetch.
#
# Cache ($RACOON2_VM_CACHE, default /var/cache/racoon2-vm):
#   debs/                       the downloaded .deb files
#   kernel/<kver>/tree/         the unpacked kernel package, with a depmod
#                               index over all its modules
#   kernel/<kver>/vmlinux       the uncompressed kernel (boots through PVH)
#   busybox/tree/bin/busybox    the static busybox
#   kernel-version              <kver> of the kernel the rig boots
# Idempotent: when the cache holds the current kernel and busybox, nothing
# is downloaded.
set -euo pipefail

cache=${RACOON2_VM_CACHE:-/var/cache/racoon2-vm}
say() { echo "vm-assets: $*"; }
die() {
  echo "vm-assets: $*" >&2
  exit 1
}

for tool in apt-get apt-cache dpkg-deb xz depmod; do
  command -v "$tool" >/dev/null || die "$tool not found (run scripts/deps.sh as root)"
done

lists_updated=0
update_lists() {
  ((lists_updated)) && return 1
  [[ $(id -u) -eq 0 ]] || die "apt lists are missing or stale; run scripts/deps.sh as root"
  say "apt-get update"
  apt-get update -qq
  lists_updated=1
}

# The versioned kernel package today's linux-image-amd64 points at.
kernel_package() {
  apt-cache depends linux-image-amd64 2>/dev/null |
    sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -1
}

# apt-cache fails without package lists; then fetch them once.
pkg=$(kernel_package) || true
if [[ -z $pkg ]]; then
  update_lists || true
  pkg=$(kernel_package) || true
fi
[[ -n $pkg ]] || die "apt-cache does not know linux-image-amd64"
kver=${pkg#linux-image-}

mkdir -p "$cache/debs" "$cache/kernel"
kdir=$cache/kernel/$kver
bbdir=$cache/busybox

have_deb() { compgen -G "$cache/debs/${1}_*.deb" >/dev/null; }

if [[ -f $kdir/complete && -f $bbdir/complete ]] && have_deb "$pkg" && have_deb busybox-static; then
  echo "$kver" >"$cache/kernel-version"
  say "kernel $kver and busybox already in $cache"
  exit 0
fi

# apt-get download writes into the current directory. As root, apt drops to
# the _apt user for downloads, which cannot write here; stay root instead.
download() {
  (cd "$cache/debs" && apt-get download -q=2 -o APT::Sandbox::User=root "$@")
}
wanted=()
have_deb "$pkg" || wanted+=("$pkg")
have_deb busybox-static || wanted+=(busybox-static)
# Offline with a complete older kernel in the cache: keep booting that one.
download_failed() {
  local old
  old=$(cat "$cache/kernel-version" 2>/dev/null || true)
  if [[ -n $old && $old != "$kver" && -f $cache/kernel/$old/complete && -f $bbdir/complete ]]; then
    echo "vm-assets: apt-get download ${wanted[*]} failed; the VM keeps kernel $old" >&2
    exit 0
  fi
  die "apt-get download ${wanted[*]} failed"
}
if ((${#wanted[@]})); then
  say "downloading ${wanted[*]} into $cache/debs"
  if ! download "${wanted[@]}"; then
    update_lists || download_failed
    download "${wanted[@]}" || download_failed
  fi
fi

newest_deb() { find "$cache/debs" -maxdepth 1 -name "${1}_*.deb" | sort -V | tail -1; }

if [[ ! -f $kdir/complete ]]; then
  say "unpacking $pkg"
  rm -rf "$kdir"
  mkdir -p "$kdir"
  dpkg-deb -x "$(newest_deb "$pkg")" "$kdir/tree"
  # Index every module once here so vm-run can resolve dependencies of
  # any module it is asked to add.
  depmod -b "$kdir/tree" "$kver"
  # The bzImage carries an xz-compressed vmlinux; the uncompressed ELF
  # boots through PVH in half the time of the bzImage.
  vmlinuz=$kdir/tree/boot/vmlinuz-$kver
  # (head closes the pipe early: grep's SIGPIPE is not a failure.)
  offset=$(LC_ALL=C grep -obUaP '\xFD7zXZ\x00' "$vmlinuz" | head -1 | cut -d: -f1) || true
  [[ -n $offset ]] || die "no xz stream in $vmlinuz"
  xz -dc --single-stream <(tail -c +$((offset + 1)) "$vmlinuz") >"$kdir/vmlinux"
  [[ $(head -c4 "$kdir/vmlinux") == $'\x7fELF' ]] || die "$vmlinuz did not yield an ELF vmlinux"
  touch "$kdir/complete"
fi

if [[ ! -f $bbdir/complete ]]; then
  say "unpacking busybox-static"
  rm -rf "$bbdir"
  mkdir -p "$bbdir"
  dpkg-deb -x "$(newest_deb busybox-static)" "$bbdir/tree"
  [[ -x $bbdir/tree/bin/busybox ]] || die "busybox-static has no bin/busybox"
  touch "$bbdir/complete"
fi

# Kernels other than the current one only take space.
for old in "$cache"/kernel/*; do
  [[ $old == "$kdir" ]] || rm -rf "$old"
done
find "$cache/debs" -maxdepth 1 -name 'linux-image-*.deb' ! -name "${pkg}_*.deb" -delete

echo "$kver" >"$cache/kernel-version"
say "kernel $kver and busybox ready in $cache"
