// Internals of validate(): the shared context and one check function per
// section kind, each in its own validate_*.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "conf/diagnostics.h"
#include "conf/model.h"
#include "conf/validate.h"

namespace rc::conf::validation {

struct Context {
  const Model& model;
  Diagnostics& out;
  const ValidateOptions& options;

  // The `default { }` sections, or nullptr.
  [[nodiscard]] const Remote* default_remote() const;
  [[nodiscard]] const Policy* default_policy() const;
  [[nodiscard]] const Ipsec* default_ipsec() const;
  [[nodiscard]] const Sa* default_sa() const;

  // Opens `path` as a secret file when options.check_secret_files is set;
  // an error naming `directive` when safefile refuses it.
  void check_secret_file(std::string_view directive, const std::string& path,
                         const Location& location) const;

  // Index name -> first section, per list, built on first use: reference
  // checks stay linear in the number of sections (10,000 remotes).
  mutable std::unordered_map<const void*, std::unordered_map<std::string_view, const void*>>
      indexes = {};
};

// The first section with this index (lookups take the first, as the
// original), or nullptr.
template <class S>
const S* find_section(const Context& context, const std::vector<S>& list, std::string_view index) {
  auto [it, created] = context.indexes.try_emplace(&list);
  if (created) {
    it->second.reserve(list.size());
    for (const S& section : list) it->second.try_emplace(section.index, &section);
  }
  const auto found = it->second.find(index);
  return found == it->second.end() ? nullptr : static_cast<const S*>(found->second);
}

// A field as the daemons see it: the section's own value, else the value
// in `fallback` (its default { } counterpart, may be null), else unset.
template <class S, class T>
const std::optional<T>& resolved(const S* own, const S* fallback, std::optional<T> S::*field) {
  static const std::optional<T> kUnset;
  if (own != nullptr && (own->*field).has_value()) return own->*field;
  if (fallback != nullptr && (fallback->*field).has_value()) return fallback->*field;
  return kUnset;
}

// "policy 'p'", or "default policy" for the section inside default { }.
std::string describe(std::string_view kind, const std::string& index);

void check_references(const Context& context);
void check_duplicates(const Context& context);
void check_selectors(const Context& context);
void check_policies(const Context& context);
void check_ipsecs(const Context& context);
void check_sas(const Context& context);
void check_remotes(const Context& context);
void check_interface(const Context& context);

// Weak-algorithm warnings (validate_algorithms.cc), one per occurrence.
// `aead_only`: the SA's encryption list holds only AEADs, so non_auth in
// esp_auth_alg is the expected "no separate integrity", not a weakness.
void warn_weak(const Context& context, const std::vector<AlgorithmSpec<rct::EncAlg>>& list);
void warn_weak(const Context& context, const std::vector<AlgorithmSpec<rct::AuthAlg>>& list,
               bool aead_only = false);
void warn_weak(const Context& context, const std::vector<AlgorithmSpec<rct::HashAlg>>& list);
void warn_weak(const Context& context, const std::vector<AlgorithmSpec<rct::Prf>>& list);
void warn_weak(const Context& context, const std::vector<rct::DhGroup>& groups,
               const Location& location);

// AES-GCM, AES-CCM, ChaCha20-Poly1305 and NULL-AES-GMAC carry their own
// integrity check (RFC 4106, RFC 4309, RFC 7634, RFC 4543).
bool is_aead(rct::EncAlg algorithm);

}  // namespace rc::conf::validation
