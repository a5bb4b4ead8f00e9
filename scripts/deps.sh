#!/usr/bin/env bash
# Installs every Debian 12 package that building racoon2 and running its
# tests need. Idempotent: packages already present are not touched, and
# apt-get runs only when something is missing. Tests never install
# anything themselves; add a package here when a test starts needing it.
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
)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "deps: all ${#packages[@]} packages present"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "deps: missing packages: ${missing[*]}" >&2
  echo "deps: run this script as root (or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
