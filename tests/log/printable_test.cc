#include "log/printable.h"

#include <gtest/gtest.h>

namespace {

using namespace std::string_view_literals;

TEST(Printable, KeepsPrintableAscii) {
  EXPECT_EQ(rc::log::printable("peer.example.com user@EXAMPLE.COM ~!{}"),
            "peer.example.com user@EXAMPLE.COM ~!{}");
  EXPECT_EQ(rc::log::printable(""), "");
}

TEST(Printable, EscapesControlCharacters) {
  EXPECT_EQ(rc::log::printable("a\nb\rc\td"), "a\\x0ab\\x0dc\\x09d");
  EXPECT_EQ(rc::log::printable("\0\x1f\x7f"sv), "\\x00\\x1f\\x7f");
  EXPECT_EQ(rc::log::printable("\x1b[2J"), "\\x1b[2J");  // a terminal escape
}

TEST(Printable, EscapesEveryNonAsciiByte) {
  EXPECT_EQ(rc::log::printable("caf\xc3\xa9"), "caf\\xc3\\xa9");
  EXPECT_EQ(rc::log::printable("\x80\xff"), "\\x80\\xff");
}

TEST(Printable, EscapesBackslashSoEscapesCannotBeImitated) {
  // Without this, a peer could send the text "\x0a" and make the log look
  // as if it had sent a newline.
  EXPECT_EQ(rc::log::printable("\\x0a"), "\\\\x0a");
  EXPECT_NE(rc::log::printable("\\x0a"), rc::log::printable("\n"));
}

TEST(Printable, ForgedLogLineStaysOnOneLine) {
  const std::string id = "evil\n2024-01-01 00:00:00 [INFO]: peer authenticated";
  const std::string out = rc::log::printable(id);
  EXPECT_EQ(out.find('\n'), std::string::npos);
  EXPECT_EQ(out, "evil\\x0a2024-01-01 00:00:00 [INFO]: peer authenticated");
}

TEST(EscapeControls, EscapesControlsButKeepsUtf8AndBackslash) {
  EXPECT_EQ(rc::log::escape_controls("x\ny\x7f"), "x\\x0ay\\x7f");
  EXPECT_EQ(rc::log::escape_controls("caf\xc3\xa9 \\ ok"), "caf\xc3\xa9 \\ ok");
  EXPECT_EQ(rc::log::escape_controls("nul\0end"sv), "nul\\x00end");
}

}  // namespace
