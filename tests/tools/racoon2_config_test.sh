#!/usr/bin/env bash
# racoon2-config from the command line: every subcommand's output and exit status.
# Usage: racoon2_config_test.sh RACOON2_CONFIG_BINARY [SAMPLE_CONF_DIR]
set -uo pipefail
bin=$(realpath "${1:?racoon2-config binary}")
here=$(realpath "$(dirname "$0")")
samples=$(realpath "${2:-$here/../../conf}")
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
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

# check and dump work on files in a private temp dir: config files must not
# be group/other-writable and secret files must be mode 600.
umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
mkdir psk
printf 'a-test-key\n' >psk/peer.psk
printf 'setval { PSKDIR "%s/psk"; PEER "192.0.2.2"; };\n' "$work" >vals.conf
cat >good.conf <<'CONF'
include "vals.conf";
interface { ike { MY_IP port 500; }; spmd { unix "/var/run/racoon2/spmif"; }; };
resolver { resolver off; };
remote peer {
  acceptable_kmp { ikev2; };
  ikev2 {
    my_id ipaddr 192.0.2.1;
    peers_id ipaddr "${PEER}";
    peers_ipaddr "${PEER}" port 500;
    kmp_auth_method { psk; };
    pre_shared_key "${PSKDIR}/peer.psk";
  };
};
CONF
cat >bad.conf <<'CONF'
remote a {
  ikev2 { nonce_sise 3; };
};
selector s { direktion inbound; };
CONF
sed 's/peer\.psk/missing.psk/' good.conf >nopsk.conf

expect "check: good file" 0 '^good\.conf: OK \([0-9]+ warnings?\)$' -- check good.conf
out=$("$bin" check 2>&1)
grep -qE '/racoon2\.conf: ' <<<"$out" || fail "check: without FILE the installed racoon2.conf is checked, got: $out"
expect "check: bad flag" 2 "unknown argument '--frob'" -- check --frob good.conf
expect "check: bad file, first error" 1 \
  "^bad\.conf:2:11: unknown directive 'nonce_sise' in ikev2 \{ \}; did you mean 'nonce_size'\?$" \
  -- check bad.conf
expect "check: bad file, second error too" 1 \
  "^bad\.conf:4:14: unknown directive 'direktion' in selector \"s\"; did you mean 'direction'\?$" \
  -- check bad.conf
expect "check: bad file summary" 1 '^bad\.conf: [2-9] errors?, [0-9]+ warnings?$' -- check bad.conf
out=$("$bin" check bad.conf 2>/dev/null)
[[ $out =~ ^bad\.conf:\ [0-9]+\ errors ]] || fail "check: the summary goes to stdout, got: $out"
out=$("$bin" check bad.conf 2>&1 >/dev/null)
grep -q 'nonce_sise' <<<"$out" || fail "check: diagnostics go to stderr, got: $out"
expect "check: every file is checked" 1 '^good\.conf: OK' -- check bad.conf good.conf
expect "check: missing PSK file" 1 'missing\.psk' -- check nopsk.conf
expect "check --no-secret-check skips the PSK file" 0 '^nopsk\.conf: OK' \
  -- check --no-secret-check nopsk.conf

# dump: the resolved model; its text parses back to the same model.
if "$bin" dump good.conf >dump1.conf 2>dump.err; then
  grep -q '192\.0\.2\.2' dump1.conf || fail "dump: \${PEER} is not expanded"
  grep -q 'include' dump1.conf && fail "dump: include is not inlined"
  grep -qF "$work/psk/peer.psk" dump1.conf || fail "dump: \${PSKDIR} is not expanded"
  expect "dump round trip: the dump checks OK" 0 '^dump1\.conf: OK' -- check dump1.conf
  if "$bin" dump dump1.conf >dump2.conf 2>>dump.err; then
    if cmp -s dump1.conf dump2.conf; then
      echo "ok: dump round trip"
    else
      fail "dump round trip: dump of the dump differs: $(diff dump1.conf dump2.conf | head -10)"
    fi
  else
    fail "dump round trip: dump of the dump failed: $(cat dump.err)"
  fi
else
  fail "dump: good file failed: $(cat dump.err)"
fi
if "$bin" dump --json good.conf >dump.json 2>dump.err && python3 -m json.tool dump.json >/dev/null; then
  echo "ok: dump --json is valid JSON"
else
  fail "dump --json: not valid JSON or failed: $(cat dump.err; head -c 300 dump.json)"
fi
expect "dump: errors fail, diagnostics on stderr" 1 "^bad\.conf:2:11: unknown directive" -- dump bad.conf
out=$("$bin" dump bad.conf 2>/dev/null)
[[ -z $out ]] || fail "dump: a bad file printed a model: $out"
expect "dump: bad flag" 2 "unknown argument '--yaml'" -- dump --yaml good.conf

# key-engine: the probes and the choice. Only what holds on any host is
# asserted (this host has no ESP, the VM has): pfkeyd at a path where
# nothing listens, named in the file or on the command line.
printf 'interface { key_engine pfkeyd; pfkeyd_socket "%s/none/pfkey"; };\n' "$work" >engine.conf
expect "key-engine: every probe is shown" 0 '^xfrm +(can hold|no: )' -- key-engine engine.conf
expect "key-engine: pfkeyd socket probed" 0 "^pfkeyd +no: no pfkeyd answers at $work/none/pfkey" \
  -- key-engine engine.conf
expect "key-engine: the file decides" 0 '^key engine: pfkeyd \(set in engine\.conf\)$' \
  -- key-engine engine.conf
expect "key-engine: the command line wins" 0 '^key engine: xfrm \(--key-engine\)$' \
  -- key-engine --key-engine=xfrm engine.conf
expect "key-engine: bad engine" 2 "expected auto, pfkey, xfrm or pfkeyd, got 'ipsec'" \
  -- key-engine --key-engine=ipsec engine.conf
expect "key-engine: a named engine that cannot work is a warning" 0 \
  'warning: key engine pfkeyd was named but no pfkeyd answers' -- key-engine engine.conf
sed 's/pfkeyd;/auto;/' engine.conf >auto.conf
out=$("$bin" key-engine auto.conf 2>&1)
status=$?
if [[ $status -eq 0 ]]; then
  grep -qE '^key engine: (xfrm|pfkey) \(chosen by key_engine auto\)$' <<<"$out" ||
    fail "key-engine: auto chose, but said: $out"
else
  grep -qE "nothing on this host can hold ESP/AH SAs.*pfkeyd: no pfkeyd answers at $work/none/pfkey" \
    <<<"$out" || fail "key-engine: auto failed without naming every reason: $out"
fi

# The sample set in conf/, installed as an administrator would: the whole
# set, then each scenario alone with the values and defaults it relies on.
mkdir samples
if bash "$here/sample_setup.sh" "$samples" "$work/samples"; then
  cd samples || exit 1
  expect "samples: racoon2.conf" 0 '^racoon2\.conf: OK' -- check racoon2.conf
  for scenario in *.conf; do
    case $scenario in racoon2.conf | vals.conf | default.conf | only_*) continue ;; esac
    printf 'include "vals.conf";\ninclude "default.conf";\ninclude "%s";\n' "$scenario" \
      >"only_$scenario"
    expect "samples: $scenario alone" 0 "^only_${scenario//./\\.}: OK" -- check "only_$scenario"
  done
  expect "samples: dump" 0 '^setval|^interface' -- dump racoon2.conf
  cd .. || exit 1
else
  fail "samples: could not install $samples"
fi

if ((failures)); then
  echo "$failures check(s) failed"
  exit 1
fi
