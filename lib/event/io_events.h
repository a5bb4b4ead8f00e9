// What a file-descriptor watch asks for (Interest) and what the loop reports
// to its callback (IoEvents). Errors and hang-ups are always reported, as
// both epoll and poll do, so a callback learns that its peer went away even
// when it only asked for writability.
#pragma once

namespace rc::event {

enum class Interest : unsigned { kNone = 0, kRead = 1, kWrite = 2, kReadWrite = 3 };

constexpr Interest operator|(Interest a, Interest b) {
  return static_cast<Interest>(static_cast<unsigned>(a) | static_cast<unsigned>(b));
}
constexpr bool wants_read(Interest interest) {
  return (static_cast<unsigned>(interest) & static_cast<unsigned>(Interest::kRead)) != 0;
}
constexpr bool wants_write(Interest interest) {
  return (static_cast<unsigned>(interest) & static_cast<unsigned>(Interest::kWrite)) != 0;
}

struct IoEvents {
  bool readable = false;
  bool writable = false;
  bool error = false;   // EPOLLERR / POLLERR / POLLNVAL
  bool hangup = false;  // EPOLLHUP / POLLHUP: the peer closed; reads drain then hit EOF

  [[nodiscard]] bool any() const { return readable || writable || error || hangup; }
};

}  // namespace rc::event
