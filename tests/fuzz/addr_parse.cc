// Fuzzes the config address parsers: parse_address, IpAddress and Prefix
// parsing, parse_port and parse_protocol. Whatever parses must print to text
// that parses back to an equal value, and must expand and match without
// surprises against a fixed interface list.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "addr/addr_entry.h"
#include "addr/expand.h"
#include "addr/interface_source.h"
#include "addr/ip_address.h"
#include "addr/prefix.h"
#include "addr/service.h"

namespace {

using rc::addr::IpAddress;
using rc::addr::Prefix;

const rc::addr::FixedInterfaceSource& interfaces() {
  static const rc::addr::FixedInterfaceSource source = [] {
    std::vector<rc::addr::InterfaceAddress> list;
    for (const char* text : {"127.0.0.1", "::1", "192.0.2.1", "2001:db8::1", "fe80::1%2"}) {
      rc::addr::InterfaceAddress a;
      a.ifname = text[0] == '1' && text[1] == '2' ? "lo" : "eth0";
      a.address = *IpAddress::parse(text);
      list.push_back(a);
    }
    return rc::addr::FixedInterfaceSource(std::move(list));
  }();
  return source;
}

void check_address_entry(std::string_view text) {
  auto entry = rc::addr::parse_address(text);
  if (!entry) return;
  auto again = rc::addr::parse_address(entry->to_string());
  if (!again || !(*again == *entry)) __builtin_trap();
  auto expanded = rc::addr::expand(*entry, interfaces());
  if (entry->as_inet() != nullptr || entry->is_wildcard()) {
    if (!expanded || expanded->empty()) __builtin_trap();
    // An entry always matches the addresses it expands to.
    for (const auto& endpoint : *expanded) {
      auto matched = rc::addr::match(*entry, endpoint.address, interfaces());
      if (!matched || !*matched) __builtin_trap();
    }
  }
  if (entry->as_fqdn() != nullptr && expanded) __builtin_trap();
}

void check_ip_address(std::string_view text) {
  auto address = IpAddress::parse(text);
  if (!address) return;
  auto again = IpAddress::parse(address->to_string());
  if (!again || !(*again == *address)) __builtin_trap();
}

void check_prefix(std::string_view text) {
  auto prefix = Prefix::parse(text);
  if (!prefix) return;
  auto again = Prefix::parse(prefix->to_string());
  if (!again || !(*again == *prefix)) __builtin_trap();
  if (!prefix->contains(prefix->address())) __builtin_trap();
  if (!prefix->contains(*prefix)) __builtin_trap();
}

void check_port(std::string_view text) {
  auto port = rc::addr::parse_port(text);
  if (!port) return;
  auto again = rc::addr::parse_port(std::to_string(*port));
  if (!again || *again != *port) __builtin_trap();
}

void check_protocol(std::string_view text) {
  auto protocol = rc::addr::parse_protocol(text);
  if (!protocol) return;
  auto again = rc::addr::parse_protocol(std::to_string(*protocol));
  if (!again || *again != *protocol) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_address_entry(text);
  check_ip_address(text);
  check_prefix(text);
  check_port(text);
  check_protocol(text);
  return 0;
}
