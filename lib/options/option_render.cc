#include "options/option_render.h"

#include <string>
#include <vector>

#include <fmt/format.h>

#include "options/option_table.h"

namespace rc::options {
namespace {

constexpr std::size_t kWidth = 100;  // text output wraps here
constexpr std::size_t kIndent = 27;  // help lines start under the type column
constexpr std::string_view kNone = "(none)";

std::string describe_type(const OptionSpec& spec) {
  if (spec.type != ValueType::Enum) return std::string(type_name(spec.type));
  return fmt::format("{}", fmt::join(spec.choices, "|"));
}

// "32 B (ikev1: 16 B, kink: 16 B)": the row's default and, for the rows
// common to every KMP, the KMPs whose built-in differs.
std::string describe_default(const OptionSpec& spec) {
  std::string out(spec.default_value.empty() ? kNone : spec.default_value);
  if (spec.section != "kmp") return out;
  std::string others;
  for (const auto& entry : kmp_defaults()) {
    if (entry.name != spec.name) continue;
    if (!others.empty()) others += ", ";
    others += fmt::format("{}: {}", entry.kmp, entry.value.empty() ? kNone : entry.value);
  }
  if (!others.empty()) out += fmt::format(" ({})", others);
  return out;
}

// Why a row has no effect: its own reason, then per-KMP gaps of a "kmp"
// row. Each reason names what is missing, so it reads on its own.
std::vector<std::string_view> describe_gaps(const OptionSpec& spec) {
  std::vector<std::string_view> out;
  if (!spec.not_implemented.empty()) out.push_back(spec.not_implemented);
  if (spec.section != "kmp") return out;
  for (const auto& gap : kmp_gaps()) {
    if (gap.name == spec.name) out.push_back(gap.reason);
  }
  return out;
}

// Appends `text` word-wrapped at kWidth, every line indented by `indent`.
void append_wrapped(std::string& out, std::string_view text, std::size_t indent) {
  std::size_t column = 0;
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
    if (word.empty()) continue;
    if (column > indent && column + 1 + word.size() > kWidth) {
      out += '\n';
      column = 0;
    }
    if (column == 0) {
      out.append(indent, ' ');
      column = indent;
    } else {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
  }
  out += '\n';
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

bool lists_choices(const OptionSpec& spec) {
  return spec.type != ValueType::Enum && !spec.choices.empty();
}

}  // namespace

std::string render_text() {
  std::string out;
  for (auto section : sections()) {
    out += fmt::format("{} {{\n", section);
    for (const auto* spec : in_section(section)) {
      out += fmt::format("  {:<24} {:<24} default: {}{}\n", spec->name, describe_type(*spec),
                         describe_default(*spec), spec->extension ? "  [extension]" : "");
      append_wrapped(out, spec->help, kIndent);
      if (lists_choices(*spec)) {
        append_wrapped(out, fmt::format("accepts: {}", fmt::join(spec->choices, " ")), kIndent);
      }
      for (auto gap : describe_gaps(*spec)) {
        append_wrapped(out, fmt::format("note: {}", gap), kIndent);
      }
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
      if (const std::string def = describe_default(*spec); def != kNone) {
        out += fmt::format("Default: \\fB{}\\fP.\n", roff_escape(def));
      }
      if (lists_choices(*spec)) {
        out += fmt::format(".br\nAccepts: {}.\n",
                           roff_escape(fmt::format("{}", fmt::join(spec->choices, ", "))));
      }
      for (auto gap : describe_gaps(*spec)) {
        out += fmt::format(".br\nNote: {}.\n", roff_escape(gap));
      }
      if (spec->extension) out += "(An extension of this implementation.)\n";
    }
  }
  return out;
}

}  // namespace rc::options
