#include "tools/spmdctl/interactive.h"

#include <string>
#include <variant>

#include <fmt/format.h>

#include "spmif/command.h"
#include "spmif/reply.h"

namespace spmdctl {

namespace spmif = rc::spmif;

int relay(Connection& connection, std::istream& in, std::ostream& out, std::ostream& err) {
  std::string line;
  while (std::getline(in, line)) {
    if (line.ends_with('\r')) line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    auto command = spmif::parse_command(line);
    if (!command) {
      out << fmt::format("{} {} (not sent)\n", command.error().code, command.error().text);
      out.flush();
      continue;
    }
    if (std::holds_alternative<spmif::QuitCommand>(*command)) break;
    if (std::holds_alternative<spmif::LoginCommand>(*command)) {
      err << "spmdctl: already logged in; LOGIN not sent\n";
      continue;
    }
    auto reply = connection.call(*command);
    if (!reply) {
      err << fmt::format("spmdctl: {}\n", reply.error().message);
      return 1;
    }
    // format_reply's CRLFs become plain newlines for the terminal.
    std::string text = spmif::format_reply(*reply);
    std::string shown;
    shown.reserve(text.size());
    for (const char c : text) {
      if (c != '\r') shown += c;
    }
    out << shown;
    out.flush();
  }
  return 0;
}

}  // namespace spmdctl
