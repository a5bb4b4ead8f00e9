// The ikev1 { }, ikev2 { } and kink { } directive tables, with the nested
// script { }, request { } and provide { } blocks.
#include <array>
#include <vector>

#include "conf/codecs_addr.h"
#include "conf/codecs_alg.h"
#include "conf/fields.h"
#include "rct/constants.h"

namespace rc::conf {
namespace {

using syntax::Statement;
using syntax::Token;

// --- script { phase1_up "PATH"; ... } ------------------------------------

struct ScriptName {
  std::string_view word;
  ScriptEvent event;
};
constexpr std::array<ScriptName, 13> kScriptNames = {{
    {"phase1_up", ScriptEvent::Phase1Up},
    {"phase1_down", ScriptEvent::Phase1Down},
    {"phase2_up", ScriptEvent::Phase2Up},
    {"phase2_down", ScriptEvent::Phase2Down},
    {"phase1_rekey", ScriptEvent::Phase1Rekey},
    {"phase2_rekey", ScriptEvent::Phase2Rekey},
    {"migration", ScriptEvent::Migration},
    {"ike_sa_up", ScriptEvent::Phase1Up},
    {"ike_sa_down", ScriptEvent::Phase1Down},
    {"ike_sa_rekey", ScriptEvent::Phase1Rekey},
    {"child_up", ScriptEvent::Phase2Up},
    {"child_down", ScriptEvent::Phase2Down},
    {"child_rekey", ScriptEvent::Phase2Rekey},
}};

// Reports and returns false when the entry is not `EVENT "PATH"`.
bool parse_script_entry(std::span<const Token> tokens, Scripts& scripts, BuildContext& context) {
  if (tokens.front().kind != syntax::TokenKind::Word) {
    context.error(
        tokens.front().location,
        fmt::format("expected a directive of script {{ }}, found {}", describe(tokens.front())));
    return false;
  }
  const ScriptName* found = nullptr;
  for (const auto& name : kScriptNames) {
    if (tokens.front().is_word(name.word)) found = &name;
  }
  if (found == nullptr) {
    std::vector<std::string_view> names;
    names.reserve(kScriptNames.size());
    for (const auto& name : kScriptNames) names.push_back(name.word);
    context.error(tokens.front().location,
                  unknown_directive(tokens.front().text, "script { }",
                                    nearest_name(names, tokens.front().text)));
    return false;
  }
  // Reported under the event's name and at the token that is wrong: the
  // statement is `script`, which may hold several entries.
  const syntax::Token& event = tokens.front();
  if (tokens.size() < 2) {
    context.error(event.location,
                  fmt::format("{} expects a script path, found nothing", event.text));
    return false;
  }
  if (!tokens[1].is_text()) {
    context.error(tokens[1].location, fmt::format("{} expects a script path, found {}", event.text,
                                                  describe(tokens[1])));
    return false;
  }
  if (tokens.size() > 2) {
    context.error(tokens[2].location, fmt::format("{} takes one script path; unexpected {}",
                                                  event.text, describe(tokens[2])));
    return false;
  }
  scripts[static_cast<std::size_t>(found->event)] = tokens[1].text;
  return true;
}

Field<KmpParams> script_field() {
  return Field<KmpParams>{
      "script",
      [](const Statement& statement, KmpParams& kmp, BuildContext& context) {
        bool ok = true;
        const bool shaped = for_each_entry(
            context, statement, "EVENT \"PATH\" entries", [&](std::span<const Token> entry) {
              ok = parse_script_entry(entry, kmp.script, context) && ok;
            });
        return shaped && ok;
      },
      [](std::string_view name, const KmpParams& kmp, TextWriter& out) {
        bool any = false;
        for (const auto& path : kmp.script) any = any || path.has_value();
        if (!any) return;
        out.open(name);
        for (std::size_t i = 0; i < kScriptEventCount; ++i) {
          if (!kmp.script[i]) continue;
          out.statement(script_event_name(static_cast<ScriptEvent>(i)),
                        TextWriter::quote(*kmp.script[i], true));
        }
        out.close();
      },
      [](std::string_view name, const KmpParams& kmp, JsonWriter& out) {
        bool any = false;
        for (const auto& path : kmp.script) any = any || path.has_value();
        if (!any) return;
        out.key(name).begin_object();
        for (std::size_t i = 0; i < kScriptEventCount; ++i) {
          if (kmp.script[i]) {
            out.key(script_event_name(static_cast<ScriptEvent>(i))).string(*kmp.script[i]);
          }
        }
        out.end_object();
      },
      [](KmpParams& into, const KmpParams& from) {
        for (std::size_t i = 0; i < kScriptEventCount; ++i) {
          if (!into.script[i]) into.script[i] = from.script[i];
        }
      },
      [](const KmpParams& kmp) {
        for (const auto& path : kmp.script) {
          if (path) return true;
        }
        return false;
      },
  };
}

// --- kmp_hash_alg: plain hashes in IKEv1, integrity algorithms elsewhere --

Field<KmpParams> hash_field() {
  return Field<KmpParams>{
      "kmp_hash_alg",
      [](const Statement& statement, KmpParams& kmp, BuildContext& context) {
        if (context.kmp == rct::Kmp::Ikev1) {
          auto list = AlgListCodec<rct::HashAlg>::parse(statement, context);
          if (list) kmp.kmp_hash_alg = std::move(*list);
          return list.has_value();
        }
        auto list = AlgListCodec<rct::AuthAlg>::parse(statement, context);
        if (list) kmp.kmp_integ_alg = std::move(*list);
        return list.has_value();
      },
      [](std::string_view name, const KmpParams& kmp, TextWriter& out) {
        if (kmp.kmp_hash_alg) AlgListCodec<rct::HashAlg>::write(name, *kmp.kmp_hash_alg, out);
        if (kmp.kmp_integ_alg) AlgListCodec<rct::AuthAlg>::write(name, *kmp.kmp_integ_alg, out);
      },
      [](std::string_view name, const KmpParams& kmp, JsonWriter& out) {
        if (kmp.kmp_hash_alg) {
          out.key(name);
          AlgListCodec<rct::HashAlg>::json(*kmp.kmp_hash_alg, out);
        }
        if (kmp.kmp_integ_alg) {
          out.key(name);
          AlgListCodec<rct::AuthAlg>::json(*kmp.kmp_integ_alg, out);
        }
      },
      [](KmpParams& into, const KmpParams& from) {
        if (!into.kmp_hash_alg) into.kmp_hash_alg = from.kmp_hash_alg;
        if (!into.kmp_integ_alg) into.kmp_integ_alg = from.kmp_integ_alg;
      },
      [](const KmpParams& kmp) {
        return kmp.kmp_hash_alg.has_value() || kmp.kmp_integ_alg.has_value();
      },
  };
}

// --- request { ip4; dns; ... } ---------------------------------------------

using RequestName = rct::ConfigRequestRow;

// One `WORD;` of request { }; reports and returns nullptr when it is not.
const RequestName* find_request(const Statement& entry, const BuildContext& context) {
  const Token& head = entry.tokens.front();
  if (head.kind != syntax::TokenKind::Word) {
    context.error(head.location,
                  fmt::format("expected a directive of request {{ }}, found {}", describe(head)));
    return nullptr;
  }
  const RequestName* found = nullptr;
  for (const auto& name : rct::config_request_rows()) {
    if (head.text == name.keyword) found = &name;
  }
  if (found == nullptr) {
    std::vector<std::string_view> names;
    names.reserve(rct::config_request_rows().size());
    for (const auto& name : rct::config_request_rows()) names.push_back(name.keyword);
    context.error(head.location,
                  unknown_directive(head.text, "request { }", nearest_name(names, head.text)));
    return nullptr;
  }
  if (entry.tokens.size() > 1) {
    context.error(entry.tokens[1].location,
                  fmt::format("{} takes no value in request {{ }}; unexpected {}", head.text,
                              describe(entry.tokens[1])));
    return nullptr;
  }
  if (entry.has_block) {
    context.error(
        entry.block_location,
        fmt::format("{} takes no value in request {{ }}; unexpected {{ }} block", head.text));
    return nullptr;
  }
  return found;
}

struct RequestCodec {
  using Value = std::uint32_t;
  static std::optional<std::uint32_t> parse(const Statement& statement, BuildContext& context) {
    if (!statement.has_block || statement.tokens.size() != 1) {
      expected(context, statement, arguments(statement), "a { } list of attributes");
      return std::nullopt;
    }
    std::uint32_t bits = 0;
    bool ok = true;
    for (const auto& entry : statement.block) {
      const RequestName* found = find_request(entry, context);
      if (found == nullptr) {
        ok = false;
        continue;
      }
      bits |= found->bits;
    }
    if (!ok) return std::nullopt;
    return bits;
  }
  static void write(std::string_view name, const std::uint32_t& bits, TextWriter& out) {
    out.open(name);
    for (const auto& request : rct::config_request_rows()) {
      // Single-bit names only, so "ip" does not repeat ip4 and ip6.
      if ((request.bits & (request.bits - 1)) == 0 && (bits & request.bits) != 0) {
        out.entry(request.keyword);
      }
    }
    out.close();
  }
  static void json(const std::uint32_t& bits, JsonWriter& out) {
    out.begin_array();
    for (const auto& request : rct::config_request_rows()) {
      if ((request.bits & (request.bits - 1)) == 0 && (bits & request.bits) != 0) {
        out.string(request.keyword);
      }
    }
    out.end_array();
  }
};

// --- provide { addresspool NAME; dns ...; } --------------------------------

const std::vector<Field<Provide>>& provide_table() {
  static const std::vector<Field<Provide>> table = {
      field<&Provide::addresspool, RefCodec>("addresspool"),
      field<&Provide::dns, AddrListCodec<false>>("dns"),
      field<&Provide::dhcp, AddrListCodec<false>>("dhcp"),
      field<&Provide::application_version, StringCodec>("application_version"),
      field<&Provide::mip6_home_prefix, AddrCodec>("mip6_home_prefix"),
  };
  return table;
}

struct ProvideCodec {
  using Value = Provide;
  static std::optional<Provide> parse(const Statement& statement, BuildContext& context) {
    if (!statement.has_block || statement.tokens.size() != 1) {
      expected(context, statement, arguments(statement), "a { } block");
      return std::nullopt;
    }
    Provide provide;
    BuildContext inner{context.diagnostics, context.kmp, "provide"};
    parse_block<Provide>(statement.block, provide, provide_table(), "provide { }", inner);
    return provide;
  }
  static void write(std::string_view name, const Provide& provide, TextWriter& out) {
    out.open(name);
    write_fields<Provide>(provide, provide_table(), out);
    out.close();
  }
  static void json(const Provide& provide, JsonWriter& out) {
    out.begin_object();
    json_fields<Provide>(provide, provide_table(), out);
    out.end_object();
  }
};

// --- times_per_send: copies of each packet, so 0 would never send ---------

struct SendCountCodec : NumberCodec<std::uint64_t, 1000> {
  static std::optional<std::uint64_t> parse(const Statement& statement, BuildContext& context) {
    auto value = NumberCodec<std::uint64_t, 1000>::parse(statement, context);
    if (value && *value == 0) {
      context.error(statement.tokens[1].location,
                    fmt::format("{} {} is out of range; expected at least 1", statement.head(),
                                statement.tokens[1].text));
      return std::nullopt;
    }
    return value;
  }
};

// --- the KMP tables ----------------------------------------------------------

std::vector<Field<KmpParams>> common_fields() {
  return {
      field<&KmpParams::logmode, EnumCodec<rct::LogMode>>("logmode"),
      field<&KmpParams::logfile, StringCodec>("logfile"),
      field<&KmpParams::passive, BoolCodec>("passive"),
      field<&KmpParams::use_coa, BoolCodec>("use_coa"),
      field<&KmpParams::peers_ipaddr, AddrListCodec<false>>("peers_ipaddr"),
      field<&KmpParams::peers_kmp_port, StringCodec>("peers_kmp_port"),
      field<&KmpParams::verify_id, BoolCodec>("verify_id"),
      field<&KmpParams::verify_pubkey, BoolCodec>("verify_pubkey"),
      field<&KmpParams::send_cert, BoolCodec>("send_cert"),
      field<&KmpParams::send_cert_req, BoolCodec>("send_cert_req"),
      field<&KmpParams::nonce_size, BytesCodec>("nonce_size"),
      field<&KmpParams::initial_contact, BoolCodec>("initial_contact"),
      field<&KmpParams::nat_traversal, BoolCodec>("nat_traversal"),
      field<&KmpParams::support_proxy, BoolCodec>("support_proxy"),
      field<&KmpParams::my_id, IdListCodec>("my_id"),
      field<&KmpParams::peers_id, IdListCodec>("peers_id"),
      field<&KmpParams::selector_check, EnumCodec<rct::SelectorCheck>>("selector_check"),
      field<&KmpParams::proposal_check, EnumCodec<rct::ProposalCheck>>("proposal_check"),
      field<&KmpParams::random_pad_content, BoolCodec>("random_pad_content"),
      field<&KmpParams::random_padlen, BoolCodec>("random_padlen"),
      field<&KmpParams::max_padlen, BytesCodec>("max_padlen"),
      field<&KmpParams::max_retry_to_send, NumberCodec<std::uint64_t, 1000000>>(
          "max_retry_to_send"),
      field<&KmpParams::interval_to_send, TimeCodec>("interval_to_send"),
      field<&KmpParams::times_per_send, SendCountCodec>("times_per_send"),
      field<&KmpParams::kmp_sa_lifetime_time, TimeCodec>("kmp_sa_lifetime_time"),
      field<&KmpParams::kmp_sa_lifetime_byte, BytesCodec>("kmp_sa_lifetime_byte"),
      field<&KmpParams::kmp_sa_nego_time_limit, TimeCodec>("kmp_sa_nego_time_limit"),
      field<&KmpParams::kmp_sa_grace_period, TimeCodec>("kmp_sa_grace_period"),
      field<&KmpParams::ipsec_sa_nego_time_limit, TimeCodec>("ipsec_sa_nego_time_limit"),
      field<&KmpParams::kmp_enc_alg, AlgListCodec<rct::EncAlg>>("kmp_enc_alg"),
      hash_field(),
      field<&KmpParams::kmp_prf_alg, AlgListCodec<rct::Prf>>("kmp_prf_alg"),
      field<&KmpParams::kmp_auth_method, EnumListCodec<rct::AuthMethod>>("kmp_auth_method"),
      field<&KmpParams::kmp_dh_group, DhListCodec>("kmp_dh_group"),
      field<&KmpParams::mobility_role, EnumCodec<rct::MobilityRole>>("mobility_role"),
      script_field(),
  };
}

std::vector<Field<KmpParams>> ikev1_table() {
  auto table = common_fields();
  const std::vector<Field<KmpParams>> own = {
      field<&KmpParams::exchange_mode, EnumCodec<rct::ExchangeMode>>("exchange_mode"),
      field<&KmpParams::my_gssapi_id, StringCodec>("my_gssapi_id"),
      field<&KmpParams::need_pfs, BoolCodec>("need_pfs"),
      field<&KmpParams::my_public_key, PublicKeyCodec<true>>("my_public_key"),
      field<&KmpParams::peers_public_key, PublicKeyCodec<false>>("peers_public_key"),
      field<&KmpParams::pre_shared_key, StringCodec>("pre_shared_key"),
      field<&KmpParams::dpd, BoolCodec>("dpd"),
      field<&KmpParams::dpd_delay, TimeCodec>("dpd_delay"),
      field<&KmpParams::dpd_retry, TimeCodec>("dpd_retry"),
      field<&KmpParams::dpd_maxfail, NumberCodec<std::uint64_t, 1000000>>("dpd_maxfail"),
  };
  table.insert(table.end(), own.begin(), own.end());
  return table;
}

std::vector<Field<KmpParams>> ikev2_table() {
  auto table = common_fields();
  const std::vector<Field<KmpParams>> own = {
      field<&KmpParams::cookie_required, BoolCodec>("cookie_required"),
      field<&KmpParams::send_peers_id, BoolCodec>("send_peers_id"),
      field<&KmpParams::need_pfs, BoolCodec>("need_pfs"),
      field<&KmpParams::my_public_key, PublicKeyCodec<true>>("my_public_key"),
      field<&KmpParams::peers_public_key, PublicKeyCodec<false>>("peers_public_key"),
      field<&KmpParams::pre_shared_key, StringCodec>("pre_shared_key"),
      field<&KmpParams::dpd_delay, TimeCodec>("dpd_delay"),
      field<&KmpParams::request, RequestCodec>("request"),
      field<&KmpParams::provide, ProvideCodec>("provide"),
  };
  table.insert(table.end(), own.begin(), own.end());
  return table;
}

std::vector<Field<KmpParams>> kink_table() {
  auto table = common_fields();
  table.push_back(field<&KmpParams::my_principal, StringCodec>("my_principal"));
  table.push_back(field<&KmpParams::peers_principal, StringCodec>("peers_principal"));
  return table;
}

}  // namespace

std::span<const Field<KmpParams>> kmp_fields(rct::Kmp kmp) {
  static const auto ikev1 = ikev1_table();
  static const auto ikev2 = ikev2_table();
  static const auto kink = kink_table();
  switch (kmp) {
    case rct::Kmp::Ikev1:
      return ikev1;
    case rct::Kmp::Ikev2:
      return ikev2;
    case rct::Kmp::Kink:
      return kink;
  }
  return ikev2;
}

std::string_view kmp_home_of(std::string_view name, rct::Kmp kmp) {
  // Every block that takes the directive, so need_pfs in kink { } names
  // both IKE blocks; indexed by a bit per KMP (ikev1 1, ikev2 2, kink 4).
  constexpr std::array<std::string_view, 8> kHomes = {
      "",
      "ikev1 { }",
      "ikev2 { }",
      "ikev1 { } or ikev2 { }",
      "kink { }",
      "ikev1 { } or kink { }",
      "ikev2 { } or kink { }",
      "ikev1 { }, ikev2 { } or kink { }",
  };
  constexpr std::array<std::pair<rct::Kmp, unsigned>, 3> kBits = {
      {{rct::Kmp::Ikev1, 1U}, {rct::Kmp::Ikev2, 2U}, {rct::Kmp::Kink, 4U}}};
  unsigned homes = 0;
  for (const auto& [other, bit] : kBits) {
    if (other != kmp && find_field(kmp_fields(other), name) != nullptr) homes |= bit;
  }
  return kHomes[homes];
}

std::span<const Field<Provide>> provide_fields() {
  return provide_table();
}

std::string_view script_event_name(ScriptEvent event) {
  return kScriptNames[static_cast<std::size_t>(event)].word;
}

std::string_view kmp_block_name(rct::Kmp kmp) {
  switch (kmp) {
    case rct::Kmp::Ikev1:
      return "ikev1 { }";
    case rct::Kmp::Ikev2:
      return "ikev2 { }";
    case rct::Kmp::Kink:
      return "kink { }";
  }
  return "?";
}

}  // namespace rc::conf
