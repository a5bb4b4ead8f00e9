#include "log/capture.h"

namespace rc::log {

CaptureLog::CaptureLog(int debug_level)
    : previous_sink_(install_sink(this)), previous_debug_level_(log::debug_level()) {
  set_debug_level(debug_level);
}

CaptureLog::~CaptureLog() {
  set_debug_level(previous_debug_level_);
  install_sink(previous_sink_);
}

void CaptureLog::write(Tag tag, std::string_view line) {
  const std::lock_guard lock(mutex_);
  lines_.push_back(Line{tag, std::string(line)});
}

std::vector<CaptureLog::Line> CaptureLog::lines() const {
  const std::lock_guard lock(mutex_);
  return lines_;
}

std::vector<std::string> CaptureLog::texts() const {
  const std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  out.reserve(lines_.size());
  for (const Line& line : lines_) out.push_back(line.text);
  return out;
}

bool CaptureLog::contains(std::string_view needle) const {
  const std::lock_guard lock(mutex_);
  for (const Line& line : lines_) {
    if (line.text.find(needle) != std::string::npos) return true;
  }
  return false;
}

std::size_t CaptureLog::size() const {
  const std::lock_guard lock(mutex_);
  return lines_.size();
}

void CaptureLog::clear() {
  const std::lock_guard lock(mutex_);
  lines_.clear();
}

}  // namespace rc::log
