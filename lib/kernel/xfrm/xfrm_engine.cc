#include "kernel/xfrm/xfrm_engine.h"

#include <linux/xfrm.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <openssl/rand.h>

#include "kernel/xfrm/fwd_twin.h"
#include "kernel/xfrm/kernel_errors.h"
#include "kernel/xfrm/xfrm_decode.h"
#include "kernel/xfrm/xfrm_encode.h"
#include "log/log.h"

namespace rc::kernel::xfrm {
namespace {

// Reqids the engine hands out for level unique start above the ones a
// configuration names by hand (the af_key convention, IPSEC_MANUAL_REQID_MAX).
constexpr std::uint32_t kFirstAutoReqid = 0x4000;
constexpr int kDumpAttempts = 3;
// SPI ranges narrower than this are searched one SPI at a time.
constexpr std::uint32_t kExhaustiveSpiRange = 64;
constexpr std::size_t kWideRangeAttempts = 4;

// SPIDs of in and out policies; fwd twins and per-socket policies are not
// the caller's to name.
bool is_callers_spid(Spid spid) {
  const std::uint32_t dir = encode::direction_of_index(spid);
  return spid != 0 && (dir == XFRM_POLICY_IN || dir == XFRM_POLICY_OUT);
}

Error no_policy(Spid spid) {
  return Error{ENOENT, fmt::format("no policy with SPID {}", spid)};
}

Result<void> ignore_enoent(Result<void> result) {
  if (!result && result.error().code == ENOENT) return ok();
  return result;
}

Result<void> ignore_messages(const netlink::Message& /*message*/) {
  return ok();
}

// Fisher-Yates with OpenSSL's CSPRNG (the project takes all randomness from
// RAND_bytes): which SPI of a small range a peer gets should not be
// predictable.
template <class T>
Result<void> shuffle_randomly(std::vector<T>& items) {
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

}  // namespace

XfrmEngine::XfrmEngine(Key /*key*/, XfrmSocket requests, EventReader events)
    : requests_(std::move(requests)), events_(std::move(events)) {}

Result<std::unique_ptr<XfrmEngine>> XfrmEngine::open(const XfrmEngineOptions& options) {
  auto requests = XfrmSocket::open({.timeout = options.timeout});
  if (!requests) return fail(failed("key engine xfrm", requests.error()));
  auto events = EventReader::open({.timeout = options.timeout,
                                   .receive_buffer = options.event_receive_buffer,
                                   .nonblocking = true});
  if (!events) return fail(failed("key engine xfrm: event socket", events.error()));
  return std::make_unique<XfrmEngine>(Key{}, std::move(*requests), std::move(*events));
}

Result<std::unique_ptr<KeyEngine>> open_xfrm_engine() {
  auto engine = XfrmEngine::open();
  if (!engine) return fail(std::move(engine).error());
  return std::unique_ptr<KeyEngine>(std::move(*engine));
}

void XfrmEngine::set_receive_tap(const ReceiveTap& tap) {
  requests_.set_receive_tap(tap);
  events_.set_receive_tap(tap);
}

Result<void> XfrmEngine::request_ack(Result<WipedBuffer> request) {
  if (!request) return fail(std::move(request).error());
  return requests_.transact(std::move(*request), ignore_messages);
}

Result<PolicyInfo> XfrmEngine::request_policy(WipedBuffer request) {
  std::optional<PolicyInfo> found;
  auto done = requests_.transact(std::move(request), [&found](const netlink::Message& message) {
    auto info = decode::policy(message);
    if (!info) return Result<void>(fail(std::move(info).error()));
    found = std::move(*info);
    return ok();
  });
  if (!done) return fail(std::move(done).error());
  if (!found) return fail(Error{EBADMSG, "the kernel answered without the policy"});
  return std::move(*found);
}

// --- SAD -----------------------------------------------------------------

Result<std::uint32_t> XfrmEngine::allocate_spi(const SpiRequest& request) {
  auto message = encode::allocate_spi(request);
  if (!message) return fail(std::move(message).error());
  std::optional<std::uint32_t> spi;
  auto done = requests_.transact(std::move(*message), [&spi](const netlink::Message& reply) {
    auto info = decode::sa(reply);
    if (!info) return Result<void>(fail(std::move(info).error()));
    spi = info->params.id.spi;
    return ok();
  });
  if (!done) return fail(std::move(done).error());
  if (!spi) return fail(Error{EBADMSG, "the kernel answered without the SA"});
  return *spi;
}

Result<std::uint32_t> XfrmEngine::get_spi(const SpiRequest& request) {
  const std::string what =
      fmt::format("allocating an SPI for {} {} -> {} in {:#x}-{:#x}", protocol_name(request.type),
                  request.src, request.dst, request.min, request.max);
  auto range = encode::usable_spi_range(request);
  if (!range) return fail(failed(what, range.error()));
  // The kernel tries as many random SPIs as the range is wide, so a nearly
  // full range can fail while SPIs are free. A small range is searched
  // exhaustively, one SPI per request in random order; a wide one gets a
  // few more tries. (Every try reuses the same larval SA.)
  std::vector<SpiRequest> attempts;
  if (range->max - range->min < kExhaustiveSpiRange) {
    for (std::uint64_t spi = range->min; spi <= range->max; ++spi) {
      SpiRequest one = request;
      one.min = one.max = static_cast<std::uint32_t>(spi);
      attempts.push_back(one);
    }
    auto shuffled = shuffle_randomly(attempts);
    if (!shuffled) return fail(failed(what, shuffled.error()));
  } else {
    attempts.assign(kWideRangeAttempts, request);
  }
  for (const SpiRequest& attempt : attempts) {
    auto spi = allocate_spi(attempt);
    if (spi) return spi;
    if (spi.error().code != ENOENT) return fail(failed(what, spi.error()));
  }
  return fail(Error{ENOENT, what + ": every SPI in the range is taken"});
}

Result<void> XfrmEngine::add_sa(const SaParams& sa) {
  const std::string what = "adding " + describe(sa.id);
  auto done = request_ack(encode::add_sa(sa, false));
  if (!done) return fail(sa_failed(what, sa, done.error()));
  return ok();
}

Result<void> XfrmEngine::update_sa(const SaParams& sa) {
  const std::string what = "updating " + describe(sa.id);
  auto done = request_ack(encode::add_sa(sa, true));
  if (!done) return fail(sa_failed(what, sa, done.error()));
  return ok();
}

Result<void> XfrmEngine::delete_sa(const SaId& id) {
  auto done = request_ack(encode::delete_sa(id));
  if (!done) return fail(sa_lookup_failed("deleting " + describe(id), done.error()));
  return ok();
}

Result<SaInfo> XfrmEngine::get_sa(const SaId& id) {
  const std::string what = "reading " + describe(id);
  auto message = encode::get_sa(id);
  if (!message) return fail(failed(what, message.error()));
  std::optional<SaInfo> found;
  auto done = requests_.transact(std::move(*message), [&found](const netlink::Message& reply) {
    auto info = decode::sa(reply);
    if (!info) return Result<void>(fail(std::move(info).error()));
    found = std::move(*info);
    return ok();
  });
  if (!done) return fail(sa_lookup_failed(what, done.error()));
  if (!found) return fail(Error{EBADMSG, what + ": the kernel answered without the SA"});
  return std::move(*found);
}

Result<std::vector<SaInfo>> XfrmEngine::dump_sas() {
  for (int attempt = 1;; ++attempt) {
    std::vector<SaInfo> sas;
    std::size_t skipped = 0;
    auto done = requests_.transact(encode::dump_sas(), [&](const netlink::Message& message) {
      auto info = decode::sa(message);
      if (info) {
        sas.push_back(std::move(*info));
      } else if (skipped++ == 0) {
        log::internal_warn("SA dump: leaving out an SA: {}", info.error().message);
      }
      return ok();
    });
    if (done) return sas;
    if (done.error().code != EINTR || attempt == kDumpAttempts) {
      return fail(failed("dumping the SAD", done.error()));
    }
  }
}

Result<void> XfrmEngine::flush_sas() {
  auto done = request_ack(encode::flush_sas());
  if (!done) return fail(failed("flushing the SAD", done.error()));
  return ok();
}

// --- SPD -----------------------------------------------------------------

Result<std::vector<PolicyInfo>> XfrmEngine::all_policies() {
  for (int attempt = 1;; ++attempt) {
    std::vector<PolicyInfo> policies;
    std::size_t skipped = 0;
    auto done = requests_.transact(encode::dump_policies(), [&](const netlink::Message& message) {
      auto info = decode::policy(message);
      if (info) {
        policies.push_back(std::move(*info));
      } else if (skipped++ == 0) {
        log::internal_warn("policy dump: leaving out a policy: {}", info.error().message);
      }
      return ok();
    });
    if (done) return policies;
    if (done.error().code != EINTR || attempt == kDumpAttempts) {
      return fail(failed("dumping the SPD", done.error()));
    }
  }
}

Result<std::uint32_t> XfrmEngine::next_unique_reqid() {
  if (!next_reqid_) {
    // Start past every automatic reqid already in the SPD (from an earlier
    // run), so a new unique policy never shares SAs with an old one.
    auto policies = all_policies();
    if (!policies) return fail(std::move(policies).error());
    std::uint32_t highest = kFirstAutoReqid - 1;
    for (const PolicyInfo& info : *policies) {
      for (const PolicyTemplate& t : info.params.templates) highest = std::max(highest, t.reqid);
    }
    next_reqid_ = highest + 1;
  }
  return (*next_reqid_)++;
}

Result<void> XfrmEngine::fill_unique_reqids(PolicyParams& policy) {
  const auto unassigned = [](const PolicyTemplate& t) {
    return t.level == rct::IpsecLevel::Unique && t.reqid == 0;
  };
  if (std::none_of(policy.templates.begin(), policy.templates.end(), unassigned)) return ok();
  // An update keeps the reqids the policy already has, so its SAs stay bound.
  std::optional<PolicyInfo> previous;
  if (auto message = encode::get_policy(policy.selector, policy.direction)) {
    auto info = request_policy(std::move(*message));
    if (info) previous = std::move(*info);
  }
  for (std::size_t i = 0; i < policy.templates.size(); ++i) {
    PolicyTemplate& t = policy.templates[i];
    if (!unassigned(t)) continue;
    if (previous && i < previous->params.templates.size() &&
        previous->params.templates[i].level == rct::IpsecLevel::Unique &&
        previous->params.templates[i].reqid != 0) {
      t.reqid = previous->params.templates[i].reqid;
      continue;
    }
    auto reqid = next_unique_reqid();
    if (!reqid) return fail(std::move(reqid).error());
    t.reqid = *reqid;
  }
  return ok();
}

Result<Spid> XfrmEngine::install(PolicyParams policy, bool update) {
  const std::string what = fmt::format("{} {}", update ? "updating" : "adding",
                                       describe(policy.selector, policy.direction));
  if (policy.direction == rct::Direction::Fwd) {
    return fail(Error{EINVAL, what + ": fwd policies are the XFRM engine's own (twins of "
                                     "inbound policies); add the inbound policy"});
  }
  if (auto filled = fill_unique_reqids(policy); !filled) return fail(failed(what, filled.error()));
  if (auto done = request_ack(encode::add_policy(policy, update)); !done) {
    return fail(failed(what, done.error()));
  }
  if (needs_fwd_twin(policy)) {
    if (auto twin = request_ack(encode::add_policy(fwd_twin(policy), true)); !twin) {
      if (!update) (void)request_ack(encode::delete_policy(policy.selector, policy.direction));
      return fail(failed(what + " (its fwd twin)", twin.error()));
    }
  } else if (policy.direction == rct::Direction::Inbound) {
    // A twin left by an earlier version of this policy (or an earlier run).
    auto gone =
        ignore_enoent(request_ack(encode::delete_policy(policy.selector, rct::Direction::Fwd)));
    if (!gone) return fail(failed(what + " (removing an old fwd twin)", gone.error()));
  }
  // The kernel chose the index (or kept the replaced policy's): read it back.
  auto lookup = encode::get_policy(policy.selector, policy.direction);
  if (!lookup) return fail(failed(what, lookup.error()));
  auto info = request_policy(std::move(*lookup));
  if (!info) return fail(failed(what + ": reading back its SPID", info.error()));
  return info->params.spid;
}

Result<Spid> XfrmEngine::add_policy(const PolicyParams& policy) {
  return install(policy, false);
}

Result<Spid> XfrmEngine::update_policy(const PolicyParams& policy) {
  return install(policy, true);
}

Result<void> XfrmEngine::delete_policy(Spid spid) {
  if (!is_callers_spid(spid)) return fail(no_policy(spid));
  const std::string what = fmt::format("deleting the policy with SPID {}", spid);
  auto info = request_policy(encode::get_policy(spid));
  if (!info) return fail(failed(what, info.error()));
  if (auto done = request_ack(encode::delete_policy(spid)); !done) {
    return fail(failed(what, done.error()));
  }
  if (info->params.direction == rct::Direction::Inbound) {
    auto twin = ignore_enoent(
        request_ack(encode::delete_policy(info->params.selector, rct::Direction::Fwd)));
    if (!twin) return fail(failed(what + " (its fwd twin)", twin.error()));
  }
  return ok();
}

Result<PolicyInfo> XfrmEngine::get_policy(Spid spid) {
  if (!is_callers_spid(spid)) return fail(no_policy(spid));
  auto info = request_policy(encode::get_policy(spid));
  if (!info)
    return fail(failed(fmt::format("reading the policy with SPID {}", spid), info.error()));
  return info;
}

Result<std::vector<PolicyInfo>> XfrmEngine::dump_policies() {
  auto policies = all_policies();
  if (!policies) return policies;
  std::erase_if(*policies, [](const PolicyInfo& info) {
    return info.params.direction == rct::Direction::Fwd;
  });
  return policies;
}

Result<void> XfrmEngine::flush_policies() {
  auto done = request_ack(encode::flush_policies());
  if (!done) return fail(failed("flushing the SPD", done.error()));
  return ok();
}

// --- the rest --------------------------------------------------------------

Result<void> XfrmEngine::register_sa_type(rct::SaType type) {
  auto done = events_.register_type(type);
  if (!done) return fail(failed("registering for ACQUIREs", done.error()));
  return ok();
}

Result<void> XfrmEngine::migrate(const MigrateParams& migration) {
  const std::string what = "migrating the " + describe(migration.selector, migration.direction);
  if (migration.direction == rct::Direction::Fwd) {
    return fail(Error{EINVAL, what + ": fwd policies follow their inbound policy"});
  }
  auto done = request_ack(encode::migrate(migration));
  if (!done) {
    if (done.error().code == ENOPROTOOPT) {
      return fail(Error{ENOPROTOOPT, what + ": the kernel has no XFRM MIGRATE "
                                            "(CONFIG_XFRM_MIGRATE)"});
    }
    return fail(failed(what, done.error()));
  }
  if (migration.direction != rct::Direction::Inbound) return ok();
  auto lookup = encode::get_policy(migration.selector, rct::Direction::Fwd);
  if (!lookup) return fail(failed(what, lookup.error()));
  if (!request_policy(std::move(*lookup))) return ok();  // no twin to move
  MigrateParams twin = migration;
  twin.direction = rct::Direction::Fwd;
  auto moved = request_ack(encode::migrate(twin));
  if (!moved) return fail(failed(what + " (its fwd twin)", moved.error()));
  return ok();
}

}  // namespace rc::kernel::xfrm
