// spmdctl's usage texts, from one list of command forms: --help shows
// them all, a usage error those of the command concerned.
#pragma once

#include <string>
#include <string_view>

namespace spmdctl {

// "usage: spmdctl [OPTIONS] FORM" for every form starting with `scope`
// ("ns", "policy add"; "" = all), one per line.
std::string usage_for(std::string_view scope);

// The full --help text.
std::string help_text();

}  // namespace spmdctl
