// Address literals for tests: ip("192.0.2.1"), net("10.0.0.0/24"). A
// literal that does not parse fails the running test (and yields the
// default value) instead of throwing.
#pragma once

#include <string_view>

#include <gtest/gtest.h>

#include "addr/ip_address.h"
#include "addr/prefix.h"

namespace rc::testing {

inline addr::IpAddress ip(std::string_view text) {
  auto address = addr::IpAddress::parse(text);
  EXPECT_TRUE(address) << text;
  return address ? *address : addr::IpAddress();
}

inline addr::Prefix net(std::string_view text) {
  auto prefix = addr::Prefix::parse(text);
  EXPECT_TRUE(prefix) << text;
  return prefix ? *prefix : addr::Prefix();
}

}  // namespace rc::testing
