// Fuzzes what a PF_KEY socket reads: the sadb_msg framing, every typed
// extension reader (each run on every extension whatever its type) and
// every message decoder (each run on every message whatever its type). What
// decodes must encode again to something that decodes the same; where the
// encoder is total on decoded values, it must not refuse either.
#include <linux/pfkeyv2.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "kernel/pfkey/pfkey_events.h"
#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_message.h"
#include "kernel/pfkey/pfkey_packet.h"
#include "kernel/pfkey/pfkey_policy.h"
#include "kernel/pfkey/pfkey_register.h"
#include "kernel/pfkey/pfkey_sa.h"
#include "kernel/pfkey/pfkey_sa_id.h"
#include "kernel/pfkey/pfkey_selector.h"
#include "kernel/pfkey/pfkey_spi.h"

namespace {

namespace pfkey = rc::kernel::pfkey;

// The one extension of `type` in a message built by `fill`.
template <class Fill, class Read>
auto again(std::uint16_t type, Fill fill, Read read) {
  pfkey::MessageBuilder builder(pfkey::Header{SADB_ADD, 0, SADB_SATYPE_ESP, 0, 0});
  fill(builder);
  const pfkey::WipedBuffer bytes = std::move(builder).finish();
  auto message = pfkey::parse(bytes.view());
  if (!message) __builtin_trap();  // our own encoding must parse
  const pfkey::Extension* extension = message->find(type);
  if (extension == nullptr) __builtin_trap();
  auto value = read(*extension);
  if (!value) __builtin_trap();
  return *value;
}

void check(const pfkey::Extension& extension) {
  if (auto sa = pfkey::read_sa(extension)) {
    if (!(again(
              SADB_EXT_SA, [&](auto& b) { pfkey::add_sa(b, *sa); }, pfkey::read_sa) == *sa)) {
      __builtin_trap();
    }
  }
  if (auto lifetime = pfkey::read_lifetime(extension)) {
    auto back = again(
        SADB_EXT_LIFETIME_HARD,
        [&](auto& b) { pfkey::add_lifetime(b, SADB_EXT_LIFETIME_HARD, *lifetime); },
        pfkey::read_lifetime);
    if (!(back == *lifetime)) __builtin_trap();
  }
  if (auto address = pfkey::read_address(extension)) {
    auto back = again(
        SADB_EXT_ADDRESS_SRC,
        [&](auto& b) { pfkey::add_address(b, SADB_EXT_ADDRESS_SRC, *address); },
        pfkey::read_address);
    if (!(back == *address)) __builtin_trap();
  }
  if (auto key = pfkey::read_key(extension)) {
    // A copy: the key view points into a buffer `again` releases.
    auto copied = [](const pfkey::Extension& e) -> rc::Result<std::vector<std::uint8_t>> {
      auto bytes = pfkey::read_key(e);
      if (!bytes) return rc::fail(std::move(bytes).error());
      return std::vector<std::uint8_t>(bytes->begin(), bytes->end());
    };
    auto back = again(
        SADB_EXT_KEY_AUTH, [&](auto& b) { pfkey::add_key(b, SADB_EXT_KEY_AUTH, *key); }, copied);
    if (!std::equal(back.begin(), back.end(), key->begin(), key->end())) __builtin_trap();
  }
  if (auto range = pfkey::read_spi_range(extension)) {
    auto back = again(
        SADB_EXT_SPIRANGE, [&](auto& b) { pfkey::add_spi_range(b, *range); },
        pfkey::read_spi_range);
    if (!(back == *range)) __builtin_trap();
  }
  if (auto sa2 = pfkey::read_sa2(extension)) {
    auto back = again(
        SADB_X_EXT_SA2, [&](auto& b) { pfkey::add_sa2(b, *sa2); }, pfkey::read_sa2);
    if (!(back == *sa2)) __builtin_trap();
  }
  (void)pfkey::read_nat_type(extension);
  (void)pfkey::read_nat_port(extension);
  if (auto policy = pfkey::read_policy(extension)) {
    auto back = again(
        SADB_X_EXT_POLICY, [&](auto& b) { pfkey::add_policy(b, *policy); }, pfkey::read_policy);
    if (!(back == *policy)) __builtin_trap();
  }
  if (auto identity = pfkey::read_identity(extension)) {
    auto back = again(
        SADB_EXT_IDENTITY_SRC,
        [&](auto& b) { pfkey::add_identity(b, SADB_EXT_IDENTITY_SRC, *identity); },
        pfkey::read_identity);
    if (!(back == *identity)) __builtin_trap();
  }
  if (auto proposal = pfkey::read_proposal(extension)) {
    auto back = again(
        SADB_EXT_PROPOSAL, [&](auto& b) { pfkey::add_proposal(b, *proposal); },
        pfkey::read_proposal);
    if (!(back == *proposal)) __builtin_trap();
  }
}

bool same(const rc::kernel::SaParams& a, const rc::kernel::SaParams& b) {
  return a.id == b.id && a.mode == b.mode && a.reqid == b.reqid &&
         a.replay_window == b.replay_window && a.encryption == b.encryption &&
         rc::buf::equal(a.encryption_key, b.encryption_key) && a.integrity == b.integrity &&
         rc::buf::equal(a.integrity_key, b.integrity_key) && a.compression == b.compression &&
         a.lifetimes == b.lifetimes && a.nat == b.nat && a.seq == b.seq;
}

void check_sa(const pfkey::Message& message) {
  auto params = pfkey::decode_sa(message);
  if (!params) return;
  auto bytes = pfkey::encode_sa(SADB_ADD, *params, {.pfkeyd_dialect = true});
  if (!bytes) return;
  auto again_message = pfkey::parse(bytes->view());
  if (!again_message) __builtin_trap();
  auto back = pfkey::decode_sa(*again_message);
  if (!back || !same(*back, *params)) __builtin_trap();
}

// `decoded` encoded by `encode` and decoded again by `decode` must give the
// same value. `total`: the encoder must accept whatever its decoder gives.
template <class T, class Encode, class Decode, class Same>
void round_trip(const rc::Result<T>& decoded, Encode encode, Decode decode, Same equal,
                bool total = true) {
  if (!decoded) return;
  auto bytes = encode(*decoded);
  if (!bytes) {
    if (total) __builtin_trap();
    return;
  }
  auto message = pfkey::parse(bytes->view());
  if (!message) __builtin_trap();  // our own encoding must parse
  auto back = decode(*message);
  if (!back || !equal(*back, *decoded)) __builtin_trap();
}

const auto kEqual = [](const auto& a, const auto& b) { return a == b; };

// Encoders that cannot fail, made to look like the others.
template <class F>
auto always(F make) {
  return [make](const auto& value) { return rc::Result<pfkey::WipedBuffer>(make(value)); };
}

void check_sa_info(const pfkey::Message& message) {
  round_trip(
      pfkey::decode_sa_info(message),
      [&](const rc::kernel::SaInfo& info) {
        return pfkey::encode_sa_info(message.header, info, {.pfkeyd_dialect = true});
      },
      pfkey::decode_sa_info,
      [](const rc::kernel::SaInfo& a, const rc::kernel::SaInfo& b) {
        return same(a.params, b.params) && a.state == b.state && a.current == b.current;
      },
      false);
}

void check_ids(const pfkey::Message& message) {
  const std::uint32_t seq = message.header.seq;
  round_trip(
      pfkey::decode_sa_id(message),
      [&](const rc::kernel::SaId& id) { return pfkey::encode_sa_id(SADB_DELETE, id, seq); },
      pfkey::decode_sa_id, kEqual);
  round_trip(pfkey::decode_policy_spid(message), always([&](rc::kernel::Spid spid) {
               return pfkey::encode_policy_by_spid(SADB_X_SPDGET, spid, seq);
             }),
             pfkey::decode_policy_spid, kEqual);
  (void)pfkey::read_selector(message);
}

void check_getspi(const pfkey::Message& message) {
  const auto same_request = [](const rc::kernel::SpiRequest& a, const rc::kernel::SpiRequest& b) {
    return a.type == b.type && a.src == b.src && a.dst == b.dst && a.mode == b.mode &&
           a.reqid == b.reqid && a.min == b.min && a.max == b.max && a.seq == b.seq;
  };
  auto request = pfkey::decode_getspi(message);
  round_trip(request, pfkey::encode_getspi, pfkey::decode_getspi, same_request);
  const auto spi = pfkey::decode_getspi_reply(message);
  if (!request || !spi) return;
  auto reply = pfkey::encode_getspi_reply(message.header, *request, *spi);
  if (!reply) __builtin_trap();
  auto reply_message = pfkey::parse(reply->view());
  if (!reply_message) __builtin_trap();
  auto back_spi = pfkey::decode_getspi_reply(*reply_message);
  auto back_request = pfkey::decode_getspi(*reply_message);
  // The reply names the SA, not the range asked for.
  if (!back_spi || *back_spi != *spi || !back_request || back_request->type != request->type ||
      back_request->src != request->src || back_request->dst != request->dst ||
      back_request->mode != request->mode || back_request->reqid != request->reqid) {
    __builtin_trap();
  }
}

void check_policy(const pfkey::Message& message) {
  const auto same_info = [](const rc::kernel::PolicyInfo& a, const rc::kernel::PolicyInfo& b) {
    return a.params == b.params && a.current == b.current;
  };
  auto info = pfkey::decode_policy(message);
  round_trip(
      info,
      [&](const rc::kernel::PolicyInfo& policy) {
        return pfkey::encode_policy_reply(message.header, policy);
      },
      pfkey::decode_policy, same_info);
  if (info) {
    round_trip(
        info,
        [&](const rc::kernel::PolicyInfo& policy) {
          return pfkey::encode_policy(SADB_X_SPDADD, policy.params, message.header.seq);
        },
        pfkey::decode_policy,
        [](const rc::kernel::PolicyInfo& a, const rc::kernel::PolicyInfo& b) {
          return a.params == b.params;
        });
  }
  auto expire = pfkey::decode_policy_expire(message);
  if (expire) {
    if (!info) __builtin_trap();  // an SPDEXPIRE carries a whole policy
    round_trip(
        expire,
        [&](const rc::kernel::PolicyExpireEvent& event) {
          return pfkey::encode_policy_expire(event, *info);
        },
        pfkey::decode_policy_expire, kEqual);
  }
  round_trip(
      pfkey::decode_migrate(message),
      [&](const rc::kernel::MigrateEvent& event) {
        return pfkey::encode_migrate(event.params, message.header.seq);
      },
      pfkey::decode_migrate, kEqual);
}

void check_events(const pfkey::Message& message) {
  round_trip(pfkey::decode_acquire(message), pfkey::encode_acquire, pfkey::decode_acquire, kEqual);
  auto expire = pfkey::decode_expire(message);
  if (expire) {
    // The limit the message carries, as encode_expire takes it back:
    // allocations have no LifetimeLimit field, so Packets turns into Time.
    const pfkey::Extension* limit_extension =
        message.find(expire->hard ? SADB_EXT_LIFETIME_HARD : SADB_EXT_LIFETIME_SOFT);
    if (limit_extension == nullptr) __builtin_trap();
    auto lifetime = pfkey::read_lifetime(*limit_extension);
    if (!lifetime) __builtin_trap();
    const rc::kernel::LifetimeLimit limit{lifetime->bytes, 0, lifetime->add_time,
                                          lifetime->use_time};
    round_trip(
        expire,
        [&](const rc::kernel::ExpireEvent& event) { return pfkey::encode_expire(event, limit); },
        pfkey::decode_expire,
        [](const rc::kernel::ExpireEvent& a, const rc::kernel::ExpireEvent& b) {
          return a.id == b.id && a.hard == b.hard && a.reqid == b.reqid && a.current == b.current &&
                 (a.cause == b.cause || b.cause == rc::kernel::ExpireCause::Packets);
        });
  }
  (void)pfkey::decode_event(message);
}

void check_register(const pfkey::Message& message) {
  round_trip(
      pfkey::decode_supported(message),
      [&](const pfkey::SupportedAlgorithms& algorithms) {
        return pfkey::encode_register_reply(message.header, algorithms);
      },
      pfkey::decode_supported, kEqual);
}

void check_packet(const pfkey::Message& message) {
  round_trip(
      pfkey::decode_packet(message),
      [&](const pfkey::PacketReport& report) {
        return pfkey::encode_packet(report, message.header.seq);
      },
      pfkey::decode_packet, kEqual);
  round_trip(
      pfkey::decode_packet_reply(message),
      [&](const pfkey::PacketVerdict& verdict) {
        return pfkey::encode_packet_reply(message.header, verdict);
      },
      pfkey::decode_packet_reply, kEqual);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto message = pfkey::parse(std::span<const std::uint8_t>(data, size));
  if (!message) return 0;
  for (const pfkey::Extension& extension : message->extensions) check(extension);
  check_sa(*message);
  check_sa_info(*message);
  check_ids(*message);
  check_getspi(*message);
  check_policy(*message);
  check_events(*message);
  check_register(*message);
  check_packet(*message);
  return 0;
}
