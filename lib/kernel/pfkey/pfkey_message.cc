#include "kernel/pfkey/pfkey_message.h"

#include <linux/pfkeyv2.h>

#include <cerrno>
#include <cstddef>
#include <string>

#include <fmt/format.h>

namespace rc::kernel::pfkey {
namespace {

// Our layout assumptions against the kernel's header (RFC 2367 §2.1-2.3).
static_assert(sizeof(sadb_msg) == kHeaderSize);
static_assert(sizeof(sadb_ext) == kExtensionHeader);
static_assert(offsetof(sadb_msg, sadb_msg_version) == 0);
static_assert(offsetof(sadb_msg, sadb_msg_type) == 1);
static_assert(offsetof(sadb_msg, sadb_msg_errno) == 2);
static_assert(offsetof(sadb_msg, sadb_msg_satype) == 3);
static_assert(offsetof(sadb_msg, sadb_msg_len) == 4);
static_assert(offsetof(sadb_msg, sadb_msg_seq) == 8);
static_assert(offsetof(sadb_msg, sadb_msg_pid) == 12);
static_assert(offsetof(sadb_ext, sadb_ext_len) == 0);
static_assert(offsetof(sadb_ext, sadb_ext_type) == 2);
static_assert(PF_KEY_V2 == kVersion);
static_assert(SADB_EXT_MAX < kMaxExtensionType);

Error malformed(const std::string& what) {
  return Error{EBADMSG, "malformed PF_KEY message: " + what};
}

}  // namespace

const Extension* Message::find(std::uint16_t type) const noexcept {
  for (const Extension& extension : extensions) {
    if (extension.type == type) return &extension;
  }
  return nullptr;
}

Result<Message> parse(std::span<const std::uint8_t> datagram) {
  const auto header = read_struct<sadb_msg>(datagram);
  if (!header) {
    return fail(
        malformed(fmt::format("{} bytes, a header needs {}", datagram.size(), kHeaderSize)));
  }
  if (header->sadb_msg_version != kVersion) {
    return fail(malformed(fmt::format("version {}", header->sadb_msg_version)));
  }
  const std::size_t length = std::size_t{header->sadb_msg_len} * kAlignment;
  if (length != datagram.size()) {
    return fail(malformed(fmt::format("sadb_msg_len {} words for a {}-byte datagram",
                                      header->sadb_msg_len, datagram.size())));
  }
  Message message;
  message.header = Header{header->sadb_msg_type, header->sadb_msg_errno, header->sadb_msg_satype,
                          header->sadb_msg_seq, header->sadb_msg_pid};
  std::array<bool, kMaxExtensionType + 1> seen{};
  std::size_t offset = kHeaderSize;
  while (offset < datagram.size()) {
    const std::span<const std::uint8_t> rest = datagram.subspan(offset);
    const auto ext = read_struct<sadb_ext>(rest);
    if (!ext) {
      return fail(malformed(fmt::format("{} bytes left at offset {}", rest.size(), offset)));
    }
    const std::size_t ext_length = std::size_t{ext->sadb_ext_len} * kAlignment;
    if (ext_length == 0 || ext_length > rest.size()) {
      return fail(malformed(fmt::format("sadb_ext_len {} words at offset {} with {} bytes left",
                                        ext->sadb_ext_len, offset, rest.size())));
    }
    if (ext->sadb_ext_type == 0 || ext->sadb_ext_type > kMaxExtensionType) {
      return fail(malformed(fmt::format("extension type {}", ext->sadb_ext_type)));
    }
    if (seen[ext->sadb_ext_type]) {
      return fail(malformed(fmt::format("extension type {} twice", ext->sadb_ext_type)));
    }
    seen[ext->sadb_ext_type] = true;
    message.extensions.push_back(Extension{ext->sadb_ext_type, rest.first(ext_length)});
    offset += ext_length;
  }
  return message;
}

MessageBuilder::MessageBuilder(const Header& header) {
  sadb_msg msg{};
  msg.sadb_msg_version = kVersion;
  msg.sadb_msg_type = header.type;
  msg.sadb_msg_errno = header.error;
  msg.sadb_msg_satype = header.satype;
  msg.sadb_msg_seq = header.seq;
  msg.sadb_msg_pid = header.pid;
  append_struct(buffer_, msg);
}

MessageBuilder& MessageBuilder::raw_extension(std::uint16_t type,
                                              std::span<const std::uint8_t> body) {
  const std::size_t at = buffer_.size();
  buffer_.append_zeros(kExtensionHeader);
  buffer_.append(body);
  pad();
  set_extension_header(at, type);
  return *this;
}

void MessageBuilder::pad() {
  buffer_.append_zeros(align(buffer_.size()) - buffer_.size());
}

void MessageBuilder::set_extension_header(std::size_t at, std::uint16_t type) {
  sadb_ext ext{};
  // Our extensions are a few hundred bytes: far below 65535 words.
  ext.sadb_ext_len = static_cast<std::uint16_t>((buffer_.size() - at) / kAlignment);
  ext.sadb_ext_type = type;
  std::memcpy(buffer_.writable().data() + at, &ext, sizeof ext);
}

WipedBuffer MessageBuilder::finish() && {
  const auto words = static_cast<std::uint16_t>(buffer_.size() / kAlignment);
  std::memcpy(buffer_.writable().data() + offsetof(sadb_msg, sadb_msg_len), &words, sizeof words);
  return std::move(buffer_);
}

// Both write into a message this codec finished, so the header is there;
// a shorter buffer (never built here) is left alone rather than overrun.
void stamp(WipedBuffer& message, std::uint32_t seq, std::uint32_t pid) {
  if (message.size() < kHeaderSize) return;
  std::uint8_t* header = message.writable().data();
  std::memcpy(header + offsetof(sadb_msg, sadb_msg_seq), &seq, sizeof seq);
  std::memcpy(header + offsetof(sadb_msg, sadb_msg_pid), &pid, sizeof pid);
}

void set_errno(WipedBuffer& message, std::uint8_t error) {
  if (message.size() < kHeaderSize) return;
  message.writable()[offsetof(sadb_msg, sadb_msg_errno)] = error;
}

}  // namespace rc::kernel::pfkey
