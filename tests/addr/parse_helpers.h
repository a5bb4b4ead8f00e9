// Test shorthands: parse a literal the test knows to be valid, and fail the
// test (not crash it) when it is not.
#pragma once

#include <cstdint>
#include <string_view>

#include <gtest/gtest.h>

#include "addr/addr_entry.h"
#include "addr/ip_address.h"

namespace rc::addr::test_support {

inline IpAddress ip(std::string_view text) {
  auto result = IpAddress::parse(text);
  EXPECT_TRUE(result) << text;
  return result ? *result : IpAddress();
}

inline AddrEntry entry(std::string_view text, std::uint16_t port = 0) {
  auto result = parse_address(text, port);
  EXPECT_TRUE(result) << text << ": " << result.error().message;
  return result ? *result : AddrEntry::host(IpAddress());
}

}  // namespace rc::addr::test_support
