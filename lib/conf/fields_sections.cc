// The directive tables of remote, selector, policy, ipsec, sa, interface
// and resolver (the KMP blocks are in fields_kmp.cc).
#include <vector>

#include "conf/codecs_addr.h"
#include "conf/codecs_alg.h"
#include "conf/fields.h"

namespace rc::conf {
namespace {

using syntax::Statement;

// ikev1 { ... }; ikev2 { ... }; kink { ... }; inside a remote.
template <rct::Kmp K>
struct KmpBlockCodec {
  using Value = KmpParams;
  static std::optional<KmpParams> parse(const Statement& statement, BuildContext& context) {
    if (!statement.has_block || statement.tokens.size() != 1) {
      expected(context, statement, arguments(statement), "a { } block");
      return std::nullopt;
    }
    BuildContext inner{context.diagnostics, K};
    KmpParams params;
    params.location = statement.location();
    parse_block<KmpParams>(statement.block, params, kmp_fields(K), kmp_block_name(K), inner,
                           [](std::string_view name, const BuildContext& where) {
                             return kmp_home_of(name, where.kmp);
                           });
    return params;
  }
  static void write(std::string_view name, const KmpParams& params, TextWriter& out) {
    out.open(name);
    write_fields<KmpParams>(params, kmp_fields(K), out);
    out.close();
  }
  static void json(const KmpParams& params, JsonWriter& out) {
    out.begin_object();
    json_fields<KmpParams>(params, kmp_fields(K), out);
    out.end_object();
  }
};

}  // namespace

std::span<const Field<Remote>> remote_fields() {
  static const std::vector<Field<Remote>> table = {
      field<&Remote::acceptable_kmp, EnumListCodec<rct::Kmp>>("acceptable_kmp"),
      field<&Remote::selector_index, RefCodec>("selector_index"),
      field<&Remote::ikev1, KmpBlockCodec<rct::Kmp::Ikev1>>("ikev1"),
      field<&Remote::ikev2, KmpBlockCodec<rct::Kmp::Ikev2>>("ikev2"),
      field<&Remote::kink, KmpBlockCodec<rct::Kmp::Kink>>("kink"),
  };
  return table;
}

std::span<const Field<Selector>> selector_fields() {
  static const std::vector<Field<Selector>> table = {
      field<&Selector::direction, EnumCodec<rct::Direction>>("direction"),
      field<&Selector::src, AddrCodec>("src"),
      field<&Selector::dst, AddrCodec>("dst"),
      field<&Selector::upper_layer_protocol, ProtocolCodec>("upper_layer_protocol"),
      field<&Selector::next_header_including, StringListCodec>("next_header_including"),
      field<&Selector::order, NumberCodec<std::uint64_t>>("order"),
      field<&Selector::tagged, StringCodec>("tagged"),
      field<&Selector::policy_index, RefCodec>("policy_index"),
      field<&Selector::reqid, NumberCodec<std::uint32_t>>("reqid"),
  };
  return table;
}

std::span<const Field<Policy>> policy_fields() {
  static const std::vector<Field<Policy>> table = {
      field<&Policy::action, EnumCodec<rct::Action>>("action"),
      field<&Policy::install, BoolCodec>("install"),
      field<&Policy::remote_index, RefCodec>("remote_index"),
      field<&Policy::ipsec_index, RefListCodec>("ipsec_index"),
      field<&Policy::ipsec_mode, EnumCodec<rct::IpsecMode>>("ipsec_mode"),
      field<&Policy::ipsec_level, EnumCodec<rct::IpsecLevel>>("ipsec_level"),
      field<&Policy::my_sa_ipaddr, AddrCodec>("my_sa_ipaddr"),
      field<&Policy::peers_sa_ipaddr, AddrCodec>("peers_sa_ipaddr"),
  };
  return table;
}

std::span<const Field<Ipsec>> ipsec_fields() {
  static const std::vector<Field<Ipsec>> table = {
      field<&Ipsec::ipsec_sa_lifetime_time, TimeCodec>("ipsec_sa_lifetime_time"),
      field<&Ipsec::ipsec_sa_lifetime_byte, BytesCodec>("ipsec_sa_lifetime_byte"),
      field<&Ipsec::ext_sequence, BoolCodec>("ext_sequence"),
      field<&Ipsec::sa_index, RefListCodec>("sa_index"),
  };
  return table;
}

std::span<const Field<Sa>> sa_fields() {
  static const std::vector<Field<Sa>> table = {
      field<&Sa::sa_protocol, EnumCodec<rct::SaType>>("sa_protocol"),
      field<&Sa::esp_enc_alg, AlgListCodec<rct::EncAlg>>("esp_enc_alg"),
      field<&Sa::esp_auth_alg, AlgListCodec<rct::AuthAlg>>("esp_auth_alg"),
      field<&Sa::ah_auth_alg, AlgListCodec<rct::AuthAlg>>("ah_auth_alg"),
      field<&Sa::ipcomp_alg, AlgListCodec<rct::CompAlg>>("ipcomp_alg"),
      field<&Sa::spi, NumberCodec<std::uint32_t>>("spi"),
  };
  return table;
}

std::span<const Field<Interface>> interface_fields() {
  static const std::vector<Field<Interface>> table = {
      field<&Interface::ike, AddrListCodec<false>>("ike"),
      field<&Interface::kink, AddrListCodec<false>>("kink"),
      field<&Interface::spmd, AddrListCodec<true>>("spmd"),
      field<&Interface::spmd_password, StringCodec>("spmd_password"),
      field<&Interface::application_bypass, BoolCodec>("application_bypass"),
      field<&Interface::key_engine, KeyEngineCodec>("key_engine"),
      field<&Interface::pfkeyd_socket, StringCodec>("pfkeyd_socket"),
  };
  return table;
}

std::span<const Field<Resolver>> resolver_fields() {
  static const std::vector<Field<Resolver>> table = {
      field<&Resolver::resolver, BoolCodec>("resolver"),
      field<&Resolver::nameserver, AddrListCodec<false>>("nameserver"),
      field<&Resolver::dns_query, AddrListCodec<false>>("dns_query"),
  };
  return table;
}

}  // namespace rc::conf
