#include "kernel/engine_kind.h"

#include <array>
#include <utility>

namespace rc::kernel {
namespace {

constexpr std::array<std::pair<EngineKind, std::string_view>, 3> kNames = {{
    {EngineKind::Xfrm, "xfrm"},
    {EngineKind::Pfkey, "pfkey"},
    {EngineKind::Pfkeyd, "pfkeyd"},
}};

}  // namespace

std::string_view name(EngineKind kind) {
  for (const auto& [k, text] : kNames) {
    if (k == kind) return text;
  }
  return "unknown";
}

std::optional<EngineKind> engine_kind_from_name(std::string_view text) {
  for (const auto& [k, n] : kNames) {
    if (n == text) return k;
  }
  return std::nullopt;
}

}  // namespace rc::kernel
