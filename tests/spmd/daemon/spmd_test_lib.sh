# Shared by the spmd end-to-end scripts: a racoon2.conf exercising every
# kind of static policy, and SPD dumps turned into one line per policy.
#   write_config FILE VARIANT SPMIF_SOCKET PASSWORD_FILE ENGINE_LINES
# VARIANT 1 is the start; VARIANT 2 is the edit HUP applies: tun changes
# its level (updated in place), drop goes, web appears, the rest is
# untouched.

write_config() {
  local file=$1 variant=$2 socket=$3 password=$4 engine=$5
  local tun_level=require drop_sel="" web_sel=""
  local psk
  psk="$(dirname "$file")/psk"
  [ -e "$psk" ] || (umask 077 && echo "not used: spmd never reads it" >"$psk")
  if [ "$variant" = 2 ]; then
    tun_level=unique
    web_sel='
selector web_out { direction outbound; src 192.0.2.1 port any; dst 198.51.100.80 port 443;
	upper_layer_protocol tcp; policy_index tr_pol; };
selector web_in { direction inbound; src 198.51.100.80 port 443; dst 192.0.2.1 port any;
	upper_layer_protocol tcp; policy_index tr_pol; };'
  else
    drop_sel='
selector drop_out { direction outbound; src 192.0.2.1; dst 203.0.113.0/24; policy_index drop_pol; };
selector drop_in { direction inbound; src 203.0.113.0/24; dst 192.0.2.1; policy_index drop_pol; };'
  fi
  cat >"$file" <<CONF
interface {
	spmd { unix "$socket"; };
	spmd_password "$password";
	$engine
};
resolver { resolver off; };
remote peer_b {
	acceptable_kmp { ikev2; };
	ikev2 { my_id ipaddr 192.0.2.1; peers_ipaddr 192.0.2.2 port 500;
		kmp_auth_method { psk; }; pre_shared_key "$psk"; };
	selector_index tr_out;
};
remote v1_only {
	acceptable_kmp { ikev1; };
	ikev1 { peers_ipaddr 192.0.2.3 port 500; kmp_auth_method { psk; }; pre_shared_key "$psk";
		kmp_enc_alg { aes128_cbc; }; kmp_hash_alg { sha1; }; kmp_dh_group { modp2048; }; };
};
remote kink_only {
	acceptable_kmp { kink; };
	kink { peers_ipaddr 192.0.2.4; my_principal "kink/a.example.test@EXAMPLE.TEST";
		peers_principal "kink/d.example.test@EXAMPLE.TEST"; };
};
selector tr_out { direction outbound; src 192.0.2.1; dst 192.0.2.2; policy_index tr_pol; };
selector tr_in { direction inbound; src 192.0.2.2; dst 192.0.2.1; policy_index tr_pol; };
selector tun_out { direction outbound; src 10.1.0.0/24; dst 10.2.0.0/24; policy_index tun_pol; };
selector tun_in { direction inbound; src 10.2.0.0/24; dst 10.1.0.0/24; policy_index tun_pol; };
selector dns_out { direction outbound; src 192.0.2.1; dst 192.0.2.53 port 53;
	upper_layer_protocol udp; policy_index bypass_pol; };
selector dns_in { direction inbound; src 192.0.2.53 port 53; dst 192.0.2.1;
	upper_layer_protocol udp; policy_index bypass_pol; };$drop_sel$web_sel
selector v1_out { direction outbound; src 192.0.2.1; dst 192.0.2.3; policy_index v1_pol; };
selector v1_in { direction inbound; src 192.0.2.3; dst 192.0.2.1; policy_index v1_pol; };
selector kink_out { direction outbound; src 192.0.2.1; dst 192.0.2.4; policy_index kink_pol; };
selector kink_in { direction inbound; src 192.0.2.4; dst 192.0.2.1; policy_index kink_pol; };
selector any_out { direction outbound; src IP_ANY; dst 192.0.2.9; policy_index bypass_pol; };
selector name_out { direction outbound; src 192.0.2.1; dst peer.example.test; policy_index tr_pol; };
selector name_in { direction inbound; src peer.example.test; dst 192.0.2.1; policy_index tr_pol; };
selector nowhere_out { direction outbound; src 192.0.2.1; dst unknown.example.test;
	policy_index tr_pol; };
selector off_out { direction outbound; src 192.0.2.1; dst 192.0.2.77; policy_index off_pol; };
policy tr_pol { action auto_ipsec; remote_index peer_b; ipsec_mode transport;
	ipsec_index { esp_only; }; ipsec_level require; };
policy tun_pol { action auto_ipsec; remote_index peer_b; ipsec_mode tunnel;
	ipsec_index { esp_only; }; ipsec_level $tun_level;
	my_sa_ipaddr 192.0.2.1; peers_sa_ipaddr 192.0.2.2; };
policy bypass_pol { action none; };
policy drop_pol { action discard; };
policy v1_pol { action auto_ipsec; remote_index v1_only; ipsec_mode transport;
	ipsec_index { esp_only; }; ipsec_level require; };
policy kink_pol { action auto_ipsec; remote_index kink_only; ipsec_mode transport;
	ipsec_index { esp_only; }; ipsec_level require; };
policy off_pol { action auto_ipsec; install off; remote_index peer_b; ipsec_mode transport;
	ipsec_index { esp_only; }; ipsec_level require; };
ipsec esp_only { ipsec_sa_lifetime_time 8 hour; sa_index esp_aes; };
sa esp_aes { sa_protocol esp; esp_enc_alg { aes128_cbc; }; esp_auth_alg { hmac_sha2_256; }; };
CONF
}

# What variant 1 installs, one policy per line as spd_lines prints it.
expected_variant_1() {
  cat <<'OUT'
0.0.0.0/0[any] 192.0.2.9/32[any] any out none
10.1.0.0/24[any] 10.2.0.0/24[any] any out ipsec esp/tunnel/192.0.2.1-192.0.2.2/require
10.2.0.0/24[any] 10.1.0.0/24[any] any in ipsec esp/tunnel/192.0.2.2-192.0.2.1/require
192.0.2.1/32[any] 192.0.2.2/32[any] any out ipsec esp/transport//require
192.0.2.1/32[any] 192.0.2.3/32[any] any out ipsec esp/transport//require
192.0.2.1/32[any] 192.0.2.4/32[any] any out ipsec esp/transport//require
192.0.2.1/32[any] 192.0.2.53/32[53] udp out none
192.0.2.1/32[any] 198.51.100.7/32[any] any out ipsec esp/transport//require
192.0.2.1/32[any] 203.0.113.0/24[any] any out discard
192.0.2.2/32[any] 192.0.2.1/32[any] any in ipsec esp/transport//require
192.0.2.3/32[any] 192.0.2.1/32[any] any in ipsec esp/transport//require
192.0.2.4/32[any] 192.0.2.1/32[any] any in ipsec esp/transport//require
192.0.2.53/32[53] 192.0.2.1/32[any] udp in none
198.51.100.7/32[any] 192.0.2.1/32[any] any in ipsec esp/transport//require
203.0.113.0/24[any] 192.0.2.1/32[any] any in discard
OUT
}

# rcsetkey -DP (or any setkey-style SPD dump) on stdin -> one sorted line
# per policy: "HEAD DIR ACTION TEMPLATES..." with the spid dropped (prio
# too: engines differ in their default) and, with "spids", "HEAD DIR spid".
spd_lines() {
  awk -v mode="${1:-policies}" '
    function flush() {
      if (head == "") return
      if (mode == "spids") print head " " dir " " spid; else print head " " dir " " action templates
      head = ""; templates = ""
    }
    /^No SPD entries/ { next }
    /^[^\t]/ { flush(); head = $0; next }
    /^\t(in|out|fwd) / { dir = $1; action = $NF; next }
    /^\tspid=/ { sub(/^\tspid=/, ""); spid = $1; next }
    /^\t(esp|ah|ipcomp)\// { sub(/^\t/, ""); templates = templates " " $0; next }
    END { flush() }' | LC_ALL=C sort
}

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# A private (0700) work directory; at exit the daemons started in it stop
# and it goes.
pfkeyd_pid=
spmd_pid=
make_work_dir() {
  work=$(mktemp -d)
  chmod 700 "$work"
  trap cleanup_work_dir EXIT
}
cleanup_work_dir() {
  for pid in $spmd_pid $pfkeyd_pid; do
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  rm -rf "$work"
}

# start_pfkeyd PFKEYD: a private pfkeyd in $work; sets `engine` to the
# racoon2.conf interface lines that reach it.
start_pfkeyd() {
  "$1" -F --socket="$work/pfkey/pfkey" --state-file=none --pid-file="$work/pfkeyd.pid" \
    2>"$work/pfkeyd.log" &
  pfkeyd_pid=$!
  if ! wait_for test -S "$work/pfkey/pfkey"; then
    cat "$work/pfkeyd.log"
    echo "FAIL: pfkeyd did not come up"
    exit 1
  fi
  engine="key_engine pfkeyd; pfkeyd_socket \"$work/pfkey/pfkey\";"
}

# The life of one spmd, from start-up to TERM, on whatever engine the
# caller set up. The caller defines:
#   host_run CMD...          run CMD in the host, in the foreground
#   host_spawn LOG CMD...    start CMD in the host in the background; set spmd_pid
#   host_gone PID            true once PID has exited
#   after_start              (optional) more checks once start-up is verified
# and the variables spmd rcsetkey work conf engine; fail() counts failures.
wait_for() {  # wait_for TEST... : up to 10 s
  for _ in $(seq 100); do
    "$@" && return 0
    sleep 0.1
  done
  return 1
}
# rcsetkey reads its own file: spmd's is broken on purpose at one point.
# spmd binds its socket before it installs the policies; this line comes
# once everything is in place (just before a daemonizing spmd reports ready).
spmd_ready() { grep -q 'spmd: serving spmif at' "$1" 2>/dev/null; }
dump() { host_run "$rcsetkey" --config "$work/engine.conf" -DP; }
ours() { dump | spd_lines | grep -v '^192.0.2.100/32'; }
spmd_args() {  # the command line every spmd of the scenario gets
  echo -F -f "$conf" --pid-file="$work/spmd.pid" --hosts-file="$work/hosts" \
    --nsswitch-file="$work/nsswitch.conf"
}

spmd_scenario() {
  write_config "$conf" 1 "$work/run/spmif" "$work/spmd.pwd" "$engine"
  echo "interface { $engine };" >"$work/engine.conf"
  printf '198.51.100.7\tpeer.example.test peer\n127.0.0.1\tlocalhost\n' >"$work/hosts"
  echo 'hosts: files dns' >"$work/nsswitch.conf"

  # A policy spmd did not install, which it must never touch.
  echo 'spdadd 192.0.2.100 192.0.2.101 any -P out none;' |
    host_run "$rcsetkey" --config "$work/engine.conf" -c || fail "adding the bystander policy"

  local out status
  out=$(host_run "$spmd" -t -f "$conf" 2>&1) && echo "ok: -t accepts the config ($out)" ||
    fail "-t refused the config: $out"

  # shellcheck disable=SC2046  # spmd_args is a word list
  host_spawn "$work/spmd.log" "$spmd" $(spmd_args)
  if ! wait_for spmd_ready "$work/spmd.log"; then
    cat "$work/spmd.log"
    fail "spmd did not come up"
    return 1
  fi
  local mode
  mode=$(stat -c %a "$work/spmd.pwd" 2>/dev/null)
  [ "$mode" = 600 ] && echo "ok: spmd.pwd created with mode 600" || fail "spmd.pwd mode '$mode'"
  [ "$(stat -c %a "$work/run")" = 700 ] && echo "ok: the spmif directory is private" ||
    fail "spmif directory mode $(stat -c %a "$work/run")"

  if diff -u <(expected_variant_1) <(ours); then
    echo "ok: start-up installed exactly the configured policies"
  else
    cat "$work/spmd.log"
    fail "start-up policies"
  fi
  if declare -F after_start >/dev/null; then after_start; fi
  grep -q 'unknown.example.test' "$work/spmd.log" &&
    echo "ok: the unresolved selector is deferred" || fail "no word about the deferred selector"
  dump | spd_lines spids | grep -v '^192.0.2.100/32' >"$work/spids.1"

  # A second spmd on the same pid file is refused and changes nothing.
  # shellcheck disable=SC2046
  host_run "$spmd" $(spmd_args) 2>"$work/second.log"
  status=$?
  if [ $status != 0 ] && grep -q 'already running' "$work/second.log" &&
    diff -q <(expected_variant_1) <(ours) >/dev/null; then
    echo "ok: a second spmd is refused"
  else
    cat "$work/second.log"
    fail "second spmd (exit $status)"
  fi

  # HUP with variant 2: tun changes level, drop goes, web arrives.
  write_config "$conf" 2 "$work/run/spmif" "$work/spmd.pwd" "$engine"
  kill -HUP "$spmd_pid"
  web_present() { ours | grep -q '198.51.100.80/32\[443\]'; }
  wait_for web_present || fail "HUP did not add the web policies"
  {
    expected_variant_1 | grep -v '203.0.113.0/24' |
      sed -E '/^10\.[12]\.0\.0\/24/ s#/require$#/unique#'
    echo '192.0.2.1/32[any] 198.51.100.80/32[443] tcp out ipsec esp/transport//require'
    echo '198.51.100.80/32[443] 192.0.2.1/32[any] tcp in ipsec esp/transport//require'
  } | LC_ALL=C sort >"$work/expected.2"
  if diff -u "$work/expected.2" <(ours | sed -E 's#/unique:[0-9]+#/unique#'); then
    echo "ok: HUP applied the edit"
  else
    cat "$work/spmd.log"
    fail "policies after HUP"
  fi
  dump | spd_lines spids | grep -v '^192.0.2.100/32' >"$work/spids.2"
  # Every policy neither edited nor removed keeps its SPID.
  local kept now
  kept=$(grep -v -e '^10\.' -e '203.0.113' "$work/spids.1" | LC_ALL=C sort)
  now=$(grep -v -e '^10\.' -e '198.51.100.80' "$work/spids.2" | LC_ALL=C sort)
  if [ -n "$kept" ] && [ "$kept" = "$now" ]; then
    echo "ok: untouched policies kept their SPIDs ($(echo "$kept" | wc -l) of them)"
  else
    diff <(echo "$kept") <(echo "$now")
    fail "SPIDs of untouched policies changed"
  fi

  # A config that does not load changes nothing.
  cp "$conf" "$work/good.conf"
  echo 'selector broken {' >>"$conf"
  kill -HUP "$spmd_pid"
  refused() { grep -q 'running configuration stays' "$work/spmd.log"; }
  wait_for refused || fail "no log line for the refused reload"
  if diff -q <(dump | spd_lines spids | grep -v '^192.0.2.100/32') "$work/spids.2" >/dev/null; then
    echo "ok: a broken config changed nothing"
  else
    fail "a broken config changed the SPD"
  fi
  cp "$work/good.conf" "$conf"

  # TERM: exactly spmd's policies go.
  kill -TERM "$spmd_pid"
  wait_for host_gone "$spmd_pid" || fail "spmd did not stop on TERM"
  spmd_pid=
  local remaining
  remaining=$(dump | spd_lines)
  if [ "$remaining" = '192.0.2.100/32[any] 192.0.2.101/32[any] any out none' ] &&
    grep -q 'removed the .* policies spmd installed' "$work/spmd.log"; then
    echo "ok: TERM removed exactly spmd's policies"
  else
    echo "$remaining"
    cat "$work/spmd.log"
    fail "after TERM"
  fi
  [ ! -e "$work/spmd.pid" ] && echo "ok: the pid file is gone" || fail "pid file left behind"
}
