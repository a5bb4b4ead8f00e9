// The model written back out: as racoon2.conf text (every include inlined,
// every ${VAR} and $[ENV] already expanded, sections in a fixed order) or
// as JSON. Parsing the text dump gives the same model again; tests check
// that round trip for every sample.
#pragma once

#include <string>

#include "conf/model.h"

namespace rc::conf {

std::string dump_text(const Model& model);
std::string dump_json(const Model& model);

}  // namespace rc::conf
