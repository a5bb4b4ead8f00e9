#!/usr/bin/env bash
# Installs every Debian 12 package that building racoon2 and running its
# tests need, then fetches the test VM's kernel and busybox (as .deb files
# unpacked into a cache, never installed: tests/rigs/vm/fetch-assets.sh).
# Idempotent: packages already present are not touched, apt-get runs only
# when something is missing, and the VM assets are fetched once per kernel.
# Tests never install anything themselves; add a package here when a test
# starts needing it.
set -euo pipefail

packages=(
  # toolchain and build
  build-essential cmake ninja-build pkg-config ccache git
  clang libclang-rt-14-dev clang-format clang-tidy
  # libraries
  libssl-dev libkrb5-dev libbsd-dev libfmt-dev libsystemd-dev
  bison flex
  # tests and benchmarks (python3: json.tool checks `racoon2-config dump --json`)
  libgtest-dev libgmock-dev libbenchmark-dev python3
  # what tests and tools read from the system: /etc/services, /etc/protocols,
  # ip(8) for network namespaces, man for rendering man pages
  netbase iproute2 procps man-db
  # ping(8): the host-pair rig's self-test checks reachability (tests/rigs)
  iputils-ping
  # the test VM (tests/rigs/vm): qemu boots Debian's kernel under TCG; cpio,
  # kmod (depmod, modprobe) and xz/gzip build its initramfs
  qemu-system-x86 cpio kmod xz-utils gzip
  # spmd's DNS proxy end-to-end test (tests/spmd/dns): dnsmasq is the real
  # upstream name server in host b, dig (bind9-dnsutils) the real client
  dnsmasq bind9-dnsutils
  # bench/dns_proxy_bench.sh: dnsdist is the peer spmd's proxy is measured
  # beside, dnsperf the load
  dnsdist dnsperf
)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "deps: all ${#packages[@]} packages present"
elif [[ $(id -u) -ne 0 ]]; then
  echo "deps: missing packages: ${missing[*]}" >&2
  echo "deps: run this script as root (or: sudo apt-get install ${missing[*]})" >&2
  exit 1
else
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The kernel (with PF_KEY and ESP) and busybox the test VM boots.
bash "$(dirname "$0")/../tests/rigs/vm/fetch-assets.sh"
