#include "kernel/pfkey/pfkey_sa.h"

#include <linux/pfkeyv2.h>
#include <linux/udp.h>

#include <cerrno>
#include <optional>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_mapping.h"
#include "rct/pfkey.h"

namespace rc::kernel::pfkey {
namespace {

Error unsupported(const std::string& what) {
  return Error{ENOTSUP, "PF_KEY cannot express " + what};
}

Error malformed(const std::string& what) {
  return Error{EBADMSG, "malformed PF_KEY SA message: " + what};
}

// What af_key and PF_KEY in general have no field for.
Result<void> check_expressible(const SaParams& params, const SaEncodeOptions& options) {
  if (!options.pfkeyd_dialect) {
    if (params.integrity == rct::AuthAlg::HmacSha2_256) {
      return fail(
          unsupported("HMAC-SHA2-256 correctly: Linux af_key gives it a 96-bit ICV that RFC 4868 "
                      "peers reject; use the XFRM key engine"));
    }
    if (params.encryption == rct::EncAlg::Chacha20Poly1305) {
      return fail(unsupported("ChaCha20-Poly1305 (no SADB number); use the XFRM key engine"));
    }
    if (params.extended_sequence_numbers) {
      return fail(unsupported("extended sequence numbers; use the XFRM key engine"));
    }
  }
  if (params.lifetimes.hard.packets != 0 || params.lifetimes.soft.packets != 0) {
    return fail(unsupported("packet lifetimes"));
  }
  if (params.selector) return fail(unsupported("an SA selector"));
  return ok();
}

// The message of one SA: everything encode_sa sends, with `state` in
// sadb_sa_state and the header's type, seq and pid (satype from the SA).
Result<MessageBuilder> build_sa(const Header& header, const SaParams& params,
                                const SaEncodeOptions& options, std::uint8_t state) {
  if (auto expressible = check_expressible(params, options); !expressible) {
    return fail(std::move(expressible).error());
  }
  auto satype = rct::pfkey::to_sa_type(params.id.type);
  if (!satype) return fail(std::move(satype).error());
  auto mode = rct::pfkey::to_mode(params.mode);
  if (!mode) return fail(std::move(mode).error());

  SaExtension sa{params.id.spi, params.replay_window, state, 0, 0, 0};
  if (params.integrity != rct::AuthAlg{}) {
    auto auth = rct::pfkey::to_authentication(params.integrity);
    if (!auth) return fail(std::move(auth).error());
    sa.auth = *auth;
  }
  if (params.id.type == rct::SaType::Ipcomp) {
    if (params.compression != rct::CompAlg{}) {
      auto compression = rct::pfkey::to_compression(params.compression);
      if (!compression) return fail(std::move(compression).error());
      sa.encrypt = *compression;
    }
  } else if (params.encryption == rct::EncAlg::Chacha20Poly1305) {
    sa.encrypt = kPfkeydChacha20Poly1305;  // check_expressible: pfkeyd only
  } else if (params.encryption != rct::EncAlg{}) {
    auto encryption = rct::pfkey::to_encryption(params.encryption);
    if (!encryption) return fail(std::move(encryption).error());
    sa.encrypt = *encryption;
  }
  if (params.extended_sequence_numbers) sa.flags |= kPfkeydEsnFlag;

  Header with_satype = header;
  with_satype.satype = *satype;
  MessageBuilder builder(with_satype);
  add_sa(builder, sa);
  add_sa2(builder, Sa2Extension{*mode, 0, params.reqid});
  if (auto limits = mapping::add_limits(builder, params.lifetimes); !limits) {
    return fail(std::move(limits).error());
  }
  add_address(builder, SADB_EXT_ADDRESS_SRC, host_address(params.id.src));
  add_address(builder, SADB_EXT_ADDRESS_DST, host_address(params.id.dst));
  if (!params.integrity_key.reveal().empty()) {
    add_key(builder, SADB_EXT_KEY_AUTH, params.integrity_key.reveal());
  }
  if (!params.encryption_key.reveal().empty()) {
    add_key(builder, SADB_EXT_KEY_ENCRYPT, params.encryption_key.reveal());
  }
  if (params.nat) {
    add_nat_type(builder, UDP_ENCAP_ESPINUDP);
    add_nat_port(builder, SADB_X_EXT_NAT_T_SPORT, params.nat->src_port);
    add_nat_port(builder, SADB_X_EXT_NAT_T_DPORT, params.nat->dst_port);
    if (params.nat->original_address) {
      add_address(builder, SADB_X_EXT_NAT_T_OA, host_address(*params.nat->original_address));
    }
  }
  return builder;
}

// RFC 2367 §2.3.1 sadb_sa_state.
std::uint8_t state_number(SaState state) {
  switch (state) {
    case SaState::Larval:
      return SADB_SASTATE_LARVAL;
    case SaState::Mature:
      return SADB_SASTATE_MATURE;
    case SaState::Dying:
      return SADB_SASTATE_DYING;
    case SaState::Dead:
      return SADB_SASTATE_DEAD;
  }
  return SADB_SASTATE_DEAD;
}

std::optional<SaState> state_of(std::uint8_t number) {
  switch (number) {
    case SADB_SASTATE_LARVAL:
      return SaState::Larval;
    case SADB_SASTATE_MATURE:
      return SaState::Mature;
    case SADB_SASTATE_DYING:
      return SaState::Dying;
    case SADB_SASTATE_DEAD:
      return SaState::Dead;
    default:
      return std::nullopt;
  }
}

}  // namespace

Result<WipedBuffer> encode_sa(std::uint8_t type, const SaParams& params,
                              const SaEncodeOptions& options) {
  auto builder = build_sa(Header{type, 0, 0, params.seq, 0}, params, options, SADB_SASTATE_MATURE);
  if (!builder) return fail(std::move(builder).error());
  return std::move(*builder).finish();
}

Result<WipedBuffer> encode_sa_info(const Header& header, const SaInfo& info,
                                   const SaEncodeOptions& options) {
  auto builder = build_sa(header, info.params, options, state_number(info.state));
  if (!builder) return fail(std::move(builder).error());
  add_lifetime(*builder, SADB_EXT_LIFETIME_CURRENT, mapping::lifetime_of(info.current));
  return std::move(*builder).finish();
}

Result<SaInfo> decode_sa_info(const Message& message) {
  auto params = decode_sa(message);
  if (!params) return fail(std::move(params).error());
  // decode_sa read it already: a second read cannot fail.
  const auto sa = read_sa(*message.find(SADB_EXT_SA));
  if (!sa) return fail(sa.error());
  const auto state = state_of(sa->state);
  if (!state) return fail(malformed(fmt::format("SA state {}", sa->state)));
  auto current = mapping::read_current(message);
  if (!current) return fail(std::move(current).error());
  SaInfo info;
  info.params = std::move(*params);
  info.state = *state;
  info.current = *current;
  return info;
}

Result<SaParams> decode_sa(const Message& message) {
  const Extension* sa_extension = message.find(SADB_EXT_SA);
  const Extension* src = message.find(SADB_EXT_ADDRESS_SRC);
  const Extension* dst = message.find(SADB_EXT_ADDRESS_DST);
  if (sa_extension == nullptr || src == nullptr || dst == nullptr) {
    return fail(malformed("SA, source or destination missing"));
  }
  const auto type = rct::pfkey::from_sa_type(message.header.satype);
  if (!type) return fail(malformed(fmt::format("SA type {}", message.header.satype)));
  auto sa = read_sa(*sa_extension);
  if (!sa) return fail(std::move(sa).error());
  auto source = read_address(*src);
  if (!source) return fail(std::move(source).error());
  auto destination = read_address(*dst);
  if (!destination) return fail(std::move(destination).error());

  SaParams params;
  params.id = SaId{*type, source->address, destination->address, sa->spi};
  params.replay_window = sa->replay;
  params.extended_sequence_numbers = (sa->flags & kPfkeydEsnFlag) != 0;
  params.seq = message.header.seq;
  if (sa->auth != 0) {
    const auto auth = rct::pfkey::from_authentication(sa->auth);
    if (!auth) return fail(malformed(fmt::format("authentication algorithm {}", sa->auth)));
    params.integrity = *auth;
  }
  if (*type == rct::SaType::Ipcomp) {
    // 0 is a larval IPComp SA (GETSPI reserved the CPI, nothing set yet).
    if (sa->encrypt != 0) {
      const auto compression = rct::pfkey::from_compression(sa->encrypt);
      if (!compression) return fail(malformed(fmt::format("compression {}", sa->encrypt)));
      params.compression = *compression;
    }
  } else if (sa->encrypt == kPfkeydChacha20Poly1305) {
    params.encryption = rct::EncAlg::Chacha20Poly1305;
  } else if (sa->encrypt != 0) {
    const auto encryption = rct::pfkey::from_encryption(sa->encrypt);
    if (!encryption) return fail(malformed(fmt::format("encryption algorithm {}", sa->encrypt)));
    params.encryption = *encryption;
  }
  if (const Extension* sa2_extension = message.find(SADB_X_EXT_SA2)) {
    auto sa2 = read_sa2(*sa2_extension);
    if (!sa2) return fail(std::move(sa2).error());
    const auto mode = rct::pfkey::from_mode(sa2->mode);
    if (!mode) return fail(malformed(fmt::format("mode {}", sa2->mode)));
    params.mode = *mode;
    params.reqid = sa2->reqid;
  }
  auto limits = mapping::read_limits(message);
  if (!limits) return fail(std::move(limits).error());
  params.lifetimes = *limits;
  for (const auto& [ext_type, key] : {std::pair{SADB_EXT_KEY_AUTH, &params.integrity_key},
                                      std::pair{SADB_EXT_KEY_ENCRYPT, &params.encryption_key}}) {
    if (const Extension* extension = message.find(static_cast<std::uint16_t>(ext_type))) {
      auto bytes = read_key(*extension);
      if (!bytes) return fail(std::move(bytes).error());
      *key = buf::SecretBytes(*bytes);
    }
  }
  if (const Extension* nat_type = message.find(SADB_X_EXT_NAT_T_TYPE)) {
    if (auto value = read_nat_type(*nat_type); !value) return fail(std::move(value).error());
    NatEncapsulation nat;
    const Extension* sport = message.find(SADB_X_EXT_NAT_T_SPORT);
    const Extension* dport = message.find(SADB_X_EXT_NAT_T_DPORT);
    if (sport == nullptr || dport == nullptr) return fail(malformed("NAT-T ports missing"));
    auto src_port = read_nat_port(*sport);
    if (!src_port) return fail(std::move(src_port).error());
    auto dst_port = read_nat_port(*dport);
    if (!dst_port) return fail(std::move(dst_port).error());
    nat.src_port = *src_port;
    nat.dst_port = *dst_port;
    if (const Extension* oa = message.find(SADB_X_EXT_NAT_T_OA)) {
      auto original = read_address(*oa);
      if (!original) return fail(std::move(original).error());
      nat.original_address = original->address;
    }
    params.nat = nat;
  }
  return params;
}

}  // namespace rc::kernel::pfkey
