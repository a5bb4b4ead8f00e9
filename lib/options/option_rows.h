// The row groups that make up the option table, one function per file of
// rows; option_table.cc joins them in documentation order. Internal to the
// options module.
#pragma once

#include <span>

#include "options/option_spec.h"

namespace rc::options::rows {

std::span<const OptionSpec> interface_and_resolver();  // rows_global.cc
std::span<const OptionSpec> remote();                  // rows_global.cc
std::span<const OptionSpec> kmp_common();              // rows_kmp.cc
std::span<const OptionSpec> kmp_specific();            // rows_kmp_specific.cc: ikev1, ikev2, kink
std::span<const OptionSpec> kmp_blocks();           // rows_kmp_blocks.cc: script, request, provide
std::span<const OptionSpec> selector_and_policy();  // rows_policy.cc
std::span<const OptionSpec> ipsec_and_sa();         // rows_ipsec.cc

}  // namespace rc::options::rows
