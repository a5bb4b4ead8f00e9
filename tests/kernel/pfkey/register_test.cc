// SADB_REGISTER and the typed extensions only some messages carry:
// SUPPORTED_AUTH / _ENCRYPT (sadb_supported + sadb_alg), identities
// (sadb_ident + NUL-terminated text) and the proposal (sadb_prop +
// sadb_comb), written out by hand from RFC 2367 §2.3.5-2.3.8.
#include <gtest/gtest.h>
#include <linux/pfkeyv2.h>

#include <cerrno>
#include <cstdint>
#include <vector>

#include "kernel/pfkey/pfkey_register.h"
#include "pfkey_testing.h"

namespace rc::kernel::pfkey {
namespace {

using testing::bytes_of;
using testing::encoded;
using testing::parsed;

const SupportedAlgorithms kAlgorithms{
    {{SADB_AALG_SHA1HMAC, 0, 160, 160}, {SADB_X_AALG_SHA2_256HMAC, 0, 256, 256}},
    {{SADB_X_EALG_AESCBC, 16, 128, 256}}};

TEST(PfkeyRegister, ReplyMatchesHandWrittenBytes) {
  if (!testing::little_endian()) GTEST_SKIP() << "little-endian bytes";
  const std::vector<std::uint8_t> reply{
      // REGISTER 7, ESP 3, 7 words, seq 1, pid 1234
      0x02, 0x07, 0x00, 0x03, 0x07, 0x00, 0x00, 0x00, 0x01, 0, 0, 0, 0xd2, 0x04, 0, 0,
      // SUPPORTED_AUTH (14): 3 words; SHA1 3 160-160, SHA2-256 5 256-256
      0x03, 0x00, 0x0e, 0x00, 0, 0, 0, 0, 0x03, 0x00, 0xa0, 0x00, 0xa0, 0x00, 0, 0, 0x05, 0x00,
      0x00, 0x01, 0x00, 0x01, 0, 0,
      // SUPPORTED_ENCRYPT (15): 2 words; AES-CBC 12, IV 16, 128-256
      0x02, 0x00, 0x0f, 0x00, 0, 0, 0, 0, 0x0c, 0x10, 0x80, 0x00, 0x00, 0x01, 0, 0};
  EXPECT_EQ(encoded(encode_register_reply(Header{SADB_REGISTER, 0, SADB_SATYPE_ESP, 1, 1234},
                                          kAlgorithms)),
            reply);
  auto decoded = decode_supported(parsed(reply));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, kAlgorithms);
}

TEST(PfkeyRegister, RequestAndEmptyLists) {
  if (!testing::little_endian()) GTEST_SKIP() << "little-endian bytes";
  EXPECT_EQ(bytes_of(encode_register(SADB_SATYPE_AH, 3)),
            (std::vector<std::uint8_t>{0x02, 0x07, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x03, 0, 0,
                                       0, 0, 0, 0, 0}));
  const auto bare = encoded(encode_register_reply(Header{SADB_REGISTER, 0, 2, 3, 0}, {}));
  EXPECT_EQ(bare.size(), kHeaderSize);
  auto decoded = decode_supported(parsed(bare));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, SupportedAlgorithms{});
  // A bare sadb_supported (every extension is at least its 8 bytes): none.
  MessageBuilder empty_list(Header{SADB_REGISTER, 0, 2, 3, 0});
  empty_list.raw_extension(SADB_EXT_SUPPORTED_AUTH, std::vector<std::uint8_t>(4, 0));
  const auto empty_bytes = bytes_of(std::move(empty_list).finish());
  auto empty = decode_supported(parsed(empty_bytes));
  ASSERT_TRUE(empty) << empty.error().message;
  EXPECT_TRUE(empty->authentication.empty());
}

TEST(PfkeyRegister, IdentityMatchesHandWrittenBytes) {
  if (!testing::little_endian()) GTEST_SKIP() << "little-endian bytes";
  const std::vector<std::uint8_t> bytes{
      0x02, 0x06, 0x00, 0x03, 0x06, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
      // IDENTITY_SRC (10): 4 words, FQDN 2, id 0, "a.example" NUL, padding
      0x04, 0x00, 0x0a, 0x00, 0x02, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 'a', '.', 'e', 'x',
      'a', 'm', 'p', 'l', 'e', 0, 0, 0, 0, 0, 0, 0};
  const IdentityExtension identity{SADB_IDENTTYPE_FQDN, 0, "a.example"};
  MessageBuilder builder(Header{SADB_ACQUIRE, 0, SADB_SATYPE_ESP, 0, 0});
  add_identity(builder, SADB_EXT_IDENTITY_SRC, identity);
  EXPECT_EQ(bytes_of(std::move(builder).finish()), bytes);
  auto decoded = read_identity(testing::extension(parsed(bytes), SADB_EXT_IDENTITY_SRC));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, identity);
}

TEST(PfkeyRegister, IdentitiesRoundTripAndNeedTheirNul) {
  for (const IdentityExtension& identity :
       {IdentityExtension{SADB_IDENTTYPE_USERFQDN, 7, "user@example.org"},
        IdentityExtension{SADB_IDENTTYPE_PREFIX, 0, ""},
        IdentityExtension{SADB_IDENTTYPE_FQDN, 1, "exactly8"}}) {
    MessageBuilder builder(Header{SADB_ACQUIRE, 0, 3, 0, 0});
    add_identity(builder, SADB_EXT_IDENTITY_DST, identity);
    const auto bytes = bytes_of(std::move(builder).finish());
    auto decoded = read_identity(testing::extension(parsed(bytes), SADB_EXT_IDENTITY_DST));
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(*decoded, identity);
  }
  // sadb_ident alone (12 bytes after sadb_ext): no text at all.
  MessageBuilder bare(Header{SADB_ACQUIRE, 0, 3, 0, 0});
  bare.raw_extension(SADB_EXT_IDENTITY_SRC, std::vector<std::uint8_t>(12, 0));
  const auto bare_bytes = bytes_of(std::move(bare).finish());
  auto empty = read_identity(testing::extension(parsed(bare_bytes), SADB_EXT_IDENTITY_SRC));
  ASSERT_TRUE(empty) << empty.error().message;
  EXPECT_TRUE(empty->text.empty());
  // Eight bytes of text and no NUL.
  std::vector<std::uint8_t> body(12, 0);
  body.insert(body.end(), {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'});
  MessageBuilder unterminated(Header{SADB_ACQUIRE, 0, 3, 0, 0});
  unterminated.raw_extension(SADB_EXT_IDENTITY_SRC, body);
  const auto unterminated_bytes = bytes_of(std::move(unterminated).finish());
  EXPECT_EQ(read_identity(testing::extension(parsed(unterminated_bytes), SADB_EXT_IDENTITY_SRC))
                .error()
                .code,
            EBADMSG);
  // Shorter than sadb_ident.
  MessageBuilder short_ident(Header{SADB_ACQUIRE, 0, 3, 0, 0});
  short_ident.raw_extension(SADB_EXT_IDENTITY_SRC, std::vector<std::uint8_t>(4, 0));
  const auto short_bytes = bytes_of(std::move(short_ident).finish());
  EXPECT_EQ(
      read_identity(testing::extension(parsed(short_bytes), SADB_EXT_IDENTITY_SRC)).error().code,
      EBADMSG);
}

TEST(PfkeyRegister, ProposalRoundTrips) {
  Combination everything;
  everything.auth = 2;
  everything.encrypt = 3;
  everything.flags = 0xfffe;
  everything.auth_min_bits = 1;
  everything.auth_max_bits = 2;
  everything.encrypt_min_bits = 3;
  everything.encrypt_max_bits = 4;
  everything.soft_allocations = 5;
  everything.hard_allocations = 6;
  everything.soft_bytes = 7;
  everything.hard_bytes = 8;
  everything.soft_add_time = 9;
  everything.hard_add_time = 10;
  everything.soft_use_time = 11;
  everything.hard_use_time = 0xffffffffffffffffULL;
  for (const ProposalExtension& proposal :
       {ProposalExtension{32, {}}, ProposalExtension{0, {everything, Combination{}}}}) {
    MessageBuilder builder(Header{SADB_ACQUIRE, 0, 3, 0, 0});
    add_proposal(builder, proposal);
    const auto bytes = bytes_of(std::move(builder).finish());
    EXPECT_EQ(bytes.size(), kHeaderSize + 8 + 72 * proposal.combinations.size());
    auto decoded = read_proposal(testing::extension(parsed(bytes), SADB_EXT_PROPOSAL));
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(*decoded, proposal);
  }
}

}  // namespace
}  // namespace rc::kernel::pfkey
