#include "kernel/xfrm/xfrm_events.h"

#include <linux/xfrm.h>

#include <cerrno>
#include <variant>
#include <vector>

#include "kernel/xfrm/xfrm_decode.h"
#include "log/log.h"

namespace rc::kernel::xfrm {
namespace {

// Enough for a burst of ACQUIREs; the rest waits for the next call.
constexpr int kDatagramsPerRead = 256;

}  // namespace

Result<EventReader> EventReader::open(const XfrmSocket::Options& options) {
  auto socket = XfrmSocket::open(options);
  if (!socket) return fail(std::move(socket).error());
  for (const unsigned group : {XFRMNLGRP_EXPIRE, XFRMNLGRP_MIGRATE}) {
    if (auto joined = socket->join(group); !joined) return fail(std::move(joined).error());
  }
  return EventReader(std::move(*socket));
}

Result<void> EventReader::register_type(rct::SaType type) {
  const auto protocols = single_sa_types(type);
  if (protocols.empty()) return fail(Error{EINVAL, "register: not an SA type"});
  if (!acquires_joined_) {
    if (auto joined = socket_.join(XFRMNLGRP_ACQUIRE); !joined) return joined;
    acquires_joined_ = true;
  }
  for (const rct::SaType protocol : protocols) registered_.set(static_cast<std::size_t>(protocol));
  return ok();
}

bool EventReader::registered(rct::SaType type) const {
  const auto index = static_cast<std::size_t>(type);
  return index < registered_.size() && registered_.test(index);
}

void EventReader::deliver(const netlink::Message& message, const EventSink& sink) {
  auto event = decode::event(message);
  if (!event) {
    ++counters_.malformed;
    log::internal_warn(warn_limit_.admit(), "XFRM event type {} dropped: {}", message.type,
                       event.error().message);
    return;
  }
  if (!*event) {
    ++counters_.other;
    return;
  }
  const Event& e = **event;
  bool wanted = true;
  bool internal = false;
  if (const auto* acquire = std::get_if<AcquireEvent>(&e)) {
    wanted = registered(acquire->protocol);
  } else if (const auto* expire = std::get_if<ExpireEvent>(&e)) {
    wanted = registered(expire->id.type);
  } else if (const auto* policy = std::get_if<PolicyExpireEvent>(&e)) {
    internal = policy->direction == rct::Direction::Fwd;
  } else if (const auto* migrate = std::get_if<MigrateEvent>(&e)) {
    internal = migrate->params.direction == rct::Direction::Fwd;
  }
  if (internal) {
    ++counters_.internal;
  } else if (!wanted) {
    ++counters_.unregistered;
  } else {
    ++counters_.delivered;
    sink(e);
  }
}

Result<void> EventReader::read(const EventSink& sink) {
  for (int i = 0; i < kDatagramsPerRead; ++i) {
    auto datagram = socket_.receive_waiting();
    if (!datagram) {
      if (datagram.error().code == ENOBUFS) {
        ++counters_.overruns;
        log::internal_warn(warn_limit_.admit(),
                           "XFRM events were lost: the event socket overflowed");
        continue;
      }
      return fail(std::move(datagram).error());
    }
    if (!*datagram) return ok();
    auto messages = netlink::split(**datagram);
    if (!messages) {
      ++counters_.malformed;
      continue;
    }
    for (const netlink::Message& message : *messages) deliver(message, sink);
  }
  return ok();
}

}  // namespace rc::kernel::xfrm
