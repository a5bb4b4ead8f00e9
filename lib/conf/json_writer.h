// JsonWriter: a small streaming JSON writer for `racoon2-config dump --json`
// (and later the status tools). Commas and escaping are handled here so
// callers only say what comes next.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rc::conf {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& string(std::string_view value);
  JsonWriter& number(std::uint64_t value);
  JsonWriter& boolean(bool value);

  std::string take() { return std::move(text_); }

 private:
  void before_value();
  void write_string(std::string_view value);

  std::string text_;
  std::vector<bool> first_;  // per open container: nothing written yet
  bool after_key_ = false;
};

}  // namespace rc::conf
