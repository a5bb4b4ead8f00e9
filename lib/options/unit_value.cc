#include "options/unit_value.h"

#include <array>
#include <charconv>
#include <limits>
#include <span>

#include <fmt/format.h>

namespace rc::options {
namespace {

constexpr std::uint64_t kMinute = 60;
constexpr std::uint64_t kHour = 60 * kMinute;
constexpr std::uint64_t kDay = 24 * kHour;

constexpr auto kTimeUnits = std::to_array<Unit>({
    {"sec", 1},
    {"secs", 1},
    {"second", 1},
    {"seconds", 1},
    {"min", kMinute},
    {"mins", kMinute},
    {"minute", kMinute},
    {"minutes", kMinute},
    {"hour", kHour},
    {"hours", kHour},
    {"day", kDay},
    {"days", kDay},
});

constexpr auto kByteUnits = std::to_array<Unit>({
    {"B", 1},
    {"byte", 1},
    {"bytes", 1},
    {"KB", std::uint64_t{1} << 10},
    {"MB", std::uint64_t{1} << 20},
    {"GB", std::uint64_t{1} << 30},
});

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

Result<std::uint64_t> parse_with_units(std::string_view text, std::span<const Unit> units,
                                       std::string_view what) {
  const std::string_view value = trim(text);
  if (value == "infinite") return std::uint64_t{0};
  const std::size_t gap = value.find_first_of(" \t");
  const std::string_view number = value.substr(0, gap);
  const std::string_view unit =
      gap == std::string_view::npos ? std::string_view{} : trim(value.substr(gap));
  const auto parsed = parse_count(number);
  if (!parsed) {
    return fail(Error::invalid(fmt::format("expected a {} or infinite, got '{}'", what, value)));
  }
  std::uint64_t factor = 1;
  if (!unit.empty()) {
    factor = 0;
    for (const auto& candidate : units) {
      if (candidate.word == unit) factor = candidate.factor;
    }
    if (factor == 0) {
      return fail(Error::invalid(fmt::format("unknown {} unit '{}'", what, unit)));
    }
  }
  const std::uint64_t count = *parsed;
  if (count > std::numeric_limits<std::uint64_t>::max() / factor) {
    return fail(Error::invalid(fmt::format("{} '{}' is too large", what, value)));
  }
  return count * factor;
}

}  // namespace

std::span<const Unit> time_units() {
  return kTimeUnits;
}

std::span<const Unit> byte_units() {
  return kByteUnits;
}

std::optional<std::uint64_t> parse_count(std::string_view word) {
  int base = 10;
  if (word.size() > 2 && word[0] == '0' && (word[1] == 'x' || word[1] == 'X')) {
    word.remove_prefix(2);
    base = 16;
  }
  if (word.empty()) return std::nullopt;
  std::uint64_t value = 0;
  const char* end = word.data() + word.size();
  const auto [ptr, ec] = std::from_chars(word.data(), end, value, base);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

Result<std::uint64_t> parse_time(std::string_view text) {
  return parse_with_units(text, kTimeUnits, "time");
}

Result<std::uint64_t> parse_bytes(std::string_view text) {
  return parse_with_units(text, kByteUnits, "byte count");
}

}  // namespace rc::options
