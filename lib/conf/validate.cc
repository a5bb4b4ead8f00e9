#include "conf/validate.h"

#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "conf/validate_checks.h"
#include "safefile/safefile.h"

namespace rc::conf {
namespace validation {
namespace {

template <class S>
const S* default_of(const Model& model, std::optional<S> Defaults::*field) {
  if (!model.defaults || !(*model.defaults.*field)) return nullptr;
  return &*(*model.defaults.*field);
}

// `kind` is the section keyword the reference must name.
template <class S>
void check_ref(const Context& context, const std::optional<Ref>& ref, std::string_view directive,
               const std::vector<S>& list, std::string_view kind) {
  if (!ref) return;
  if (find_section(context, list, ref->name) != nullptr) return;
  context.out.error(ref->location,
                    fmt::format("{} '{}' names no {} section", directive, ref->name, kind));
}

template <class S>
void check_refs(const Context& context, const std::optional<std::vector<Ref>>& refs,
                std::string_view directive, const std::vector<S>& list, std::string_view kind) {
  if (!refs) return;
  for (const Ref& ref : *refs) check_ref(context, std::optional<Ref>(ref), directive, list, kind);
}

void check_remote_refs(const Context& context, const Remote& remote) {
  check_ref(context, remote.selector_index, "selector_index", context.model.selectors, "selector");
  for (const auto* kmp : {&remote.ikev1, &remote.ikev2, &remote.kink}) {
    if (*kmp && (*kmp)->provide) {
      check_ref(context, (*kmp)->provide->addresspool, "addresspool", context.model.addresspools,
                "addresspool");
    }
  }
}

void check_policy_refs(const Context& context, const Policy& policy) {
  check_ref(context, policy.remote_index, "remote_index", context.model.remotes, "remote");
  check_refs(context, policy.ipsec_index, "ipsec_index", context.model.ipsecs, "ipsec");
}

void check_ipsec_refs(const Context& context, const Ipsec& ipsec) {
  check_refs(context, ipsec.sa_index, "sa_index", context.model.sas, "sa");
}

template <class S>
void check_unique(const Context& context, const std::vector<S>& list, std::string_view kind) {
  std::unordered_map<std::string_view, const Location*> first;
  for (const S& section : list) {
    if (section.index.empty()) continue;
    const auto [it, inserted] = first.emplace(section.index, &section.location);
    if (inserted) continue;
    context.out.warning(section.location,
                        fmt::format("duplicate {} '{}' (first at {}); lookups use the first", kind,
                                    section.index, *it->second));
  }
}

}  // namespace

const Remote* Context::default_remote() const {
  return default_of(model, &Defaults::remote);
}
const Policy* Context::default_policy() const {
  return default_of(model, &Defaults::policy);
}
const Ipsec* Context::default_ipsec() const {
  return default_of(model, &Defaults::ipsec);
}
const Sa* Context::default_sa() const {
  return default_of(model, &Defaults::sa);
}

void Context::check_secret_file(std::string_view directive, const std::string& path,
                                const Location& location) const {
  if (!options.check_secret_files) return;
  auto opened = safefile::open_secret_file(path);
  if (!opened) out.error(location, fmt::format("{}: {}", directive, opened.error().message));
}

std::string describe(std::string_view kind, const std::string& index) {
  if (index.empty()) return fmt::format("default {}", kind);
  return fmt::format("{} '{}'", kind, index);
}

void check_references(const Context& context) {
  const Model& model = context.model;
  for (const Selector& selector : model.selectors) {
    check_ref(context, selector.policy_index, "policy_index", model.policies, "policy");
  }
  for (const Remote& remote : model.remotes) check_remote_refs(context, remote);
  for (const Policy& policy : model.policies) check_policy_refs(context, policy);
  for (const Ipsec& ipsec : model.ipsecs) check_ipsec_refs(context, ipsec);
  if (const Remote* remote = context.default_remote()) check_remote_refs(context, *remote);
  if (const Policy* policy = context.default_policy()) check_policy_refs(context, *policy);
  if (const Ipsec* ipsec = context.default_ipsec()) check_ipsec_refs(context, *ipsec);
}

void check_duplicates(const Context& context) {
  const Model& model = context.model;
  check_unique(context, model.remotes, "remote");
  check_unique(context, model.selectors, "selector");
  check_unique(context, model.policies, "policy");
  check_unique(context, model.ipsecs, "ipsec");
  check_unique(context, model.sas, "sa");
  check_unique(context, model.addresspools, "addresspool");
}

}  // namespace validation

void validate(const Model& model, Diagnostics& diagnostics, const ValidateOptions& options) {
  const validation::Context context{model, diagnostics, options};
  validation::check_duplicates(context);
  validation::check_references(context);
  validation::check_interface(context);
  validation::check_remotes(context);
  validation::check_selectors(context);
  validation::check_policies(context);
  validation::check_ipsecs(context);
  validation::check_sas(context);
}

}  // namespace rc::conf
