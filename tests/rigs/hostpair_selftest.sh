#!/usr/bin/env bash
# Self-test of the host-pair rig (hostpair.sh): a pair comes up, its hosts
# reach each other over IPv4 and IPv6, resolve each other's names, have a
# private /run, the kernel's XFRM sends an ACQUIRE across the veth, and
# `down` / `run` leave nothing behind, not even after a failure or a signal,
# and never touch what they did not make.
# Prints "[  SKIPPED ] reason" and exits 0 where pairs cannot be made.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
hp=$here/hostpair.sh
started=${EPOCHREALTIME//[!0-9]/}

check_rc=0
reason=$(bash "$hp" check --v6 --xfrm) || check_rc=$?
if ((check_rc == 77)); then
  echo "[  SKIPPED ] ${reason#hostpair: not available: }"
  exit 0
elif ((check_rc != 0)); then
  echo "FAIL: hostpair check exited $check_rc: $reason" >&2
  exit 1
fi

# A private state root: parallel runs and a real /tmp/hostpair stay apart.
HOSTPAIR_ROOT=$(mktemp -d /tmp/hostpair-selftest.XXXXXX)
export HOSTPAIR_ROOT
# What must outlive a pair (logs read after down).
scratch=$(mktemp -d /tmp/hostpair-selftest-scratch.XXXXXX)
# shellcheck source-path=SCRIPTDIR source=hostpair.sh
source "$hp"

names=()
foreign=
cleanup() {
  local n
  for n in "${names[@]}"; do hostpair_down "$n" || true; done
  if [[ -n $foreign ]]; then ip netns del "$foreign" 2>/dev/null || true; fi
  rm -rf -- "$HOSTPAIR_ROOT" "$scratch"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
ok() { echo "ok: $*"; }

# 0 while pid $1 is a live process (a zombie counts as gone).
alive() {
  local stat
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  [[ ${stat##*) } != Z* ]]
}

# Polls "$@" every 20 ms until it succeeds; fails after $1 seconds.
wait_for() {
  local seconds=$1 deadline
  shift
  deadline=$((${EPOCHREALTIME//[!0-9]/} + seconds * 1000000))
  until "$@"; do
    ((${EPOCHREALTIME//[!0-9]/} < deadline)) || return 1
    sleep 0.02
  done
}

# Callers add the name to names[] themselves: this runs in $(...).
new_name() {
  local n
  n=$(hostpair_name st) || fail "hostpair_name"
  echo "$n"
}

# --- a pair with IPv6 -------------------------------------------------------
name=$(new_name)
names+=("$name")
hostpair_up "$name" --v6 || fail "hostpair_up $name --v6"
dir=$HOSTPAIR_ROOT/$name
[[ -d $dir/a/run && -d $dir/b/etc && -d $dir/a/log ]] || fail "state directories missing under $dir"
ok "up $name"

# Pair exists already: refused, and the existing pair keeps working.
if hostpair_up "$name" 2>/dev/null; then fail "second up of $name succeeded"; fi

hostpair_exec "$name" a ping -c1 -W2 -q "$HOSTPAIR_ADDR_B" >/dev/null || fail "ping a->b IPv4"
hostpair_exec "$name" b ping -c1 -W2 -q "$HOSTPAIR_ADDR_A" >/dev/null || fail "ping b->a IPv4"
hostpair_exec "$name" a ping -6 -c1 -W2 -q "$HOSTPAIR_ADDR6_B" >/dev/null || fail "ping a->b IPv6"
ok "ping a<->b over IPv4 and IPv6"

got=$(hostpair_exec "$name" a getent ahostsv4 "b.$name.test") || fail "getent b.$name.test in a"
[[ ${got%% *} == "$HOSTPAIR_ADDR_B" ]] || fail "b.$name.test resolves to '${got%% *}' in a"
got=$(hostpair_exec "$name" a getent ahostsv6 "b.$name.test") || fail "getent -6 b.$name.test in a"
[[ ${got%% *} == "$HOSTPAIR_ADDR6_B" ]] || fail "b.$name.test resolves to '${got%% *}' (IPv6) in a"
# shellcheck disable=SC2016 # expanded inside host b
got=$(hostpair_exec "$name" b sh -c 'hostname; getent ahostsv4 "$(hostname)"') || fail "own name in b"
[[ $got == "b.$name.test"$'\n'"$HOSTPAIR_ADDR_B "* ]] || fail "b's hostname and its address: $got"
if grep -q "$name.test" /etc/hosts; then fail "the pair's names leaked into the caller's /etc/hosts"; fi
ok "names resolve inside (getent), hostname b.$name.test"

# Private /run: same pid-file path in both hosts, three different files.
probe=hostpair-selftest-$name.pid
# shellcheck disable=SC2016 # expanded inside the hosts
for h in a b; do hostpair_exec "$name" "$h" sh -c 'echo "$HOSTPAIR_HOST" >/var/run/$0' "$probe"; done
[[ $(cat "$dir/a/run/$probe" 2>&1) == a && $(cat "$dir/b/run/$probe" 2>&1) == b ]] || fail "pid files did not land in each host's run dir"
[[ $(hostpair_exec "$name" a cat "/run/$probe") == a ]] || fail "a reads another host's /run"
[[ ! -e /run/$probe ]] || fail "/run/$probe appeared on the caller's side"
hostpair_exec "$name" b rm "/run/$probe"
[[ -e $dir/a/run/$probe ]] || fail "removing b's file removed a's"
ok "private /run per host"

rc=0
hostpair_exec "$name" a sh -c 'exit 7' || rc=$?
((rc == 7)) || fail "exec returned $rc, not the command's 7"
rc=0
hostpair_exec "$name" a /nonexistent/command 2>/dev/null || rc=$?
((rc == 127)) || fail "exec of a missing command returned $rc, not 127"
ok "exec returns the command's exit status"

# --- XFRM: an outbound policy in a, one UDP datagram, one ACQUIRE ------------
ip -n "$name-a" xfrm policy add src "$HOSTPAIR_ADDR_A/32" dst "$HOSTPAIR_ADDR_B/32" proto udp dir out \
  tmpl src "$HOSTPAIR_ADDR_A" dst "$HOSTPAIR_ADDR_B" proto esp mode transport level required ||
  fail "xfrm policy add in $name-a"
acq_log=$dir/acquire.log
monitor=$(hostpair_spawn "$name" a --log "$acq_log" -- ip xfrm monitor acquire) || fail "spawn xfrm monitor"
# The ACQUIRE is multicast once: wait until the monitor's XFRM netlink
# socket (protocol 6) has joined a group, as /proc/PID/net/netlink shows.
subscribed() { awk -v pid="$monitor" '$2 == 6 && $3 == pid && $4 != "00000000" { found = 1 } END { exit !found }' \
  "/proc/$monitor/net/netlink" 2>/dev/null; }
wait_for 3 subscribed || fail "ip xfrm monitor never subscribed; log: $(cat "$acq_log")"
hostpair_exec "$name" a bash -c "echo acquire-me >/dev/udp/$HOSTPAIR_ADDR_B/4500" || true
acquired() { grep -q 'dport 4500' "$acq_log" && grep -q '^acquire proto esp' "$acq_log"; }
wait_for 3 acquired || fail "no ACQUIRE for the datagram a->b; monitor log: $(cat "$acq_log")"
ok "UDP a->b under an ESP policy made the kernel send an ACQUIRE"

# --- spawned programs, and what down kills ---------------------------------
# shellcheck disable=SC2016 # expanded inside host b
p1=$(hostpair_spawn "$name" b --log "$scratch/p1.log" -- sh -c \
  'trap "echo got SIGTERM; exit 0" TERM
   echo "started in $HOSTPAIR_HOST"; sleep 300 & echo $! >/run/p1-child; wait') || fail "spawn p1"
wait_for 3 test -s "$dir/b/run/p1-child" || fail "p1 never wrote its child's pid"
read -r c1 <"$dir/b/run/p1-child"
wait_for 3 grep -q 'started in b' "$scratch/p1.log" || fail "p1's output is not in its log"
[[ $(ip netns identify "$c1") == "$name-b" ]] || fail "p1's child is not in $name-b"
[[ $(ps -o pgid= -p "$c1" | tr -d ' ') == "$p1" ]] || fail "p1's child is not in p1's process group"
# Ignores SIGTERM (and so does the sleep it becomes): down must SIGKILL it.
p2=$(hostpair_spawn "$name" a -- sh -c 'trap "" TERM; echo stubborn; exec sleep 300') || fail "spawn p2"
wait_for 3 grep -q stubborn "$dir/a/log/spawn-$p2.log" || fail "p2's default log $dir/a/log/spawn-$p2.log"
# A daemon that left our process groups is still in the namespace.
hostpair_exec "$name" a sh -c 'setsid sleep 300 </dev/null >/dev/null 2>&1 &'
orphan=
find_orphan() {
  local pid
  for pid in $(ip netns pids "$name-a"); do
    if [[ $pid != "$p2" && $pid != "$monitor" && $(ps -o comm= -p "$pid") == sleep ]]; then
      orphan=$pid
      return 0
    fi
  done
  return 1
}
wait_for 3 find_orphan || fail "the setsid sleep never showed up in $name-a"
for pid in "$p1" "$c1" "$p2" "$orphan" "$monitor"; do alive "$pid" || fail "pid $pid died early"; done
ok "spawn: pid = process group, log, children in the host"

HOSTPAIR_GRACE_MS=300 hostpair_down "$name" || fail "hostpair_down $name"
for pid in "$p1" "$c1" "$p2" "$orphan" "$monitor"; do
  if alive "$pid"; then fail "pid $pid ($(ps -o args= -p "$pid")) survived down"; fi
done
grep -q 'got SIGTERM' "$scratch/p1.log" || fail "p1 was not stopped with SIGTERM first"
if ip netns list | grep -qE "^$name-[ab]( |$)"; then fail "a namespace of $name survived down"; fi
if ip link show "$name-a" >/dev/null 2>&1 || ip link show "$name-b" >/dev/null 2>&1; then
  fail "a veth of $name is in the caller's namespace"
fi
[[ ! -e /etc/netns/$name-a && ! -e /etc/netns/$name-b ]] || fail "/etc/netns/$name-* survived down"
[[ ! -e $dir ]] || fail "$dir survived down"
hostpair_down "$name" || fail "a second down of $name failed"
ok "down killed 5 processes (one by SIGKILL), left nothing behind, and is idempotent"

# --- never touch what is not ours ------------------------------------------
name2=$(new_name)
names+=("$name2")
foreign=$name2-b
ip netns add "$foreign"
if hostpair_up "$name2" 2>/dev/null; then fail "up over a foreign namespace $foreign succeeded"; fi
ip netns list | grep -qE "^$foreign( |$)" || fail "failed up removed the foreign $foreign"
if ip netns list | grep -qE "^$name2-a( |$)" || [[ -e /etc/netns/$name2-a || -e $HOSTPAIR_ROOT/$name2 ]]; then
  fail "failed up left its own pieces behind"
fi
hostpair_down "$name2" || fail "down of a pair that is not up"
ip netns list | grep -qE "^$foreign( |$)" || fail "down removed the foreign $foreign"
ip netns del "$foreign"
foreign=
ok "a foreign namespace blocks up and survives up and down"

# --- run: env, stdin, exit status, cleanup after failure and after a signal --
name3=$(new_name)
names+=("$name3")
rc=0
# shellcheck disable=SC2016 # expanded by the command run inside `run`
printf 'hello\n' | bash "$hp" run "$name3" --v6 -- bash -c '
  read -r line && [[ $line == hello ]] || exit 11
  [[ $HOSTPAIR_A == "$HOSTPAIR_NAME-a" && $HOSTPAIR_B == "$HOSTPAIR_NAME-b" ]] || exit 12
  [[ $HOSTPAIR_A_ADDR == 192.0.2.1 && $HOSTPAIR_B_ADDR6 == 2001:db8::2 && -d $HOSTPAIR_DIR/a/run ]] || exit 13
  "$HOSTPAIR_SH" exec "$HOSTPAIR_NAME" b ping -6 -c1 -W2 -q "$HOSTPAIR_A_ADDR6" >/dev/null || exit 14
  exit 3' || rc=$?
((rc == 3)) || fail "run returned $rc, not the command's 3 (11-14: a check inside failed)"
if ip netns list | grep -qE "^$name3-[ab]( |$)" || [[ -e /etc/netns/$name3-a || -e $HOSTPAIR_ROOT/$name3 ]]; then
  fail "run left $name3 behind after the command failed"
fi
ok "run: env, stdin, exit status kept, cleaned up after a failing command"

name4=$(new_name)
names+=("$name4")
bash "$hp" run "$name4" -- sleep 300 &
runner=$!
sleeper=
find_sleeper() { sleeper=$(pgrep -P "$runner" -x sleep); }
wait_for 5 find_sleeper || fail "run never started its command"
kill -TERM "$runner"
rc=0
wait "$runner" || rc=$?
((rc == 143)) || fail "run killed by SIGTERM returned $rc, not 143"
if alive "$sleeper"; then fail "run's command survived SIGTERM to run"; fi
if ip netns list | grep -qE "^$name4-[ab]( |$)" || [[ -e /etc/netns/$name4-a || -e $HOSTPAIR_ROOT/$name4 ]]; then
  fail "run left $name4 behind after SIGTERM"
fi
ok "run: SIGTERM reaches the command, the pair is removed, status 143"

# --- check, as a user who cannot make pairs ----------------------------------
if command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
  copy=$HOSTPAIR_ROOT/hostpair-copy.sh
  install -m 0755 "$hp" "$copy"
  chmod 0755 "$HOSTPAIR_ROOT"
  rc=0
  out=$(cd / && setpriv --reuid=nobody --regid=nogroup --clear-groups bash "$copy" check) || rc=$?
  ((rc == 77)) || fail "check as nobody exited $rc, not 77"
  [[ $out == *"not root"* ]] || fail "check as nobody gave no reason: $out"
  ok "check as nobody: exit 77, '$out'"
fi

rm -f "$HOSTPAIR_ROOT/hostpair-copy.sh"
left=$(ls -A "$HOSTPAIR_ROOT")
[[ -z $left ]] || fail "state left in $HOSTPAIR_ROOT: $left"
elapsed=$(((${EPOCHREALTIME//[!0-9]/} - started) / 1000))
echo "PASS: hostpair self-test in ${elapsed} ms"
