// Selectors and policies: what spmd needs to install a policy and what the
// KMPs need to negotiate SAs for it (reference §2.4).
#include <fmt/format.h>

#include "conf/validate_checks.h"
#include "rct/names.h"

namespace rc::conf::validation {
namespace {

using addr::AddrEntry;

// A selector side must be something a kernel policy can hold once
// expanded: `unix "path"` is only for interface { spmd }.
void check_selector_side(const Context& context, const Selector& selector, std::string_view side,
                         const std::optional<AddrEntry>& entry) {
  if (!entry || entry->as_file() == nullptr) return;
  context.out.error(selector.location,
                    fmt::format("selector '{}' {} {} is a socket path; expected an address, "
                                "macro or host name",
                                selector.index, side, *entry));
}

void check_selector(const Context& context, const Selector& selector) {
  const std::string& name = selector.index;
  const Location& at = selector.location;
  if (!selector.direction) {
    context.out.error(at, fmt::format("selector '{}' has no direction; expected direction "
                                      "inbound or outbound",
                                      name));
  }
  if (!selector.src) {
    context.out.error(at, fmt::format("selector '{}' has no src; expected src ADDRESS", name));
  }
  if (!selector.dst) {
    context.out.error(at, fmt::format("selector '{}' has no dst; expected dst ADDRESS", name));
  }
  if (!selector.policy_index) {
    context.out.error(
        at, fmt::format("selector '{}' has no policy_index; expected policy_index NAME", name));
  }
  check_selector_side(context, selector, "src", selector.src);
  check_selector_side(context, selector, "dst", selector.dst);
  if (!selector.src || !selector.dst) return;

  // spmd expands a macro into one policy per address; with macros on both
  // sides the product is ill-defined, and the original refused it too.
  if (selector.src->as_macro() != nullptr && selector.dst->as_macro() != nullptr) {
    context.out.error(at, fmt::format("selector '{}' has macros on both sides ({} and {}); at "
                                      "most one side may be a macro",
                                      name, *selector.src, *selector.dst));
  }
  const auto* src = selector.src->as_inet();
  const auto* dst = selector.dst->as_inet();
  if (src != nullptr && dst != nullptr && src->address.family() != dst->address.family()) {
    context.out.error(at, fmt::format("selector '{}' mixes address families (src {} is {}, dst "
                                      "{} is {}); expected src and dst of one family",
                                      name, *selector.src, addr::family_name(src->address.family()),
                                      *selector.dst, addr::family_name(dst->address.family())));
  }
}

bool uses_ipsec(std::optional<rct::Action> action) {
  return action == rct::Action::AutoIpsec || action == rct::Action::StaticIpsec;
}

// Tunnel end points go into SAs and kernel policies as addresses: a macro
// is expanded then, but a host name is never resolved (reference §2.4).
void check_end_point(const Context& context, const Policy& policy, std::string_view directive,
                     const std::optional<AddrEntry>& entry) {
  if (!entry) return;
  std::string_view problem;
  if (entry->as_fqdn() != nullptr) problem = "is a host name";
  if (entry->as_file() != nullptr) problem = "is a socket path";
  if (problem.empty()) return;
  context.out.error(policy.location,
                    fmt::format("{} {} {} {}; expected an address or macro",
                                describe("policy", policy.index), directive, *entry, problem));
}

// Checks of values as written, for named policies and the default alike.
void check_written_policy(const Context& context, const Policy& policy) {
  if (policy.action == rct::Action::StaticIpsec) {
    context.out.warning(policy.location,
                        "action static_ipsec is not implemented; expected auto_ipsec, discard "
                        "or none");
  }
  // reference §2.4: `use` was documented as not implemented.
  if (policy.ipsec_level == rct::IpsecLevel::Use) {
    context.out.warning(policy.location,
                        "ipsec_level use is not implemented; expected require or unique");
  }
  check_end_point(context, policy, "my_sa_ipaddr", policy.my_sa_ipaddr);
  check_end_point(context, policy, "peers_sa_ipaddr", policy.peers_sa_ipaddr);
}

void check_policy(const Context& context, const Policy& policy) {
  const Policy* fallback = context.default_policy();
  const std::string name = describe("policy", policy.index);
  const Location& at = policy.location;
  const auto& action = resolved(&policy, fallback, &Policy::action);
  if (!action) {
    context.out.error(at, fmt::format("{} has no action; expected action auto_ipsec, discard or "
                                      "none",
                                      name));
  }
  if (!uses_ipsec(action)) return;

  const auto& mode = resolved(&policy, fallback, &Policy::ipsec_mode);
  const bool tunnel = mode == rct::IpsecMode::Tunnel;  // the built-in default is transport
  const auto& mine = resolved(&policy, fallback, &Policy::my_sa_ipaddr);
  const auto& peers = resolved(&policy, fallback, &Policy::peers_sa_ipaddr);
  for (const auto& [directive, entry] :
       {std::pair{"my_sa_ipaddr", &mine}, std::pair{"peers_sa_ipaddr", &peers}}) {
    if (tunnel && !*entry) {
      context.out.error(at, fmt::format("{} uses tunnel mode but has no {}; expected the tunnel "
                                        "end points my_sa_ipaddr and peers_sa_ipaddr",
                                        name, directive));
    }
  }
  // Since 2020 the original generated road-warrior policies in tunnel mode
  // only; in transport mode it quietly treated IP_RW as IP_ANY.
  if (!tunnel && peers && peers->is_rw()) {
    context.out.warning(at, fmt::format("{} has peers_sa_ipaddr IP_RW in transport mode, where "
                                        "it acts as IP_ANY; expected ipsec_mode tunnel",
                                        name));
  }
  if (action != rct::Action::AutoIpsec) return;
  if (!resolved(&policy, fallback, &Policy::remote_index)) {
    context.out.error(at, fmt::format("{} uses action auto_ipsec but has no remote_index; "
                                      "expected remote_index NAME",
                                      name));
  }
  const auto& ipsecs = resolved(&policy, fallback, &Policy::ipsec_index);
  if (!ipsecs || ipsecs->empty()) {
    context.out.error(at, fmt::format("{} uses action auto_ipsec but has no ipsec_index; "
                                      "expected ipsec_index NAME",
                                      name));
  }
}

}  // namespace

void check_selectors(const Context& context) {
  for (const Selector& selector : context.model.selectors) check_selector(context, selector);
}

void check_policies(const Context& context) {
  if (const Policy* policy = context.default_policy()) check_written_policy(context, *policy);
  for (const Policy& policy : context.model.policies) {
    check_written_policy(context, policy);
    check_policy(context, policy);
  }
}

}  // namespace rc::conf::validation
