#include "options/value_check.h"

#include <charconv>
#include <string>

#include <fmt/format.h>

#include "addr/service.h"
#include "options/unit_value.h"

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
      // The original's lexer reads "0x…" as hex, anything else as decimal.
      const bool hex = word.size() > 2 && word[0] == '0' && word[1] == 'x';
      const std::string_view digits = hex ? word.substr(2) : word;
      long long value = 0;
      const auto* end = digits.data() + digits.size();
      auto [ptr, ec] = std::from_chars(digits.data(), end, value, hex ? 16 : 10);
      if (ec != std::errc() || ptr != end || value < spec.min || value > spec.max) {
        return fail(Error::invalid(fmt::format("{}: expected a number from {} to {}, got '{}'",
                                               spec.name, spec.min, spec.max, word)));
      }
      return ok();
    }
    case ValueType::Time:
    case ValueType::Bytes: {
      auto parsed = spec.type == ValueType::Time ? parse_time(word) : parse_bytes(word);
      if (!parsed)
        return fail(Error::invalid(fmt::format("{}: {}", spec.name, parsed.error().message)));
      return ok();
    }
    case ValueType::Protocol: {
      auto parsed = addr::parse_protocol(word);
      if (!parsed)
        return fail(Error::invalid(fmt::format("{}: {}", spec.name, parsed.error().message)));
      return ok();
    }
    default:
      break;
  }
  return fail(Error::invalid(
      fmt::format("{}: a {} is not a scalar value", spec.name, type_name(spec.type))));
}

}  // namespace rc::options
