#include "kernel/pfkey/pfkey_event_socket.h"

#include <linux/pfkeyv2.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <variant>

#include <fmt/format.h>

#include "kernel/pfkey/pfkey_errors.h"
#include "kernel/pfkey/pfkey_events.h"
#include "kernel/pfkey/pfkey_register.h"
#include "kernel/pfkey/pfkey_requests.h"
#include "log/log.h"

namespace rc::kernel::pfkey {
namespace {

using Clock = std::chrono::steady_clock;

// Enough for a burst of ACQUIREs; the rest waits for the next call.
constexpr int kDatagramsPerRead = 256;

Result<void> watch(int epoll_fd, int fd) {
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = fd;
  if (::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event) != 0) {
    return fail(Error::from_errno(errno, "epoll_ctl(PF_KEY event socket)"));
  }
  return ok();
}

// Whether an event is about one of the engine's own fwd twins.
bool internal(const Event& event) {
  if (const auto* migrate = std::get_if<MigrateEvent>(&event)) {
    return migrate->params.direction == rct::Direction::Fwd;
  }
  if (const auto* expire = std::get_if<PolicyExpireEvent>(&event)) {
    return expire->direction == rct::Direction::Fwd;
  }
  return false;
}

}  // namespace

EventSocket::EventSocket(PfkeySocket socket, UniqueFd epoll, UniqueFd wakeup,
                         std::chrono::milliseconds timeout)
    : socket_(std::move(socket)),
      epoll_(std::move(epoll)),
      wakeup_(std::move(wakeup)),
      timeout_(timeout),
      pid_(static_cast<std::uint32_t>(::getpid())) {}

Result<EventSocket> EventSocket::create(PfkeySocket socket, std::chrono::milliseconds timeout) {
  UniqueFd epoll(::epoll_create1(EPOLL_CLOEXEC));
  if (!epoll) return fail(Error::from_errno(errno, "epoll_create1"));
  UniqueFd wakeup(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!wakeup) return fail(Error::from_errno(errno, "eventfd"));
  if (auto added = watch(epoll.get(), socket.fd()); !added) return fail(std::move(added).error());
  if (auto added = watch(epoll.get(), wakeup.get()); !added) return fail(std::move(added).error());
  return EventSocket(std::move(socket), std::move(epoll), std::move(wakeup), timeout);
}

void EventSocket::enqueue(WipedBuffer datagram) {
  if (queue_.empty()) {
    const std::uint64_t one = 1;
    // Cannot fail short of a counter overflow: it is reset whenever the
    // queue empties.
    (void)::write(wakeup_.get(), &one, sizeof one);
  }
  queue_.push_back(std::move(datagram));
}

Result<void> EventSocket::register_satype(std::uint8_t satype) {
  WipedBuffer request = encode_register(satype);
  auto asked = stamp_request(request, pid_);
  if (!asked) return fail(std::move(asked).error());
  const std::string object = fmt::format("for SA type {}", satype);
  if (auto sent = socket_.send(request.view()); !sent) {
    return fail(request_failed(SADB_REGISTER, object, sent.error()));
  }
  const auto deadline = Clock::now() + timeout_;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    WipedBuffer datagram;
    auto got = socket_.receive(datagram, left.count() > 0 ? left : std::chrono::milliseconds{0});
    if (!got) return fail(request_failed(SADB_REGISTER, object, got.error()));
    if (!*got) {
      return fail(Error{ETIMEDOUT, fmt::format("PF_KEY REGISTER {}: no answer within {} ms", object,
                                               timeout_.count())});
    }
    const auto header = peek_header(datagram.view());
    if (header && header->type == SADB_REGISTER && header->seq == asked->seq &&
        header->pid == asked->pid) {
      // A second REGISTER for the same type is EEXIST in af_key: nothing
      // changes, ACQUIREs keep coming.
      if (header->error != 0 && header->error != EEXIST) {
        return fail(reply_error(SADB_REGISTER, object, header->error));
      }
      return ok();
    }
    enqueue(std::move(datagram));  // an event (or not: read() sorts it out)
  }
}

void EventSocket::deliver(std::span<const std::uint8_t> datagram, const EventSink& sink) {
  auto message = parse(datagram);
  if (!message) {
    ++counters_.malformed;
    log::internal_warn(warn_limit_.admit(), "PF_KEY event dropped: {}", message.error().message);
    return;
  }
  auto event = decode_event(*message);
  if (!event) {
    ++counters_.malformed;
    log::internal_warn(warn_limit_.admit(), "PF_KEY {} dropped: {}",
                       message_type_name(message->header.type), event.error().message);
    return;
  }
  if (!*event) {
    ++counters_.other;
    return;
  }
  if (internal(**event)) {
    ++counters_.internal;
    return;
  }
  ++counters_.delivered;
  sink(**event);
}

Result<void> EventSocket::read(const EventSink& sink) {
  if (!queue_.empty()) {
    std::uint64_t count = 0;
    (void)::read(wakeup_.get(), &count, sizeof count);  // empty from here on
    std::deque<WipedBuffer> queued;
    queued.swap(queue_);
    for (const WipedBuffer& datagram : queued) deliver(datagram.view(), sink);
  }
  WipedBuffer datagram;
  for (int i = 0; i < kDatagramsPerRead; ++i) {
    auto got = socket_.receive(datagram, std::chrono::milliseconds{0});
    if (!got) return fail(Error{got.error().code, "PF_KEY event socket: " + got.error().message});
    if (!*got) return ok();
    deliver(datagram.view(), sink);
  }
  return ok();
}

}  // namespace rc::kernel::pfkey
