#include "conf/builder.h"

#include <array>
#include <vector>

#include <fmt/format.h>

#include "conf/codecs_addr.h"
#include "conf/fields.h"
#include "conf/variables.h"

namespace rc::conf {
namespace {

using syntax::Statement;
using syntax::TokenKind;

constexpr std::array<std::string_view, 11> kSections = {
    "include",  "setval", "default", "interface", "resolver",    "remote",
    "selector", "policy", "ipsec",   "sa",        "addresspool",
};

// setval { NAME value; ... }; or the one-line form setval NAME value;
void collect_setval(const Statement& statement, Model& model, const Location*& first,
                    Diagnostics& diagnostics) {
  if (first != nullptr) {
    diagnostics.error(statement.location(),
                      fmt::format("duplicate setval section; there may be only one across all "
                                  "files (the first is at {})",
                                  *first));
    return;
  }
  first = &statement.location();
  auto add = [&](std::span<const syntax::Token> tokens, const Location& where) {
    if (tokens.size() != 2 || !tokens[0].is_text() || !tokens[1].is_text()) {
      diagnostics.error(where, "expected a variable definition: NAME \"value\";");
      return;
    }
    for (const auto& entry : model.setval) {
      if (entry.name == tokens[0].text) {
        diagnostics.error(tokens[0].location, fmt::format("variable {} is set twice (first at {})",
                                                          entry.name, entry.location));
        return;
      }
    }
    model.setval.push_back({tokens[0].text, tokens[1].text, tokens[0].location});
  };
  if (!statement.has_block) {
    add(arguments(statement), statement.location());
    return;
  }
  if (statement.tokens.size() != 1) {
    diagnostics.error(statement.tokens[1].location,
                      "setval takes no name: setval { NAME value; };");
  }
  for (const auto& entry : statement.block) {
    if (entry.has_block) {
      diagnostics.error(entry.block_location, "unexpected block in setval");
      continue;
    }
    add(entry.tokens, entry.location());
  }
}

// Expands ${VAR} and $[ENV] in every quoted token. A statement with a token
// that cannot be expanded is dropped after its error: building it from the
// raw "${X}" text would only add a second, misleading error ("the host name
// "${X}" contains '$'"). Its block is still expanded first, so one run
// reports every undefined variable.
void expand_tokens(std::vector<Statement>& statements, const Variables& variables,
                   Diagnostics& diagnostics) {
  std::vector<bool> failed(statements.size(), false);
  for (std::size_t i = 0; i < statements.size(); ++i) {
    Statement& statement = statements[i];
    // setval values were collected as written and are expanded where used.
    if (statement.tokens.front().is_word("setval")) continue;
    for (auto& token : statement.tokens) {
      if (token.kind != TokenKind::Quoted || token.text.find('$') == std::string::npos) continue;
      if (auto expanded = variables.expand(token.text, token.location, diagnostics)) {
        token.text = std::move(*expanded);
      } else {
        failed[i] = true;
      }
    }
    expand_tokens(statement.block, variables, diagnostics);
  }
  // Dropped after the loop: remove_if predicates must not modify elements.
  std::size_t kept = 0;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    if (failed[i]) continue;
    if (kept != i) statements[kept] = std::move(statements[i]);
    ++kept;
  }
  statements.resize(kept);
}

class SectionBuilder {
 public:
  SectionBuilder(Model& model, Diagnostics& diagnostics)
      : model_(model), context_{diagnostics, rct::Kmp{}} {}

  void build(const Statement& statement) {
    const auto& head = statement.tokens.front();
    if (head.kind != TokenKind::Word) {
      context_.error(head.location, fmt::format("expected a section (remote, selector, policy, "
                                                "...), found {}",
                                                describe(head)));
      return;
    }
    const std::string& name = head.text;
    if (name == "setval") return;  // collected before expansion
    if (name == "interface") return single(statement, model_.interface, interface_fields());
    if (name == "resolver") return single(statement, model_.resolver, resolver_fields());
    if (name == "default") return defaults(statement);
    if (name == "remote") return indexed(statement, model_.remotes, remote_fields());
    if (name == "selector") return indexed(statement, model_.selectors, selector_fields());
    if (name == "policy") return indexed(statement, model_.policies, policy_fields());
    if (name == "ipsec") return indexed(statement, model_.ipsecs, ipsec_fields());
    if (name == "sa") return indexed(statement, model_.sas, sa_fields());
    if (name == "addresspool") return addresspool(statement);
    const std::string_view suggestion = nearest_name(kSections, name);
    context_.error(head.location,
                   suggestion.empty()
                       ? fmt::format("unknown section '{}'; expected one of remote, selector, "
                                     "policy, ipsec, sa, interface, resolver, default, setval, "
                                     "addresspool, include",
                                     name)
                       : fmt::format("unknown section '{}'; did you mean '{}'?", name, suggestion));
  }

 private:
  // `name { ... };` with no index, at most once across all files.
  template <class S>
  void single(const Statement& statement, std::optional<S>& slot, std::span<const Field<S>> table) {
    if (!block_shape(statement, 1, fmt::format("{} {{ ... }};", statement.head()))) return;
    if (slot) {
      context_.error(statement.location(),
                     fmt::format("duplicate {} section; there may be only one across all files "
                                 "(the first is at {})",
                                 statement.head(), slot->location));
      return;
    }
    S section;
    section.location = statement.location();
    BuildContext inner{context_.diagnostics, rct::Kmp{}, statement.head()};
    parse_block<S>(statement.block, section, table, fmt::format("{} {{ }}", statement.head()),
                   inner);
    slot = std::move(section);
  }

  // `name INDEX { ... };`
  template <class S>
  void indexed(const Statement& statement, std::vector<S>& list, std::span<const Field<S>> table) {
    if (!block_shape(statement, 2, fmt::format("{} NAME {{ ... }};", statement.head()))) return;
    const auto& index = statement.tokens[1];
    // An empty name would pass for the nameless block of default { }.
    if (!index.is_text() || index.text.empty()) {
      context_.error(index.location,
                     fmt::format("{} needs a name, found {}", statement.head(), describe(index)));
      return;
    }
    S section;
    section.index = index.text;
    section.location = statement.location();
    BuildContext inner{context_.diagnostics, rct::Kmp{}, statement.head()};
    parse_block<S>(statement.block, section, table,
                   fmt::format("{} {}", statement.head(), TextWriter::quote(index.text, true)),
                   inner);
    list.push_back(std::move(section));
  }

  bool block_shape(const Statement& statement, std::size_t tokens, const std::string& form) {
    if (statement.has_block && statement.tokens.size() == tokens) return true;
    const Location& where =
        statement.tokens.size() > tokens ? statement.tokens[tokens].location : statement.location();
    context_.error(where, fmt::format("{} is a section: expected {}", statement.head(), form));
    return false;
  }

  void defaults(const Statement& statement) {
    if (!block_shape(statement, 1, "default { remote { }; policy { }; ipsec { }; sa { }; };")) {
      return;
    }
    if (model_.defaults) {
      context_.error(statement.location(),
                     fmt::format("duplicate default section; there may be only one across all "
                                 "files (the first is at {})",
                                 model_.defaults->location));
      return;
    }
    Defaults defaults;
    defaults.location = statement.location();
    for (const auto& inner : statement.block) {
      const std::string& name = inner.head();
      if (name == "remote") {
        default_body(inner, defaults.remote, remote_fields());
      } else if (name == "policy") {
        default_body(inner, defaults.policy, policy_fields());
      } else if (name == "ipsec") {
        default_body(inner, defaults.ipsec, ipsec_fields());
      } else if (name == "sa") {
        default_body(inner, defaults.sa, sa_fields());
      } else {
        constexpr std::array<std::string_view, 4> kInner = {"remote", "policy", "ipsec", "sa"};
        context_.error(inner.location(),
                       unknown_directive(name, "default { }", nearest_name(kInner, name)) +
                           " (default holds remote, policy, ipsec and sa blocks without names)");
      }
    }
    model_.defaults = std::move(defaults);
  }

  template <class S>
  void default_body(const Statement& statement, std::optional<S>& slot,
                    std::span<const Field<S>> table) {
    if (!block_shape(statement, 1,
                     fmt::format("{} {{ ... }}; (no name inside default)", statement.head()))) {
      return;
    }
    if (slot) {
      context_.error(statement.location(),
                     fmt::format("default has two {} blocks", statement.head()));
      return;
    }
    S section;
    section.location = statement.location();
    BuildContext inner{context_.diagnostics, rct::Kmp{}, statement.head()};
    parse_block<S>(statement.block, section, table,
                   fmt::format("default {{ {} {{ }} }}", statement.head()), inner);
    slot = std::move(section);
  }

  void addresspool(const Statement& statement) {
    if (!block_shape(statement, 2, "addresspool NAME { \"FIRST\" - \"LAST\"; ... };")) return;
    const auto& index = statement.tokens[1];
    if (!index.is_text() || index.text.empty()) {
      context_.error(index.location,
                     fmt::format("addresspool needs a name, found {}", describe(index)));
      return;
    }
    AddressPool pool;
    pool.index = statement.tokens[1].text;
    pool.location = statement.location();
    for (const auto& entry : statement.block) {
      if (auto range = parse_address_range(context_, entry)) pool.ranges.push_back(*range);
    }
    model_.addresspools.push_back(std::move(pool));
  }

  Model& model_;
  BuildContext context_;
};

// Sizes the section lists up front: a list that grows by doubling holds up
// to twice the memory (and copies every section) on a 10,000-remote file.
void reserve_sections(const std::vector<Statement>& statements, Model& model) {
  std::size_t remotes = 0;
  std::size_t selectors = 0;
  std::size_t policies = 0;
  std::size_t ipsecs = 0;
  std::size_t sas = 0;
  for (const auto& statement : statements) {
    const auto& head = statement.tokens.front();
    if (head.is_word("remote")) ++remotes;
    if (head.is_word("selector")) ++selectors;
    if (head.is_word("policy")) ++policies;
    if (head.is_word("ipsec")) ++ipsecs;
    if (head.is_word("sa")) ++sas;
  }
  model.remotes.reserve(remotes);
  model.selectors.reserve(selectors);
  model.policies.reserve(policies);
  model.ipsecs.reserve(ipsecs);
  model.sas.reserve(sas);
}

}  // namespace

Model build_model(SourceTree tree, Diagnostics& diagnostics, const EnvironmentLookup& environment) {
  Model model;
  model.files = std::move(tree.files);
  const Location* first_setval = nullptr;
  for (const auto& statement : tree.statements) {
    if (statement.tokens.front().is_word("setval")) {
      collect_setval(statement, model, first_setval, diagnostics);
    }
  }
  const Variables variables(model.setval, environment);
  expand_tokens(tree.statements, variables, diagnostics);
  reserve_sections(tree.statements, model);
  SectionBuilder builder(model, diagnostics);
  for (const auto& statement : tree.statements) builder.build(statement);
  return model;
}

}  // namespace rc::conf
