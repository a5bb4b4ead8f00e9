// Typed PF_KEYv2 extensions: round trips, refusals of short or inconsistent
// extensions, and whole messages compared with bytes written out by hand
// from RFC 2367's layout (so a mistake made the same way in the encoder
// and the decoder still fails).
#include <gtest/gtest.h>
#include <linux/ipsec.h>
#include <linux/pfkeyv2.h>
#include <linux/udp.h>

#include <bit>
#include <cerrno>
#include <cstdint>
#include <vector>

#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_message.h"
#include "support/kernel_testing.h"

namespace rc::kernel::pfkey {
namespace {

using rc::testing::ip;

std::vector<std::uint8_t> bytes_of(const WipedBuffer& buffer) {
  return {buffer.view().begin(), buffer.view().end()};
}

// Builds, serialises and parses again; the one extension of `type`.
struct Built {
  std::vector<std::uint8_t> bytes;
  Message message;
  [[nodiscard]] const Extension& only(std::uint16_t type) const {
    const Extension* extension = message.find(type);
    if (extension == nullptr) throw std::runtime_error("extension missing");
    return *extension;
  }
};

template <class Fill>
Built build(Fill fill) {
  MessageBuilder builder(Header{SADB_ADD, 0, SADB_SATYPE_ESP, 1, 0});
  fill(builder);
  Built built{bytes_of(std::move(builder).finish()), {}};
  auto message = parse(built.bytes);
  if (!message) throw std::runtime_error(message.error().message);
  built.message = std::move(*message);
  return built;
}

TEST(PfkeyExtensions, SaRoundTrip) {
  const SaExtension sa{0x12345678,          32,
                       SADB_SASTATE_MATURE, SADB_AALG_SHA1HMAC,
                       SADB_X_EALG_AESCBC,  SADB_SAFLAGS_PFS};
  const auto built = build([&](MessageBuilder& b) { add_sa(b, sa); });
  auto back = read_sa(built.only(SADB_EXT_SA));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, sa);
}

TEST(PfkeyExtensions, LifetimesRoundTrip) {
  const LifetimeExtension hard{1, 1U << 30, 3600, 0};
  const LifetimeExtension soft{0, 1U << 29, 3000, 60};
  const auto built = build([&](MessageBuilder& b) {
    add_lifetime(b, SADB_EXT_LIFETIME_HARD, hard);
    add_lifetime(b, SADB_EXT_LIFETIME_SOFT, soft);
  });
  EXPECT_EQ(*read_lifetime(built.only(SADB_EXT_LIFETIME_HARD)), hard);
  EXPECT_EQ(*read_lifetime(built.only(SADB_EXT_LIFETIME_SOFT)), soft);
}

TEST(PfkeyExtensions, AddressesRoundTrip) {
  AddressExtension v4 = host_address(ip("192.0.2.1"));
  v4.port = 500;
  v4.protocol = IPPROTO_UDP;
  AddressExtension v6{ip("2001:db8::1"), 4500, 64, IPSEC_ULPROTO_ANY};
  const AddressExtension proxy = host_address(ip("198.51.100.7"));
  const auto built = build([&](MessageBuilder& b) {
    add_address(b, SADB_EXT_ADDRESS_SRC, v4);
    add_address(b, SADB_EXT_ADDRESS_DST, v6);
    add_address(b, SADB_EXT_ADDRESS_PROXY, proxy);
  });
  EXPECT_EQ(built.only(SADB_EXT_ADDRESS_SRC).bytes.size(), 24U);  // 8 + sockaddr_in
  EXPECT_EQ(built.only(SADB_EXT_ADDRESS_DST).bytes.size(), 40U);  // 8 + 28 → 40
  EXPECT_EQ(*read_address(built.only(SADB_EXT_ADDRESS_SRC)), v4);
  EXPECT_EQ(*read_address(built.only(SADB_EXT_ADDRESS_DST)), v6);
  auto back = read_address(built.only(SADB_EXT_ADDRESS_PROXY));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->prefix_length, 32);
  EXPECT_EQ(*back, proxy);
}

TEST(PfkeyExtensions, KeysAreBitsAndPadded) {
  const std::vector<std::uint8_t> key(20, 0xab);  // 160 bits: 8 + 20 → 32
  const std::vector<std::uint8_t> cipher(16, 0xcd);
  const auto built = build([&](MessageBuilder& b) {
    add_key(b, SADB_EXT_KEY_AUTH, key);
    add_key(b, SADB_EXT_KEY_ENCRYPT, cipher);
  });
  const Extension& auth = built.only(SADB_EXT_KEY_AUTH);
  EXPECT_EQ(auth.bytes.size(), 32U);
  EXPECT_EQ(auth.bytes[4], 160);
  auto back = read_key(auth);
  ASSERT_TRUE(back);
  EXPECT_EQ(std::vector<std::uint8_t>(back->begin(), back->end()), key);
  auto back_cipher = read_key(built.only(SADB_EXT_KEY_ENCRYPT));
  ASSERT_TRUE(back_cipher);
  EXPECT_EQ(std::vector<std::uint8_t>(back_cipher->begin(), back_cipher->end()), cipher);
}

TEST(PfkeyExtensions, SpiRangeSa2AndNatRoundTrip) {
  const SpiRange range{0x100, 0xffffffff};
  const Sa2Extension sa2{IPSEC_MODE_TUNNEL, 0, 77};
  const auto built = build([&](MessageBuilder& b) {
    add_spi_range(b, range);
    add_sa2(b, sa2);
    add_nat_type(b, UDP_ENCAP_ESPINUDP);
    add_nat_port(b, SADB_X_EXT_NAT_T_SPORT, 4500);
    add_nat_port(b, SADB_X_EXT_NAT_T_DPORT, 61000);
  });
  EXPECT_EQ(*read_spi_range(built.only(SADB_EXT_SPIRANGE)), range);
  EXPECT_EQ(*read_sa2(built.only(SADB_X_EXT_SA2)), sa2);
  EXPECT_EQ(*read_nat_type(built.only(SADB_X_EXT_NAT_T_TYPE)), UDP_ENCAP_ESPINUDP);
  EXPECT_EQ(*read_nat_port(built.only(SADB_X_EXT_NAT_T_SPORT)), 4500);
  EXPECT_EQ(*read_nat_port(built.only(SADB_X_EXT_NAT_T_DPORT)), 61000);
}

// Extensions shorter than their struct, or saying more than they hold.
TEST(PfkeyExtensions, RefusesInconsistentExtensions) {
  const std::vector<std::uint8_t> eight{1, 0, SADB_EXT_SA, 0, 0, 0, 0, 0};
  const Extension short_sa{SADB_EXT_SA, eight};
  EXPECT_EQ(read_sa(short_sa).error().code, EBADMSG);
  EXPECT_EQ(read_lifetime(short_sa).error().code, EBADMSG);
  EXPECT_EQ(read_spi_range(short_sa).error().code, EBADMSG);
  EXPECT_EQ(read_sa2(short_sa).error().code, EBADMSG);

  // sadb_address with no sockaddr, a short one, an unknown family, a prefix too long.
  EXPECT_EQ(read_address(short_sa).error().code, EBADMSG);
  std::vector<std::uint8_t> address{2, 0, SADB_EXT_ADDRESS_SRC, 0, 255, 32, 0, 0, AF_INET, 0};
  EXPECT_EQ(read_address({SADB_EXT_ADDRESS_SRC, address}).error().code, EBADMSG);
  address.resize(24);
  EXPECT_TRUE(read_address({SADB_EXT_ADDRESS_SRC, address}));
  address[5] = 33;
  EXPECT_EQ(read_address({SADB_EXT_ADDRESS_SRC, address}).error().code, EBADMSG);
  address[5] = 32;
  address[8] = 99;  // family
  EXPECT_EQ(read_address({SADB_EXT_ADDRESS_SRC, address}).error().code, EBADMSG);

  // 128 key bits in 8 bytes; 7 bits.
  std::vector<std::uint8_t> key{2, 0, SADB_EXT_KEY_AUTH, 0, 128, 0, 0, 0};
  key.resize(16);
  EXPECT_EQ(read_key({SADB_EXT_KEY_AUTH, key}).error().code, EBADMSG);
  key[4] = 64;
  EXPECT_TRUE(read_key({SADB_EXT_KEY_AUTH, key}));
  key[4] = 7;
  EXPECT_EQ(read_key({SADB_EXT_KEY_AUTH, key}).error().code, EBADMSG);

  // min above max
  const std::vector<std::uint8_t> range{2, 0, SADB_EXT_SPIRANGE, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0,
                                        0, 0};
  EXPECT_EQ(read_spi_range({SADB_EXT_SPIRANGE, range}).error().code, EBADMSG);
}

// RFC 2367 §2 fields are host order except SPIs, ports and addresses; the
// hand-written bytes below are for a little-endian host.
bool little_endian() {
  return std::endian::native == std::endian::little;
}

TEST(PfkeyWire, GetSpiMatchesHandWrittenBytes) {
  if (!little_endian()) GTEST_SKIP() << "hand-written bytes are little-endian";
  MessageBuilder builder(Header{SADB_GETSPI, 0, SADB_SATYPE_ESP, 7, 0});
  add_address(builder, SADB_EXT_ADDRESS_SRC, host_address(ip("192.0.2.1")));
  add_address(builder, SADB_EXT_ADDRESS_DST, host_address(ip("198.51.100.2")));
  add_spi_range(builder, SpiRange{0x100, 0xffffffff});
  const std::vector<std::uint8_t> expected{
      // sadb_msg: version 2, SADB_GETSPI 1, errno 0, ESP 3, len 10 words, reserved, seq 7, pid 0
      0x02, 0x01, 0x00, 0x03, 0x0a, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00,
      // sadb_address SRC (5), 3 words, proto any, /32; sockaddr_in 192.0.2.1 port 0
      0x03, 0x00, 0x05, 0x00, 0xff, 0x20, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02,
      0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      // sadb_address DST (6): 198.51.100.2
      0x03, 0x00, 0x06, 0x00, 0xff, 0x20, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0xc6, 0x33, 0x64,
      0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      // sadb_spirange (16), 2 words, min 0x100, max 0xffffffff, reserved
      0x02, 0x00, 0x10, 0x00, 0x00, 0x01, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00,
      0x00};
  EXPECT_EQ(bytes_of(std::move(builder).finish()), expected);

  auto message = parse(expected);
  ASSERT_TRUE(message) << message.error().message;
  EXPECT_EQ(message->header, (Header{SADB_GETSPI, 0, SADB_SATYPE_ESP, 7, 0}));
  EXPECT_EQ(read_address(*message->find(SADB_EXT_ADDRESS_DST))->address, ip("198.51.100.2"));
  EXPECT_EQ(*read_spi_range(*message->find(SADB_EXT_SPIRANGE)), (SpiRange{0x100, 0xffffffff}));
}

TEST(PfkeyWire, AddWithSaAndKeyMatchesHandWrittenBytes) {
  if (!little_endian()) GTEST_SKIP() << "hand-written bytes are little-endian";
  MessageBuilder builder(Header{SADB_ADD, 0, SADB_SATYPE_ESP, 0x01020304, 99});
  add_sa(builder, SaExtension{0x12345678, 32, SADB_SASTATE_MATURE, SADB_AALG_SHA1HMAC,
                              SADB_X_EALG_AESCBC, 0});
  const std::vector<std::uint8_t> key{0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
                                      0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13};
  add_key(builder, SADB_EXT_KEY_AUTH, key);
  add_sa2(builder, Sa2Extension{IPSEC_MODE_TUNNEL, 0, 0x0a0b});
  const std::vector<std::uint8_t> expected{
      // sadb_msg: SADB_ADD 3, ESP, len 2+2+4+2 = 10 words, seq 0x01020304, pid 99
      0x02, 0x03, 0x00, 0x03, 0x0a, 0x00, 0x00, 0x00, 0x04, 0x03, 0x02, 0x01, 0x63, 0x00, 0x00,
      0x00,
      // sadb_sa (1): SPI in network order, replay 32, MATURE 1, SHA1HMAC 3, AESCBC 12, flags 0
      0x02, 0x00, 0x01, 0x00, 0x12, 0x34, 0x56, 0x78, 0x20, 0x01, 0x03, 0x0c, 0x00, 0x00, 0x00,
      0x00,
      // sadb_key AUTH (8): 4 words, 160 bits, reserved, 20 key bytes, 4 bytes of padding
      0x04, 0x00, 0x08, 0x00, 0xa0, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
      0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x00, 0x00,
      0x00, 0x00,
      // sadb_x_sa2 (19): 2 words, tunnel 2, 3 reserved, sequence 0, reqid 0x0a0b
      0x02, 0x00, 0x13, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b, 0x0a, 0x00,
      0x00};
  EXPECT_EQ(bytes_of(std::move(builder).finish()), expected);

  auto message = parse(expected);
  ASSERT_TRUE(message) << message.error().message;
  EXPECT_EQ(read_sa(*message->find(SADB_EXT_SA))->spi, 0x12345678U);
  auto back = read_key(*message->find(SADB_EXT_KEY_AUTH));
  ASSERT_TRUE(back);
  EXPECT_EQ(std::vector<std::uint8_t>(back->begin(), back->end()), key);
  EXPECT_EQ(read_sa2(*message->find(SADB_X_EXT_SA2))->reqid, 0x0a0bU);
}

}  // namespace
}  // namespace rc::kernel::pfkey
