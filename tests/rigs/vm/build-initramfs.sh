#!/usr/bin/env bash
# Prints the path of the base initramfs of the test VM, building it first
# when no archive for this kernel, these scripts and the host's bash and ip
# is cached. The base holds busybox, bash, iproute2's ip, /init, a few /etc
# files, and the IPsec, crypto and virtual-network modules.
#
# Cached in $RACOON2_VM_CACHE/initramfs when that is writable, otherwise in
# ${XDG_CACHE_HOME:-~/.cache}/racoon2-vm; archives unused for a week go.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/stage.sh"
. "$here/assets.sh"

problem=$(vm_assets_problem)
if [[ -n $problem ]]; then
  echo "vm-run: $problem; run scripts/deps.sh" >&2
  exit 77
fi

# Loaded at boot. Aliases work too (des3_ede is one).
boot_modules=(af_key esp4 esp6 ah4 ah6 xfrm_user xfrm4_tunnel xfrm6_tunnel ipcomp ipcomp6
  veth dummy tun
  authenc echainiv seqiv gcm ctr ghash_generic chacha20poly1305 cmac xcbc sha512_generic des3_ede)
# Copied whole (with their dependencies) so the kernel can load any
# algorithm or protocol from them on demand.
module_dirs=(kernel/crypto kernel/lib/crypto kernel/arch/x86/crypto
  kernel/net/xfrm kernel/net/key kernel/net/ipv4 kernel/net/ipv6)
# Host programs every run has; their libraries come along.
host_files=(/bin/bash /bin/ip)
host_dirs=(/etc/iproute2 /usr/share/iproute2)

# The archive's name changes with anything that changes its content.
host_libs=$(for f in "${host_files[@]}"; do ldd "$f"; done | grep -o '/[^ ]*' | sort -u)
# shellcheck disable=SC2086 # one path per word
key=$( {
  echo "$vm_kver"
  cat "$here/build-initramfs.sh" "$here/stage.sh" "$here/init"
  stat -L -c '%n %s %Y' "$vm_busybox" "${host_files[@]}" $host_libs
} | sha256sum | cut -c1-16)

if mkdir -p "$vm_cache/initramfs" 2>/dev/null && [[ -w $vm_cache/initramfs ]]; then
  dir=$vm_cache/initramfs
else
  dir=${XDG_CACHE_HOME:-$HOME/.cache}/racoon2-vm
  mkdir -p "$dir"
fi
archive=$dir/base-$vm_kver-$key.cpio
if [[ -f $archive ]]; then
  touch "$archive"
  echo "$archive"
  exit 0
fi

exec 9>"$dir/.lock"
flock 9
if [[ -f $archive ]]; then
  echo "$archive"
  exit 0
fi
find "$dir" -maxdepth 1 -name 'base-*.cpio' -mtime +7 -delete

root=$(mktemp -d "$dir/stage.XXXXXX")
trap 'rm -rf "$root"' EXIT
stage_init "$root"
mkdir -p "$root"/{dev,proc,sys,run,tmp,root,out,etc/racoon2-vm,racoon2-vm}
chmod 1777 "$root/tmp"
# The kernel opens /dev/console for /init before devtmpfs is mounted;
# without root (no mknod) the kernel's built-in archive provides it.
mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null || true

for f in "${host_files[@]}"; do stage_add "$root" "$f"; done
for d in "${host_dirs[@]}"; do
  if [[ -d $d ]]; then stage_add "$root" "$d"; fi
done

# busybox for everything else, but never in place of a host program: its
# ip has no xfrm, and ash would prefer its own applets.
cp "$vm_busybox" "$root/bin/busybox"
while read -r applet; do
  name=${applet##*/}
  [[ $applet == */* && $name != busybox ]] || continue
  for p in usr/local/sbin usr/local/bin usr/sbin usr/bin sbin bin; do
    [[ -e $root/$p/$name || -L $root/$p/$name ]] && continue 2
  done
  ln -s /bin/busybox "$root/$applet"
done < <("$vm_busybox" --list-full)

install -m 755 "$here/init" "$root/init"
cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/bash
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
EOF
printf '127.0.0.1\tlocalhost racoon2-vm\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files\nservices: files\nprotocols: files\n' \
  >"$root/etc/nsswitch.conf"
for f in /etc/services /etc/protocols; do
  if [[ -f $f ]]; then cp "$f" "$root$f"; fi
done

# Modules: the named ones, whole directories, and whatever they depend on;
# then an index over exactly what is there.
mapfile -t dir_modules < <(cd "$vm_tree/lib/modules/$vm_kver" &&
  find "${module_dirs[@]}" -name '*.ko' -printf '%f\n' | sed 's/\.ko$//')
while read -r ko; do
  mkdir -p "$root/${ko%/*}"
  cp "$vm_tree/$ko" "$root/$ko"
done < <(stage_module_files "$vm_tree" "$vm_kver" "${boot_modules[@]}" "${dir_modules[@]}")
for f in modules.builtin modules.builtin.modinfo modules.order; do
  cp "$vm_tree/lib/modules/$vm_kver/$f" "$root/lib/modules/$vm_kver/"
done
"$(stage_sbin depmod)" -b "$root" "$vm_kver"
echo "${boot_modules[*]}" >"$root/etc/racoon2-vm/modules"

stage_cpio "$root" base >"$archive.tmp"
mv "$archive.tmp" "$archive"
echo "$archive"
