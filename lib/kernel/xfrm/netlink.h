// Netlink framing (RFC 3549, <linux/netlink.h>) without any socket: a
// builder for one request with its attributes, and checked parsers that split
// a received datagram into messages, a payload into attributes, and read
// NLMSG_ERROR / NLMSG_DONE with the kernel's extended-ack text. Every length
// is checked against the bytes left; malformed input is an error, never a
// read past the end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "base/result.h"
#include "kernel/kernel_struct.h"
#include "kernel/xfrm/wiped_buffer.h"

namespace rc::kernel::xfrm::netlink {

inline constexpr std::size_t kHeaderSize = 16;      // struct nlmsghdr
inline constexpr std::size_t kAttributeHeader = 4;  // struct nlattr

// NLMSG_ALIGN and NLA_ALIGN are both 4.
constexpr std::size_t align(std::size_t n) noexcept {
  return (n + 3U) & ~std::size_t{3};
}

using kernel::append_struct;
using kernel::read_struct;

// One request: header, fixed part, attributes. The socket stamps the
// sequence number and port id when it sends.
class MessageBuilder {
 public:
  MessageBuilder(std::uint16_t type, std::uint16_t flags);

  // The fixed struct after the header (xfrm_usersa_info, ...): call first.
  template <class T>
  MessageBuilder& fixed(const T& value) {
    append_struct(buffer_, value);
    pad();
    return *this;
  }
  MessageBuilder& attribute(std::uint16_t type, std::span<const std::uint8_t> data);
  // An attribute made of a struct and the bytes after it (xfrm_algo + key).
  template <class T>
  requires std::is_trivially_copyable_v<T> MessageBuilder& attribute(
      std::uint16_t type, const T& head, std::span<const std::uint8_t> tail = {}) {
    begin_attribute(type, sizeof(T) + tail.size());
    append_struct(buffer_, head);
    buffer_.append(tail);
    pad();
    return *this;
  }

  // The finished message with nlmsg_len set.
  WipedBuffer finish() &&;

 private:
  void begin_attribute(std::uint16_t type, std::size_t payload_length);
  void pad();

  WipedBuffer buffer_;
};

// Writes nlmsg_seq and nlmsg_pid into a finished message.
void stamp(std::span<std::uint8_t> message, std::uint32_t seq, std::uint32_t port_id) noexcept;
// The nlmsg_type of a finished message (0 if too short).
std::uint16_t message_type(std::span<const std::uint8_t> message) noexcept;

// One message of a datagram; payload excludes the header.
struct Message {
  std::uint16_t type = 0;
  std::uint16_t flags = 0;
  std::uint32_t seq = 0;
  std::uint32_t port_id = 0;
  std::span<const std::uint8_t> payload;
};

// Every message in a datagram. A header shorter than 16 bytes, an
// nlmsg_len below 16 or beyond the bytes left is an error (EBADMSG).
Result<std::vector<Message>> split(std::span<const std::uint8_t> datagram);

struct Attribute {
  std::uint16_t type = 0;  // NLA_F_NESTED and NLA_F_NET_BYTEORDER removed
  bool nested = false;
  std::span<const std::uint8_t> data;
};

// The attributes in `bytes` (nested ones are parsed by calling this again
// on their data). nla_len < 4 or beyond the bytes left is an error.
Result<std::vector<Attribute>> parse_attributes(std::span<const std::uint8_t> bytes);
// The attributes after a message's fixed struct of `fixed_size` bytes
// (NLMSG_ALIGNed); a payload shorter than the struct is an error.
Result<std::vector<Attribute>> parse_attributes_after(std::span<const std::uint8_t> payload,
                                                      std::size_t fixed_size);
// The last attribute of `type` (the kernel's nla_parse keeps the last one).
const Attribute* find(const std::vector<Attribute>& attributes, std::uint16_t type) noexcept;

// What NLMSG_ERROR says: 0 for an ACK, else a positive errno, and the
// kernel's NLMSGERR_ATTR_MSG text when it sent one.
struct Ack {
  int error = 0;
  std::string message;
};
Result<Ack> parse_error(const Message& message);
// NLMSG_DONE ends a dump; its int is 0 or a negative errno.
Result<Ack> parse_done(const Message& message);

}  // namespace rc::kernel::xfrm::netlink
