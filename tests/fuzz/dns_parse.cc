// Fuzzes the DNS message parser spmd runs on every query and answer it
// relays. Whatever parses must agree with its own header (counts, ID,
// flags), keep its rdata views inside the input, decode addresses only
// with the right sizes, and print names that encode_name accepts and that
// survive a trip through build_query and parse_message unchanged. A parsed
// message also fails once its last byte is cut or a byte is added, since a
// good parse accounts for every byte. read_id and write_id run on every
// input.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dns/message.h"

namespace {

namespace dns = rc::dns;

std::uint16_t header_word(std::span<const std::uint8_t> wire, std::size_t offset) {
  return static_cast<std::uint16_t>((wire[offset] << 8U) | wire[offset + 1]);
}

void check_name(const dns::Name& name) {
  if (name.empty() || name.back() != '.') __builtin_trap();
  // 255 wire octets at most; every octet prints as at most 4 characters.
  if (name.size() > std::size_t{4} * 255) __builtin_trap();
  auto encoded = dns::encode_name(name);
  if (!encoded || encoded->size() > 255) __builtin_trap();
  auto query = dns::build_query(1, name, dns::RrType::A, 0);
  if (!query) __builtin_trap();
  auto again = dns::parse_message(*query);
  if (!again || again->questions.size() != 1 || again->questions[0].name != name) {
    __builtin_trap();
  }
}

bool inside(std::span<const std::uint8_t> part, std::span<const std::uint8_t> whole) {
  if (part.empty()) return true;
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

void check_record(const dns::ResourceRecord& record, std::span<const std::uint8_t> wire) {
  check_name(record.name);
  if (!inside(record.rdata, wire)) __builtin_trap();
  if (record.type == static_cast<std::uint16_t>(dns::RrType::OPT)) __builtin_trap();
  if (record.address) {
    const bool a = record.type == static_cast<std::uint16_t>(dns::RrType::A);
    const bool aaaa = record.type == static_cast<std::uint16_t>(dns::RrType::AAAA);
    if (record.klass != dns::kClassIn || !(a || aaaa)) __builtin_trap();
    if (record.address->bytes().size() != record.rdata.size()) __builtin_trap();
    if (a != record.address->is_v4()) __builtin_trap();
  }
  if (record.target) {
    if (record.type != static_cast<std::uint16_t>(dns::RrType::CNAME)) __builtin_trap();
    check_name(*record.target);
  }
  if (record.soa_minimum && record.type != static_cast<std::uint16_t>(dns::RrType::SOA)) {
    __builtin_trap();
  }
  if ((record.ttl & 0x80000000U) != 0) __builtin_trap();
}

void check_parsed(const dns::Message& message, std::span<const std::uint8_t> wire) {
  if (wire.size() < dns::kHeaderSize) __builtin_trap();
  if (message.id != header_word(wire, 0)) __builtin_trap();
  if (dns::encode_flags(message.flags) != header_word(wire, 2)) __builtin_trap();
  if (message.questions.size() != header_word(wire, 4)) __builtin_trap();
  if (message.answers.size() != header_word(wire, 6)) __builtin_trap();
  if (message.authority.size() != header_word(wire, 8)) __builtin_trap();
  const std::size_t opt = message.edns_udp_size ? 1 : 0;
  if (message.additional.size() + opt != header_word(wire, 10)) __builtin_trap();
  if (message.edns_udp_size && *message.edns_udp_size < dns::kMaxUdpPayload) __builtin_trap();
  for (const auto& question : message.questions) check_name(question.name);
  for (const auto* section : {&message.answers, &message.authority, &message.additional}) {
    for (const auto& record : *section) check_record(record, wire);
  }

  // Every byte was needed, and none may follow.
  const std::vector<std::uint8_t> shorter(wire.begin(), wire.end() - 1);
  if (dns::parse_message(shorter)) __builtin_trap();
  std::vector<std::uint8_t> longer(wire.begin(), wire.end());
  longer.push_back(0);
  auto extra = dns::parse_message(longer);
  if (extra || extra.error().kind != dns::ParseErrorKind::TrailingBytes) __builtin_trap();
}

void check_id(std::span<const std::uint8_t> wire) {
  const auto id = dns::read_id(wire);
  std::vector<std::uint8_t> copy(wire.begin(), wire.end());
  const auto new_id = static_cast<std::uint16_t>(id.value_or(0) ^ 0xA5A5U);
  const bool written = dns::write_id(copy, new_id);
  if (wire.size() < dns::kHeaderSize) {
    if (id || written || !std::equal(copy.begin(), copy.end(), wire.begin())) __builtin_trap();
    return;
  }
  if (!id || !written || dns::read_id(copy) != new_id) __builtin_trap();
  if (!std::equal(copy.begin() + 2, copy.end(), wire.begin() + 2)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> wire(data, size);
  check_id(wire);
  auto message = dns::parse_message(wire);
  if (message) {
    check_parsed(*message, wire);
  } else {
    const auto& error = message.error();
    if (error.message.empty() || error.offset > size) __builtin_trap();
    (void)dns::to_string(error.kind);
  }
  return 0;
}
