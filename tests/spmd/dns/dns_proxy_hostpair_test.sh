#!/usr/bin/env bash
# spmd's DNS proxy end to end (issue #7), in a host pair (tests/rigs):
#   host b: dnsmasq on 192.0.2.2:53, the real upstream (answers with TTL 2),
#           and later mangling_upstream.py on 192.0.2.3:53, a relay that
#           sends garbage, a wrong ID, a wrong question and a wrong source
#           before each genuine answer (or only a late one);
#   host a: pfkeyd, and spmd on it with an FQDN selector for peer.dns.test,
#           resolver on, dns_query 127.0.0.1; dig is the real client.
# Steps: spmd resolves the selector's name itself and installs its
# policies; dig through the proxy; the answer changes and the policies
# follow; TCP fallback for a 40-address answer; spoofed, malformed and
# late answers dropped and counted exactly; fail-over; TERM removes the
# policies. Each step prints `ok: ...` or `FAIL: ...`.
#   usage: dns_proxy_hostpair_test.sh SPMD PFKEYD SPMDCTL RCSETKEY
# A && echo ok || fail: echo does not fail.
# shellcheck disable=SC2015
set -u
spmd=${1:?path to spmd}
pfkeyd=${2:?path to pfkeyd}
spmdctl=${3:?path to spmdctl}
rcsetkey=${4:?path to rcsetkey}
here=$(cd "$(dirname "$0")" && pwd)
rigs=$(cd "$here/../../rigs" && pwd)

skip() {
  echo "[  SKIPPED ] $*"
  exit 0
}
[ "$(id -u)" = 0 ] || skip "not root: host pairs need root"
for tool in dnsmasq dig python3; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (scripts/deps.sh)"
done
# shellcheck source=../../rigs/hostpair.sh
source "$rigs/hostpair.sh"
if ! why=$(hostpair_check); then
  skip "${why#hostpair: not available: }"
fi
# spd_lines, fail, failures, wait_for (10 s)
# shellcheck source=../daemon/spmd_test_lib.sh
. "$here/../daemon/spmd_test_lib.sh"

name=$(hostpair_name dns)
work=$(mktemp -d)
chmod 700 "$work"
spmd_pid=
mangled_sets=0 late_sent=0
cleanup() {
  [ -n "$spmd_pid" ] && kill "$spmd_pid" 2>/dev/null
  hostpair_down "$name" >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
hostpair_up "$name" >/dev/null || {
  echo "FAIL: no host pair"
  exit 1
}
conf=$work/racoon2.conf
b_ns=$name-b b_if=$name-b  # host b's namespace and its veth end

in_a() { hostpair_exec "$name" a -- "$@"; }
in_b() { hostpair_exec "$name" b -- "$@"; }
gone() { ! kill -0 "$1" 2>/dev/null; }
show_log() {  # show_log FILE: the last lines of a log (without spmif chatter), for a failure
  echo "--- $(basename "$1") (last 40 lines)"
  grep -v 'spmif connection' "$1" 2>/dev/null | tail -n 40
}
# The SPD as pfkeyd holds it, one line per policy (spmd_test_lib.sh).
spd() { "$rcsetkey" --config "$work/engine.conf" -DP 2>/dev/null | spd_lines; }
# A STAT counter: counter "DNS QUERY" [FILE] (a saved status, else spmd now).
counter() {
  local file=${2:-}
  if [ -z "$file" ]; then
    file=$work/stat.now
    "$spmdctl" -f "$conf" status >"$file" 2>&1
  fi
  awk -v want="$1" -F ' = ' '$1 == want { print $2; found = 1 } END { if (!found) print "?" }' "$file"
}
stat_line() {  # the counters that matter here, for a failure message
  grep -E '^(DNS|CACHE)' "$1" | tr '\n' ';'
}
fqdn_query() { "$spmdctl" -f "$conf" fqdn query "$1" 2>&1; }

# --- 1. dnsmasq in host b ----------------------------------------------
write_zone() {  # write_zone PEER_ADDRESS
  {
    printf '%s\tpeer.dns.test\n' "$1"
    printf '198.51.100.30\tlate.dns.test\n'
    for i in $(seq 101 140); do printf '198.51.100.%s\tbig.dns.test\n' "$i"; done
  } >"$work/zone.hosts.new"
  mv "$work/zone.hosts.new" "$work/zone.hosts"
}
write_zone 198.51.100.10
# -u root: dnsmasq re-reads the hosts file on HUP after dropping
# privileges, and $work is private to root. --local: dns.test is answered
# here (AAAA: "no such record", not REFUSED for want of an upstream).
hostpair_spawn "$name" b --log "$work/dnsmasq.log" -- \
  dnsmasq -k -C /dev/null -u root --no-resolv --no-hosts --bind-interfaces \
  --listen-address=192.0.2.2 --addn-hosts="$work/zone.hosts" --local-ttl=2 --local=/dns.test/ \
  --pid-file="$work/dnsmasq.pid" --log-facility=- --log-queries >/dev/null
dnsmasq_answers() { [ "$(in_b dig +short +time=1 +tries=1 @192.0.2.2 peer.dns.test)" = 198.51.100.10 ]; }
if wait_for dnsmasq_answers; then
  echo "ok: dnsmasq answers in host b"
else
  show_log "$work/dnsmasq.log"
  fail "dnsmasq does not answer"
  exit 1
fi
ttl=$(in_a dig +noall +answer @192.0.2.2 peer.dns.test | awk '{ print $2; exit }')
[ "$ttl" = 2 ] && echo "ok: dnsmasq's answers carry TTL 2 (seen from host a)" ||
  fail "TTL of dnsmasq's answer: '$ttl'"

# --- 2. pfkeyd and spmd in host a ----------------------------------------
hostpair_spawn "$name" a --log "$work/pfkeyd.log" -- \
  "$pfkeyd" -F --socket="$work/pfkey/pfkey" --state-file=none --pid-file="$work/pfkeyd.pid" \
  >/dev/null
if ! wait_for test -S "$work/pfkey/pfkey"; then
  show_log "$work/pfkeyd.log"
  fail "pfkeyd did not come up"
  exit 1
fi
engine="key_engine pfkeyd; pfkeyd_socket \"$work/pfkey/pfkey\";"
echo "interface { $engine };" >"$work/engine.conf"
(umask 077 && echo "not used: spmd never reads it" >"$work/psk")
cat >"$conf" <<CONF
interface {
	spmd { unix "$work/run/spmif"; };
	spmd_password "$work/spmd.pwd";
	$engine
};
resolver {
	resolver on;
	nameserver { 192.0.2.2 port 53; };
	dns_query { 127.0.0.1 port 53; };
};
remote peer {
	acceptable_kmp { ikev2; };
	ikev2 { my_id ipaddr 192.0.2.1; peers_ipaddr 192.0.2.2 port 500;
		kmp_auth_method { psk; }; pre_shared_key "$work/psk"; };
	selector_index name_out;
};
selector name_out { direction outbound; src 192.0.2.1; dst peer.dns.test; policy_index tr_pol; };
selector name_in { direction inbound; src peer.dns.test; dst 192.0.2.1; policy_index tr_pol; };
policy tr_pol { action auto_ipsec; remote_index peer; ipsec_mode transport;
	ipsec_index { esp_only; }; ipsec_level require; };
ipsec esp_only { ipsec_sa_lifetime_time 8 hour; sa_index esp_aes; };
sa esp_aes { sa_protocol esp; esp_enc_alg { aes128_cbc; }; esp_auth_alg { hmac_sha2_256; }; };
CONF
# Host a's own files do not know peer.dns.test: only DNS can tell spmd.
printf '127.0.0.1\tlocalhost\n' >"$work/hosts"
echo 'hosts: files dns' >"$work/nsswitch.conf"
spmd_pid=$(hostpair_spawn "$name" a --log "$work/spmd.log" -- \
  "$spmd" -F -d -f "$conf" --pid-file="$work/spmd.pid" --hosts-file="$work/hosts" \
  --nsswitch-file="$work/nsswitch.conf")
if ! wait_for spmd_ready "$work/spmd.log"; then
  show_log "$work/spmd.log"
  fail "spmd did not come up"
  exit 1
fi
policies_for() {  # policies_for ADDRESS: spmd's two policies for the peer at ADDRESS
  local lines
  lines=$(spd)
  grep -qx "192.0.2.1/32\[any\] $1/32\[any\] any out ipsec esp/transport//require" <<<"$lines" &&
    grep -qx "$1/32\[any\] 192.0.2.1/32\[any\] any in ipsec esp/transport//require" <<<"$lines"
}
if wait_for policies_for 198.51.100.10; then
  echo "ok: spmd resolved peer.dns.test itself and installed its policies for 198.51.100.10"
else
  spd
  show_log "$work/spmd.log"
  fail "no policies for 198.51.100.10"
fi

# --- 3. a real client through the proxy --------------------------------
"$spmdctl" -f "$conf" status >"$work/stat.0" 2>&1
answer=$(in_a dig +short +time=3 +tries=1 @127.0.0.1 peer.dns.test)
[ "$answer" = 198.51.100.10 ] && echo "ok: dig @127.0.0.1 peer.dns.test answers 198.51.100.10" ||
  fail "dig through spmd answered '$answer'"
grep -qx 'peer.dns.test.' <<<"$(fqdn_query 198.51.100.10)" &&
  echo "ok: spmdctl fqdn query 198.51.100.10 names peer.dns.test." ||
  fail "fqdn query 198.51.100.10: $(fqdn_query 198.51.100.10)"
"$spmdctl" -f "$conf" status >"$work/stat.1" 2>&1
for c in "DNS QUERY" "DNS RESPONSE"; do
  before=$(counter "$c" "$work/stat.0")
  after=$(counter "$c" "$work/stat.1")
  if [ "$before" != "?" ] && [ "$after" != "?" ] && [ "$after" -gt "$before" ]; then
    echo "ok: STAT $c went up ($before -> $after)"
  else
    fail "STAT $c: $before -> $after"
  fi
done

# --- 4. the answer changes; the policies follow ------------------------
write_zone 198.51.100.20
kill -HUP "$(cat "$work/dnsmasq.pid")"
moved() { policies_for 198.51.100.20 && ! spd | grep -q '198\.51\.100\.10/'; }
if wait_for moved; then
  echo "ok: the policies moved to 198.51.100.20 and none names 198.51.100.10"
else
  spd
  show_log "$work/spmd.log"
  fail "the policies did not follow the answer"
fi
grep -Eq 'peer\.dns\.test\.? is now .*198\.51\.100\.20.*\(was .*198\.51\.100\.10' "$work/spmd.log" &&
  echo "ok: spmd's log says peer.dns.test is now 198.51.100.20 (was 198.51.100.10)" ||
  fail "no log line for the change: $(grep -i 'is now' "$work/spmd.log" | tail -n 3)"

# --- 5. TCP fallback: 40 addresses do not fit 512 bytes ----------------
"$spmdctl" -f "$conf" fqdn add big.dns.test >/dev/null 2>&1 || fail "fqdn add big.dns.test"
"$spmdctl" -f "$conf" status >"$work/stat.2" 2>&1
truncated=$(in_a dig +noedns +ignore +time=5 +tries=1 @127.0.0.1 big.dns.test)
flags=$(grep -o 'flags:[^;]*' <<<"$truncated" | head -n 1)
[[ " $flags " == *" tc "* ]] && echo "ok: a UDP client without EDNS gets the truncated answer ($flags)" ||
  fail "no TC for big.dns.test over UDP: '$flags'"
before=$(counter "DNS TCP RETRY" "$work/stat.2")
after=$(counter "DNS TCP RETRY")
[ "$before" != "?" ] && [ "$after" != "?" ] && [ "$after" -gt "$before" ] &&
  echo "ok: spmd asked again over TCP (DNS TCP RETRY $before -> $after)" ||
  fail "DNS TCP RETRY $before -> $after"
count_big() { grep -c '^198\.51\.100\.1[0-4][0-9]$' <<<"$1"; }
n=$(count_big "$(in_a dig +noedns +short +time=5 +tries=1 @127.0.0.1 big.dns.test)")
[ "$n" = 40 ] && echo "ok: dig +noedns falls back to TCP through spmd: 40 addresses" ||
  fail "dig +noedns big.dns.test: $n addresses"
n=$(count_big "$(in_a dig +tcp +short +time=5 +tries=1 @127.0.0.1 big.dns.test)")
[ "$n" = 40 ] && echo "ok: dig +tcp through spmd: 40 addresses" || fail "dig +tcp big.dns.test: $n addresses"
learned_all() {
  local a
  for a in 101 120 140; do
    grep -qx 'big.dns.test.' <<<"$(fqdn_query "198.51.100.$a")" || return 1
  done
}
if wait_for learned_all; then
  echo "ok: spmd learned all 40 addresses of big.dns.test (.101, .120, .140 cached)"
else
  fail "fqdn query 198.51.100.140: $(fqdn_query 198.51.100.140)"
fi

# --- 6. a hostile upstream ----------------------------------------------
ip -n "$b_ns" addr add 192.0.2.3/24 dev "$b_if" &&
  ip -n "$b_ns" addr add 192.0.2.4/24 dev "$b_if" || fail "adding 192.0.2.3 and .4 to host b"
relay_log=$work/relay.log
: >"$relay_log"
hostpair_spawn "$name" b --log "$work/relay.out" -- \
  "$here/mangling_upstream.py" --listen 192.0.2.3 --spoof-from 192.0.2.4 \
  --upstream 192.0.2.2 --log "$relay_log" >/dev/null
wait_for grep -qx listening "$relay_log" || {
  show_log "$work/relay.out"
  fail "the relay did not start"
  exit 1
}
# dig itself ignores the mangled copies, and says so for three of them
# (the wrong source never reaches its connected socket).
relay_direct=$(in_a dig +short +time=2 +tries=1 @192.0.2.3 peer.dns.test 2>&1)
if [ "$(grep -E '^[0-9.]+$' <<<"$relay_direct")" = 198.51.100.20 ] &&
  grep -q 'short (< header size) message' <<<"$relay_direct" &&
  grep -q 'ID mismatch' <<<"$relay_direct" && grep -q 'Question section mismatch' <<<"$relay_direct"; then
  echo "ok: the relay mangles (dig straight at it warns of garbage, wrong ID, wrong question)"
else
  fail "the relay answered dig with '$relay_direct'"
fi

# spmd's own refresh queries (every 1.5 s: TTL 2) go to the relay too, so
# the drops cannot be predicted from dig's queries alone. They are exact
# per query the relay answered: each brings 1 malformed datagram and 3
# spoofed ones (wrong ID, wrong question, wrong source address). The relay
# logs `start` when a query arrives and `done ... mangled|late` after its
# last datagram; a snapshot of spmd's counters is taken only when every
# query the relay started was done 0.3 s earlier (spmd has read them all)
# and no new one started until STAT was answered, so the counters and the
# relay's log describe the same moment.
relay_count() { grep -c "$@" "$relay_log"; }
# snapshot FILE: STAT into FILE; sets `mangled_sets` and `late_sent` from
# the relay's log. (Run in this shell, not in $(...): a subshell would
# outlive a TERM to the test.)
snapshot() {
  local started finished
  for _ in $(seq 60); do
    started=$(relay_count '^start ')
    finished=$(relay_count -e '^done ' -e '^noanswer ')
    if [ "$started" = "$finished" ]; then
      sleep 0.3
      "$spmdctl" -f "$conf" status >"$1" 2>&1
      if [ "$(relay_count '^start ')" = "$started" ]; then
        mangled_sets=$(relay_count ' mangled$')
        late_sent=$(relay_count ' late$')
        return 0
      fi
    fi
    sleep 0.$((RANDOM % 5 + 1))
  done
  return 1
}
delta() {  # delta NAME BEFORE AFTER: how much counter NAME moved, or ?
  local before after
  before=$(counter "$1" "$2")
  after=$(counter "$1" "$3")
  if [ "$before" = "?" ] || [ "$after" = "?" ]; then echo "?"; else echo $((after - before)); fi
}

"$spmdctl" -f "$conf" ns add 192.0.2.3 >/dev/null 2>&1 || fail "spmdctl ns add 192.0.2.3"
live=$("$spmdctl" -f "$conf" ns list 2>&1 | head -n 1)
[ "$live" = 192.0.2.3 ] && echo "ok: 192.0.2.3 (the relay) is the live name server" ||
  fail "ns list starts with '$live'"
snapshot "$work/stat.3" || fail "no quiet moment for a snapshot"
m0=$mangled_sets
answer=$(in_a dig +short +time=3 +tries=1 @127.0.0.1 peer.dns.test)
[ "$answer" = 198.51.100.20 ] && echo "ok: through the relay, dig still gets 198.51.100.20" ||
  fail "dig through spmd and the relay answered '$answer'"
grep -q '^start [0-9]* peer\.dns\.test\. 1$' "$relay_log" || fail "no query for peer.dns.test reached the relay"
snapshot "$work/stat.4" || fail "no quiet moment for a snapshot"
mangled=$((mangled_sets - m0))
malformed=$(delta "DNS DROP MALFORMED" "$work/stat.3" "$work/stat.4")
spoofed=$(delta "DNS DROP SPOOFED" "$work/stat.3" "$work/stat.4")
if [ "$mangled" -ge 1 ] && [ "$malformed" = "$mangled" ] && [ "$spoofed" = $((3 * mangled)) ]; then
  echo "ok: $mangled mangled answer sets: DNS DROP MALFORMED +$malformed, DNS DROP SPOOFED +$spoofed"
else
  fail "for $mangled mangled answer sets: DNS DROP MALFORMED +$malformed (want +$mangled)," \
    "DNS DROP SPOOFED +$spoofed (want +$((3 * mangled))); $(stat_line "$work/stat.4")"
fi
names_20=$(fqdn_query 198.51.100.20)
if grep -qx 'peer.dns.test.' <<<"$names_20" && ! grep -q 'peer' <<<"$(fqdn_query 198.51.100.10)" &&
  ! fqdn_query 203.0.113.66 | grep -q 'dns.test' && policies_for 198.51.100.20 &&
  ! spd | grep -q '203\.0\.113\.66'; then
  echo "ok: the cache and the SPD still map peer.dns.test to 198.51.100.20 only"
else
  fail "cache after the mangled answers: .20: '$names_20', .10: '$(fqdn_query 198.51.100.10)'," \
    "203.0.113.66: '$(fqdn_query 203.0.113.66)'"
fi

# A late answer: the relay waits 3 s, spmd gives it 2 s, fails over to
# dnsmasq, and counts the answer when it comes to the lingering socket.
snapshot "$work/stat.5" || fail "no quiet moment for a snapshot"
m2=$mangled_sets l2=$late_sent
answer=$(in_a dig +short +tries=1 +timeout=6 @127.0.0.1 late.dns.test)
[ "$answer" = 198.51.100.30 ] && echo "ok: late.dns.test answered by dnsmasq after the fail-over" ||
  fail "dig late.dns.test answered '$answer'"
wait_for grep -q ' late\.dns\.test\. 1 late$' "$relay_log" || fail "the relay never sent the late answer"
sleep 0.5
snapshot "$work/stat.6" || fail "no quiet moment for a snapshot"
mangled=$((mangled_sets - m2))
late_sent=$((late_sent - l2))
malformed=$(delta "DNS DROP MALFORMED" "$work/stat.5" "$work/stat.6")
spoofed=$(delta "DNS DROP SPOOFED" "$work/stat.5" "$work/stat.6")
late=$(delta "DNS DROP LATE" "$work/stat.5" "$work/stat.6")
expired=$(delta "DNS EXPIRED QUERY" "$work/stat.5" "$work/stat.6")
if [ "$late_sent" = 1 ] && [ "$late" = 1 ] && [ "$expired" = 1 ] && [ "$malformed" = "$mangled" ] &&
  [ "$spoofed" = $((3 * mangled)) ]; then
  echo "ok: the late answer: DNS DROP LATE +1, DNS EXPIRED QUERY +1" \
    "(and $mangled mangled sets of spmd's own queries: +$malformed malformed, +$spoofed spoofed)"
else
  fail "late answer: DNS DROP LATE +$late, DNS EXPIRED QUERY +$expired (want +1 each);" \
    "$mangled mangled sets: MALFORMED +$malformed, SPOOFED +$spoofed; $(stat_line "$work/stat.6")"
fi
live=$("$spmdctl" -f "$conf" ns list 2>&1 | head -n 1)
[ "$live" = 192.0.2.2 ] && echo "ok: after the time-out, dnsmasq (192.0.2.2) is the live server" ||
  fail "live server after the fail-over: '$live'"
grep -q '192.0.2.3 did not answer' "$work/spmd.log" && echo "ok: spmd logged the fail-over" ||
  fail "no log line for the fail-over"

# --- 7. TERM --------------------------------------------------------------
kill -TERM "$spmd_pid"
wait_for gone "$spmd_pid" || fail "spmd did not stop on TERM"
spmd_pid=
left=$(spd)
[ -z "$left" ] && echo "ok: after TERM, spmd's policies are gone from pfkeyd's SPD" ||
  fail "policies left after TERM: $left"

if [ "$failures" != 0 ]; then
  show_log "$work/spmd.log"
  show_log "$work/relay.log"
fi
[ "$failures" = 0 ]
