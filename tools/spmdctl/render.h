// What spmdctl prints for every command but policy show (policy_view.h):
// pure functions from spmd's replies to text or --json (schema in
// README.md). Text mode prints spmd's own reply texts, as the original.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "addr/ip_address.h"
#include "spmif/reply.h"

namespace spmdctl {

// ns list: one address per line, the current server first; 251 = none.
std::string render_ns_list(const rc::spmif::Reply& reply, bool json);
// fqdn list: one name per line; 251 = none.
std::string render_fqdn_list(const rc::spmif::Reply& reply, bool json);
// fqdn query: the cached names of `address`.
std::string render_fqdn_query(const rc::addr::IpAddress& address, const rc::spmif::Reply& reply,
                              bool json);

// STAT's "NAME = N" lines.
struct Counter {
  std::string name;
  std::uint64_t value = 0;
  bool operator==(const Counter&) const = default;
};
struct Counters {
  std::vector<Counter> counters;
  std::vector<std::string> unreadable;  // lines not of the NAME = N form
};
Counters parse_counters(const rc::spmif::Reply& reply);
std::string render_status(const rc::spmif::Reply& reply, bool json);

// A command that changes something went through: its reply text, or
// {"ok":true,"command":...,"request":...,"code":N,"reply":[...]}.
std::string render_done(std::string_view command, std::string_view request,
                        const rc::spmif::Reply& reply, bool json);

// reload: "spmd (pid N) was sent SIGHUP" or {"ok":true,"command":"reload","pid":N}.
std::string render_reload(pid_t pid, bool json);

// --json's answer when a command fails: {"ok":false,"command":...,
// "error":...,"code":N}; `code` is spmd's reply code, 0 when the failure
// is not an spmd reply.
std::string render_failure_json(std::string_view command, std::string_view message, int code);

// "550 text" (several lines joined by "; "): a reply in one line, for
// error messages.
std::string reply_text(const rc::spmif::Reply& reply);

}  // namespace spmdctl
