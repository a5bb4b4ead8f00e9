#!/usr/bin/env bash
# dns_proxy_bench.sh [--smoke] BUILD_DIR — spmd's DNS proxy against dnsdist:
# queries per second on cache-miss forwarding, in the same run, in front of
# the same upstream (issue #7).
#
# Everything runs in a private network namespace on 127.0.0.1, so nothing
# can clash with the machine's port 53 and no packet leaves:
#   upstream  dnsmasq  127.0.0.1:5353  every name under bench.test -> A 192.0.2.1
#   spmd      (+ its key engine pfkeyd)  127.0.0.1:5301 -> upstream
#   dnsdist   127.0.0.1:5302 -> upstream (no packet cache)
# dnsperf sends distinct names (q1.bench.test ... qN) to each target with
# the same settings: the upstream directly (the ceiling), then spmd and
# dnsdist alternately, so drift in the machine's load hits both alike.
# Neither proxy caches answers, so every query is forwarded upstream.
#
# --smoke: 2 s per target, one round (CI: checks it works, never judges
# speed). Either mode fails if a proxy answered nothing. Needs root and
# dnsperf, dnsdist, dnsmasq (Debian packages); otherwise it says SKIPPED.
set -u

smoke=0
if [[ ${1:-} == --smoke ]]; then
  smoke=1
  shift
fi
build=${1:?usage: dns_proxy_bench.sh [--smoke] BUILD_DIR}

if ((smoke)); then
  seconds=2 rounds=1
else
  seconds=10 rounds=2
fi
names=10000              # distinct query names
clients=4                # dnsperf -c: sockets (source ports)
outstanding=100          # dnsperf -q: queries in flight
timeout=1                # dnsperf -t: a query unanswered this long is lost
upstream_port=5353 spmd_port=5301 dnsdist_port=5302

skip() {
  echo "[  SKIPPED ] dns_proxy_bench: $*"
  exit 0
}
[[ $(id -u) == 0 ]] || skip "needs root (it creates a network namespace)"
for tool in ip dnsperf dnsdist dnsmasq; do
  command -v "$tool" >/dev/null || skip "$tool is not installed"
done
spmd=$build/spmd/daemon/spmd
pfkeyd=$build/pfkeyd/daemon/pfkeyd
spmdctl=$build/tools/spmdctl/spmdctl
for binary in "$spmd" "$pfkeyd"; do
  [[ -x $binary ]] || skip "$binary is missing (build the spmd and pfkeyd targets)"
done

ns=rcbench-$$
ip netns add "$ns" 2>/dev/null || skip "ip netns add failed (no network namespaces here?)"
work=$(mktemp -d)
chmod 700 "$work"
pids=() # in start order; stopped in reverse (spmd before its key engine)
# shellcheck disable=SC2317  # called by the trap
cleanup() {
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null
    wait "${pids[i]}" 2>/dev/null
  done
  ip netns del "$ns" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up

# spawn LOG CMD...: start CMD in the namespace. ip netns exec execs CMD, so
# $! is the daemon itself (through in_ns it would be a subshell, and kill
# would miss the daemon).
spawn() {
  local log=$1
  shift
  ip netns exec "$ns" "$@" >"$log" 2>&1 &
  pids+=($!)
}
wait_for() { # wait_for TEST...: up to 10 s
  local deadline=$((SECONDS + 10))
  while ((SECONDS < deadline)); do
    "$@" && return 0
    sleep 0.1
  done
  return 1
}

echo 'ready.bench.test A' >"$work/probe"
for ((i = 1; i <= names; i++)); do echo "q$i.bench.test A"; done >"$work/queries"
# shellcheck disable=SC2317  # called through wait_for
answers() { # answers PORT: one query through PORT gets an answer
  in_ns dnsperf -s 127.0.0.1 -p "$1" -d "$work/probe" -n 1 -t 1 2>/dev/null |
    grep -q 'Queries completed: *1 '
}
# up NAME PORT LOG: wait until NAME answers on PORT; else show its log.
up() {
  wait_for answers "$2" && return 0
  echo "dns_proxy_bench: $1 does not answer on 127.0.0.1:$2; its log:"
  sed 's/^/  /' "$3"
  return 1
}

# The upstream: answers from its own configuration (nothing forwarded, no
# cache, no per-query logging), so it is the same fixed cost for everyone.
spawn "$work/dnsmasq.out" dnsmasq --conf-file=/dev/null --keep-in-foreground --user=root \
  --pid-file= --log-facility="$work/dnsmasq.log" --no-resolv --no-hosts --cache-size=0 \
  --bind-interfaces --listen-address=127.0.0.1 --port="$upstream_port" \
  --address=/bench.test/192.0.2.1 --local=/bench.test/
up upstream "$upstream_port" "$work/dnsmasq.log" || exit 1

# dnsdist: one backend, default health checks (on a name the upstream
# answers), no packet cache, no security polling (it would try the network).
cat >"$work/dnsdist.conf" <<CONF
setLocal("127.0.0.1:$dnsdist_port")
setACL({"127.0.0.0/8"})
setSecurityPollSuffix("")
newServer{address="127.0.0.1:$upstream_port", checkName="health.bench.test."}
CONF
spawn "$work/dnsdist.log" dnsdist --supervised --disable-syslog -C "$work/dnsdist.conf"
down=()
up dnsdist "$dnsdist_port" "$work/dnsdist.log" || down+=(dnsdist)

# spmd on a private pfkeyd, with its own name files: it proxies only when
# nsswitch's hosts line has dns.
spawn "$work/pfkeyd.log" "$pfkeyd" -F --socket="$work/pfkey/pfkey" --state-file=none \
  --pid-file="$work/pfkeyd.pid"
wait_for test -S "$work/pfkey/pfkey" || {
  sed 's/^/  /' "$work/pfkeyd.log"
  echo "dns_proxy_bench: pfkeyd did not come up"
  exit 1
}
conf=$work/racoon2.conf
cat >"$conf" <<CONF
interface {
	spmd { unix "$work/run/spmif"; };
	spmd_password "$work/spmd.pwd";
	key_engine pfkeyd;
	pfkeyd_socket "$work/pfkey/pfkey";
};
resolver {
	resolver on;
	nameserver { 127.0.0.1 port $upstream_port; };
	dns_query { 127.0.0.1 port $spmd_port; };
};
CONF
printf '127.0.0.1\tlocalhost\n' >"$work/hosts"
echo 'hosts: files dns' >"$work/nsswitch.conf"
spawn "$work/spmd.log" "$spmd" -F -f "$conf" --pid-file="$work/spmd.pid" \
  --run-dir="$work/run" --hosts-file="$work/hosts" --nsswitch-file="$work/nsswitch.conf"
spmd_pid=${pids[-1]}
if wait_for grep -q 'spmd: serving spmif at' "$work/spmd.log"; then
  up spmd "$spmd_port" "$work/spmd.log" || down+=(spmd)
else
  echo "dns_proxy_bench: spmd did not come up; its log:"
  sed 's/^/  /' "$work/spmd.log"
  down+=(spmd)
fi
spmd_log_lines_at_start=$(wc -l <"$work/spmd.log")

echo "dns_proxy_bench: $(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' \
  /proc/cpuinfo)), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "  upstream, both proxies and dnsperf share these cores: figures compare the"
echo "  proxies with each other in this run, not with other machines or runs."
echo "  $(dnsdist --version 2>&1 | head -1); $(dnsmasq --version | head -1 | cut -d' ' -f1-3);" \
  "dnsperf $(dnsperf -h 2>&1 | awk '/^Version/ { print $2 }')"
echo "  dnsperf -c $clients -q $outstanding -t $timeout -l $seconds, $names distinct names," \
  "$rounds round(s)"

results=$work/results # target qps latency_s completed lost
run() { # run TARGET PORT
  local out=$work/run.out
  in_ns dnsperf -s 127.0.0.1 -p "$2" -d "$work/queries" -l "$seconds" -c "$clients" \
    -q "$outstanding" -t "$timeout" >"$out" 2>&1
  awk -v target="$1" '
    /Queries completed:/ { done = $3 }
    /Queries lost:/ { lost = $3 }
    /Queries per second:/ { qps = $4 }
    /Average Latency \(s\):/ { lat = $4 }
    END { printf "%s %.0f %.6f %d %d\n", target, qps, lat, done, lost }' "$out" >>"$results"
  tail -1 "$results" | awk '{ printf "  %-9s %10s q/s  %8.3f ms  %9d answered  %7d lost\n",
    $1, $2, $3 * 1000, $4, $5 }'
}
is_down() {
  local target
  for target in "${down[@]}"; do [[ $target == "$1" ]] && return 0; done
  return 1
}
: >"$results"
for ((round = 1; round <= rounds; round++)); do
  order=(spmd dnsdist)
  ((round % 2 == 0)) && order=(dnsdist spmd)
  echo "round $round:"
  run direct "$upstream_port"
  for target in "${order[@]}"; do
    if is_down "$target"; then
      echo "  $target: not measured (it does not answer)"
      continue
    fi
    port=$spmd_port
    [[ $target == dnsdist ]] && port=$dnsdist_port
    run "$target" "$port"
  done
  kill -0 "$spmd_pid" 2>/dev/null || is_down spmd || {
    echo "dns_proxy_bench: spmd exited during the load"
    down+=(spmd)
  }
done

echo "summary (mean of $rounds round(s)):"
printf '  %-9s %10s  %11s  %10s  %7s\n' target 'queries/s' 'avg latency' answered lost
awk '
  { n[$1]++; qps[$1] += $2; lat[$1] += $3; done[$1] += $4; lost[$1] += $5 }
  END {
    split("direct spmd dnsdist", order, " ")
    for (i = 1; i <= 3; i++) {
      t = order[i]
      if (!n[t]) continue
      printf "  %-9s %10.0f  %8.3f ms  %10d  %7d\n", t, qps[t] / n[t], lat[t] / n[t] * 1000, done[t], lost[t]
    }
    if (n["spmd"] && n["dnsdist"] && qps["dnsdist"] > 0)
      printf "  spmd/dnsdist queries/s ratio: %.2f\n", qps["spmd"] / qps["dnsdist"]
  }' "$results"

# What spmd said while under load, and its own counters.
if ! is_down spmd; then
  logged=$(($(wc -l <"$work/spmd.log") - spmd_log_lines_at_start))
  echo "spmd logged $logged line(s) during the load"
  ((logged > 0)) && tail -n +"$((spmd_log_lines_at_start + 1))" "$work/spmd.log" | head -10 |
    sed 's/^/  /'
  if [[ -x $spmdctl ]]; then
    echo "spmdctl status:"
    in_ns "$spmdctl" -f "$conf" status 2>&1 | sed 's/^/  /'
  fi
fi

status=0
for target in spmd dnsdist; do
  answered=$(awk -v t="$target" '$1 == t { sum += $4 } END { print sum + 0 }' "$results")
  if ((answered == 0)); then
    echo "dns_proxy_bench: FAIL: $target answered no query"
    status=1
  fi
done
exit "$status"
