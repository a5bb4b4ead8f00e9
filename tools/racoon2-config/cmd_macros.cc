// `racoon2-config macros`: what each address macro stands for on this host
// right now — the question an administrator asks before writing MY_IP or
// MY_IPV6_GLOBAL%eth0 into a selector.
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "addr/addr_entry.h"
#include "addr/expand.h"
#include "addr/system_interfaces.h"
#include "tools/racoon2-config/commands.h"

namespace racoon2_config {

int run_macros(Args args) {
  std::vector<std::string> names;
  for (auto arg : args) names.emplace_back(arg);
  if (names.empty()) {
    for (auto macro : {rc::addr::Macro::my_ip, rc::addr::Macro::my_ipv4, rc::addr::Macro::my_ipv6,
                       rc::addr::Macro::my_ipv6_global, rc::addr::Macro::my_ipv6_linklocal,
                       rc::addr::Macro::my_hoa, rc::addr::Macro::ip_any, rc::addr::Macro::ip_rw,
                       rc::addr::Macro::ip_unspecified}) {
      names.emplace_back(rc::addr::macro_name(macro));
    }
  }
  const rc::addr::SystemInterfaceSource interfaces;
  int status = 0;
  for (const auto& name : names) {
    auto entry = rc::addr::parse_address(name);
    if (!entry || entry->as_macro() == nullptr) {
      fmt::print(stderr, "racoon2-config macros: '{}' is not an address macro{}\n", name,
                 entry ? "" : ": " + entry.error().message);
      status = 1;
      continue;
    }
    auto endpoints = rc::addr::expand(*entry, interfaces);
    if (!endpoints) {
      fmt::print(stderr, "racoon2-config macros: {}\n", endpoints.error().message);
      status = 1;
      continue;
    }
    std::vector<std::string> shown;
    for (const auto& endpoint : *endpoints) {
      shown.push_back(fmt::format("{}/{}", endpoint.address, endpoint.prefix_length));
    }
    fmt::print("{:<22} {}\n", name,
               shown.empty() ? "(no address)" : fmt::format("{}", fmt::join(shown, " ")));
  }
  return status;
}

}  // namespace racoon2_config
