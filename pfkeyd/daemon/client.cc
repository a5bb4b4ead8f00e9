#include "client.h"

#include <sys/socket.h>

#include <cerrno>
#include <utility>

namespace rc::pfkeyd {

bool Client::queue(WipedBuffer message, bool reply) {
  if (!reply && queued_bytes_ + message.size() > kBroadcastQueueLimit) return false;
  queued_bytes_ += message.size();
  queue_.push_back(std::move(message));
  return true;
}

void Client::update_interest() {
  const bool want_writes = has_output();
  if (want_writes == watching_writes_) return;
  const auto interest = want_writes ? event::Interest::kReadWrite : event::Interest::kRead;
  if (watch_.set_interest(interest)) watching_writes_ = want_writes;
}

Result<void> Client::flush() {
  while (!queue_.empty()) {
    const auto bytes = queue_.front().view();
    const ssize_t sent = ::send(fd_.get(), bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EAGAIN) return ok();  // EWOULDBLOCK is the same on Linux
      if (errno == EINTR) continue;
      return fail(Error::from_errno(errno, "send to a PF_KEY client"));
    }
    queued_bytes_ -= queue_.front().size();
    queue_.pop_front();
  }
  return ok();
}

}  // namespace rc::pfkeyd
