// Shared helpers of the XFRM codec tests.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <stdexcept>
#include <vector>

#include "addr/ip_address.h"
#include "addr/prefix.h"
#include "kernel/sa.h"
#include "kernel/xfrm/netlink.h"
#include "kernel/xfrm/wiped_buffer.h"
#include "support/kernel_testing.h"

namespace rc::kernel::xfrm::testing {

using rc::testing::ip;
using rc::testing::prefix;
using rc::testing::test_key;
using rc::testing::udp_selector;

// The one message in `bytes` (owned by the test: copy it first).
inline netlink::Message only_message(const std::vector<std::uint8_t>& bytes) {
  auto messages = netlink::split(bytes);
  if (!messages || messages->size() != 1) throw std::runtime_error("not exactly one message");
  return (*messages)[0];
}

inline std::vector<std::uint8_t> bytes_of(const WipedBuffer& buffer) {
  return {buffer.view().begin(), buffer.view().end()};
}

// The fixed struct right after the netlink header.
template <class T>
T fixed_of(const std::vector<std::uint8_t>& bytes) {
  auto value = netlink::read_struct<T>(std::span(bytes).subspan(netlink::kHeaderSize));
  if (!value) throw std::runtime_error("message too short for its fixed part");
  return *value;
}

// Appends one attribute to a finished message and fixes nlmsg_len.
inline void add_attribute(std::vector<std::uint8_t>& message, std::uint16_t type,
                          const std::vector<std::uint8_t>& data) {
  const auto length = static_cast<std::uint16_t>(4 + data.size());
  const std::size_t at = message.size();
  message.resize(at + netlink::align(length));
  std::memcpy(message.data() + at, &length, 2);
  std::memcpy(message.data() + at + 2, &type, 2);
  std::memcpy(message.data() + at + 4, data.data(), data.size());
  const auto total = static_cast<std::uint32_t>(message.size());
  std::memcpy(message.data(), &total, 4);
}

// A codec round trip keeps everything, the SA selector and seq too.
inline void expect_exact_sa(const SaParams& got, const SaParams& want) {
  rc::testing::expect_same_sa(got, want);
  EXPECT_EQ(got.selector, want.selector);
  EXPECT_EQ(got.seq, want.seq);
}

}  // namespace rc::kernel::xfrm::testing
