// SADB_DELETE / SADB_GET by SA id and the header-only messages: bytes
// written out from RFC 2367 §3.1.4 (sadb_sa, two sadb_address with
// sockaddr_in6), round trips, and ids that are incomplete.
#include <gtest/gtest.h>
#include <linux/pfkeyv2.h>

#include <cerrno>
#include <cstdint>
#include <vector>

#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_sa_id.h"
#include "pfkey_testing.h"
#include "support/kernel_testing.h"

namespace rc::kernel::pfkey {
namespace {

using rc::testing::ip;
using testing::bytes_of;
using testing::encoded;
using testing::parsed;

const SaId kAh{rct::SaType::Ah, ip("2001:db8::1"), ip("2001:db8::2"), 0x1000};

const std::vector<std::uint8_t> kDelete{
    // sadb_msg: DELETE 4, satype AH 2, 14 words, seq 3
    0x02, 0x04, 0x00, 0x02, 0x0e, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0, 0, 0, 0,
    // SA (1): SPI 0x1000 in network order, the rest 0
    0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x10, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
    // ADDRESS_SRC (5): 5 words, any 255, /128, sockaddr_in6 2001:db8::1 padded to 8
    0x05, 0x00, 0x05, 0x00, 0xff, 0x80, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0x20, 0x01,
    0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0, 0,
    // ADDRESS_DST (6): 2001:db8::2
    0x05, 0x00, 0x06, 0x00, 0xff, 0x80, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0x20, 0x01,
    0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0, 0, 0, 0, 0, 0};

TEST(PfkeySaId, DeleteMatchesHandWrittenBytes) {
  if (!testing::little_endian()) GTEST_SKIP() << "little-endian bytes";
  EXPECT_EQ(encoded(encode_sa_id(SADB_DELETE, kAh, 3)), kDelete);
  auto decoded = decode_sa_id(parsed(kDelete));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, kAh);
}

TEST(PfkeySaId, GetRoundTrips) {
  for (const SaId& id :
       {SaId{rct::SaType::Esp, ip("192.0.2.1"), ip("198.51.100.2"), 0xdeadbeef},
        SaId{rct::SaType::Ipcomp, ip("192.0.2.1"), ip("192.0.2.2"), 0x4242}, kAh}) {
    const auto bytes = encoded(encode_sa_id(SADB_GET, id, 9));
    const Message message = parsed(bytes);
    EXPECT_EQ(message.header.type, SADB_GET);
    EXPECT_EQ(message.header.seq, 9U);
    auto decoded = decode_sa_id(message);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(*decoded, id);
  }
}

TEST(PfkeySaId, HeaderOnly) {
  const Header flush{SADB_X_SPDFLUSH, 0, SADB_SATYPE_UNSPEC, 77, 0};
  const auto bytes = bytes_of(encode_header_only(flush));
  EXPECT_EQ(bytes, (std::vector<std::uint8_t>{0x02, 0x13, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x4d,
                                              0x00, 0x00, 0x00, 0, 0, 0, 0}));
  EXPECT_EQ(parsed(bytes).header, flush);
}

TEST(PfkeySaId, RefusesIncompleteIds) {
  SaId bundle = kAh;
  bundle.type = rct::SaType::AhEsp;
  EXPECT_EQ(encode_sa_id(SADB_DELETE, bundle).error().code, EINVAL);
  SaId mixed = kAh;
  mixed.src = ip("192.0.2.1");
  EXPECT_EQ(encode_sa_id(SADB_DELETE, mixed).error().code, EINVAL);

  auto unspec = kDelete;
  unspec[3] = SADB_SATYPE_UNSPEC;
  EXPECT_EQ(decode_sa_id(parsed(unspec)).error().code, EBADMSG);
  // Without the SA extension (16 bytes at offset 16).
  std::vector<std::uint8_t> no_sa(kDelete.begin(), kDelete.begin() + 16);
  no_sa.insert(no_sa.end(), kDelete.begin() + 32, kDelete.end());
  no_sa[4] = static_cast<std::uint8_t>(no_sa.size() / 8);
  EXPECT_EQ(decode_sa_id(parsed(no_sa)).error().code, EBADMSG);
  // Without the source: an ADDRESS_SRC renumbered PROXY (7) is not one.
  auto no_src = kDelete;
  no_src[34] = SADB_EXT_ADDRESS_PROXY;
  EXPECT_EQ(decode_sa_id(parsed(no_src)).error().code, EBADMSG);
  // A source of another family: the sockaddr_in fits in the sockaddr_in6's room.
  MessageBuilder mixed_message(Header{SADB_GET, 0, SADB_SATYPE_AH, 0, 0});
  add_sa(mixed_message, SaExtension{1, 0, 0, 0, 0, 0});
  add_address(mixed_message, SADB_EXT_ADDRESS_SRC, host_address(ip("192.0.2.1")));
  add_address(mixed_message, SADB_EXT_ADDRESS_DST, host_address(ip("2001:db8::2")));
  const auto mixed_bytes = bytes_of(std::move(mixed_message).finish());
  EXPECT_EQ(decode_sa_id(parsed(mixed_bytes)).error().code, EBADMSG);
  // An SA extension of one word: shorter than struct sadb_sa.
  MessageBuilder short_sa(Header{SADB_GET, 0, SADB_SATYPE_AH, 0, 0});
  short_sa.raw_extension(SADB_EXT_SA, std::vector<std::uint8_t>{0, 0, 0x10, 0});
  add_address(short_sa, SADB_EXT_ADDRESS_SRC, host_address(ip("192.0.2.1")));
  add_address(short_sa, SADB_EXT_ADDRESS_DST, host_address(ip("192.0.2.2")));
  const auto short_bytes = bytes_of(std::move(short_sa).finish());
  EXPECT_EQ(decode_sa_id(parsed(short_bytes)).error().code, EBADMSG);
}

}  // namespace
}  // namespace rc::kernel::pfkey
