// A real spmif server for the client tests: a UNIX listening socket in a
// private directory, each connection served by a ServerSession in the same
// event loop as the client under test.
#pragma once

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/unique_fd.h"
#include "event/loop.h"
#include "spmif/login.h"
#include "spmif/session.h"
#include "support/temp_dir.h"

namespace rc::spmif::testing {

// What the fake spmd does besides answering, decided by the handler.
struct ServerControl {
  bool mute = false;         // drop the replies of this read (a hung spmd)
  bool hang_up = false;      // close the connection after this read
  int commands_in_read = 0;  // handled in the current read
  int max_commands_per_read = 0;
};

class TestServer {
 public:
  TestServer(event::Loop& loop, CommandHandler& handler, std::string_view secret)
      : loop_(loop),
        handler_(handler),
        dir_("spmif-client"),
        path_(dir_.path("spmif")),
        password_(password_hex(buf::to_bytes(secret))) {
    listener_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    EXPECT_TRUE(listener_.valid());
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path_.data(), path_.size());
    EXPECT_EQ(::bind(listener_.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(::listen(listener_.get(), 8), 0);
    auto watch = loop_.watch_io(listener_.get(), event::Interest::kRead,
                                [this](event::IoEvents) { accept_one(); });
    EXPECT_TRUE(watch);
    if (watch) watch_ = std::move(*watch);
  }

  [[nodiscard]] const std::string& path() const { return path_; }
  ServerControl& control() { return control_; }
  [[nodiscard]] int accepted() const { return accepted_; }
  [[nodiscard]] const std::vector<std::string>& received() const { return received_; }
  // Counters of every session, closed ones included.
  [[nodiscard]] SessionCounters totals() const {
    SessionCounters sum = closed_totals_;
    for (const auto& c : connections_) {
      if (c) add(sum, c->session->counters());
    }
    return sum;
  }

 private:
  struct Connection {
    UniqueFd fd;
    event::IoWatch watch;
    std::unique_ptr<ServerSession> session;
  };

  static void add(SessionCounters& sum, const SessionCounters& c) {
    sum.commands += c.commands;
    sum.login_failures += c.login_failures;
    sum.oversized += c.oversized;
    sum.syntax_errors += c.syntax_errors;
  }

  void accept_one() {
    UniqueFd fd(::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (!fd) return;
    ++accepted_;
    auto challenge = make_challenge();
    ASSERT_TRUE(challenge);
    auto connection = std::make_unique<Connection>();
    connection->session = std::make_unique<ServerSession>(*challenge, password_, handler_);
    send(fd.get(), connection->session->greeting());
    const std::size_t index = connections_.size();
    auto watch = loop_.watch_io(fd.get(), event::Interest::kRead,
                                [this, index](event::IoEvents) { serve(index); });
    ASSERT_TRUE(watch);
    connection->watch = std::move(*watch);
    connection->fd = std::move(fd);
    connections_.push_back(std::move(connection));
  }

  void serve(std::size_t index) {
    Connection& c = *connections_[index];
    std::array<std::uint8_t, 4096> buffer{};
    const ssize_t n = ::read(c.fd.get(), buffer.data(), buffer.size());
    if (n <= 0) {
      close(index);
      return;
    }
    record(std::string_view(reinterpret_cast<const char*>(buffer.data()),
                            static_cast<std::size_t>(n)));
    control_.commands_in_read = 0;
    const std::string out =
        c.session->feed(std::span<const std::uint8_t>(buffer.data(), static_cast<std::size_t>(n)));
    control_.max_commands_per_read =
        std::max(control_.max_commands_per_read, control_.commands_in_read);
    const bool hang_up = control_.hang_up;
    if (!control_.mute && !hang_up) send(c.fd.get(), out);
    control_.mute = false;
    control_.hang_up = false;
    if (c.session->closing() || hang_up) close(index);
  }

  void record(std::string_view bytes) {
    pending_text_ += bytes;
    std::size_t lf = 0;
    while ((lf = pending_text_.find('\n')) != std::string::npos) {
      std::string line = pending_text_.substr(0, lf);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      received_.push_back(std::move(line));
      pending_text_.erase(0, lf + 1);
    }
  }

  void close(std::size_t index) {
    add(closed_totals_, connections_[index]->session->counters());
    connections_[index].reset();
  }

  static void send(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  event::Loop& loop_;
  CommandHandler& handler_;
  rc::testing::TempDir dir_;
  std::string path_;
  buf::SecretBytes password_;
  UniqueFd listener_;
  event::IoWatch watch_;
  std::vector<std::unique_ptr<Connection>> connections_;
  SessionCounters closed_totals_;
  ServerControl control_;
  std::string pending_text_;
  std::vector<std::string> received_;
  int accepted_ = 0;
};

}  // namespace rc::spmif::testing
