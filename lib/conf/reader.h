// Reading a configuration file set: the main file and everything it
// includes, as one syntax tree with each `include` replaced by the files it
// names. Files are opened with safefile::open_config_file (owner and mode
// checked on the open descriptor).
//
// include rules (racoon2.conf(5)):
//  - only between sections (top level); the path may use $[ENV] but not
//    ${VAR}, because setval is not known until every file is read;
//  - a relative path is taken relative to the directory of the file that
//    includes it (the original used the daemon's working directory, which
//    made a config set impossible to move);
//  - the path goes through glob(3) with ~ expansion; the files are read in
//    glob's sorted order. A plain path that does not exist is an error; a
//    pattern that matches nothing is a warning (an empty conf.d);
//  - includes nest at most 10 deep; a file that includes itself (directly
//    or through others) is an include loop, reported once.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conf/diagnostics.h"
#include "conf/parse_text.h"
#include "conf/syntax.h"

namespace rc::conf {

inline constexpr int kMaxIncludeDepth = 10;
inline constexpr std::size_t kMaxConfigFileSize = kMaxParseSize;

// $[NAME] lookups. The default reads the process environment.
using EnvironmentLookup = std::function<std::optional<std::string>(std::string_view)>;
EnvironmentLookup process_environment();

struct ReadOptions {
  EnvironmentLookup environment = process_environment();
  // Refuse files not owned by us or root, or writable by group/others.
  bool check_file_security = true;
  // Off for text that is not from a file (tests, fuzzing): `include` is then
  // an error instead of a file-system access.
  bool allow_include = true;
};

struct SourceTree {
  std::vector<syntax::Statement> statements;
  std::vector<std::string> files;  // every file read, main file first
};

SourceTree read_file_tree(const std::string& path, Diagnostics& diagnostics,
                          const ReadOptions& options = {});

// The same for text in memory named `name` (relative includes resolve
// against name's directory).
SourceTree read_text_tree(std::string_view text, const std::string& name, Diagnostics& diagnostics,
                          const ReadOptions& options = {});

// Replaces every $[NAME] in `text` with the environment value. Used for
// include paths here and by the variable pass for every string.
std::optional<std::string> expand_environment(std::string_view text, const Location& location,
                                              const EnvironmentLookup& environment,
                                              Diagnostics& diagnostics);

}  // namespace rc::conf
