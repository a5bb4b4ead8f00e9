#include "conf/field.h"

#include "options/edit_distance.h"

namespace rc::conf {

std::string_view nearest_name(std::span<const std::string_view> names, std::string_view name) {
  // A third of the word may be wrong, at least one character (as
  // options::suggest): "nonce_sise" finds "nonce_size", "foo" finds nothing.
  const std::size_t limit = std::max<std::size_t>(1, name.size() / 3);
  std::string_view best;
  std::size_t best_distance = limit + 1;
  for (const auto candidate : names) {
    const std::size_t distance = options::edit_distance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string unknown_directive(std::string_view name, std::string_view block,
                              std::string_view suggestion) {
  if (suggestion.empty()) return fmt::format("unknown directive '{}' in {}", name, block);
  return fmt::format("unknown directive '{}' in {}; did you mean '{}'?", name, block, suggestion);
}

}  // namespace rc::conf
