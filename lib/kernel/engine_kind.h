// Which key engine a host uses, and how the choice is made.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "base/result.h"

namespace rc::kernel {

enum class EngineKind : std::uint8_t { Xfrm, Pfkey, Pfkeyd };

std::string_view name(EngineKind kind);  // "xfrm", "pfkey", "pfkeyd"
std::optional<EngineKind> engine_kind_from_name(std::string_view text);

}  // namespace rc::kernel
