// `racoon2-config check [--no-secret-check] [FILE...]`: every error and
// warning in a configuration set, not just the first, through the same
// check the daemons' -t runs.
#include <cstdio>
#include <string>
#include <vector>

#include "base/build_config.h"
#include "conf/check.h"
#include "tools/racoon2-config/commands.h"

namespace racoon2_config {

int run_check(Args args) {
  rc::conf::LoadOptions options;
  std::vector<std::string> files;
  for (auto arg : args) {
    if (arg == "--no-secret-check") {
      // For a configuration written for another host: its PSK and
      // spmd_password files are not here, or not ours to read.
      options.validate.check_secret_files = false;
    } else if (arg.starts_with("-") && arg != "-") {
      std::fprintf(stderr, "racoon2-config check: unknown argument '%.*s'\n",
                   static_cast<int>(arg.size()), arg.data());
      return 2;
    } else {
      files.emplace_back(arg);
    }
  }
  if (files.empty()) files.emplace_back(rc::build::kConfigFile);
  int status = 0;
  for (const auto& file : files) {
    if (rc::conf::check_config(file, options, stdout, stderr) != 0) status = 1;
  }
  return status;
}

}  // namespace racoon2_config
