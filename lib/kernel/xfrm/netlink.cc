#include "kernel/xfrm/netlink.h"

#include <linux/netlink.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <limits>

#include <fmt/format.h>

namespace rc::kernel::xfrm::netlink {
namespace {

static_assert(sizeof(nlmsghdr) == kHeaderSize);
static_assert(sizeof(nlattr) == kAttributeHeader);

Error malformed(std::string what) {
  return Error{EBADMSG, "malformed netlink message: " + std::move(what)};
}

// The NUL-terminated text of NLMSGERR_ATTR_MSG, printable characters only.
std::string attribute_text(std::span<const std::uint8_t> data) {
  std::string text;
  for (const std::uint8_t byte : data) {
    if (byte == 0) break;
    text.push_back(byte >= 0x20 && byte < 0x7f ? static_cast<char>(byte) : '?');
  }
  return text;
}

// The extended-ack TLVs after the fixed part of NLMSG_ERROR or NLMSG_DONE.
Result<std::string> extack_text(std::span<const std::uint8_t> tlvs) {
  auto attributes = parse_attributes(tlvs);
  if (!attributes) return fail(std::move(attributes).error());
  if (const Attribute* text = find(*attributes, NLMSGERR_ATTR_MSG)) {
    return attribute_text(text->data);
  }
  return std::string{};
}

// Kernel errors are negative errnos; anything else is a broken message.
Result<int> errno_of(int kernel_error) {
  if (kernel_error > 0 || kernel_error < -4095) {
    return fail(malformed(fmt::format("error code {} is not a negative errno", kernel_error)));
  }
  return -kernel_error;
}

}  // namespace

MessageBuilder::MessageBuilder(std::uint16_t type, std::uint16_t flags) {
  nlmsghdr header{};
  header.nlmsg_type = type;
  header.nlmsg_flags = flags;
  append_struct(buffer_, header);
}

MessageBuilder& MessageBuilder::attribute(std::uint16_t type, std::span<const std::uint8_t> data) {
  begin_attribute(type, data.size());
  buffer_.append(data);
  pad();
  return *this;
}

void MessageBuilder::begin_attribute(std::uint16_t type, std::size_t payload_length) {
  nlattr header{};
  // Our attributes are kernel structs of a few hundred bytes at most.
  header.nla_len = static_cast<std::uint16_t>(kAttributeHeader + payload_length);
  header.nla_type = type;
  append_struct(buffer_, header);
}

void MessageBuilder::pad() {
  buffer_.append_zeros(align(buffer_.size()) - buffer_.size());
}

WipedBuffer MessageBuilder::finish() && {
  const auto length = static_cast<std::uint32_t>(buffer_.size());
  std::memcpy(buffer_.writable().data(), &length, sizeof length);  // nlmsg_len comes first
  return std::move(buffer_);
}

void stamp(std::span<std::uint8_t> message, std::uint32_t seq, std::uint32_t port_id) noexcept {
  if (message.size() < kHeaderSize) return;
  std::memcpy(message.data() + offsetof(nlmsghdr, nlmsg_seq), &seq, sizeof seq);
  std::memcpy(message.data() + offsetof(nlmsghdr, nlmsg_pid), &port_id, sizeof port_id);
}

std::uint16_t message_type(std::span<const std::uint8_t> message) noexcept {
  const auto header = read_struct<nlmsghdr>(message);
  return header ? header->nlmsg_type : std::uint16_t{0};
}

Result<std::vector<Message>> split(std::span<const std::uint8_t> datagram) {
  std::vector<Message> messages;
  std::size_t offset = 0;
  while (offset < datagram.size()) {
    const std::span<const std::uint8_t> rest = datagram.subspan(offset);
    const auto header = read_struct<nlmsghdr>(rest);
    if (!header) {
      return fail(malformed(fmt::format("{} bytes left at offset {}, a header needs {}",
                                        rest.size(), offset, kHeaderSize)));
    }
    if (header->nlmsg_len < kHeaderSize || header->nlmsg_len > rest.size()) {
      return fail(malformed(fmt::format("nlmsg_len {} at offset {} with {} bytes left",
                                        header->nlmsg_len, offset, rest.size())));
    }
    messages.push_back(Message{header->nlmsg_type, header->nlmsg_flags, header->nlmsg_seq,
                               header->nlmsg_pid,
                               rest.subspan(kHeaderSize, header->nlmsg_len - kHeaderSize)});
    // The last message of a datagram may come without its padding.
    offset += std::min(align(header->nlmsg_len), rest.size());
  }
  return messages;
}

Result<std::vector<Attribute>> parse_attributes(std::span<const std::uint8_t> bytes) {
  std::vector<Attribute> attributes;
  std::size_t offset = 0;
  while (offset < bytes.size()) {
    const std::span<const std::uint8_t> rest = bytes.subspan(offset);
    const auto header = read_struct<nlattr>(rest);
    if (!header) {
      return fail(malformed(fmt::format("{} bytes left at attribute offset {}, a header needs {}",
                                        rest.size(), offset, kAttributeHeader)));
    }
    if (header->nla_len < kAttributeHeader || header->nla_len > rest.size()) {
      return fail(
          malformed(fmt::format("nla_len {} of attribute type {} with {} bytes left",
                                header->nla_len, header->nla_type & NLA_TYPE_MASK, rest.size())));
    }
    attributes.push_back(
        Attribute{static_cast<std::uint16_t>(header->nla_type & NLA_TYPE_MASK),
                  (header->nla_type & NLA_F_NESTED) != 0,
                  rest.subspan(kAttributeHeader, header->nla_len - kAttributeHeader)});
    offset += std::min(align(header->nla_len), rest.size());
  }
  return attributes;
}

Result<std::vector<Attribute>> parse_attributes_after(std::span<const std::uint8_t> payload,
                                                      std::size_t fixed_size) {
  if (payload.size() < fixed_size) {
    return fail(malformed(
        fmt::format("payload of {} bytes, its fixed part needs {}", payload.size(), fixed_size)));
  }
  return parse_attributes(payload.subspan(std::min(align(fixed_size), payload.size())));
}

const Attribute* find(const std::vector<Attribute>& attributes, std::uint16_t type) noexcept {
  const Attribute* found = nullptr;
  for (const Attribute& attribute : attributes) {
    if (attribute.type == type) found = &attribute;
  }
  return found;
}

Result<Ack> parse_error(const Message& message) {
  const auto error = read_struct<nlmsgerr>(message.payload);
  if (!error) {
    return fail(malformed(fmt::format("NLMSG_ERROR of {} bytes, needs {}", message.payload.size(),
                                      sizeof(nlmsgerr))));
  }
  auto code = errno_of(error->error);
  if (!code) return fail(std::move(code).error());
  Ack ack{*code, {}};
  if ((message.flags & NLM_F_ACK_TLVS) == 0) return ack;
  // The request comes back after the error code: only its header when the
  // kernel capped it (NETLINK_CAP_ACK), else all of it.
  std::size_t echoed = kHeaderSize;
  if ((message.flags & NLM_F_CAPPED) == 0) {
    echoed = std::max<std::size_t>(error->msg.nlmsg_len, kHeaderSize);
  }
  const std::size_t tlv_offset = align(sizeof(int) + echoed);
  if (tlv_offset > message.payload.size()) {
    return fail(malformed(fmt::format("NLMSG_ERROR echoes {} bytes but holds {}", echoed,
                                      message.payload.size() - sizeof(int))));
  }
  auto text = extack_text(message.payload.subspan(tlv_offset));
  if (!text) return fail(std::move(text).error());
  ack.message = std::move(*text);
  return ack;
}

Result<Ack> parse_done(const Message& message) {
  // An old kernel may send NLMSG_DONE with no payload at all.
  if (message.payload.empty()) return Ack{};
  const auto error = read_struct<int>(message.payload);
  if (!error) return fail(malformed("NLMSG_DONE shorter than its error code"));
  auto code = errno_of(*error);
  if (!code) return fail(std::move(code).error());
  Ack ack{*code, {}};
  if ((message.flags & NLM_F_ACK_TLVS) != 0) {
    auto text = extack_text(message.payload.subspan(sizeof(int)));
    if (!text) return fail(std::move(text).error());
    ack.message = std::move(*text);
  }
  return ack;
}

}  // namespace rc::kernel::xfrm::netlink
