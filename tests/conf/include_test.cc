// include with real files (reference §2.1): relative paths, glob order,
// $[ENV] in the path, the depth bound, file-mode checks, and diagnostics
// that name the included file and its own lines.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "conf/builder.h"
#include "conf/reader.h"
#include "conf_test_support.h"
#include "support/temp_dir.h"

namespace rc::conf {
namespace {

using Environment = std::vector<std::pair<std::string, std::string>>;

class IncludeTest : public ::testing::Test {
 protected:
  // Writes `text` to `name` under the temporary directory (creating its
  // parent directories) with `mode`, and returns the full path.
  std::string write(std::string_view name, std::string_view text, mode_t mode = 0644) {
    const std::string path = dir_.path(name);
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path) << text;
    EXPECT_EQ(::chmod(path.c_str(), mode), 0) << path;
    return path;
  }

  // Reads `name` and everything it includes, then builds the model, as the
  // loader does before validation.
  testing::Parsed read(std::string_view name, Environment environment = {}) {
    testing::Parsed parsed;
    ReadOptions options;
    options.environment = [environment](std::string_view key) -> std::optional<std::string> {
      for (const auto& [k, value] : environment) {
        if (k == key) return value;
      }
      return std::nullopt;
    };
    auto tree = read_file_tree(dir_.path(name), parsed.diagnostics, options);
    parsed.model = build_model(std::move(tree), parsed.diagnostics, options.environment);
    return parsed;
  }

  std::string path(std::string_view name) const { return dir_.path(name); }

  static std::vector<std::string> remote_names(const Model& model) {
    std::vector<std::string> names;
    for (const auto& remote : model.remotes) names.push_back(remote.index);
    return names;
  }

  rc::testing::TempDir dir_{"conf_include_test"};
};

TEST_F(IncludeTest, RelativePathsResolveAgainstTheIncludingFile) {
  write("racoon2.conf", "remote main { };\ninclude \"sub/peers.conf\";\nremote last { };\n");
  // "more.conf" is next to peers.conf, not next to racoon2.conf.
  write("sub/peers.conf", "remote peer { };\ninclude \"more.conf\";\n");
  write("sub/more.conf", "remote more { };\n");
  const auto parsed = read("racoon2.conf");
  EXPECT_EQ(parsed.messages(), std::vector<std::string>{});
  EXPECT_EQ(remote_names(parsed.model), (std::vector<std::string>{"main", "peer", "more", "last"}));
  EXPECT_EQ(parsed.model.files,
            (std::vector<std::string>{path("racoon2.conf"), path("sub/peers.conf"),
                                      path("sub/more.conf")}));
}

TEST_F(IncludeTest, AbsolutePathsAreTakenAsWritten) {
  write("elsewhere/x.conf", "remote x { };\n");
  write("racoon2.conf", fmt::format("include \"{}\";\n", path("elsewhere/x.conf")));
  const auto parsed = read("racoon2.conf");
  EXPECT_EQ(parsed.messages(), std::vector<std::string>{});
  EXPECT_EQ(remote_names(parsed.model), std::vector<std::string>{"x"});
}

TEST_F(IncludeTest, GlobReadsEveryMatchInSortedOrder) {
  write("conf.d/20-b.conf", "remote b { };\n");
  write("conf.d/10-a.conf", "remote a { };\n");
  write("conf.d/30-c.conf", "remote c { };\n");
  write("conf.d/README", "this is not racoon2.conf syntax {\n");
  write("racoon2.conf", "include \"conf.d/*.conf\";\n");
  const auto parsed = read("racoon2.conf");
  EXPECT_EQ(parsed.messages(), std::vector<std::string>{});
  EXPECT_EQ(remote_names(parsed.model), (std::vector<std::string>{"a", "b", "c"}));
}

TEST_F(IncludeTest, EnvironmentVariablesExpandInThePath) {
  write("peers/x.conf", "remote x { };\n");
  write("racoon2.conf", "include \"$[PEERS]/x.conf\";\n");
  const auto parsed = read("racoon2.conf", {{"PEERS", path("peers")}});
  EXPECT_EQ(parsed.messages(), std::vector<std::string>{});
  EXPECT_EQ(remote_names(parsed.model), std::vector<std::string>{"x"});

  const auto unset = read("racoon2.conf");
  EXPECT_EQ(unset.messages(),
            std::vector<std::string>{
                fmt::format("{}:1:9: environment variable PEERS is not set (used as $[PEERS])",
                            path("racoon2.conf"))});
}

// setval is known only after every file is read, so it cannot pick files.
TEST_F(IncludeTest, SetvalVariablesAreRejectedInThePath) {
  write("racoon2.conf", "setval { D \"/etc\"; };\ninclude \"${D}/x.conf\";\n");
  const auto parsed = read("racoon2.conf");
  EXPECT_EQ(parsed.messages(),
            std::vector<std::string>{fmt::format(
                "{}:2:9: include paths may use $[ENV] but not ${{VAR}}: setval is read after "
                "every file is included",
                path("racoon2.conf"))});
  EXPECT_EQ(parsed.diagnostics.error_count(), 1U);
}

TEST_F(IncludeTest, MissingFileIsAnErrorButAnEmptyPatternOnlyWarns) {
  write("racoon2.conf", "include \"missing.conf\";\ninclude \"conf.d/*.conf\";\n");
  const auto parsed = read("racoon2.conf");
  const std::string main = path("racoon2.conf");
  EXPECT_EQ(parsed.messages(),
            (std::vector<std::string>{
                fmt::format("{}:1:1: include \"{}\": no such file", main, path("missing.conf")),
                fmt::format("{}:2:1: warning: include \"{}\": no file matches", main,
                            path("conf.d/*.conf")),
            }));
  EXPECT_EQ(parsed.diagnostics.error_count(), 1U);
}

TEST_F(IncludeTest, MissingMainFileIsAnError) {
  const auto parsed = read("nothing.conf");
  EXPECT_EQ(parsed.messages(),
            std::vector<std::string>{fmt::format("{0}: cannot open {0}: No such file or directory",
                                                 path("nothing.conf"))});
}

TEST_F(IncludeTest, IncludesNestAtMostTenDeep) {
  // f0 includes f1 ... includes f11: the include in f10 is one too deep.
  for (int i = 0; i <= 11; ++i) {
    write(fmt::format("f{}.conf", i),
          fmt::format("remote r{} {{ }};\ninclude \"f{}.conf\";\n", i, i + 1));
  }
  const auto parsed = read("f0.conf");
  EXPECT_EQ(parsed.messages(), std::vector<std::string>{fmt::format(
                                   "{}:2:1: includes nested more than {} deep (an include loop?)",
                                   path("f10.conf"), kMaxIncludeDepth)});
  EXPECT_EQ(parsed.model.remotes.size(), 11U);
  EXPECT_EQ(parsed.model.remotes.back().index, "r10");
}

// A loop is caught where it closes, so its sections are read once.
TEST_F(IncludeTest, AnIncludeLoopEndsWithOneError) {
  write("a.conf", "include \"b.conf\";\ninterface { };\n");
  write("b.conf", "remote b { };\ninclude \"./a.conf\";\n");
  const auto parsed = read("a.conf");
  EXPECT_EQ(parsed.messages(),
            std::vector<std::string>{fmt::format(
                "{}:2:1: include loop: {} is already being read; it includes this file, directly "
                "or through others",
                path("b.conf"), path("./a.conf"))});
  EXPECT_EQ(parsed.diagnostics.error_count(), 1U);
  EXPECT_EQ(remote_names(parsed.model), std::vector<std::string>{"b"});
}

TEST_F(IncludeTest, APatternMatchingTheIncludingFileIsALoop) {
  write("conf.d/00-main.conf", "include \"*.conf\";\n");
  write("conf.d/10-peer.conf", "remote peer { };\n");
  const auto parsed = read("conf.d/00-main.conf");
  EXPECT_EQ(parsed.messages(),
            std::vector<std::string>{fmt::format(
                "{0}:1:1: include loop: {0} is already being read; it includes this file, "
                "directly or through others",
                path("conf.d/00-main.conf"))});
  EXPECT_EQ(remote_names(parsed.model), std::vector<std::string>{"peer"});
}

TEST_F(IncludeTest, IncludeInsideABlockIsRejected) {
  write("x.conf", "remote x { };\n");
  write("racoon2.conf",
        "remote r {\n  include \"x.conf\";\n  ikev2 { include \"x.conf\"; };\n};\n");
  const auto parsed = read("racoon2.conf");
  const std::string main = path("racoon2.conf");
  EXPECT_EQ(parsed.messages(),
            (std::vector<std::string>{
                fmt::format("{}:2:3: include is only allowed between sections, not inside a "
                            "block",
                            main),
                fmt::format("{}:3:11: include is only allowed between sections, not inside a "
                            "block",
                            main),
            }));
  EXPECT_EQ(remote_names(parsed.model), std::vector<std::string>{"r"});
}

TEST_F(IncludeTest, IncludeNeedsOnePath) {
  write("racoon2.conf", "include;\ninclude \"a\" \"b\";\ninclude { };\n");
  const auto parsed = read("racoon2.conf");
  const std::string main = path("racoon2.conf");
  EXPECT_EQ(parsed.messages(),
            (std::vector<std::string>{
                fmt::format("{}:1:1: include takes one path: include \"FILE\";", main),
                fmt::format("{}:2:1: include takes one path: include \"FILE\";", main),
                fmt::format("{}:3:1: include takes one path: include \"FILE\";", main),
            }));
}

// A configuration others can edit lets them choose our peers and keys.
TEST_F(IncludeTest, GroupWritableFilesAreRefused) {
  write("shared.conf", "remote shared { };\n", 0664);
  write("racoon2.conf", "remote main { };\ninclude \"shared.conf\";\n");
  const auto parsed = read("racoon2.conf");
  EXPECT_EQ(parsed.messages(),
            std::vector<std::string>{fmt::format(
                "{0}:2:1: {1} has mode 0664; a configuration file must not be writable by group "
                "or others (run: chmod go-w {1})",
                path("racoon2.conf"), path("shared.conf"))});
  EXPECT_EQ(remote_names(parsed.model), std::vector<std::string>{"main"});

  write("open.conf", "remote main { };\n", 0602);
  const auto main = read("open.conf");
  EXPECT_EQ(main.messages(),
            std::vector<std::string>{fmt::format(
                "{0}: {0} has mode 0602; a configuration file must not be writable by group or "
                "others (run: chmod go-w {0})",
                path("open.conf"))});
}

TEST_F(IncludeTest, DiagnosticsNameTheIncludedFileAndItsLines) {
  write("racoon2.conf",
        "# main\ninclude \"peers.conf\";\nremote main { acceptable_kmp ikev3; };\n");
  write("peers.conf", "\n\nremote peer {\n    ikev2 { nonce_sise 16; };\n};\n");
  const auto parsed = read("racoon2.conf");
  EXPECT_EQ(parsed.messages(),
            (std::vector<std::string>{
                fmt::format("{}:4:13: unknown directive 'nonce_sise' in ikev2 {{ }}; did you "
                            "mean 'nonce_size'?",
                            path("peers.conf")),
                fmt::format("{}:3:30: acceptable_kmp expects one of ikev1, ikev2, kink; found "
                            "'ikev3'",
                            path("racoon2.conf")),
            }));
}

TEST_F(IncludeTest, SyntaxErrorsNameTheIncludedFile) {
  write("racoon2.conf", "include \"bad.conf\";\nremote main { };\n");
  write("bad.conf", "remote bad {\n  acceptable_kmp ikev2\n};\n");
  const auto parsed = read("racoon2.conf");
  EXPECT_EQ(parsed.messages(), std::vector<std::string>{fmt::format(
                                   "{}:3:1: missing ';' before '}}'", path("bad.conf"))});
  // The parser recovers at the '}': both files' sections are still read.
  EXPECT_EQ(remote_names(parsed.model), (std::vector<std::string>{"bad", "main"}));
}

// Duplicates across files name both places.
TEST_F(IncludeTest, DuplicateSectionsAcrossFilesNameTheFirst) {
  write("racoon2.conf", "interface { };\ninclude \"more.conf\";\n");
  write("more.conf", "\ninterface { };\n");
  const auto parsed = read("racoon2.conf");
  EXPECT_EQ(parsed.messages(),
            std::vector<std::string>{fmt::format(
                "{}:2:1: duplicate interface section; there may be only one across all files "
                "(the first is at {}:1:1)",
                path("more.conf"), path("racoon2.conf"))});
}

}  // namespace
}  // namespace rc::conf
