// Loading a configuration end to end: read (includes), build (variables,
// sections), validate. This is the entry point the daemons, spmdctl and
// racoon2-config use; ConfigHolder adds the reload rule every daemon needs
// on SIGHUP: a configuration that fails to load never replaces the one in
// force.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "conf/config.h"
#include "conf/diagnostics.h"
#include "conf/reader.h"
#include "conf/validate.h"

namespace rc::conf {

struct LoadOptions {
  ReadOptions read;
  ValidateOptions validate;
};

struct LoadResult {
  std::shared_ptr<const Config> config;  // nullptr when there were errors
  Diagnostics diagnostics;               // errors and warnings, in file order
};

LoadResult load_file(const std::string& path, const LoadOptions& options = {});
// Text not read from a file (tests, fuzzing): includes resolve against
// `name`'s directory when allowed by options.read.allow_include.
LoadResult load_text(std::string_view text, const std::string& name,
                     const LoadOptions& options = {});

class ConfigHolder {
 public:
  explicit ConfigHolder(std::string path, LoadOptions options = {})
      : path_(std::move(path)), options_(std::move(options)) {}

  // Loads the file again. On success the new configuration is in force; on
  // any error the previous one stays (the result's config is then null and
  // its diagnostics say why).
  LoadResult reload();
  [[nodiscard]] std::shared_ptr<const Config> current() const { return current_; }
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
  LoadOptions options_;
  std::shared_ptr<const Config> current_;
};

}  // namespace rc::conf
