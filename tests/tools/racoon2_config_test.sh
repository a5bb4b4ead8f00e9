#!/usr/bin/env bash
# racoon2-config from the command line: every subcommand's output and exit status.
set -uo pipefail
bin=${1:?racoon2-config binary}
failures=0
expect() {  # expect DESCRIPTION WANT_STATUS GREP_PATTERN -- ARGS...
  local what=$1 want=$2 pattern=$3
  shift 4
  local out status
  out=$("$bin" "$@" 2>&1)
  status=$?
  if [[ $status -ne $want ]] || ! grep -qE -- "$pattern" <<<"$out"; then
    echo "FAIL: $what: status $status (want $want), output:"
    echo "$out" | head -20
    failures=$((failures + 1))
  else
    echo "ok: $what"
  fi
}
expect "version" 0 '^racoon2-config [0-9]+\.[0-9]+\.[0-9]+$' -- --version
expect "help lists commands" 0 'macros \[MACRO' -- --help
expect "no command is a usage error" 2 '^usage: racoon2-config' --
expect "unknown command" 2 "unknown command 'frobnicate'" -- frobnicate
expect "options: interface table" 0 'key_engine +auto\|pfkey\|xfrm\|pfkeyd +default: auto' -- options
expect "options: resolver default" 0 'resolver +boolean +default: off' -- options
expect "options --roff" 0 '^\.SS resolver$' -- options --roff
expect "options: bad flag" 2 "unknown argument '--json'" -- options --json
expect "macros: loopback on lo" 0 '^MY_IPV4%lo +127\.0\.0\.1/32$' -- macros MY_IPV4%lo
expect "macros: wildcards" 0 '^IP_ANY +::/0 0\.0\.0\.0/0$' -- macros IP_ANY
expect "macros: every macro by default" 0 '^IP_UNSPECIFIED ' -- macros
expect "macros: unknown interface" 1 'no interface named nosuch0' -- macros MY_IP%nosuch0
expect "macros: not a macro" 1 "'example.com' is not an address macro" -- macros example.com
if ((failures)); then
  echo "$failures check(s) failed"
  exit 1
fi
