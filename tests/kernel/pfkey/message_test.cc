// PF_KEYv2 framing: the builder's padding and lengths, parse of what it
// builds, and every malformed length the parser must refuse.
#include <gtest/gtest.h>
#include <linux/pfkeyv2.h>

#include <bit>
#include <cerrno>
#include <cstdint>
#include <utility>
#include <vector>

#include "kernel/pfkey/pfkey_message.h"

namespace rc::kernel::pfkey {
namespace {

std::vector<std::uint8_t> bytes_of(const WipedBuffer& buffer) {
  return {buffer.view().begin(), buffer.view().end()};
}

int parse_error(const std::vector<std::uint8_t>& bytes) {
  auto message = parse(bytes);
  return message ? 0 : message.error().code;
}

TEST(PfkeyMessage, HeaderOnlyRoundTrip) {
  const Header header{SADB_REGISTER, 0, SADB_SATYPE_ESP, 42, 1234};
  const auto bytes = bytes_of(MessageBuilder(header).finish());
  ASSERT_EQ(bytes.size(), kHeaderSize);
  EXPECT_EQ(bytes[0], PF_KEY_V2);
  auto message = parse(bytes);
  ASSERT_TRUE(message) << message.error().message;
  EXPECT_EQ(message->header, header);
  EXPECT_TRUE(message->extensions.empty());
}

TEST(PfkeyMessage, ExtensionsArePaddedToEightBytes) {
  const std::vector<std::uint8_t> body{1, 2, 3, 4, 5};  // 4 + 5 = 9 → 16
  MessageBuilder builder(Header{SADB_GET, 0, SADB_SATYPE_AH, 1, 0});
  builder.raw_extension(SADB_EXT_IDENTITY_SRC, body).raw_extension(SADB_EXT_IDENTITY_DST, {});
  const auto bytes = bytes_of(std::move(builder).finish());
  ASSERT_EQ(bytes.size(), kHeaderSize + 16 + 8);
  EXPECT_EQ(bytes[4], (kHeaderSize + 24) / 8);  // sadb_msg_len in words
  auto message = parse(bytes);
  ASSERT_TRUE(message) << message.error().message;
  ASSERT_EQ(message->extensions.size(), 2U);
  EXPECT_EQ(message->extensions[0].type, SADB_EXT_IDENTITY_SRC);
  EXPECT_EQ(message->extensions[0].bytes.size(), 16U);
  EXPECT_EQ(message->extensions[0].bytes[4], 1);
  EXPECT_EQ(message->extensions[0].bytes[9], 0);  // padding is zero
  EXPECT_EQ(message->extensions[1].bytes.size(), 8U);
  EXPECT_NE(message->find(SADB_EXT_IDENTITY_DST), nullptr);
  EXPECT_EQ(message->find(SADB_EXT_SA), nullptr);
}

std::vector<std::uint8_t> header_with_words(std::uint16_t words) {
  return {PF_KEY_V2,
          SADB_GET,
          0,
          SADB_SATYPE_ESP,
          static_cast<std::uint8_t>(words & 0xff),
          static_cast<std::uint8_t>(words >> 8),
          0,
          0,
          1,
          0,
          0,
          0,
          0,
          0,
          0,
          0};
}

TEST(PfkeyMessage, RefusesShortOrMislabelledHeaders) {
  EXPECT_EQ(parse_error({}), EBADMSG);
  EXPECT_EQ(parse_error({PF_KEY_V2, SADB_GET, 0, 3}), EBADMSG);
  auto wrong_version = header_with_words(2);
  wrong_version[0] = 1;
  EXPECT_EQ(parse_error(wrong_version), EBADMSG);
  EXPECT_EQ(parse_error(header_with_words(0)), EBADMSG);  // len 0
  EXPECT_EQ(parse_error(header_with_words(3)), EBADMSG);  // beyond the datagram
  auto longer = header_with_words(2);
  longer.resize(24);  // datagram longer than sadb_msg_len says
  EXPECT_EQ(parse_error(longer), EBADMSG);
  EXPECT_EQ(parse_error(header_with_words(2)), 0);
}

TEST(PfkeyMessage, RefusesBadExtensionLengths) {
  auto zero = header_with_words(3);
  zero.insert(zero.end(), {0, 0, SADB_EXT_SA, 0, 0, 0, 0, 0});  // sadb_ext_len 0
  EXPECT_EQ(parse_error(zero), EBADMSG);

  auto beyond = header_with_words(3);
  beyond.insert(beyond.end(), {2, 0, SADB_EXT_SA, 0, 0, 0, 0, 0});  // 16 bytes in 8
  EXPECT_EQ(parse_error(beyond), EBADMSG);

  auto no_type = header_with_words(3);
  no_type.insert(no_type.end(), {1, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(parse_error(no_type), EBADMSG);

  auto unknown_type = header_with_words(3);
  unknown_type.insert(unknown_type.end(), {1, 0, 200, 0, 0, 0, 0, 0});
  EXPECT_EQ(parse_error(unknown_type), EBADMSG);

  auto twice = header_with_words(4);
  twice.insert(twice.end(), {1, 0, SADB_EXT_IDENTITY_SRC, 0, 0, 0, 0, 0});
  twice.insert(twice.end(), {1, 0, SADB_EXT_IDENTITY_SRC, 0, 0, 0, 0, 0});
  EXPECT_EQ(parse_error(twice), EBADMSG);

  auto fine = header_with_words(4);
  fine.insert(fine.end(), {1, 0, SADB_EXT_IDENTITY_SRC, 0, 0, 0, 0, 0});
  fine.insert(fine.end(), {1, 0, SADB_EXT_IDENTITY_DST, 0, 0, 0, 0, 0});
  EXPECT_EQ(parse_error(fine), 0);
}

TEST(PfkeyMessage, CutAnywhereIsRefused) {
  const std::vector<std::uint8_t> body{9, 9, 9, 9};
  MessageBuilder builder(Header{SADB_ADD, 0, SADB_SATYPE_ESP, 5, 6});
  builder.raw_extension(SADB_EXT_IDENTITY_SRC, body).raw_extension(SADB_EXT_IDENTITY_DST, body);
  const auto bytes = bytes_of(std::move(builder).finish());
  ASSERT_EQ(parse_error(bytes), 0);
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    const std::vector<std::uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<long>(size));
    EXPECT_EQ(parse_error(cut), EBADMSG) << size;
  }
}

TEST(PfkeyMessage, StampAndErrnoRewriteTheHeader) {
  if (std::endian::native != std::endian::little) GTEST_SKIP() << "little-endian bytes";
  MessageBuilder builder(Header{SADB_X_SPDGET, 0, SADB_SATYPE_UNSPEC, 1, 2});
  builder.raw_extension(SADB_EXT_IDENTITY_SRC, std::vector<std::uint8_t>{7, 7, 7, 7});
  WipedBuffer message = std::move(builder).finish();
  stamp(message, 0x01020304, 0xa0b0c0d0);
  set_errno(message, ENOENT);
  const auto bytes = bytes_of(message);
  // version, type, errno, satype, len (3 words), seq, pid; the rest as built.
  const std::vector<std::uint8_t> header{0x02, SADB_X_SPDGET, ENOENT, 0,    3,    0,    0,    0,
                                         0x04, 0x03,          0x02,   0x01, 0xd0, 0xc0, 0xb0, 0xa0};
  EXPECT_EQ(std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 16), header);
  auto parsed = parse(bytes);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->header, (Header{SADB_X_SPDGET, ENOENT, 0, 0x01020304, 0xa0b0c0d0}));
  EXPECT_EQ(parsed->extensions.size(), 1U);

  WipedBuffer nothing;  // never a message: left alone, not overrun
  stamp(nothing, 1, 2);
  set_errno(nothing, 3);
  EXPECT_TRUE(nothing.empty());
}

}  // namespace
}  // namespace rc::kernel::pfkey
