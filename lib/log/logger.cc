#include "log/logger.h"

#include <fcntl.h>
#include <syslog.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <ctime>
#include <mutex>
#include <utility>

#include "base/unique_fd.h"
#include "log/printable.h"

namespace rc::log {

namespace {

constexpr std::string_view kTruncated = " [truncated]";

// Writes all of `text`, retrying after signals; a log line that cannot be
// written has nowhere else to be reported, so errors end the attempt quietly.
void write_all(int fd, std::string_view text) noexcept {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

// "%Y-%m-%d %T " in local time, as the original's log files had.
std::string timestamp_prefix() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  char text[32];
  if (::localtime_r(&now, &local) == nullptr ||
      std::strftime(text, sizeof text, "%Y-%m-%d %T ", &local) == 0) {
    return {};
  }
  return text;
}

Result<UniqueFd> open_log_file(const std::string& path) {
  // 0600: log lines name peers and addresses; the operator can widen it.
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600));
  if (!fd) return fail(Error::from_errno(errno, "cannot open log file " + path));
  return fd;
}

class Logger {
 public:
  Result<void> configure(const Config& config) {
    UniqueFd file;
    if (!config.file.empty()) {
      auto opened = open_log_file(config.file);
      if (!opened) return fail(std::move(opened).error());
      file = std::move(*opened);
    }
    ::tzset();  // localtime_r() need not read TZ itself; stamps follow the zone at start
    const std::lock_guard lock(mutex_);
    if (syslog_open_) {
      ::closelog();
      syslog_open_ = false;
    }
    config_ = config;
    file_ = std::move(file);
    if (config_.to_syslog) {
      // openlog keeps the pointer: config_.program lives until the next
      // configure(), which closes the log first.
      ::openlog(config_.program.c_str(), LOG_PID | LOG_NDELAY, LOG_DAEMON);
      syslog_open_ = true;
    }
    debug_level_ = config.debug_level;
    return ok();
  }

  Result<void> reopen() {
    std::string path;
    {
      const std::lock_guard lock(mutex_);
      path = config_.file;
    }
    if (path.empty()) return ok();
    auto opened = open_log_file(path);
    if (!opened) return fail(std::move(opened).error());
    const std::lock_guard lock(mutex_);
    file_ = std::move(*opened);
    return ok();
  }

  void write(Tag tag, std::string_view line) {
    const std::lock_guard lock(mutex_);
    if (sink_ != nullptr) {
      sink_->write(tag, line);
      return;
    }
    if (syslog_open_) ::syslog(syslog_priority(tag), "%s", std::string(line).c_str());
    if (file_) write_all(file_.get(), timestamp_prefix().append(line).append("\n"));
    if (config_.to_stderr) {
      std::string out = config_.stderr_timestamp ? timestamp_prefix() : std::string();
      write_all(STDERR_FILENO, out.append(line).append("\n"));
    }
  }

  Sink* install_sink(Sink* sink) noexcept {
    const std::lock_guard lock(mutex_);
    return std::exchange(sink_, sink);
  }

  std::atomic<int> debug_level_{0};

 private:
  std::mutex mutex_;
  Config config_ = [] {
    Config early;  // before configure(): stderr only, so option errors are seen
    early.to_syslog = false;
    early.to_stderr = true;
    return early;
  }();
  UniqueFd file_;
  bool syslog_open_ = false;
  Sink* sink_ = nullptr;
};

Logger& logger() {
  // The one process-wide logger. Never destroyed, so a destructor of another
  // static object that logs during exit still finds it alive.
  union NeverDestroyed {
    NeverDestroyed() : value() {}
    ~NeverDestroyed() {}  // NOLINT(modernize-use-equals-default): must not destroy `value`
    Logger value;
  };
  static NeverDestroyed instance;
  return instance.value;
}

}  // namespace

Result<void> configure(const Config& config) {
  return logger().configure(config);
}

Result<void> reopen() {
  return logger().reopen();
}

void set_debug_level(int level) noexcept {
  logger().debug_level_ = level;
}

int debug_level() noexcept {
  return logger().debug_level_;
}

bool enabled(Tag tag) noexcept {
  return tag != Tag::kDebug || debug_enabled(1);
}

bool debug_enabled(int level) noexcept {
  return logger().debug_level_ >= level;
}

Sink* install_sink(Sink* sink) noexcept {
  return logger().install_sink(sink);
}

void detail::emit(Tag tag, std::string_view prefix, std::string_view message) noexcept {
  try {
    std::string line;
    line.reserve(tag_name(tag).size() + 4 + prefix.size() + 2 + message.size());
    line.append("[").append(tag_name(tag)).append("]: ");
    if (!prefix.empty()) line.append(prefix).append(": ");
    line.append(message);
    line = escape_controls(line);
    if (line.size() > kMaxLineBytes) {
      line.resize(kMaxLineBytes - kTruncated.size());
      line.append(kTruncated);
    }
    logger().write(tag, line);
  } catch (...) {  // NOLINT(bugprone-empty-catch): out of memory; nothing can be logged
  }
}

}  // namespace rc::log
