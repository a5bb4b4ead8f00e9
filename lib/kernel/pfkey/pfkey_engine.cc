#include "kernel/pfkey/pfkey_engine.h"

#include <linux/pfkeyv2.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <openssl/rand.h>

#include "kernel/pfkey/af_key_rules.h"
#include "kernel/pfkey/pfkey_errors.h"
#include "kernel/pfkey/pfkey_policy.h"
#include "kernel/pfkey/pfkey_sa.h"
#include "kernel/pfkey/pfkey_sa_id.h"
#include "kernel/pfkey/pfkey_spi.h"
#include "kernel/xfrm/kernel_errors.h"
#include "kernel/xfrm/xfrm_encode.h"
#include "log/log.h"
#include "rct/names.h"
#include "rct/pfkey.h"

namespace rc::kernel::pfkey {
namespace {

using xfrm::describe;

// af_key tries as many random SPIs as the range is wide (xfrm_alloc_spi),
// so a nearly full range can fail while SPIs are free: ranges narrower
// than this are searched one SPI at a time in random order, wider ones get
// a few more tries. (The XFRM engine does the same: it is the same kernel
// function.)
constexpr std::uint32_t kExhaustiveSpiRange = 64;
constexpr std::size_t kWideRangeAttempts = 4;

constexpr std::size_t kAes128Key = 16;
constexpr std::size_t kAes192Key = 24;
constexpr std::size_t kAes256Key = 32;

Header header_only(std::uint8_t type) {
  return Header{type, 0, SADB_SATYPE_UNSPEC, 0, 0};
}

// PF_KEY has one number for AES-CBC; name it by its key as XFRM does.
void name_aes_cbc_by_key(SaParams& params) {
  if (params.encryption != rct::EncAlg::RijndaelCbc) return;
  switch (params.encryption_key.size()) {
    case kAes128Key:
      params.encryption = rct::EncAlg::Aes128Cbc;
      break;
    case kAes192Key:
      params.encryption = rct::EncAlg::Aes192Cbc;
      break;
    case kAes256Key:
      params.encryption = rct::EncAlg::Aes256Cbc;
      break;
    default:
      break;
  }
}

// Fisher-Yates with OpenSSL's CSPRNG: which SPI of a small range a peer
// gets should not be predictable.
Result<void> shuffle_randomly(std::vector<SpiRequest>& items) {
  for (std::size_t i = items.size(); i > 1; --i) {
    std::uint32_t draw = 0;
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): RAND_bytes fills bytes
    if (RAND_bytes(reinterpret_cast<unsigned char*>(&draw), sizeof draw) != 1) {
      return fail(Error{EIO, "RAND_bytes failed"});
    }
    std::swap(items[i - 1], items[draw % i]);
  }
  return ok();
}

bool same_prefixes(const Selector& a, const Selector& b) {
  return a.src == b.src && a.dst == b.dst;
}

}  // namespace

PfkeyEngine::PfkeyEngine(Key /*key*/, EngineKind kind, Requester requests, EventSocket events)
    : kind_(kind), requests_(std::move(requests)), events_(std::move(events)) {}

Result<std::unique_ptr<PfkeyEngine>> PfkeyEngine::adopt(EngineKind kind, UniqueFd requests,
                                                        UniqueFd events,
                                                        const PfkeyEngineOptions& options) {
  if (kind == EngineKind::Xfrm) return fail(Error{EINVAL, "the PF_KEY engine does not speak XFRM"});
  auto event_socket = EventSocket::create(PfkeySocket(std::move(events)), options.timeout);
  if (!event_socket) return fail(std::move(event_socket).error());
  return std::make_unique<PfkeyEngine>(Key{}, kind,
                                       Requester(PfkeySocket(std::move(requests)), options.timeout),
                                       std::move(*event_socket));
}

Result<std::unique_ptr<PfkeyEngine>> PfkeyEngine::open_kernel(const PfkeyEngineOptions& options) {
  auto requests = PfkeySocket::open_kernel(options.receive_buffer);
  if (!requests) return fail(xfrm::failed("key engine pfkey", requests.error()));
  auto events = PfkeySocket::open_kernel(options.receive_buffer);
  if (!events) return fail(xfrm::failed("key engine pfkey: event socket", events.error()));
  auto event_socket = EventSocket::create(std::move(*events), options.timeout);
  if (!event_socket) return fail(xfrm::failed("key engine pfkey", event_socket.error()));
  return std::make_unique<PfkeyEngine>(Key{}, EngineKind::Pfkey,
                                       Requester(std::move(*requests), options.timeout),
                                       std::move(*event_socket));
}

Result<std::unique_ptr<PfkeyEngine>> PfkeyEngine::connect_pfkeyd(
    const std::string& socket_path, const PfkeyEngineOptions& options) {
  auto requests = PfkeySocket::connect_pfkeyd(socket_path);
  if (!requests) return fail(xfrm::failed("key engine pfkeyd", requests.error()));
  auto events = PfkeySocket::connect_pfkeyd(socket_path);
  if (!events) return fail(xfrm::failed("key engine pfkeyd: event socket", events.error()));
  auto event_socket = EventSocket::create(std::move(*events), options.timeout);
  if (!event_socket) return fail(xfrm::failed("key engine pfkeyd", event_socket.error()));
  return std::make_unique<PfkeyEngine>(Key{}, EngineKind::Pfkeyd,
                                       Requester(std::move(*requests), options.timeout),
                                       std::move(*event_socket));
}

Result<std::unique_ptr<KeyEngine>> open_pfkey_engine(EngineKind kind,
                                                     const std::string& pfkeyd_socket) {
  Result<std::unique_ptr<PfkeyEngine>> engine = fail(Error{EINVAL, "not a PF_KEY engine kind"});
  if (kind == EngineKind::Pfkeyd) {
    engine = PfkeyEngine::connect_pfkeyd(pfkeyd_socket);
  } else if (kind == EngineKind::Pfkey) {
    engine = PfkeyEngine::open_kernel();
  }
  if (!engine) return fail(std::move(engine).error());
  return std::unique_ptr<KeyEngine>(std::move(*engine));
}

// --- SAD -----------------------------------------------------------------

Result<std::uint32_t> PfkeyEngine::allocate_spi(const SpiRequest& request,
                                                const std::string& object) {
  auto message = encode_getspi(request);
  if (!message) return fail(request_failed(SADB_GETSPI, object, message.error()));
  auto reply = requests_.transact(std::move(*message), object);
  if (!reply) return fail(std::move(reply).error());
  auto parsed = parse(reply->view());
  if (!parsed) return fail(request_failed(SADB_GETSPI, object, parsed.error()));
  auto spi = decode_getspi_reply(*parsed);
  if (!spi) return fail(request_failed(SADB_GETSPI, object, spi.error()));
  return *spi;
}

Result<std::uint32_t> PfkeyEngine::get_spi(const SpiRequest& request) {
  const std::string object =
      fmt::format("{} SA {} -> {} SPI in {:#x}-{:#x}", xfrm::protocol_name(request.type),
                  request.src, request.dst, request.min, request.max);
  auto range = xfrm::encode::usable_spi_range(request);
  if (!range) return fail(request_failed(SADB_GETSPI, object, range.error()));
  SpiRequest usable = request;
  usable.min = range->min;
  usable.max = range->max;
  std::vector<SpiRequest> attempts;
  if (!af_key()) {
    attempts.push_back(usable);  // pfkeyd searches its range itself
  } else if (range->max - range->min < kExhaustiveSpiRange) {
    for (std::uint64_t spi = range->min; spi <= range->max; ++spi) {
      SpiRequest one = usable;
      one.min = one.max = static_cast<std::uint32_t>(spi);
      attempts.push_back(one);
    }
    if (auto shuffled = shuffle_randomly(attempts); !shuffled) {
      return fail(request_failed(SADB_GETSPI, object, shuffled.error()));
    }
  } else {
    attempts.assign(kWideRangeAttempts, usable);
  }
  for (const SpiRequest& attempt : attempts) {
    auto spi = allocate_spi(attempt, object);
    if (spi) return spi;
    if (spi.error().code != ENOENT || attempts.size() == 1) return fail(std::move(spi).error());
  }
  return fail(
      Error{ENOENT, fmt::format("PF_KEY GETSPI {}: every SPI in the range is taken", object)});
}

Result<void> PfkeyEngine::install_sa(std::uint8_t type, const SaParams& sa) {
  const std::string object = describe(sa.id);
  if (af_key()) {
    if (auto allowed = af_key::check_sa(sa); !allowed) {
      return fail(request_failed(type, object, allowed.error()));
    }
  }
  // Only pfkeyd gives HMAC-SHA2-256 RFC 4868's 128-bit ICV (pfkey_sa.h).
  auto message = encode_sa(type, sa, SaEncodeOptions{.pfkeyd_dialect = !af_key()});
  if (!message) {
    Error cause = message.error();
    if (af_key() && cause.code == ENOTSUP && cause.message.find("XFRM") == std::string::npos) {
      cause.message += "; use the XFRM key engine (key_engine xfrm)";  // it can say it
    }
    return fail(request_failed(type, object, cause));
  }
  auto reply = requests_.transact(std::move(*message), object);
  if (reply) return ok();
  const Error& cause = reply.error();
  if (af_key() && cause.code == EPROTONOSUPPORT) {
    return fail(
        Error{cause.code, fmt::format("{} ({})", cause.message,
                                      xfrm::missing_transform(sa.id.type, sa.id.dst.family()))});
  }
  if (af_key() && cause.code == ENOSYS) {
    return fail(Error{cause.code, cause.message + " (the kernel offers one of the SA's "
                                                  "algorithms neither in its crypto API nor "
                                                  "over PF_KEY)"});
  }
  return fail(std::move(reply).error());
}

Result<void> PfkeyEngine::add_sa(const SaParams& sa) {
  return install_sa(SADB_ADD, sa);
}

Result<void> PfkeyEngine::update_sa(const SaParams& sa) {
  return install_sa(SADB_UPDATE, sa);
}

Result<void> PfkeyEngine::delete_sa(const SaId& id) {
  const std::string object = describe(id);
  auto message = encode_sa_id(SADB_DELETE, id);
  if (!message) return fail(request_failed(SADB_DELETE, object, message.error()));
  auto reply = requests_.transact(std::move(*message), object);
  if (!reply) return fail(std::move(reply).error());
  return ok();
}

Result<SaInfo> PfkeyEngine::get_sa(const SaId& id) {
  const std::string object = describe(id);
  auto message = encode_sa_id(SADB_GET, id);
  if (!message) return fail(request_failed(SADB_GET, object, message.error()));
  auto reply = requests_.transact(std::move(*message), object);
  if (!reply) return fail(std::move(reply).error());
  auto parsed = parse(reply->view());
  if (!parsed) return fail(request_failed(SADB_GET, object, parsed.error()));
  auto info = decode_sa_info(*parsed);
  if (!info) return fail(request_failed(SADB_GET, object, info.error()));
  name_aes_cbc_by_key(info->params);
  return info;
}

Result<std::vector<SaInfo>> PfkeyEngine::dump_sas() {
  std::vector<SaInfo> sas;
  std::size_t skipped = 0;
  auto done = requests_.dump(
      encode_header_only(header_only(SADB_DUMP)), "of the SAD", [&](const Message& message) {
        auto info = decode_sa_info(message);
        if (!info) {
          if (skipped++ == 0) {
            log::internal_warn("SA dump: leaving out an SA: {}", info.error().message);
          }
          return;
        }
        name_aes_cbc_by_key(info->params);
        sas.push_back(std::move(*info));
      });
  if (!done) return fail(std::move(done).error());
  return sas;
}

Result<void> PfkeyEngine::flush_sas() {
  auto reply = requests_.transact(encode_header_only(header_only(SADB_FLUSH)), "of the SAD");
  if (!reply) return fail(std::move(reply).error());
  return ok();
}

// --- the rest --------------------------------------------------------------

Result<void> PfkeyEngine::register_sa_type(rct::SaType type) {
  const auto protocols = single_sa_types(type);
  if (protocols.empty()) return fail(Error{EINVAL, "PF_KEY REGISTER: not an SA type"});
  for (const rct::SaType protocol : protocols) {
    auto satype = rct::pfkey::to_sa_type(protocol);
    if (!satype) return fail(std::move(satype).error());
    if (auto done = events_.register_satype(*satype); !done) return done;
  }
  return ok();
}

Result<void> PfkeyEngine::migrate_one(const MigrateParams& migration, const std::string& object) {
  auto message = encode_migrate(migration);
  if (!message) return fail(request_failed(SADB_X_MIGRATE, object, message.error()));
  // Linux answers a successful X_MIGRATE only with the migration's
  // broadcast (seq 0, pid 0) to every PF_KEY socket, ours included, before
  // send() returns; a failure gets the usual errno reply.
  const auto broadcast = [&migration](const Message& sent) {
    if (sent.header.type != SADB_X_MIGRATE || sent.header.seq != 0 || sent.header.pid != 0) {
      return false;
    }
    auto event = decode_migrate(sent);
    return event && event->params.direction == migration.direction &&
           same_prefixes(event->params.selector, migration.selector);
  };
  auto reply = requests_.transact(std::move(*message), object, broadcast);
  if (!reply) {
    if (reply.error().code == ENOPROTOOPT) {
      return fail(Error{ENOPROTOOPT, reply.error().message + " (the kernel has no PF_KEY MIGRATE: "
                                                             "CONFIG_NET_KEY_MIGRATE)"});
    }
    return fail(std::move(reply).error());
  }
  return ok();
}

Result<void> PfkeyEngine::migrate(const MigrateParams& migration) {
  const std::string object = describe(migration.selector, migration.direction);
  if (migration.direction == rct::Direction::Fwd) {
    return fail(request_failed(SADB_X_MIGRATE, object,
                               Error{EINVAL, "fwd policies follow their inbound policy"}));
  }
  if (auto moved = migrate_one(migration, object); !moved) return moved;
  if (!af_key() || migration.direction != rct::Direction::Inbound) return ok();
  MigrateParams twin = migration;
  twin.direction = rct::Direction::Fwd;
  auto moved = migrate_one(twin, object + " (its fwd twin)");
  if (!moved && moved.error().code != ENOENT) return moved;  // no twin to move
  return ok();
}

void PfkeyEngine::complete_acquire(AcquireEvent& acquire) {
  auto policy = get_policy(acquire.spid);
  if (!policy) return;
  for (const PolicyTemplate& t : policy->params.templates) {
    if (t.protocol != acquire.protocol) continue;
    if (t.mode == rct::IpsecMode::Tunnel &&
        (t.tunnel_src != acquire.src || t.tunnel_dst != acquire.dst)) {
      continue;
    }
    acquire.mode = t.mode;
    acquire.reqid = t.reqid;
    return;
  }
}

Result<void> PfkeyEngine::read_events(const EventSink& sink) {
  if (!af_key()) return events_.read(sink);
  return events_.read([this, &sink](const Event& event) {
    const auto* acquire = std::get_if<AcquireEvent>(&event);
    if (acquire == nullptr) {
      sink(event);
      return;
    }
    AcquireEvent completed = *acquire;
    complete_acquire(completed);
    sink(Event{completed});
  });
}

Result<PacketVerdict> PfkeyEngine::inject_packet(const PacketReport& report) {
  const std::string object = fmt::format("{} packet {} -> {}", rct::display_name(report.direction),
                                         report.packet.src, report.packet.dst);
  if (af_key()) {
    return fail(request_failed(kPfkeydPacket, object,
                               Error{ENOTSUP,
                                     "only pfkeyd is told about packets; the kernel "
                                     "sees them itself"}));
  }
  auto message = encode_packet(report);
  if (!message) return fail(request_failed(kPfkeydPacket, object, message.error()));
  auto reply = requests_.transact(std::move(*message), object);
  if (!reply) return fail(std::move(reply).error());
  auto parsed = parse(reply->view());
  if (!parsed) return fail(request_failed(kPfkeydPacket, object, parsed.error()));
  auto verdict = decode_packet_reply(*parsed);
  if (!verdict) return fail(request_failed(kPfkeydPacket, object, verdict.error()));
  return *verdict;
}

}  // namespace rc::kernel::pfkey
