#include "kernel/pfkey/pfkey_requests.h"

#include <linux/pfkeyv2.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstddef>

#include <fmt/format.h>

#include "kernel/pfkey/pfkey_errors.h"

namespace rc::kernel::pfkey {
namespace {

using Clock = std::chrono::steady_clock;

// Stale messages dropped before one request: a flood of other sockets'
// broadcasts must not keep the request from going out.
constexpr int kMaxDropped = 100000;

Error timed_out(std::uint8_t type, std::string_view object, std::chrono::milliseconds timeout) {
  return Error{ETIMEDOUT, fmt::format("PF_KEY {} {}: no answer within {} ms",
                                      message_type_name(type), object, timeout.count())};
}

}  // namespace

std::uint32_t next_sequence() noexcept {
  static std::atomic<std::uint32_t> counter{0};
  for (;;) {
    const std::uint32_t seq = ++counter;
    if (seq != 0) return seq;
  }
}

std::optional<Header> peek_header(std::span<const std::uint8_t> datagram) noexcept {
  const auto msg = read_struct<sadb_msg>(datagram);
  if (!msg || msg->sadb_msg_version != kVersion ||
      std::size_t{msg->sadb_msg_len} * kAlignment != datagram.size()) {
    return std::nullopt;
  }
  return Header{msg->sadb_msg_type, msg->sadb_msg_errno, msg->sadb_msg_satype, msg->sadb_msg_seq,
                msg->sadb_msg_pid};
}

Result<Header> stamp_request(WipedBuffer& message, std::uint32_t pid) {
  auto header = peek_header(message.view());
  if (!header) return fail(Error{EINVAL, "not a finished PF_KEY message"});
  if (header->seq == 0) header->seq = next_sequence();
  header->pid = pid;
  stamp(message, header->seq, header->pid);
  return *header;
}

Requester::Requester(PfkeySocket socket, std::chrono::milliseconds timeout)
    : socket_(std::move(socket)), timeout_(timeout), pid_(static_cast<std::uint32_t>(::getpid())) {}

void Requester::drop_waiting() {
  WipedBuffer stale;
  for (int i = 0; i < kMaxDropped; ++i) {
    auto got = socket_.receive(stale, std::chrono::milliseconds{0});
    if (!got || !*got) return;  // a socket error shows again at the next receive
    ++counters_.unmatched;
  }
}

Result<Header> Requester::send(WipedBuffer& request, std::string_view object) {
  auto header = stamp_request(request, pid_);
  if (!header) return fail(std::move(header).error());
  drop_waiting();
  ++counters_.requests;
  auto sent = socket_.send(request.view());
  request.clear();  // it may hold keys
  if (!sent) return fail(request_failed(header->type, object, sent.error()));
  return *header;
}

Result<WipedBuffer> Requester::transact(WipedBuffer request, std::string_view object,
                                        const Completion& also_done) {
  auto sent = send(request, object);
  if (!sent) return fail(std::move(sent).error());
  const Header& asked = *sent;
  const auto deadline = Clock::now() + timeout_;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return fail(timed_out(asked.type, object, timeout_));
    WipedBuffer datagram;
    auto got = socket_.receive(datagram, left);
    if (!got) return fail(request_failed(asked.type, object, got.error()));
    if (!*got) return fail(timed_out(asked.type, object, timeout_));
    const auto header = peek_header(datagram.view());
    if (!header) {
      ++counters_.malformed;
      continue;
    }
    if (header->type == asked.type && header->seq == asked.seq && header->pid == asked.pid) {
      if (header->error != 0) return fail(reply_error(asked.type, object, header->error));
      return datagram;
    }
    if (also_done && header->error == 0) {
      auto message = parse(datagram.view());
      if (message && also_done(*message)) return datagram;
    }
    ++counters_.unmatched;
  }
}

Result<void> Requester::dump(WipedBuffer request, std::string_view object,
                             const DumpEntry& on_entry) {
  auto sent = send(request, object);
  if (!sent) return fail(std::move(sent).error());
  const Header& asked = *sent;
  for (;;) {
    // Linux numbers dump messages count+1 down to the last one, seq 0; an
    // error reply echoes the request's seq. Type and pid tell ours apart.
    WipedBuffer datagram;
    auto got = socket_.receive(datagram, timeout_);
    if (!got) return fail(request_failed(asked.type, object, got.error()));
    if (!*got) return fail(timed_out(asked.type, object, timeout_));
    const auto header = peek_header(datagram.view());
    if (!header) {
      ++counters_.malformed;
      continue;
    }
    if (header->type != asked.type || header->pid != asked.pid) {
      ++counters_.unmatched;
      continue;
    }
    if (header->error != 0) {
      if (header->error == ENOENT) return ok();  // nothing to dump
      return fail(reply_error(asked.type, object, header->error));
    }
    auto message = parse(datagram.view());
    if (message) {
      on_entry(*message);
    } else {
      ++counters_.malformed;
    }
    if (header->seq == 0) return ok();
  }
}

}  // namespace rc::kernel::pfkey
