// `racoon2-config dump [--json] [FILE]`: the configuration as the daemons
// see it -- includes inlined, ${VAR} and $[ENV] expanded -- so an
// administrator can tell what a set of files amounts to.
#include <cstdio>
#include <string>

#include "base/build_config.h"
#include "conf/dump.h"
#include "conf/loader.h"
#include "tools/racoon2-config/commands.h"

namespace racoon2_config {

int run_dump(Args args) {
  bool json = false;
  std::string file;
  for (auto arg : args) {
    if (arg == "--json") {
      json = true;
    } else if (arg.starts_with("-") || !file.empty()) {
      std::fprintf(stderr, "racoon2-config dump: unknown argument '%.*s'\n",
                   static_cast<int>(arg.size()), arg.data());
      return 2;
    } else {
      file = arg;
    }
  }
  if (file.empty()) file = rc::build::kConfigFile;
  const rc::conf::LoadResult result = rc::conf::load_file(file);
  // Warnings are shown but do not stop the dump; stdout stays the model
  // alone so it can be redirected into a file and checked again.
  std::fputs(result.diagnostics.to_string().c_str(), stderr);
  if (!result.config) {
    std::fprintf(stderr, "racoon2-config dump: %s: %zu error(s), nothing dumped\n", file.c_str(),
                 result.diagnostics.error_count());
    return 1;
  }
  const auto& model = result.config->model();
  const std::string text = json ? rc::conf::dump_json(model) : rc::conf::dump_text(model);
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace racoon2_config
