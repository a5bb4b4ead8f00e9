#include "conf/check.h"

#include <fmt/format.h>

namespace rc::conf {
namespace {

std::string count(std::size_t n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

}  // namespace

std::string check_summary(const std::string& path, const Diagnostics& diagnostics) {
  if (!diagnostics.has_errors()) {
    return fmt::format("{}: OK ({})", path, count(diagnostics.warning_count(), "warning"));
  }
  return fmt::format("{}: {}, {}", path, count(diagnostics.error_count(), "error"),
                     count(diagnostics.warning_count(), "warning"));
}

int check_config(const std::string& path, const LoadOptions& options, std::FILE* out,
                 std::FILE* err) {
  const LoadResult result = load_file(path, options);
  // Diagnostics first, so the summary is the last thing a reader sees even
  // when out and err are the same terminal.
  const std::string text = result.diagnostics.to_string();
  std::fputs(text.c_str(), err);
  std::fflush(err);
  fmt::print(out, "{}\n", check_summary(path, result.diagnostics));
  std::fflush(out);
  return result.diagnostics.has_errors() ? 1 : 0;
}

}  // namespace rc::conf
