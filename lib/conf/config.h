// Config: a built, validated Model plus the lookups the daemons need and the
// three-tier value resolution (the section's own value, then `default { }`,
// then the built-in default from the option table). Immutable once made;
// shared as std::shared_ptr<const Config> so a reload can swap it while
// older SAs keep the one they started with.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "addr/interface_source.h"
#include "addr/ip_address.h"
#include "conf/model.h"

namespace rc::conf {

class Config {
 public:
  explicit Config(Model model);

  [[nodiscard]] const Model& model() const { return model_; }

  // By index name; the first section with that name, or nullptr.
  [[nodiscard]] const Remote* remote(std::string_view index) const;
  [[nodiscard]] const Selector* selector(std::string_view index) const;
  [[nodiscard]] const Policy* policy(std::string_view index) const;
  [[nodiscard]] const Ipsec* ipsec(std::string_view index) const;
  [[nodiscard]] const Sa* sa(std::string_view index) const;
  [[nodiscard]] const AddressPool* addresspool(std::string_view index) const;

  // `default { remote { }; }`: field defaults and the catch-all responder.
  [[nodiscard]] const Remote* default_remote() const;

  // The first remote (file order) whose peers_ipaddr for `kmp` (its own or,
  // failing that, none) matches `peer`; nullptr when none does -- the
  // caller then uses default_remote(), as the original.
  [[nodiscard]] const Remote* remote_by_peer_address(const addr::IpAddress& peer, rct::Kmp kmp,
                                                     const addr::InterfaceSource& interfaces) const;
  // The first remote whose peers_id for `kmp` lists this ID. Unlike the
  // original, a remote without peers_id does not end the search.
  [[nodiscard]] const Remote* remote_by_peer_id(rct::Kmp kmp, rct::IdType type,
                                                std::string_view value) const;

  // The selectors that name `policy_index`, in file order.
  [[nodiscard]] std::vector<const Selector*> selectors_of_policy(
      std::string_view policy_index) const;
  // The mirror of a selector: opposite direction, src and dst swapped, and
  // a policy with the same remote_index. nullptr when there is none.
  [[nodiscard]] const Selector* reverse_selector(const Selector& selector) const;

  // Three-tier resolution: every field that has a value at any tier is set.
  [[nodiscard]] KmpParams resolve_kmp(const Remote* remote, rct::Kmp kmp) const;
  [[nodiscard]] Policy resolve_policy(const Policy& policy) const;
  [[nodiscard]] Ipsec resolve_ipsec(const Ipsec& ipsec) const;
  [[nodiscard]] Sa resolve_sa(const Sa& sa) const;
  [[nodiscard]] Interface resolve_interface() const;
  [[nodiscard]] Resolver resolve_resolver() const;

 private:
  using Index = std::unordered_map<std::string, std::size_t>;
  template <class S>
  static Index make_index(const std::vector<S>& list);
  template <class S>
  static const S* find(const Index& index, const std::vector<S>& list, std::string_view name);

  Model model_;
  Index remotes_;
  Index selectors_;
  Index policies_;
  Index ipsecs_;
  Index sas_;
  Index pools_;
  std::unordered_map<std::string, std::vector<std::size_t>> selectors_by_policy_;
};

}  // namespace rc::conf
