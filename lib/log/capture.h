// CaptureLog: for tests. While alive it receives every log line instead of
// the configured outputs and sets the debug level it was given; on
// destruction both are put back. Any test in any module can assert on what
// was logged:
//
//   rc::log::CaptureLog captured;
//   run_the_code();
//   EXPECT_TRUE(captured.contains("[PROTO_ERR]: ike#1: bad SPI"));
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "log/logger.h"
#include "log/tag.h"

namespace rc::log {

class CaptureLog final : public Sink {
 public:
  struct Line {
    Tag tag;
    std::string text;  // as the sink got it: "[INFO]: prefix: message"
  };

  explicit CaptureLog(int debug_level = 0);
  CaptureLog(const CaptureLog&) = delete;
  CaptureLog& operator=(const CaptureLog&) = delete;
  ~CaptureLog() override;

  void write(Tag tag, std::string_view line) override;

  [[nodiscard]] std::vector<Line> lines() const;
  // Only the text, in order.
  [[nodiscard]] std::vector<std::string> texts() const;
  // Whether some line contains `needle`.
  [[nodiscard]] bool contains(std::string_view needle) const;
  [[nodiscard]] std::size_t size() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  std::vector<Line> lines_;
  Sink* previous_sink_;
  int previous_debug_level_;
};

}  // namespace rc::log
