# shellcheck shell=bash disable=SC2034 # the variables are for the sourcing script
# Where fetch-assets.sh left the kernel and busybox (sourced, bash).
# Sets vm_cache, vm_kver, vm_vmlinux, vm_tree (the unpacked kernel package)
# and vm_busybox; vm_assets_problem prints why the rig cannot run, if so.

vm_cache=${RACOON2_VM_CACHE:-/var/cache/racoon2-vm}
vm_kver=$(cat "$vm_cache/kernel-version" 2>/dev/null || true)
vm_tree=$vm_cache/kernel/$vm_kver/tree
vm_vmlinux=$vm_cache/kernel/$vm_kver/vmlinux
vm_busybox=$vm_cache/busybox/tree/bin/busybox

vm_assets_problem() {
  local tool
  for tool in qemu-system-x86_64 cpio ldd; do
    command -v "$tool" >/dev/null || {
      echo "$tool not installed"
      return
    }
  done
  [[ -x $(stage_sbin modprobe) && -x $(stage_sbin depmod) ]] || {
    echo "kmod (modprobe, depmod) not installed"
    return
  }
  if [[ -z $vm_kver || ! -f $vm_cache/kernel/$vm_kver/complete || ! -f $vm_cache/busybox/complete ]]; then
    echo "no kernel and busybox in $vm_cache"
  fi
}
