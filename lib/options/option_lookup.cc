#include <algorithm>

#include "options/edit_distance.h"
#include "options/option_table.h"

namespace rc::options {

std::vector<const OptionSpec*> in_section(std::string_view section) {
  std::vector<const OptionSpec*> rows;
  for (const auto& spec : all()) {
    if (spec.section == section) rows.push_back(&spec);
  }
  return rows;
}

const OptionSpec* find(std::string_view section, std::string_view name) {
  for (const auto& spec : all()) {
    if (spec.section == section && spec.name == name) return &spec;
  }
  return nullptr;
}

std::vector<std::string_view> sections() {
  std::vector<std::string_view> names;
  for (const auto& spec : all()) {
    if (std::find(names.begin(), names.end(), spec.section) == names.end()) {
      names.push_back(spec.section);
    }
  }
  return names;
}

std::optional<std::string_view> suggest(std::string_view section, std::string_view name) {
  // A third of the word may be wrong, at least one character: "nameservr"
  // finds "nameserver", "foo" finds nothing.
  const std::size_t limit = std::max<std::size_t>(1, name.size() / 3);
  std::optional<std::string_view> best;
  std::size_t best_distance = limit + 1;
  for (const auto* spec : in_section(section)) {
    const std::size_t distance = edit_distance(name, spec->name);
    if (distance < best_distance) {
      best_distance = distance;
      best = spec->name;
    }
  }
  return best;
}

}  // namespace rc::options
