#include "conf/reader.h"

#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <memory>

#include <fmt/format.h>

#include "conf/parse_text.h"
#include "safefile/safefile.h"

namespace rc::conf {
namespace {

using syntax::Statement;
using syntax::TokenKind;

class TreeReader {
 public:
  TreeReader(Diagnostics& diagnostics, const ReadOptions& options)
      : diagnostics_(diagnostics), options_(options) {}

  SourceTree take() { return std::move(tree_); }

  // Reads `path` into `out`. `from` is where the file was named (an include
  // statement), unknown for the main file.
  void read_file(const std::string& path, const Location& from, int depth,
                 std::vector<Statement>& out) {
    auto loaded = load(path, from);
    if (!loaded) return;
    // A file still being read includes itself, directly or through others.
    // Caught by identity (one file has many spellings), the loop is one
    // clear error instead of its sections spliced in again and again until
    // the depth bound.
    if (std::find(chain_.begin(), chain_.end(), loaded->id) != chain_.end()) {
      diagnostics_.error(from, fmt::format("include loop: {} is already being read; it includes "
                                           "this file, directly or through others",
                                           path));
      return;
    }
    chain_.push_back(loaded->id);
    splice_text(loaded->text, path, depth, out);
    chain_.pop_back();
  }

  void splice_text(std::string_view text, const std::string& path, int depth,
                   std::vector<Statement>& out) {
    tree_.files.push_back(path);
    auto name = std::make_shared<const std::string>(path);
    for (auto& statement : parse_text(text, name, diagnostics_)) {
      if (statement.head() == "include" && statement.tokens.front().kind == TokenKind::Word) {
        include(statement, path, depth, out);
      } else {
        out.push_back(std::move(statement));
      }
    }
  }

 private:
  struct FileId {
    dev_t device;
    ino_t inode;
    bool operator==(const FileId&) const = default;
  };
  struct Loaded {
    std::string text;
    FileId id;
  };

  std::optional<Loaded> load(const std::string& path, const Location& from) {
    const Location where =
        from.known() ? from : Location{std::make_shared<const std::string>(path)};
    UniqueFd fd;
    if (options_.check_file_security) {
      auto opened = safefile::open_config_file(path);
      if (!opened) {
        diagnostics_.error(where, opened.error().message);
        return std::nullopt;
      }
      fd = std::move(*opened);
    } else {
      fd = UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
      if (!fd) {
        diagnostics_.error(where,
                           Error::from_errno(errno, fmt::format("cannot open {}", path)).message);
        return std::nullopt;
      }
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) {
      diagnostics_.error(where,
                         Error::from_errno(errno, fmt::format("cannot stat {}", path)).message);
      return std::nullopt;
    }
    std::string text;
    char chunk[16384];
    for (;;) {
      const ssize_t got = ::read(fd.get(), chunk, sizeof chunk);
      if (got < 0) {
        if (errno == EINTR) continue;
        diagnostics_.error(where,
                           Error::from_errno(errno, fmt::format("cannot read {}", path)).message);
        return std::nullopt;
      }
      if (got == 0) break;
      text.append(chunk, static_cast<std::size_t>(got));
      if (text.size() > kMaxConfigFileSize) {
        diagnostics_.error(
            where, fmt::format("{} is larger than {} MiB; is it really a racoon2.conf?", path,
                               kMaxConfigFileSize >> 20));
        return std::nullopt;
      }
    }
    return Loaded{std::move(text), FileId{info.st_dev, info.st_ino}};
  }

  void include(const Statement& statement, const std::string& including_file, int depth,
               std::vector<Statement>& out) {
    const Location& where = statement.location();
    if (statement.has_block || statement.tokens.size() != 2 || !statement.tokens[1].is_text()) {
      diagnostics_.error(where, "include takes one path: include \"FILE\";");
      return;
    }
    if (!options_.allow_include) {
      diagnostics_.error(where, "include is not allowed here (the text was not read from a file)");
      return;
    }
    if (depth >= kMaxIncludeDepth) {
      diagnostics_.error(where, fmt::format("includes nested more than {} deep (an include loop?)",
                                            kMaxIncludeDepth));
      return;
    }
    const std::string& written = statement.tokens[1].text;
    if (written.find("${") != std::string::npos) {
      diagnostics_.error(statement.tokens[1].location,
                         "include paths may use $[ENV] but not ${VAR}: setval is read after "
                         "every file is included");
      return;
    }
    auto expanded = expand_environment(written, statement.tokens[1].location, options_.environment,
                                       diagnostics_);
    if (!expanded) return;
    std::string pattern = *expanded;
    if (!pattern.empty() && pattern.front() != '/' && pattern.front() != '~') {
      const auto slash = including_file.rfind('/');
      if (slash != std::string::npos) pattern = including_file.substr(0, slash + 1) + pattern;
    }
    glob_t matches{};
    const int rc = ::glob(pattern.c_str(), GLOB_TILDE, nullptr, &matches);
    const std::unique_ptr<glob_t, decltype(&::globfree)> release(&matches, ::globfree);
    if (rc == GLOB_NOMATCH || (rc == 0 && matches.gl_pathc == 0)) {
      if (pattern.find_first_of("*?[") != std::string::npos) {
        diagnostics_.warning(where, fmt::format("include \"{}\": no file matches", pattern));
      } else {
        diagnostics_.error(where, fmt::format("include \"{}\": no such file", pattern));
      }
      return;
    }
    if (rc != 0) {
      diagnostics_.error(where, fmt::format("include \"{}\": cannot read the directory", pattern));
      return;
    }
    for (std::size_t i = 0; i < matches.gl_pathc; ++i) {
      read_file(matches.gl_pathv[i], where, depth + 1, out);
    }
  }

  Diagnostics& diagnostics_;
  const ReadOptions& options_;
  SourceTree tree_;
  std::vector<FileId> chain_;  // the files being read, main file first
};

}  // namespace

EnvironmentLookup process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const std::string key(name);
    const char* value = std::getenv(key.c_str());  // NOLINT(concurrency-mt-unsafe): read-only use
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

SourceTree read_file_tree(const std::string& path, Diagnostics& diagnostics,
                          const ReadOptions& options) {
  TreeReader reader(diagnostics, options);
  std::vector<Statement> statements;
  reader.read_file(path, Location{}, 0, statements);
  SourceTree tree = reader.take();
  tree.statements = std::move(statements);
  return tree;
}

SourceTree read_text_tree(std::string_view text, const std::string& name, Diagnostics& diagnostics,
                          const ReadOptions& options) {
  TreeReader reader(diagnostics, options);
  std::vector<Statement> statements;
  reader.splice_text(text, name, 0, statements);
  SourceTree tree = reader.take();
  tree.statements = std::move(statements);
  return tree;
}

std::optional<std::string> expand_environment(std::string_view text, const Location& location,
                                              const EnvironmentLookup& environment,
                                              Diagnostics& diagnostics) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto start = text.find("$[", pos);
    if (start == std::string_view::npos) break;
    out.append(text.substr(pos, start - pos));
    const auto close = text.find(']', start + 2);
    if (close == std::string_view::npos) {
      diagnostics.error(location, fmt::format("unterminated $[ in \"{}\"; expected $[NAME]", text));
      return std::nullopt;
    }
    const std::string_view name = text.substr(start + 2, close - start - 2);
    auto value = environment ? environment(name) : std::nullopt;
    if (!value) {
      diagnostics.error(
          location, fmt::format("environment variable {} is not set (used as $[{}])", name, name));
      return std::nullopt;
    }
    out += *value;
    pos = close + 1;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace rc::conf
