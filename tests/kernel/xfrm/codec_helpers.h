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

namespace rc::kernel::xfrm::testing {

inline addr::IpAddress ip(const char* text) {
  auto address = addr::IpAddress::parse(text);
  if (!address) throw std::runtime_error(address.error().message);
  return *address;
}

inline addr::Prefix net(const char* text) {
  auto prefix = addr::Prefix::parse(text);
  if (!prefix) throw std::runtime_error(prefix.error().message);
  return *prefix;
}

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

inline buf::SecretBytes key(std::size_t length, std::uint8_t seed) {
  std::vector<std::uint8_t> bytes(length);
  for (std::size_t i = 0; i < length; ++i) bytes[i] = static_cast<std::uint8_t>(seed + i);
  return buf::SecretBytes(bytes);
}

inline void expect_same(const SaParams& got, const SaParams& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.mode, want.mode);
  EXPECT_EQ(got.reqid, want.reqid);
  EXPECT_EQ(got.replay_window, want.replay_window);
  EXPECT_EQ(got.encryption, want.encryption);
  EXPECT_TRUE(buf::equal(got.encryption_key, want.encryption_key)) << "encryption key differs";
  EXPECT_EQ(got.integrity, want.integrity);
  EXPECT_TRUE(buf::equal(got.integrity_key, want.integrity_key)) << "integrity key differs";
  EXPECT_EQ(got.compression, want.compression);
  EXPECT_EQ(got.lifetimes, want.lifetimes);
  EXPECT_EQ(got.selector, want.selector);
  EXPECT_EQ(got.nat, want.nat);
  EXPECT_EQ(got.extended_sequence_numbers, want.extended_sequence_numbers);
  EXPECT_EQ(got.seq, want.seq);
}

}  // namespace rc::kernel::xfrm::testing
