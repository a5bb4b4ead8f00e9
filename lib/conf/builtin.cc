#include "conf/builtin.h"

#include <fmt/format.h>

#include "conf/fields.h"
#include "conf/parse_text.h"
#include "options/option_table.h"
#include "rct/names.h"

namespace rc::conf {
namespace {

Diagnostics& diagnostics_sink() {
  static Diagnostics diagnostics;
  return diagnostics;
}

// Parses `name default;` through the field's own parser.
template <class S>
void apply_default(const Field<S>& row, std::string_view text, S& section, rct::Kmp kmp) {
  if (text.empty()) return;
  static const auto file = std::make_shared<const std::string>("<built-in defaults>");
  auto statements = parse_text(fmt::format("{} {};", row.name, text), file, diagnostics_sink());
  if (statements.size() != 1) return;
  BuildContext context{diagnostics_sink(), kmp};
  row.parse(statements.front(), section, context);
}

template <class S>
S section_defaults(std::span<const Field<S>> table, std::string_view section_name) {
  S section;
  for (const auto& row : table) {
    if (const auto* spec = options::find(section_name, row.name)) {
      apply_default(row, spec->default_value, section, rct::Kmp{});
    }
  }
  return section;
}

KmpParams kmp_defaults(rct::Kmp kmp) {
  KmpParams params;
  const std::string_view own = rct::keyword(kmp);
  for (const auto& row : kmp_fields(kmp)) {
    const auto* spec = options::find(own, row.name);
    if (spec == nullptr) spec = options::find("kmp", row.name);
    if (spec == nullptr) continue;
    apply_default(row, options::default_for(own, *spec), params, kmp);
  }
  return params;
}

}  // namespace

const KmpParams& builtin_kmp(rct::Kmp kmp) {
  static const KmpParams ikev1 = kmp_defaults(rct::Kmp::Ikev1);
  static const KmpParams ikev2 = kmp_defaults(rct::Kmp::Ikev2);
  static const KmpParams kink = kmp_defaults(rct::Kmp::Kink);
  switch (kmp) {
    case rct::Kmp::Ikev1:
      return ikev1;
    case rct::Kmp::Kink:
      return kink;
    case rct::Kmp::Ikev2:
      break;
  }
  return ikev2;
}

const Policy& builtin_policy() {
  static const Policy policy = section_defaults(policy_fields(), "policy");
  return policy;
}

const Ipsec& builtin_ipsec() {
  static const Ipsec ipsec = section_defaults(ipsec_fields(), "ipsec");
  return ipsec;
}

const Sa& builtin_sa() {
  static const Sa sa = section_defaults(sa_fields(), "sa");
  return sa;
}

const Interface& builtin_interface() {
  static const Interface interface = section_defaults(interface_fields(), "interface");
  return interface;
}

const Resolver& builtin_resolver() {
  static const Resolver resolver = section_defaults(resolver_fields(), "resolver");
  return resolver;
}

const Diagnostics& builtin_diagnostics() {
  // Force every table so all problems are collected.
  (void)builtin_kmp(rct::Kmp::Ikev1);
  (void)builtin_policy();
  (void)builtin_ipsec();
  (void)builtin_sa();
  (void)builtin_interface();
  (void)builtin_resolver();
  return diagnostics_sink();
}

}  // namespace rc::conf
