// A real spmif server for spmdctl's end-to-end tests: a UNIX stream socket
// in the test's directory, served from a thread by spmif::ServerSession
// (the same session code spmd runs) with a scripted CommandHandler that
// answers each command line with the original spmd's reply texts.
#pragma once

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstring>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "buf/secret_bytes.h"
#include "spmif/command.h"
#include "spmif/login.h"
#include "spmif/reply.h"
#include "spmif/session.h"

namespace spmdctl::testing {

class ScriptedHandler final : public rc::spmif::CommandHandler {
 public:
  // The reply to the command whose spmif line is `line`.
  void on(const std::string& line, rc::spmif::Reply reply) {
    const std::lock_guard lock(mutex_);
    script_[line] = std::move(reply);
  }
  rc::spmif::Reply handle(const rc::spmif::Command& command) override {
    const std::lock_guard lock(mutex_);
    const std::string line = rc::spmif::format_command(command);
    received_.push_back(line);
    const auto found = script_.find(line);
    if (found == script_.end()) return rc::spmif::Reply{550, {"unscripted: " + line}};
    return found->second;
  }
  [[nodiscard]] std::vector<std::string> received() const {
    const std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, rc::spmif::Reply> script_;
  std::vector<std::string> received_;
};

class SpmifServer {
 public:
  SpmifServer(std::string socket_path, std::span<const std::uint8_t> secret,
              rc::spmif::CommandHandler& handler)
      : path_(std::move(socket_path)),
        password_(rc::spmif::password_hex(secret)),
        handler_(handler) {}
  SpmifServer(const SpmifServer&) = delete;
  SpmifServer& operator=(const SpmifServer&) = delete;
  ~SpmifServer() { stop(); }

  // Binds, listens and starts serving; false (with errno's text in
  // error()) when the socket cannot be set up.
  bool start() {
    if (::pipe(stop_pipe_.data()) != 0) return failed("pipe");
    listener_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener_ < 0) return failed("socket");
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path_.size() >= sizeof(address.sun_path)) return failed("path too long");
    std::memcpy(address.sun_path, path_.data(), path_.size());
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    if (::bind(listener_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      return failed("bind");
    }
    if (::listen(listener_, 5) != 0) return failed("listen");
    thread_ = std::thread([this] { serve_all(); });
    return true;
  }

  void stop() {
    if (thread_.joinable()) {
      const char byte = 0;
      (void)!::write(stop_pipe_[1], &byte, 1);
      thread_.join();
    }
    close_fd(listener_);
    close_fd(stop_pipe_[0]);
    close_fd(stop_pipe_[1]);
  }

  // Sessions that ended with QUIT after a good login.
  [[nodiscard]] int quits() const { return quits_.load(); }
  [[nodiscard]] int login_failures() const { return login_failures_.load(); }
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  static void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }

  bool failed(const char* what) {
    error_ = std::string(what) + ": " + std::strerror(errno);
    return false;
  }

  // Waits for `fd` or the stop pipe; true when `fd` is readable.
  [[nodiscard]] bool wait_for(int fd) const {
    std::array<pollfd, 2> fds{pollfd{fd, POLLIN, 0}, pollfd{stop_pipe_[0], POLLIN, 0}};
    while (::poll(fds.data(), fds.size(), -1) < 0) {
    }
    return (fds[1].revents & POLLIN) == 0;
  }

  static bool send_all(int fd, const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  void serve_all() {
    while (wait_for(listener_)) {
      const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      serve(fd);
      ::close(fd);
    }
  }

  // One client at a time, as spmdctl makes one connection per run.
  void serve(int fd) {
    rc::spmif::ServerSession session(rc::spmif::make_challenge().value(), password_, handler_);
    if (!send_all(fd, session.greeting())) return;
    std::array<std::uint8_t, 4096> buffer{};
    while (wait_for(fd)) {
      const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
      if (n <= 0) return;
      const std::string out = session.feed(std::span(buffer.data(), static_cast<std::size_t>(n)));
      if (session.closing()) {
        if (session.authenticated()) ++quits_;
        if (session.counters().login_failures != 0) ++login_failures_;
      }
      if (!send_all(fd, out) || session.closing()) return;
    }
  }

  std::string path_;
  rc::buf::SecretBytes password_;
  rc::spmif::CommandHandler& handler_;
  int listener_ = -1;
  std::array<int, 2> stop_pipe_{-1, -1};
  std::thread thread_;
  std::atomic<int> quits_{0};
  std::atomic<int> login_failures_{0};
  std::string error_;
};

}  // namespace spmdctl::testing
