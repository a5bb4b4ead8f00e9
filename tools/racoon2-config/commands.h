// The subcommands of racoon2-config, one function each; main.cc dispatches.
#pragma once

#include <span>
#include <string_view>

namespace racoon2_config {

using Args = std::span<const std::string_view>;

// Each returns the process exit status.
int run_options(Args args);
int run_macros(Args args);
int run_check(Args args);
int run_dump(Args args);
int run_key_engine(Args args);

}  // namespace racoon2_config
