// The process-wide logger: where finished lines go (syslog, a file, stderr,
// or a test's sink) and which lines are shown. It is the one piece of global
// state the project allows: a daemon configures it once at start, its HUP
// handler may reopen() the file, and everything else only writes through the
// functions in log/log.h.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.h"
#include "log/tag.h"

namespace rc::log {

struct Config {
  // Name for syslog's ident and nothing else (basename of argv[0] is usual).
  std::string program = "racoon2";
  // 0: no DEBUG lines; 1 (-d): DEBUG lines and hex dumps; higher values
  // unlock debug_at(level, ...) lines for daemons with several -d levels.
  int debug_level = 0;
  // syslog(3), facility LOG_DAEMON, with the PID in each line.
  bool to_syslog = true;
  // When not empty: append to this file, each line prefixed with the local
  // time as "%Y-%m-%d %T " and written with one write(2), so lines never
  // interleave and nothing waits in a buffer when the daemon dies.
  std::string file;
  // For running in the foreground (e.g. under systemd, whose journal adds
  // its own time stamp, hence no stamp here unless asked for).
  bool to_stderr = false;
  bool stderr_timestamp = false;
};

// Replaces the configuration. Fails, keeping the old one, when the log file
// cannot be opened. Until the first call, lines go to stderr only.
Result<void> configure(const Config& config);

// Reopens the log file under its configured path (after logrotate moved it
// away); a no-op without a file. On failure the old file stays in use.
Result<void> reopen();

void set_debug_level(int level) noexcept;
[[nodiscard]] int debug_level() noexcept;
// Whether a line of this tag would be shown now (for skipping costly work).
[[nodiscard]] bool enabled(Tag tag) noexcept;
// Whether debug_at(level, ...) lines are shown now.
[[nodiscard]] bool debug_enabled(int level = 1) noexcept;

// A destination for finished lines, for tests: while installed it receives
// every line instead of the configured outputs. `line` is the final text
// ("[PROTO_ERR]: ike#3: bad SPI"), already escaped, with no newline and no
// time stamp. write() is called with the logger's lock held: it must not log.
class Sink {
 public:
  Sink() = default;
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;
  virtual ~Sink() = default;
  virtual void write(Tag tag, std::string_view line) = 0;
};

// Installs `sink` (nullptr: back to the configured outputs); returns the
// previous one so a scoped user can put it back. Prefer log::CaptureLog.
Sink* install_sink(Sink* sink) noexcept;

// Longest line written; longer ones are cut and end in " [truncated]", so a
// peer's 64 KiB identity cannot blow up the log.
inline constexpr std::size_t kMaxLineBytes = 4096;

namespace detail {
// Builds "[TAG]: prefix: message" (no "prefix: " when prefix is empty),
// escapes and bounds it, and hands it to the sink or the outputs. Does not
// check enabled(); callers do, before spending time on formatting.
void emit(Tag tag, std::string_view prefix, std::string_view message) noexcept;
}  // namespace detail

}  // namespace rc::log
