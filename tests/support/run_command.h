// run_command: runs a program with arguments, without a shell, and returns
// its exit status (or -1 if it could not start or was killed). No shell on
// purpose: in the real-kernel VM /bin/sh is busybox, whose own `ip` applet
// would shadow iproute2's and knows nothing of veth or xfrm.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>  // environ (_GNU_SOURCE, which g++ and clang++ define)

#include <string>
#include <vector>

namespace rc::testing {

// quiet: stdout and stderr go to /dev/null.
inline int run_command(const std::vector<std::string>& argv, bool quiet = true) {
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-const-cast): posix_spawn takes char* const[]
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (quiet) {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  }
  pid_t pid = -1;
  const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), ::environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return -1;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace rc::testing
