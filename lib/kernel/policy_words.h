// The words setkey(8) and the original spmdctl print for policies and SA
// templates, shared by rcsetkey and spmdctl so both always say the same.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "addr/prefix.h"
#include "kernel/policy.h"
#include "rct/types.h"

namespace rc::kernel {

std::string_view direction_word(rct::Direction direction);  // in, out, fwd
std::string_view action_word(PolicyAction action);          // ipsec, none, discard
std::string_view mode_word(rct::IpsecMode mode);            // transport, tunnel
std::string_view level_word(rct::IpsecLevel level);         // require, use, unique
std::string_view protocol_word(rct::SaType type);           // esp, ah, ipcomp; "?" otherwise
// "10.0.0.0/24[any]", "192.0.2.1/32[500]": a selector side as setkey shows it.
std::string range_text(const addr::Prefix& prefix, std::uint16_t port);

}  // namespace rc::kernel
