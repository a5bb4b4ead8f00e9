#include "options/option_render.h"

#include <fmt/format.h>

#include "options/option_table.h"

namespace rc::options {
namespace {

std::string describe_type(const OptionSpec& spec) {
  if (spec.type != ValueType::Enum) return std::string(type_name(spec.type));
  return fmt::format("{}", fmt::join(spec.choices, "|"));
}

// roff treats a leading '.' or '\'' as a request and '\' as an escape;
// '-' must be '\-' to stay a real minus sign in paths and options.
std::string roff_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  if (!out.empty() && (out.front() == '.' || out.front() == '\'')) out.insert(0, "\\&");
  return out;
}

}  // namespace

std::string render_text() {
  std::string out;
  for (auto section : sections()) {
    out += fmt::format("{} {{\n", section);
    for (const auto* spec : in_section(section)) {
      out += fmt::format("  {:<20} {:<24} default: {}{}\n", spec->name, describe_type(*spec),
                         spec->default_value.empty() ? "(none)" : spec->default_value,
                         spec->extension ? "  [extension]" : "");
      out += fmt::format("  {:<20} {}\n", "", spec->help);
    }
    out += "};\n";
  }
  return out;
}

std::string render_roff() {
  std::string out;
  for (auto section : sections()) {
    out += fmt::format(".SS {}\n", roff_escape(section));
    for (const auto* spec : in_section(section)) {
      out += fmt::format(".TP\n.B {}\n{}\n", roff_escape(spec->name),
                         roff_escape(describe_type(*spec)));
      out += fmt::format(".br\n{}\n", roff_escape(spec->help));
      if (!spec->default_value.empty()) {
        out += fmt::format("Default: \\fB{}\\fP.\n", roff_escape(spec->default_value));
      }
      if (spec->extension) out += "(An extension of this implementation.)\n";
    }
  }
  return out;
}

}  // namespace rc::options
