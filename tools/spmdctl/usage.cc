#include "tools/spmdctl/usage.h"

#include <array>

#include <fmt/format.h>

namespace spmdctl {
namespace {

// Every command form, in --help order. A usage error shows the lines of
// the command concerned: those starting with its words.
constexpr std::array kUsageLines = {
    std::string_view{"ns add ADDR"},
    std::string_view{"ns delete ADDR"},
    std::string_view{"ns list"},
    std::string_view{"fqdn add NAME"},
    std::string_view{"fqdn delete NAME"},
    std::string_view{"fqdn list"},
    std::string_view{"fqdn query ADDR"},
    std::string_view{"policy add SLID LIFETIME transport SRC[/PLEN] DST[/PLEN]"},
    std::string_view{"policy add SLID LIFETIME tunnel SRC[/PLEN] DST[/PLEN] SA_SRC SA_DST"},
    std::string_view{"policy delete SLID"},
    std::string_view{"policy delete SLID transport SRC[/PLEN] DST[/PLEN]"},
    std::string_view{"policy delete SLID tunnel SRC[/PLEN] DST[/PLEN] SA_SRC SA_DST"},
    std::string_view{"policy show [--all]"},
    std::string_view{"migrate SLID SRC0 DST0 SRC DST"},
    std::string_view{"status"},
    std::string_view{"reload"},
    std::string_view{"interactive"},
};

constexpr std::string_view kOptionsLine =
    "[-d] [-f RACOON2_CONF] [--json] [--key-engine=ENGINE] [--pid-file PATH]";

}  // namespace

std::string usage_for(std::string_view scope) {
  std::string text;
  for (const std::string_view line : kUsageLines) {
    if (!line.starts_with(scope)) continue;
    text += fmt::format("{} spmdctl [OPTIONS] {}\n", text.empty() ? "usage:" : "      ", line);
  }
  return text;
}

std::string help_text() {
  std::string text = fmt::format("usage: spmdctl {} COMMAND ...\n\nCommands:\n", kOptionsLine);
  for (const std::string_view line : kUsageLines) text += fmt::format("  {}\n", line);
  text += R"(
Options:
  -d                   print every line exchanged with spmd (to stderr)
  -f RACOON2_CONF      racoon2.conf to read the spmif socket and spmd.pwd from
  --json               print results as JSON (see README.md for the schema)
  --key-engine=ENGINE  auto, pfkey, xfrm or pfkeyd, for policy show
  --pid-file PATH      spmd's pid file, for reload
  --all                policy show: also the policies spmd does not manage
  -h, --help           this text
  -V, --version        the version

Command words may be shortened to any unambiguous prefix (p s = policy show).
Exit status: 0 done, 1 spmd or the system refused, 2 usage error.
)";
  return text;
}

}  // namespace spmdctl
