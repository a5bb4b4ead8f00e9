// DaemonProcess: a real racoon2 daemon (pfkeyd, spmd, ...) started by a
// test in the foreground, its stderr appended to a log file, considered up
// once its UNIX socket accepts a connection, and stopped with SIGTERM (then
// waited for) when the object goes.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace rc::testing {

class DaemonProcess {
 public:
  // `socket_type`: SOCK_SEQPACKET (pfkeyd) or SOCK_STREAM (spmd).
  DaemonProcess(std::string name, std::string log_path, std::string socket_path, int socket_type)
      : name_(std::move(name)),
        log_path_(std::move(log_path)),
        socket_path_(std::move(socket_path)),
        socket_type_(socket_type) {}
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;
  ~DaemonProcess() { stop(); }

  // Starts argv[0] with `argv` and waits up to `patience` for the socket to
  // answer. False, with the reason in error(), if the daemon did not come up.
  bool start(const std::vector<std::string>& argv,
             std::chrono::milliseconds patience = std::chrono::seconds(10)) {
    stop();
    std::vector<char*> args;
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-const-cast): posix_spawn takes char* const[]
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_path_.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0600);
    const int spawned = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), ::environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
      pid_ = -1;
      error_ = "cannot start " + argv[0] + ": " + std::strerror(spawned);
      return false;
    }
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (std::chrono::steady_clock::now() < deadline) {
      if (answers()) return true;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        error_ = name_ + " exited at start: " + log_text();
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    error_ = name_ + " did not answer in time: " + log_text();
    return false;
  }

  // SIGTERM and wait. Returns the exit status, or -1 when it died by a
  // signal or was not running.
  int stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0) {
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  [[nodiscard]] pid_t pid() const { return pid_; }
  [[nodiscard]] const std::string& socket_path() const { return socket_path_; }
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] std::string log_text() const {
    std::ifstream file(log_path_);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
  }
  // The daemon logs after it acted (a refused peer sees the close first),
  // so a test waits for a line instead of racing it.
  [[nodiscard]] bool log_shows(const std::string& needle,
                               std::chrono::milliseconds patience = std::chrono::seconds(5)) const {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (log_text().find(needle) == std::string::npos) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
  }

 private:
  [[nodiscard]] bool answers() const {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (socket_path_.size() >= sizeof(address.sun_path)) return false;
    std::memcpy(address.sun_path, socket_path_.data(), socket_path_.size());
    const int fd = ::socket(AF_UNIX, socket_type_ | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    const bool connected =
        ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return connected;
  }

  std::string name_;
  std::string log_path_;
  std::string socket_path_;
  int socket_type_;
  pid_t pid_ = -1;
  std::string error_;
};

}  // namespace rc::testing
