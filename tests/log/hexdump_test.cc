#include "log/hexdump.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "buf/bytes.h"
#include "log/capture.h"
#include "log/log.h"

namespace {

using rc::buf::Bytes;
using rc::log::CaptureLog;
using rc::log::Tag;
using ::testing::ElementsAre;
using namespace std::string_view_literals;

Bytes counting(std::size_t n) {
  Bytes out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(i);
  return out;
}

TEST(HexdumpLines, FullLineHasOffsetHexAndAscii) {
  const Bytes data = rc::buf::to_bytes("IKEv2 SA_INIT\x00\x01\xff"sv);
  ASSERT_EQ(data.size(), 16U);
  EXPECT_THAT(
      rc::log::hexdump_lines("packet", data),
      ElementsAre("packet (16 bytes):",
                  "0000: 49 4b 45 76 32 20 53 41  5f 49 4e 49 54 00 01 ff  |IKEv2 SA_INIT...|"));
}

TEST(HexdumpLines, LastLineIsPaddedSoAsciiAligns) {
  const auto lines = rc::log::hexdump_lines("x", counting(20));
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[1], "0000: 00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|");
  EXPECT_EQ(lines[2], "0010: 10 11 12 13                                       |....|");
  EXPECT_EQ(lines[1].find('|'), lines[2].find('|'));
}

TEST(HexdumpLines, ShortAndEmptyData) {
  EXPECT_THAT(
      rc::log::hexdump_lines("one", Bytes{0x41}),
      ElementsAre("one (1 byte):", "0000: 41                                                |A|"));
  EXPECT_THAT(rc::log::hexdump_lines("none", {}), ElementsAre("none (0 bytes):"));
}

TEST(HexdumpLines, EightBytesEndBeforeTheGap) {
  const auto lines = rc::log::hexdump_lines("x", counting(8));
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[1], "0000: 00 01 02 03 04 05 06 07                           |........|");
}

TEST(HexdumpLines, LongDumpIsCapped) {
  const Bytes big(rc::log::kMaxHexdumpBytes + 100, 0x61);
  const auto lines = rc::log::hexdump_lines("big", big);
  ASSERT_EQ(lines.size(), 1 + rc::log::kMaxHexdumpBytes / 16 + 1);
  EXPECT_EQ(lines.back(), "... 100 more bytes not shown");
  EXPECT_TRUE(lines[lines.size() - 2].starts_with("fff0: "));
}

TEST(Hexdump, LoggedOnlyAtDebugLevel) {
  {
    CaptureLog captured(0);
    rc::log::hexdump(Tag::kDebug, "payload", counting(4));
    EXPECT_EQ(captured.size(), 0U);
  }
  CaptureLog captured(1);
  rc::log::hexdump(Tag::kProtoErr, "payload", counting(4));
  EXPECT_THAT(captured.texts(),
              ElementsAre("[PROTO_ERR]: payload (4 bytes):",
                          "[PROTO_ERR]: 0000: 00 01 02 03                                       "
                          "|....|"));
}

TEST(Hexdump, ContextPrefixesEachLine) {
  CaptureLog captured(1);
  const rc::log::Context ctx{"ike#5"};
  ctx.hexdump(Tag::kDebug, "nonce", counting(17));
  const auto texts = captured.texts();
  ASSERT_EQ(texts.size(), 3U);
  for (const auto& line : texts) EXPECT_TRUE(line.starts_with("[DEBUG]: ike#5: ")) << line;
}

}  // namespace
