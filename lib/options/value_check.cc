#include "options/value_check.h"

#include <charconv>
#include <string>

#include <fmt/format.h>

namespace rc::options {
namespace {

std::string expected_words(const OptionSpec& spec) {
  std::string out;
  for (std::size_t i = 0; i < spec.choices.size(); ++i) {
    if (i > 0) out += (i + 1 == spec.choices.size()) ? " or " : ", ";
    out += spec.choices[i];
  }
  return out;
}

}  // namespace

Result<bool> parse_bool(std::string_view word) {
  if (word == "on" || word == "enable" || word == "yes") return true;
  if (word == "off" || word == "disable" || word == "no") return false;
  return fail(
      Error::invalid(fmt::format("expected on, off, enable, disable, yes or no, got '{}'", word)));
}

Result<void> check_scalar(const OptionSpec& spec, std::string_view word) {
  switch (spec.type) {
    case ValueType::Bool: {
      auto parsed = parse_bool(word);
      if (!parsed)
        return fail(Error::invalid(fmt::format("{}: {}", spec.name, parsed.error().message)));
      return ok();
    }
    case ValueType::Enum:
      for (auto choice : spec.choices) {
        if (choice == word) return ok();
      }
      return fail(Error::invalid(
          fmt::format("{}: expected {}, got '{}'", spec.name, expected_words(spec), word)));
    case ValueType::Number: {
      long long value = 0;
      const auto* end = word.data() + word.size();
      auto [ptr, ec] = std::from_chars(word.data(), end, value);
      if (ec != std::errc() || ptr != end || value < spec.min || value > spec.max) {
        return fail(Error::invalid(fmt::format("{}: expected a number from {} to {}, got '{}'",
                                               spec.name, spec.min, spec.max, word)));
      }
      return ok();
    }
    case ValueType::AddrList:
    case ValueType::Path:
      break;
  }
  return fail(Error::invalid(
      fmt::format("{}: a {} is not a scalar value", spec.name, type_name(spec.type))));
}

}  // namespace rc::options
