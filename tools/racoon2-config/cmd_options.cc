#include <cstdio>
#include <string>

#include "options/option_render.h"
#include "tools/racoon2-config/commands.h"

namespace racoon2_config {

int run_options(Args args) {
  bool roff = false;
  for (auto arg : args) {
    if (arg == "--roff") {
      roff = true;
    } else {
      std::fprintf(stderr, "racoon2-config options: unknown argument '%.*s'\n",
                   static_cast<int>(arg.size()), arg.data());
      return 2;
    }
  }
  const std::string text = roff ? rc::options::render_roff() : rc::options::render_text();
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace racoon2_config
