// PfkeydProcess: a real pfkeyd started by a test in the foreground, serving
// PF_KEY in a private directory of its own, stopped (SIGTERM, then waited
// for) when the object goes. Its log goes to <dir>/pfkeyd.log so a failing
// test can show it.
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

class PfkeydProcess {
 public:
  // `dir` must exist and be private (mode 0700); the socket is <dir>/run/pfkey.
  PfkeydProcess(std::string binary, std::string dir)
      : binary_(std::move(binary)), dir_(std::move(dir)) {}
  PfkeydProcess(const PfkeydProcess&) = delete;
  PfkeydProcess& operator=(const PfkeydProcess&) = delete;
  ~PfkeydProcess() { stop(); }

  [[nodiscard]] std::string socket_path() const { return dir_ + "/run/pfkey"; }
  [[nodiscard]] std::string state_file() const { return dir_ + "/pfkeyd.state"; }
  [[nodiscard]] pid_t pid() const { return pid_; }

  // Starts pfkeyd and waits (up to 10 s) until its socket answers. Returns
  // false, with the reason in error(), if it did not come up.
  bool start(std::chrono::seconds larval_timeout = std::chrono::seconds(30),
             const std::vector<std::string>& extra = {}) {
    stop();
    std::vector<std::string> argv{binary_,
                                  "-F",
                                  "--socket=" + socket_path(),
                                  "--state-file=" + state_file(),
                                  "--pid-file=" + dir_ + "/pfkeyd.pid",
                                  "--larval-timeout=" + std::to_string(larval_timeout.count())};
    argv.insert(argv.end(), extra.begin(), extra.end());
    std::vector<char*> args;
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-const-cast): posix_spawn takes char* const[]
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string log = dir_ + "/pfkeyd.log";
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0600);
    const int spawned = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), ::environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
      pid_ = -1;
      error_ = "cannot start " + binary_ + ": " + std::strerror(spawned);
      return false;
    }
    for (int i = 0; i < 1000; ++i) {
      if (answers()) return true;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        error_ = "pfkeyd exited at start: " + log_text();
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    error_ = "pfkeyd did not answer within 10 s: " + log_text();
    return false;
  }

  // SIGTERM (pfkeyd saves its tables) and wait. Returns the exit status, or
  // -1 when it died by a signal or was not running.
  int stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0) {
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] std::string log_text() const {
    std::ifstream file(dir_ + "/pfkeyd.log");
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
    const std::string path = socket_path();
    if (path.size() >= sizeof(address.sun_path)) return false;
    std::memcpy(address.sun_path, path.data(), path.size());
    const int fd = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    const bool connected =
        ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return connected;
  }

  std::string binary_;
  std::string dir_;
  pid_t pid_ = -1;
  std::string error_;
};

}  // namespace rc::testing
