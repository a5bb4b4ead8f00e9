#include "options/option_render.h"

#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "options/option_table.h"

namespace {

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(OptionRender, TextListsEveryOption) {
  const std::string text = rc::options::render_text();
  for (const auto& spec : rc::options::all()) {
    EXPECT_TRUE(contains(text, "  " + std::string(spec.name) + " ")) << spec.name;
  }
  EXPECT_TRUE(contains(text, "auto|pfkey|xfrm|pfkeyd"));
  EXPECT_TRUE(contains(text, "[extension]"));
  EXPECT_TRUE(contains(text, "\nkmp {\n"));
}

TEST(OptionRender, TextShowsPerKmpDefaultsChoicesAndNotes) {
  const std::string text = rc::options::render_text();
  EXPECT_TRUE(contains(text, "default: 32 B (ikev1: 16 B, kink: 16 B)\n"));
  EXPECT_TRUE(contains(text, "default: exact (ikev1: (none))\n"));
  EXPECT_TRUE(contains(text, "accepts: des_cbc_iv64 des_cbc 3des_cbc"));
  EXPECT_TRUE(contains(text, "note: parsed but not implemented (the original ignored it too)"));
  EXPECT_TRUE(contains(text, "note: ignored by IKEv2 (as in the original iked)"));
}

TEST(OptionRender, TextFitsHundredColumns) {
  std::istringstream lines(rc::options::render_text());
  std::string line;
  while (std::getline(lines, line)) EXPECT_LE(line.size(), 100U) << line;
}

TEST(OptionRender, RoffEscapesAndStructure) {
  const std::string roff = rc::options::render_roff();
  EXPECT_TRUE(contains(roff, ".SS interface\n"));
  EXPECT_TRUE(contains(roff, ".SS sa\n"));
  EXPECT_TRUE(contains(roff, ".TP\n.B key_engine\nauto|pfkey|xfrm|pfkeyd\n"));
  // Hyphens in paths become real minus signs; no line starts with a bare
  // request character coming from the help text.
  EXPECT_TRUE(contains(roff, "Default: \\fBMY_IP port 500\\fP."));
  EXPECT_TRUE(contains(roff, "NAT\\-T"));
  EXPECT_TRUE(contains(roff, "Default: \\fB32 B (ikev1: 16 B, kink: 16 B)\\fP."));
  EXPECT_TRUE(contains(roff, ".br\nAccepts: ikev1, ikev2, kink.\n"));
  EXPECT_TRUE(contains(roff, ".br\nNote: pf tags exist only with BSD pf; not implemented.\n"));
  EXPECT_FALSE(contains(roff, "\n'"));
}

}  // namespace
