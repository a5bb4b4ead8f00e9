// Time and byte values as racoon2.conf writes them: a number, then an
// optional unit word, or `infinite` (0). Used to check the Time and Bytes
// defaults of the option table; the config parser may share it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "base/result.h"

namespace rc::options {

// One unit word and what it multiplies by; the config parser (lib/conf)
// reads units through these same tables.
struct Unit {
  std::string_view word;
  std::uint64_t factor;
};
std::span<const Unit> time_units();  // sec ... days
std::span<const Unit> byte_units();  // B ... GB

// A count as the original's lexer reads one: decimal, or hex after "0x".
std::optional<std::uint64_t> parse_count(std::string_view word);

// "30", "30 sec", "5 min", "8 hours", "1 day", "infinite" -> seconds.
// Units: sec secs second seconds, min mins minute minutes, hour hours,
// day days; no unit means seconds. 0 means infinite.
Result<std::uint64_t> parse_time(std::string_view text);

// "16", "16 B", "4 KB", "1 GB", "infinite" -> bytes. Units: B byte bytes,
// KB, MB, GB (1024-based); no unit means bytes. 0 means infinite.
Result<std::uint64_t> parse_bytes(std::string_view text);

}  // namespace rc::options
