#!/usr/bin/env bash
# hostpair: two "hosts" on one machine for end-to-end daemon tests.
#
# A pair NAME is two network namespaces, NAME-a and NAME-b, joined by a veth
# link (192.0.2.1/24 <-> 192.0.2.2/24, optionally 2001:db8::1/64 <->
# 2001:db8::2/64). Each host has its own /etc/hosts (via /etc/netns) and
# runs commands in a private mount namespace whose /run is the host's own
# directory, so pid files and sockets of two daemon instances never collide.
#
# Use it as a command (`hostpair.sh up|exec|spawn|down|run|check|...`) or
# `source` it for the hostpair_* functions; tests/rigs/README.md documents
# the interface. Everything `up` makes is written to a record, and `down`
# removes exactly what that record names, so a foreign namespace or file
# of the same name is never touched.
#
# The functions never `exit` and never change the caller's shell options,
# so they are safe in a script running under `set -euo pipefail`: every
# command that may fail is checked (or `|| true`). They do not rely on
# `set -e` either: it is ignored inside `if f` and `f || g`.

HOSTPAIR_SH=$(readlink -f "${BASH_SOURCE[0]}")

# The addresses are fixed (RFC 5737 / RFC 3849 documentation ranges): each
# pair lives in its own namespaces, so pairs never see each other.
HOSTPAIR_ADDR_A=192.0.2.1
HOSTPAIR_ADDR_B=192.0.2.2
HOSTPAIR_ADDR6_A=2001:db8::1
HOSTPAIR_ADDR6_B=2001:db8::2

# Exit statuses (see README): 125 = hostpair could not run the command.
HOSTPAIR_EX_USAGE=2
HOSTPAIR_EX_CANNOT=125
HOSTPAIR_EX_UNAVAILABLE=77

_hostpair_err() { echo "hostpair: $*" >&2; }

_hostpair_root() { printf '%s\n' "${HOSTPAIR_ROOT:-/tmp/hostpair}"; }

# A pair name becomes namespace, interface and DNS label names: NAME-a must
# fit IFNAMSIZ (15 characters), and a.NAME.test must be a valid host name.
_hostpair_valid_name() {
  [[ $1 =~ ^[a-z0-9]([a-z0-9-]{0,11}[a-z0-9])?$ ]] && return 0
  _hostpair_err "bad pair name '$1': 1-13 characters of [a-z0-9-], no '-' at either end"
  return 1
}

_hostpair_valid_host() {
  [[ $1 == a || $1 == b ]] && return 0
  _hostpair_err "bad host '$1': a or b"
  return 1
}

# Prints why pairs cannot be made here (and returns 1), or returns 0.
# Probes run in throw-away namespaces (unshare), so they leave nothing.
_hostpair_unavailable() {
  local want_v6=$1 want_xfrm=$2 cmd
  if [[ $(id -u) != 0 ]]; then
    echo "not root (network namespaces need CAP_SYS_ADMIN and CAP_NET_ADMIN)"
    return 1
  fi
  for cmd in ip unshare mount; do
    if ! command -v "$cmd" >/dev/null 2>&1; then
      echo "$cmd not found (package iproute2 / util-linux / mount)"
      return 1
    fi
  done
  if ! ip netns list >/dev/null 2>&1; then
    echo "'ip netns' does not work (iproute2 without netns support?)"
    return 1
  fi
  local probe
  # shellcheck disable=SC2016 # expanded by the probe shell
  probe='mount -t tmpfs hostpair-probe /run || { echo "cannot mount in a private mount namespace"; exit 1; }
    ip link set lo up || { echo "cannot configure a network namespace"; exit 1; }
    ip link add hp-probe0 type veth peer name hp-probe1 || { echo "no veth support"; exit 1; }'
  if ((want_v6)); then
    probe+='
    [ -d /proc/sys/net/ipv6 ] || { echo "no IPv6 in this kernel"; exit 1; }
    ip -6 addr add 2001:db8::1/64 dev hp-probe0 nodad || { echo "IPv6 disabled"; exit 1; }'
  fi
  if ((want_xfrm)); then
    probe+='
    ip xfrm policy add src 192.0.2.1/32 dst 192.0.2.2/32 dir out 2>/dev/null ||
      { echo "no XFRM netlink (xfrm_user) in this kernel"; exit 1; }'
  fi
  local out
  # The probe's own message, or unshare's when namespaces cannot be made.
  if ! out=$(unshare -m -n sh -c "$probe" 2>&1); then
    echo "${out##*$'\n'}"
    return 1
  fi
  return 0
}

# hostpair_check [--v6] [--xfrm]: 0 if pairs (with IPv6, with XFRM) can be
# made here; else prints the reason on stdout and returns 77.
hostpair_check() {
  local v6=0 xfrm=0 arg
  for arg in "$@"; do
    case $arg in
      --v6) v6=1 ;;
      --xfrm) xfrm=1 ;;
      *) _hostpair_err "check: unknown option '$arg'"; return $HOSTPAIR_EX_USAGE ;;
    esac
  done
  local reason
  if ! reason=$(_hostpair_unavailable "$v6" "$xfrm"); then
    echo "hostpair: not available: $reason"
    return $HOSTPAIR_EX_UNAVAILABLE
  fi
  return 0
}

# hostpair_name PREFIX: a pair name not in use now (PREFIX: 1-4 of [a-z0-9]),
# made from the caller's pid and a random byte so parallel tests differ.
hostpair_name() {
  local prefix=${1:-hp} name tries
  if [[ ! $prefix =~ ^[a-z0-9]{1,4}$ ]]; then
    _hostpair_err "name: prefix '$prefix' must be 1-4 of [a-z0-9]"
    return $HOSTPAIR_EX_USAGE
  fi
  for ((tries = 0; tries < 50; tries++)); do
    printf -v name '%s-%x%02x' "$prefix" "$$" $((RANDOM % 256))
    if [[ ! -e $(_hostpair_root)/$name && ! -e /run/netns/$name-a && ! -e /run/netns/$name-b &&
      ! -e /etc/netns/$name-a && ! -e /etc/netns/$name-b ]]; then
      echo "$name"
      return 0
    fi
  done
  _hostpair_err "name: no free name with prefix '$prefix'"
  return 1
}

# Appends one line to the pair's record of what exists because of us.
_hostpair_record() { printf '%s\n' "$2" >>"$1/made"; }

# The hosts file seen inside either host of pair NAME.
_hostpair_hosts_file() {
  local name=$1 v6=$2
  printf '# written by hostpair for pair %s; removed by hostpair down\n' "$name"
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n'
  printf '%s\ta.%s.test a\n%s\tb.%s.test b\n' "$HOSTPAIR_ADDR_A" "$name" "$HOSTPAIR_ADDR_B" "$name"
  if ((v6)); then
    printf '%s\ta.%s.test a\n%s\tb.%s.test b\n' "$HOSTPAIR_ADDR6_A" "$name" "$HOSTPAIR_ADDR6_B" "$name"
  fi
}

# The body of hostpair_up once the state directory is ours; any failure
# returns 1 and leaves the record for hostpair_down to undo.
_hostpair_build() {
  local name=$1 v6=$2 dir=$3 h sub
  for h in a b; do
    for sub in run etc log; do
      mkdir -p "$dir/$h/$sub" || return 1
    done
    # /run is world-searchable on a real host; daemons that drop root need that.
    chmod 0755 "$dir/$h" "$dir/$h/run" || return 1
  done
  printf 'v6=%s\n' "$v6" >"$dir/config" || return 1

  for h in a b; do
    # `ip netns add` refuses an existing name, so a foreign one stays foreign.
    ip netns add "$name-$h" || { _hostpair_err "up: cannot create namespace $name-$h"; return 1; }
    _hostpair_record "$dir" "netns $name-$h" || return 1
    mkdir -p /etc/netns || return 1
    mkdir -m 0755 "/etc/netns/$name-$h" || { _hostpair_err "up: /etc/netns/$name-$h exists"; return 1; }
    _hostpair_record "$dir" "etcnetns /etc/netns/$name-$h" || return 1
    _hostpair_hosts_file "$name" "$v6" >"/etc/netns/$name-$h/hosts" || return 1
    # `ip netns exec` binds each file here over its /etc twin, which must exist.
    if [[ -e /etc/resolv.conf ]]; then
      printf '# hostpair: no DNS inside a host pair; names come from /etc/hosts\nnameserver 127.0.0.1\noptions timeout:1 attempts:1\n' \
        >"/etc/netns/$name-$h/resolv.conf" || return 1
    fi
    # Readable by daemons that dropped root, whatever the caller's umask.
    chmod 0644 "/etc/netns/$name-$h"/* || return 1
  done

  # Created directly inside the namespaces: the veth never exists in the
  # caller's namespace, and goes away with the namespaces.
  ip link add "$name-a" netns "$name-a" type veth peer name "$name-b" netns "$name-b" ||
    { _hostpair_err "up: cannot create the veth pair"; return 1; }
  _hostpair_record "$dir" "veth $name-a $name-b" || return 1

  for h in a b; do
    local addr=$HOSTPAIR_ADDR_A addr6=$HOSTPAIR_ADDR6_A
    if [[ $h == b ]]; then addr=$HOSTPAIR_ADDR_B addr6=$HOSTPAIR_ADDR6_B; fi
    {
      echo "link set lo up"
      echo "link set $name-$h up"
      echo "addr add $addr/24 dev $name-$h"
      if ((v6)); then echo "addr add $addr6/64 dev $name-$h nodad"; fi
    } | ip -n "$name-$h" -batch - || { _hostpair_err "up: cannot configure $name-$h"; return 1; }
  done
}

# hostpair_up NAME [--v6]: makes the pair. 0 on success; 77 when pairs cannot
# be made here; 2 on a usage error; 1 on any other failure, after undoing
# whatever was made.
hostpair_up() {
  local name='' v6=0 arg
  for arg in "$@"; do
    case $arg in
      --v6) v6=1 ;;
      -*) _hostpair_err "up: unknown option '$arg'"; return $HOSTPAIR_EX_USAGE ;;
      *)
        if [[ -n $name ]]; then _hostpair_err "up: one NAME only"; return $HOSTPAIR_EX_USAGE; fi
        name=$arg
        ;;
    esac
  done
  [[ -n $name ]] || { _hostpair_err "up: NAME missing"; return $HOSTPAIR_EX_USAGE; }
  _hostpair_valid_name "$name" || return $HOSTPAIR_EX_USAGE
  local reason root dir
  if ! reason=$(_hostpair_unavailable "$v6" 0); then
    _hostpair_err "not available: $reason"
    return $HOSTPAIR_EX_UNAVAILABLE
  fi
  root=$(_hostpair_root)
  dir=$root/$name
  mkdir -p "$root" || return 1
  # Only root may own the tree that becomes each host's /run.
  if [[ -L $root || ! -O $root ]]; then
    _hostpair_err "up: $root is a symlink or not owned by us; set HOSTPAIR_ROOT elsewhere"
    return 1
  fi
  # mkdir is the lock: two `up NAME` cannot both get here.
  if ! mkdir -m 0755 "$dir" 2>/dev/null; then
    _hostpair_err "up: pair $name exists ($dir); run: hostpair down $name"
    return 1
  fi
  : >"$dir/made" || return 1
  if ! _hostpair_build "$name" "$v6" "$dir"; then
    hostpair_down "$name"
    return 1
  fi
  return 0
}

# The pair's directory if the pair is up (made by us), else complains.
_hostpair_dir_of() {
  local name=$1 dir
  _hostpair_valid_name "$name" || return 1
  dir=$(_hostpair_root)/$name
  if [[ ! -f $dir/made ]] || ! grep -qx "netns $name-a" "$dir/made" ||
    ! grep -qx "netns $name-b" "$dir/made"; then
    _hostpair_err "pair $name is not up (no record under $(_hostpair_root))"
    return 1
  fi
  printf '%s\n' "$dir"
}

# Fills the array named by $1 with the command that runs "$@" inside host
# $3 of pair $2: its network namespace (`ip netns exec` also binds
# /etc/netns/NS/* over /etc), a private mount namespace with the host's
# directory over /run (and /var/run where that is not a symlink to /run),
# and its own UTS namespace with hostname a.NAME.test / b.NAME.test.
_hostpair_enter_argv() {
  local -n _argv=$1
  local name=$2 host=$3 dir=$4
  shift 4
  # shellcheck disable=SC2016 # expanded by the inner shell
  local script='run=$1 hostname=$2
export HOSTPAIR_HOST=$3 HOSTPAIR_HOST_DIR=$4
shift 4
mount --bind "$run" /run || exit 125
if [ ! -L /var/run ]; then mount --bind "$run" /var/run || exit 125; fi
echo "$hostname" >/proc/sys/kernel/hostname || exit 125
exec "$@"'
  _argv=(ip netns exec "$name-$host" unshare -m -u sh -c "$script" hostpair
    "$dir/$host/run" "$host.$name.test" "$host" "$dir/$host" "$@")
}

# Parses "NAME a|b [--] CMD..." for exec and spawn.
_hostpair_target() {
  local -n _t_name=$1 _t_host=$2
  _t_name=${3:-}
  _t_host=${4:-}
  [[ -n $_t_name && -n $_t_host ]] || { _hostpair_err "NAME and host (a|b) required"; return 1; }
  _hostpair_valid_name "$_t_name" || return 1
  _hostpair_valid_host "$_t_host" || return 1
}

# hostpair_exec NAME a|b [--] CMD...: runs CMD inside the host, in the
# foreground with the caller's stdin/stdout/stderr; returns CMD's status,
# or 125 when it could not be started there (127: CMD not found).
hostpair_exec() {
  local name host dir
  _hostpair_target name host "$@" || return $HOSTPAIR_EX_CANNOT
  shift 2
  [[ ${1:-} == -- ]] && shift
  (($# > 0)) || { _hostpair_err "exec: CMD missing"; return $HOSTPAIR_EX_CANNOT; }
  dir=$(_hostpair_dir_of "$name") || return $HOSTPAIR_EX_CANNOT
  local -a argv
  _hostpair_enter_argv argv "$name" "$host" "$dir" "$@"
  "${argv[@]}"
}

# Prints "STATE PGID STARTTIME" of a pid from /proc/PID/stat, or fails.
# The start time tells our process from a later one that reused its pid.
_hostpair_proc_start() {
  local stat
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  local -a f
  read -ra f <<<"${stat##*) }"
  printf '%s %s %s\n' "${f[0]}" "${f[2]}" "${f[19]}"
}

# hostpair_spawn NAME a|b [--log FILE] [--] CMD...: starts CMD in the
# background inside the host, in its own process group, stdin from
# /dev/null, stdout and stderr appended to FILE (default
# HOSTPAIR_DIR/HOST/log/spawn-PID.log). Prints the pid (= process group);
# hostpair_down kills the group. Run daemons in the foreground: one that
# forks and calls setsid leaves the group (down still kills it, because it
# kills every process left in the pair's namespaces).
hostpair_spawn() {
  local name host dir log=
  _hostpair_target name host "$@" || return $HOSTPAIR_EX_CANNOT
  shift 2
  while (($# > 0)); do
    case $1 in
      --log)
        [[ -n ${2:-} ]] || { _hostpair_err "spawn: --log FILE"; return $HOSTPAIR_EX_CANNOT; }
        log=$2
        shift 2
        ;;
      --)
        shift
        break
        ;;
      *) break ;;
    esac
  done
  (($# > 0)) || { _hostpair_err "spawn: CMD missing"; return $HOSTPAIR_EX_CANNOT; }
  dir=$(_hostpair_dir_of "$name") || return $HOSTPAIR_EX_CANNOT
  local -a argv
  _hostpair_enter_argv argv "$name" "$host" "$dir" "$@"
  local pid start
  # The default log is named after the pid, so the job opens it itself.
  # shellcheck disable=SC2016 # expanded by that shell
  [[ -n $log ]] || argv=(sh -c 'exec "$@" >>"$0/spawn-$$.log" 2>&1' "$dir/$host/log" "${argv[@]}")
  # set -m in a subshell: the job gets its own process group (pgid = pid)
  # whether or not the caller has job control.
  pid=$(
    set -m
    "${argv[@]}" </dev/null >>"${log:-/dev/null}" 2>&1 &
    echo $!
  ) || return $HOSTPAIR_EX_CANNOT
  [[ $pid =~ ^[0-9]+$ ]] || { _hostpair_err "spawn: could not start"; return $HOSTPAIR_EX_CANNOT; }
  start=$(_hostpair_proc_start "$pid") || start="gone 0 0"
  _hostpair_record "$dir" "spawn $pid ${start##* }" || return $HOSTPAIR_EX_CANNOT
  echo "$pid"
}

# Prints the pids to stop for pair NAME: each recorded process group whose
# leader is still the process we started (as -PGID, for kill; members may
# live outside the namespaces), then every other process inside the pair's
# namespaces. The caller itself is never listed.
_hostpair_targets() {
  local name=$1 dir=$2 h kind pid start now
  local -A groups=()
  while read -r kind pid start; do
    [[ $kind == spawn && $pid =~ ^[0-9]+$ && $start =~ ^[0-9]+$ ]] || continue
    now=$(_hostpair_proc_start "$pid") || continue
    if [[ ${now%% *} != Z && ${now##* } == "$start" ]]; then
      groups[$pid]=1
      echo "-$pid"
    fi
  done <"$dir/made"
  for h in a b; do
    if ! grep -qx "netns $name-$h" "$dir/made" || [[ ! -e /run/netns/$name-$h ]]; then
      continue
    fi
    for pid in $(ip netns pids "$name-$h" 2>/dev/null); do
      [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
      now=$(_hostpair_proc_start "$pid") || continue
      now=${now#* }
      [[ -n ${groups[${now%% *}]:-} ]] || echo "$pid"
    done
  done
  return 0
}

# Stops everything _hostpair_targets names: SIGTERM, then SIGKILL after
# HOSTPAIR_GRACE_MS (default 3000) milliseconds.
_hostpair_stop_processes() {
  local name=$1 dir=$2 grace_ms=${HOSTPAIR_GRACE_MS:-3000}
  [[ $grace_ms =~ ^[0-9]+$ ]] || grace_ms=3000
  local grace_us=$((grace_ms * 1000))
  local -A termed=()
  local start_us=${EPOCHREALTIME//[!0-9]/} now_us t targets killing=0
  while :; do
    targets=$(_hostpair_targets "$name" "$dir")
    [[ -z $targets ]] && return 0
    now_us=${EPOCHREALTIME//[!0-9]/}
    if ((now_us - start_us > grace_us + 5000000)); then
      _hostpair_err "down: processes of $name survive SIGKILL: ${targets//$'\n'/ }"
      return 1
    fi
    if ((!killing && now_us - start_us > grace_us)); then
      killing=1
      _hostpair_err "down: $name: SIGKILL to processes that ignored SIGTERM: ${targets//$'\n'/ }"
    fi
    for t in $targets; do
      if ((killing)); then
        kill -KILL -- "$t" 2>/dev/null || true # may have exited meanwhile
      elif [[ -z ${termed[$t]:-} ]]; then
        termed[$t]=1
        kill -TERM -- "$t" 2>/dev/null || true
      fi
    done
    sleep 0.02
  done
}

# hostpair_down NAME: stops the pair's processes, deletes its namespaces
# (and with them the veth), its /etc/netns directories and its state
# directory. Only what the record names is removed; a pair that is not up
# is not an error. Returns 1 if something could not be removed.
hostpair_down() {
  local name=${1:-} dir rc=0 kind what
  [[ -n $name ]] || { _hostpair_err "down: NAME missing"; return $HOSTPAIR_EX_USAGE; }
  _hostpair_valid_name "$name" || return $HOSTPAIR_EX_USAGE
  dir=$(_hostpair_root)/$name
  [[ -d $dir && ! -L $dir ]] || return 0
  if [[ -f $dir/made ]]; then
    _hostpair_stop_processes "$name" "$dir" || rc=1
    while read -r kind what _; do
      case $kind in
        netns)
          # Only the two names this pair can have; anything else is not ours.
          [[ $what == "$name-a" || $what == "$name-b" ]] || continue
          if [[ -e /run/netns/$what ]]; then
            ip netns del "$what" || rc=1
          fi
          ;;
        etcnetns)
          [[ $what == "/etc/netns/$name-a" || $what == "/etc/netns/$name-b" ]] || continue
          rm -rf -- "$what" || rc=1
          ;;
        veth | spawn) ;; # gone with the namespaces and the processes
      esac
    done <"$dir/made"
  fi
  if ((rc == 0)); then
    rm -rf -- "$dir" || rc=1
  else
    _hostpair_err "down: $name not fully removed; state kept in $dir"
  fi
  return $rc
}

# hostpair_env NAME: prints `export VAR=value` lines describing pair NAME
# (use: eval "$(hostpair_env NAME)").
hostpair_env() {
  local name=${1:-} dir v6=0
  dir=$(_hostpair_dir_of "$name") || return 1
  grep -qx 'v6=1' "$dir/config" 2>/dev/null && v6=1
  local -a vars=(
    HOSTPAIR_SH="$HOSTPAIR_SH"
    HOSTPAIR_ROOT="$(_hostpair_root)"
    HOSTPAIR_NAME="$name"
    HOSTPAIR_DIR="$dir"
    HOSTPAIR_A="$name-a"
    HOSTPAIR_B="$name-b"
    HOSTPAIR_A_IF="$name-a"
    HOSTPAIR_B_IF="$name-b"
    HOSTPAIR_A_HOST="a.$name.test"
    HOSTPAIR_B_HOST="b.$name.test"
    HOSTPAIR_A_ADDR="$HOSTPAIR_ADDR_A"
    HOSTPAIR_B_ADDR="$HOSTPAIR_ADDR_B"
  )
  if ((v6)); then
    vars+=(HOSTPAIR_A_ADDR6="$HOSTPAIR_ADDR6_A" HOSTPAIR_B_ADDR6="$HOSTPAIR_ADDR6_B")
  fi
  local v
  for v in "${vars[@]}"; do
    printf 'export %s=%q\n' "${v%%=*}" "${v#*=}"
  done
}

# hostpair_list: the names of the pairs recorded under HOSTPAIR_ROOT (also
# those left behind by a killed test; remove them with hostpair down).
hostpair_list() {
  local d root
  root=$(_hostpair_root)
  for d in "$root"/*/made; do
    [[ -f $d ]] || continue
    d=${d%/made}
    echo "${d##*/}"
  done
}

# hostpair_run NAME [--v6] [--] CMD...: up, CMD on the caller's side with
# the hostpair_env variables, down. Returns CMD's status (128+N after
# signal N), 77 if pairs cannot be made here, 125 if up failed. Runs in a
# subshell so its traps do not replace the caller's (so a signal to the
# caller reaches it only when CMD ends; the command `hostpair.sh run`
# reacts at once).
hostpair_run() (
  _hostpair_run_body "$@"
)

# The body of run; exits, so it runs in a subshell or as the whole CLI.
_hostpair_run_body() {
  local name='' up_args=() rc=0 child='' sig stdin
  while (($# > 0)); do
    case $1 in
      --v6) up_args+=(--v6) ;;
      --)
        shift
        break
        ;;
      -*) _hostpair_err "run: unknown option '$1'"; exit $HOSTPAIR_EX_USAGE ;;
      *)
        if [[ -n $name ]]; then break; fi
        name=$1
        ;;
    esac
    shift
  done
  [[ -n $name ]] || { _hostpair_err "run: NAME missing"; exit $HOSTPAIR_EX_USAGE; }
  (($# > 0)) || { _hostpair_err "run: CMD missing"; exit $HOSTPAIR_EX_USAGE; }
  hostpair_up "$name" "${up_args[@]}" || rc=$?
  case $rc in
    0) ;;
    "$HOSTPAIR_EX_UNAVAILABLE" | "$HOSTPAIR_EX_USAGE") exit $rc ;;
    *) exit $HOSTPAIR_EX_CANNOT ;;
  esac
  # The pair is ours from here on: remove it whatever happens. CMD runs as
  # a background job so that a signal to us is handled at once (bash runs
  # traps only after a foreground command ends), and is passed on to CMD.
  trap 'hostpair_down "$name"' EXIT
  for sig in INT TERM HUP; do
    # shellcheck disable=SC2064 # $sig now, $child when the trap runs
    trap "[[ -n \$child ]] && kill -$sig \$child 2>/dev/null; wait \$child 2>/dev/null; exit \$((128 + $(kill -l $sig)))" $sig
  done
  eval "$(hostpair_env "$name")" || exit $HOSTPAIR_EX_CANNOT
  # A background job's stdin would be /dev/null; give it ours, if we have one.
  if { exec {stdin}<&0; } 2>/dev/null; then
    "$@" <&"$stdin" {stdin}<&- &
  else
    "$@" </dev/null &
  fi
  child=$!
  wait "$child" || rc=$?
  child=
  exit $rc
}

_hostpair_usage() {
  cat <<'EOF'
usage: hostpair.sh COMMAND ...
  check [--v6] [--xfrm]        can pairs be made here? prints why not, exit 77
  up NAME [--v6]               make pair NAME (namespaces NAME-a, NAME-b)
  exec NAME a|b [--] CMD...    run CMD inside host a or b; CMD's exit status
  spawn NAME a|b [--log FILE] [--] CMD...
                               start CMD in the background there; prints pid
  down NAME                    remove everything pair NAME made (idempotent)
  run NAME [--v6] [--] CMD...  up, CMD here with HOSTPAIR_* set, down
  env NAME                     print the HOSTPAIR_* variables as exports
  name [PREFIX]                print an unused pair name
  list                         pairs recorded under $HOSTPAIR_ROOT
State lives in ${HOSTPAIR_ROOT:-/tmp/hostpair}/NAME. See tests/rigs/README.md.
EOF
}

_hostpair_main() {
  local cmd=${1:-}
  (($# > 0)) && shift
  case $cmd in
    check) hostpair_check "$@" ;;
    up) hostpair_up "$@" ;;
    exec) hostpair_exec "$@" ;;
    spawn) hostpair_spawn "$@" ;;
    down) hostpair_down "$@" ;;
    run) _hostpair_run_body "$@" ;;
    env) hostpair_env "$@" ;;
    name) hostpair_name "$@" ;;
    list) hostpair_list ;;
    -h | --help | help) _hostpair_usage ;;
    *)
      _hostpair_usage >&2
      return $HOSTPAIR_EX_USAGE
      ;;
  esac
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  _hostpair_main "$@"
  exit
fi
