// The directive tables of every section (one row per directive; see
// field.h). The option table (lib/options) documents the same directives;
// tests/conf/fields_test.cc keeps the two in step.
#pragma once

#include <span>
#include <string_view>

#include "conf/field.h"
#include "conf/model.h"

namespace rc::conf {

// Common directives plus those of one KMP, in racoon2.conf(5) order.
std::span<const Field<KmpParams>> kmp_fields(rct::Kmp kmp);
// Which KMP blocks a directive belongs to when it is not valid in `kmp`
// ("ikev2 { }"), or "" when it belongs to none.
std::string_view kmp_home_of(std::string_view name, rct::Kmp kmp);
std::span<const Field<Provide>> provide_fields();

std::span<const Field<Remote>> remote_fields();
std::span<const Field<Selector>> selector_fields();
std::span<const Field<Policy>> policy_fields();
std::span<const Field<Ipsec>> ipsec_fields();
std::span<const Field<Sa>> sa_fields();
std::span<const Field<Interface>> interface_fields();
std::span<const Field<Resolver>> resolver_fields();

// Script event names: canonical (phase1_up ...) and the IKEv2 synonyms.
std::string_view script_event_name(ScriptEvent event);

// "ikev1 { }" for messages.
std::string_view kmp_block_name(rct::Kmp kmp);

}  // namespace rc::conf
