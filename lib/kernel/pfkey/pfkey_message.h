// PF_KEYv2 framing (RFC 2367 §2) without any socket: a builder for one
// message with its extensions, and a checked parser that splits a datagram
// into the sadb_msg header and its extensions. Lengths on the wire count
// 64-bit words; every one is checked against the bytes left, and malformed
// input (length 0, beyond the datagram, a message length that is not the
// datagram's, a repeated extension type) is EBADMSG, never a read past the
// end. Buffers are WipedBuffers: ADD, UPDATE and GET replies carry keys.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <type_traits>
#include <vector>

#include "base/result.h"
#include "kernel/kernel_struct.h"
#include "kernel/xfrm/wiped_buffer.h"

namespace rc::kernel::pfkey {

using xfrm::WipedBuffer;

inline constexpr std::uint8_t kVersion = 2;         // PF_KEY_V2
inline constexpr std::size_t kHeaderSize = 16;      // struct sadb_msg
inline constexpr std::size_t kExtensionHeader = 4;  // struct sadb_ext
inline constexpr std::size_t kAlignment = 8;        // everything counts 64-bit words
// The highest extension type accepted: Linux stops at SADB_EXT_MAX (26);
// KAME/FreeBSD go up to 31 (SADB_X_EXT_NEW_ADDRESS_DST), kept for pfkeyd.
inline constexpr std::size_t kMaxExtensionType = 31;

constexpr std::size_t align(std::size_t n) noexcept {
  return (n + kAlignment - 1) & ~(kAlignment - 1);
}

using kernel::append_struct;
using kernel::read_struct;

// The sadb_msg fields other than version and length, which the codec owns.
struct Header {
  std::uint8_t type = 0;    // SADB_ADD, SADB_X_SPDADD, ...
  std::uint8_t error = 0;   // sadb_msg_errno: a positive errno in replies
  std::uint8_t satype = 0;  // SADB_SATYPE_*
  std::uint32_t seq = 0;
  std::uint32_t pid = 0;

  bool operator==(const Header&) const = default;
};

// One extension: its type and all its bytes, sadb_ext header included
// (so typed decoders can read the kernel struct from the start).
struct Extension {
  std::uint16_t type = 0;
  std::span<const std::uint8_t> bytes;
};

struct Message {
  Header header;
  std::vector<Extension> extensions;  // in wire order

  // The extension of `type`, or nullptr (types are unique once parsed).
  [[nodiscard]] const Extension* find(std::uint16_t type) const noexcept;
};

// Parses exactly one message: PF_KEY sockets deliver one per datagram, so
// sadb_msg_len must cover the datagram exactly.
Result<Message> parse(std::span<const std::uint8_t> datagram);

// One message: header, then extensions each padded to 8 bytes.
class MessageBuilder {
 public:
  explicit MessageBuilder(const Header& header);

  // An extension made of a kernel struct whose first member is the
  // sadb_ext header (the builder fills its length and type), then `tail`.
  template <class T>
  requires std::is_trivially_copyable_v<T> MessageBuilder& extension(
      std::uint16_t type, const T& head, std::span<const std::uint8_t> tail = {}) {
    static_assert(sizeof(T) >= kExtensionHeader);
    const std::size_t at = buffer_.size();
    append_struct(buffer_, head);
    buffer_.append(tail);
    pad();
    set_extension_header(at, type);
    return *this;
  }
  // An extension with only the raw bytes after the sadb_ext header.
  MessageBuilder& raw_extension(std::uint16_t type, std::span<const std::uint8_t> body);

  // The finished message with sadb_msg_len set.
  WipedBuffer finish() &&;

 private:
  void pad();
  void set_extension_header(std::size_t at, std::uint16_t type);

  WipedBuffer buffer_;
};

// Sets sadb_msg_seq and sadb_msg_pid of a finished message (a request the
// engine numbers, or a reply that echoes its request's).
void stamp(WipedBuffer& message, std::uint32_t seq, std::uint32_t pid);
// Sets sadb_msg_errno of a finished message (a reply reporting failure).
void set_errno(WipedBuffer& message, std::uint8_t error);

}  // namespace rc::kernel::pfkey
