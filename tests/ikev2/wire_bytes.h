// Hand-assembled IKEv2 wire bytes for the lib/ikev2 tests, written from the
// RFC 7296 §3 diagrams and independent of the encoder under test: each
// helper is the octets a diagram shows, with lengths counted here.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace rc::ikev2::test {

using Wire = std::vector<std::uint8_t>;

inline Wire cat(std::initializer_list<Wire> parts) {
  Wire out;
  for (const Wire& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

inline Wire u8(std::uint8_t v) {
  return {v};
}

inline Wire u16(std::uint16_t v) {
  return {static_cast<std::uint8_t>(v >> 8U), static_cast<std::uint8_t>(v)};
}

inline Wire u32(std::uint32_t v) {
  return cat({u16(static_cast<std::uint16_t>(v >> 16U)), u16(static_cast<std::uint16_t>(v))});
}

inline Wire u64(std::uint64_t v) {
  return cat({u32(static_cast<std::uint32_t>(v >> 32U)), u32(static_cast<std::uint32_t>(v))});
}

inline Wire fill(std::size_t n, std::uint8_t value) {
  return Wire(n, value);
}

inline Wire text(std::string_view s) {
  return {s.begin(), s.end()};
}

// §3.2 generic payload header + body.
inline Wire payload(std::uint8_t next, const Wire& body, bool critical = false) {
  return cat({u8(next), u8(critical ? std::uint8_t{0x80} : std::uint8_t{0}),
              u16(static_cast<std::uint16_t>(body.size() + 4)), body});
}

inline constexpr std::uint64_t kSpiI = 0x0102030405060708ULL;
inline constexpr std::uint64_t kSpiR = 0x1112131415161718ULL;

// §3.1 header for a message whose payloads are `rest`, version 2.0.
inline Wire header(std::uint8_t next, std::uint8_t exchange, std::uint8_t flags,
                   std::uint32_t message_id, std::size_t rest, std::uint64_t spi_i = kSpiI,
                   std::uint64_t spi_r = kSpiR, std::uint8_t version = 0x20) {
  return cat({u64(spi_i), u64(spi_r), u8(next), u8(version), u8(exchange), u8(flags),
              u32(message_id), u32(static_cast<std::uint32_t>(28 + rest))});
}

inline Wire message(std::uint8_t next, std::uint8_t exchange, std::uint8_t flags,
                    std::uint32_t message_id, const Wire& payloads, std::uint64_t spi_i = kSpiI,
                    std::uint64_t spi_r = kSpiR) {
  return cat({header(next, exchange, flags, message_id, payloads.size(), spi_i, spi_r), payloads});
}

// Flags (§3.1).
inline constexpr std::uint8_t kI = 0x08;
inline constexpr std::uint8_t kR = 0x20;

// Payload type numbers (§3.2), written as numbers on purpose.
inline constexpr std::uint8_t kNone = 0;
inline constexpr std::uint8_t kSA = 33;
inline constexpr std::uint8_t kKE = 34;
inline constexpr std::uint8_t kIDi = 35;
inline constexpr std::uint8_t kIDr = 36;
inline constexpr std::uint8_t kCERT = 37;
inline constexpr std::uint8_t kCERTREQ = 38;
inline constexpr std::uint8_t kAUTH = 39;
inline constexpr std::uint8_t kNonce = 40;
inline constexpr std::uint8_t kN = 41;
inline constexpr std::uint8_t kD = 42;
inline constexpr std::uint8_t kV = 43;
inline constexpr std::uint8_t kTSi = 44;
inline constexpr std::uint8_t kTSr = 45;
inline constexpr std::uint8_t kSK = 46;
inline constexpr std::uint8_t kCP = 47;
inline constexpr std::uint8_t kEAP = 48;

// Exchange numbers (§3.1).
inline constexpr std::uint8_t kIkeSaInit = 34;
inline constexpr std::uint8_t kIkeAuth = 35;
inline constexpr std::uint8_t kCreateChildSa = 36;
inline constexpr std::uint8_t kInformational = 37;

// §3.3.2 transform: last(0)/more(3), reserved, length, type, reserved, id, attributes.
inline Wire transform(bool last, std::uint8_t type, std::uint16_t id, const Wire& attributes = {}) {
  return cat({u8(last ? std::uint8_t{0} : std::uint8_t{3}), u8(0),
              u16(static_cast<std::uint16_t>(8 + attributes.size())), u8(type), u8(0), u16(id),
              attributes});
}

// §3.3.5 Key Length attribute, TV.
inline Wire key_length(std::uint16_t bits) {
  return cat({u16(0x800E), u16(bits)});
}

// §3.3.1 proposal: last(0)/more(2), reserved, length, number, protocol,
// SPI size, transform count, SPI, transforms.
inline Wire proposal(bool last, std::uint8_t number, std::uint8_t protocol, const Wire& spi,
                     std::uint8_t count, const Wire& transforms) {
  return cat({u8(last ? std::uint8_t{0} : std::uint8_t{2}), u8(0),
              u16(static_cast<std::uint16_t>(8 + spi.size() + transforms.size())), u8(number),
              u8(protocol), u8(static_cast<std::uint8_t>(spi.size())), u8(count), spi, transforms});
}

// An IKE proposal with AES-CBC-128, HMAC-SHA2-256 PRF and integrity, group 14.
inline Wire ike_proposal_body() {
  return proposal(true, 1, 1, {}, 4,
                  cat({transform(false, 1, 12, key_length(128)), transform(false, 2, 5),
                       transform(false, 3, 12), transform(true, 4, 14)}));
}

// NAT_DETECTION_SOURCE_IP notify body with a 20-octet hash.
inline Wire natd_body(std::uint16_t type, std::uint8_t fill_byte) {
  return cat({u8(0), u8(0), u16(type), fill(20, fill_byte)});
}

// The payloads of an IKE_SA_INIT request: SA, KE (group 14, 256 octets), Ni
// (32 octets), N(NAT_DETECTION_SOURCE_IP), N(NAT_DETECTION_DESTINATION_IP).
inline Wire ike_sa_init_payloads() {
  return cat({payload(kKE, ike_proposal_body()),
              payload(kNonce, cat({u16(14), u16(0), fill(256, 0xAB)})), payload(kN, fill(32, 0x4E)),
              payload(kN, natd_body(16388, 0x51)), payload(kNone, natd_body(16389, 0x52))});
}

inline Wire ike_sa_init_request() {
  return message(kSA, kIkeSaInit, kI, 0, ike_sa_init_payloads(), kSpiI, 0);
}

}  // namespace rc::ikev2::test
