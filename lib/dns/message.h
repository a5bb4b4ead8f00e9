// The DNS message (RFC 1035 §4, EDNS0 RFC 6891) as spmd's proxy sees it:
// a pure decoder for what arrives from clients and upstream servers, and
// the few encoders the proxy needs (its own A/AAAA queries, the ID it
// rewrites). Every length is checked; names are decompressed with the
// pointer rules of RFC 1035 §4.1.4 (a pointer must point before the name
// it appears in, so a loop cannot form) and the limits of RFC 1035 §2.3.4
// (63-octet labels, 255-octet names). Counts are believed only as far as
// the message has bytes for them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "addr/ip_address.h"
#include "base/result.h"

namespace rc::dns {

inline constexpr std::size_t kHeaderSize = 12;
inline constexpr std::size_t kMaxUdpPayload = 512;     // RFC 1035 without EDNS0
inline constexpr std::size_t kMaxMessageSize = 65535;  // a TCP message's length field
inline constexpr std::uint16_t kOurEdnsSize = 1232;    // DNS flag day 2020

enum class RrType : std::uint16_t {
  A = 1,
  NS = 2,
  CNAME = 5,
  SOA = 6,
  PTR = 12,
  MX = 15,
  TXT = 16,
  AAAA = 28,
  OPT = 41,
  ANY = 255,
};
inline constexpr std::uint16_t kClassIn = 1;

enum class Rcode : std::uint8_t {
  NoError = 0,
  FormErr = 1,
  ServFail = 2,
  NxDomain = 3,
  NotImp = 4,
  Refused = 5,
};

// The 16-bit flags word of the header, spelt out.
struct Flags {
  bool qr = false;  // a response
  std::uint8_t opcode = 0;
  bool aa = false;
  bool tc = false;  // truncated: retry over TCP
  bool rd = false;
  bool ra = false;
  bool ad = false;
  bool cd = false;
  std::uint8_t rcode = 0;  // low 4 bits (EDNS0 extends it; not needed here)
  bool z = false;          // the reserved bit (0x0040), kept so every word round-trips
  bool operator==(const Flags&) const = default;
};
std::uint16_t encode_flags(const Flags& flags);
Flags decode_flags(std::uint16_t word);

// A domain name in text form: labels joined by '.', lower-cased (DNS
// compares names without regard to ASCII case), with the trailing dot of
// the root ("www.example.", "." for the root). A byte that is not a
// letter, digit, '-' or '_' is written as \DDD and a '.' inside a label as
// "\.", so such names never equal a name spmd watches by accident.
using Name = std::string;

struct Question {
  Name name;
  std::uint16_t type = 0;
  std::uint16_t klass = 0;
  bool operator==(const Question&) const = default;
};

struct ResourceRecord {
  Name name;
  std::uint16_t type = 0;
  std::uint16_t klass = 0;
  std::uint32_t ttl = 0;  // 0 when the wire value has its top bit set (RFC 2181 §8)
  // Decoded only for the types the proxy uses; `rdata` is always the raw
  // bytes (a view into the message given to parse_message).
  std::span<const std::uint8_t> rdata;
  std::optional<addr::IpAddress> address;    // A (4 bytes), AAAA (16 bytes)
  std::optional<Name> target;                // CNAME
  std::optional<std::uint32_t> soa_minimum;  // SOA: the negative-caching TTL (RFC 2308)
};

struct Message {
  std::uint16_t id = 0;
  Flags flags;
  std::vector<Question> questions;
  std::vector<ResourceRecord> answers;
  std::vector<ResourceRecord> authority;
  std::vector<ResourceRecord> additional;  // without the OPT record
  // EDNS0 (RFC 6891): the requester's UDP payload size from an OPT record
  // in the additional section; nullopt without one. Values below 512 are
  // reported as 512, as the RFC says to treat them.
  std::optional<std::uint16_t> edns_udp_size;
};

enum class ParseErrorKind : std::uint8_t {
  Truncated,      // fewer bytes than a field or a count needs
  BadName,        // label too long, name too long, reserved label type
  PointerLoop,    // a compression pointer that does not point backwards
  BadRecord,      // an A/AAAA/CNAME/SOA rdata of the wrong size or shape
  TrailingBytes,  // bytes after the last counted record
  TooManyOpt,     // more than one OPT record
};
struct ParseError {
  ParseErrorKind kind = ParseErrorKind::Truncated;
  std::size_t offset = 0;  // where in the message it was found
  std::string message;     // for logs: what and where
};
std::string_view to_string(ParseErrorKind kind);

// The whole message. The spans in the records point into `wire`, which
// must outlive the result.
Result<Message, ParseError> parse_message(std::span<const std::uint8_t> wire);

// Only the header's ID (the proxy rewrites it in place on the way through);
// nullopt when `wire` is shorter than a header.
std::optional<std::uint16_t> read_id(std::span<const std::uint8_t> wire);
// Overwrites the ID; false when `wire` is shorter than a header.
bool write_id(std::span<std::uint8_t> wire, std::uint16_t id);

// A name in text form (as Name above, or as a user writes it, with or
// without the trailing dot) to wire labels; fails on an empty label, a
// label over 63 octets or a name over 255 octets.
Result<std::vector<std::uint8_t>, ParseError> encode_name(std::string_view name);

// A recursive query (RD set) for one question, with an OPT record
// advertising `edns_size` when it is not 0.
Result<std::vector<std::uint8_t>, ParseError> build_query(std::uint16_t id, std::string_view name,
                                                          RrType type,
                                                          std::uint16_t edns_size = kOurEdnsSize);

}  // namespace rc::dns
