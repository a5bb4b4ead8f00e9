// The fixed 12-byte header (RFC 1035 §4.1.1): the flags word spelt out, and
// the ID the proxy rewrites in place.
#include "buf/byte_reader.h"
#include "dns/message.h"

namespace rc::dns {

namespace {

constexpr std::uint16_t kQr = 0x8000;
constexpr unsigned kOpcodeShift = 11;
constexpr unsigned kFourBits = 0x000F;
constexpr std::uint16_t kAa = 0x0400;
constexpr std::uint16_t kTc = 0x0200;
constexpr std::uint16_t kRd = 0x0100;
constexpr std::uint16_t kRa = 0x0080;
constexpr std::uint16_t kZ = 0x0040;
constexpr std::uint16_t kAd = 0x0020;  // RFC 4035 §3.2.3
constexpr std::uint16_t kCd = 0x0010;  // RFC 4035 §3.2.2

constexpr std::size_t kIdOffset = 0;

unsigned bit_if(bool set, std::uint16_t bit) {
  return set ? unsigned{bit} : 0U;
}

}  // namespace

std::uint16_t encode_flags(const Flags& flags) {
  unsigned word = (static_cast<unsigned>(flags.opcode) & kFourBits) << kOpcodeShift;
  word |= static_cast<unsigned>(flags.rcode) & kFourBits;
  word |= bit_if(flags.qr, kQr) | bit_if(flags.aa, kAa) | bit_if(flags.tc, kTc) |
          bit_if(flags.rd, kRd) | bit_if(flags.ra, kRa) | bit_if(flags.z, kZ) |
          bit_if(flags.ad, kAd) | bit_if(flags.cd, kCd);
  return static_cast<std::uint16_t>(word);
}

Flags decode_flags(std::uint16_t word) {
  Flags flags;
  flags.qr = (word & kQr) != 0;
  flags.opcode = static_cast<std::uint8_t>((word >> kOpcodeShift) & kFourBits);
  flags.aa = (word & kAa) != 0;
  flags.tc = (word & kTc) != 0;
  flags.rd = (word & kRd) != 0;
  flags.ra = (word & kRa) != 0;
  flags.z = (word & kZ) != 0;
  flags.ad = (word & kAd) != 0;
  flags.cd = (word & kCd) != 0;
  flags.rcode = static_cast<std::uint8_t>(word & kFourBits);
  return flags;
}

std::optional<std::uint16_t> read_id(std::span<const std::uint8_t> wire) {
  if (wire.size() < kHeaderSize) return std::nullopt;
  buf::ByteReader reader(wire.subspan(kIdOffset));
  return reader.u16();
}

bool write_id(std::span<std::uint8_t> wire, std::uint16_t id) {
  if (wire.size() < kHeaderSize) return false;
  wire[kIdOffset] = static_cast<std::uint8_t>(id >> 8U);
  wire[kIdOffset + 1] = static_cast<std::uint8_t>(id);
  return true;
}

}  // namespace rc::dns
