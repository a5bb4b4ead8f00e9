// From racoon2.conf to the policies spmd wants in the SPD (reference §3.3),
// as a pure function so every rule is tested without a kernel:
//
// - every selector whose policy has `install on` (the default) becomes one
//   kernel policy per (src address, dst address) pair, in the selector's
//   direction; its reverse selector (Config::reverse_selector) supplies the
//   other direction, and a selector of an ipsec policy without one is
//   reported as a warning (its return traffic would be unprotected);
// - action `none`/`discard` become Bypass/Discard policies without
//   templates; action `auto_ipsec`/`static_ipsec` become templates from the
//   policy's first ipsec_index (one per sa_index: IPComp, ESP, AH, innermost
//   first), with ipsec_mode, ipsec_level and, for tunnels, my_sa_ipaddr /
//   peers_sa_ipaddr (swapped for inbound);
// - a single-side IP_ANY/IP_RW macro becomes the unspecified address of the
//   other side's family (prefix 0, the selector's port kept); macros on both
//   sides are an error naming the selector and its file:line; any other
//   macro (MY_IP ...) skips that selector with a warning, as the original;
// - skipped with an info line: tunnels whose my/peers_sa_ipaddr is IP_RW,
//   policies whose remote (or the default remote) has an IKEv2 addresspool
//   (iked installs those per lease), `install off`;
// - a selector naming an FQDN on either side uses the addresses `names`
//   knows for it now; with none known it is listed in `deferred` and spmd
//   plans again when names change;
// - a remote_index naming no remote, a remote without an ikev2 block
//   (IKEv1-only, KINK-only) and a policy without remote_index never crash
//   the planner (the original dereferenced them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "addr/interface_source.h"
#include "addr/ip_address.h"
#include "addr/prefix.h"
#include "base/result.h"
#include "conf/config.h"
#include "kernel/policy.h"

namespace rc::spmd {

// What the planner may ask about names: the addresses currently known for
// a fully-qualified name (lower case, trailing dot). Empty when unknown.
class NameLookup {
 public:
  NameLookup() = default;
  NameLookup(const NameLookup&) = delete;
  NameLookup& operator=(const NameLookup&) = delete;
  virtual ~NameLookup() = default;
  [[nodiscard]] virtual std::vector<addr::IpAddress> addresses_of(std::string_view fqdn) const = 0;
};

struct PlannedPolicy {
  std::string slid;             // the selector's index
  kernel::PolicyParams params;  // params.spid == 0
  bool operator==(const PlannedPolicy&) const = default;
};

struct DeferredSelector {
  std::string slid;
  std::vector<std::string> fqdns;  // the names it waits for (normalised)
};

struct Plan {
  std::vector<PlannedPolicy> policies;  // in selector file order
  std::vector<DeferredSelector> deferred;
  std::vector<std::string> fqdns;  // every name used by a selector
  std::vector<std::string> infos;  // skipped selectors, with file:line
  std::vector<std::string> warnings;
  std::vector<std::string> errors;  // non-empty: refuse to start/reload
};

// The name as the FQDN database keeps it: lower case, trailing dot.
std::string normalise_fqdn(std::string_view name);

Plan plan_policies(const conf::Config& config, const addr::InterfaceSource& interfaces,
                   const NameLookup& names);

}  // namespace rc::spmd

namespace rc::spmd {

// Concrete addresses for one selector's policy: spmif POLICY ADD/DELETE
// (iked/kinkd name the addresses they negotiated).
struct PolicyEndpoints {
  addr::Prefix src;
  addr::Prefix dst;
  std::optional<addr::IpAddress> tunnel_src;  // tunnel mode only
  std::optional<addr::IpAddress> tunnel_dst;
  std::uint64_t hard_lifetime = 0;  // seconds; 0 = none
};

// The kernel policy for `selector` with the given addresses: the
// selector's direction, ports and protocol, its policy's action, templates
// (mode from the endpoints: tunnel when a tunnel pair is given), level,
// priority and reqid, exactly as plan_policies builds them. The error text
// says what is missing (policy, ipsec or sa section).
Result<kernel::PolicyParams> selector_policy(const conf::Config& config,
                                             const conf::Selector& selector,
                                             const PolicyEndpoints& endpoints);

}  // namespace rc::spmd
