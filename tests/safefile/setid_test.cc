// A setuid or setgid process must refuse every check: its real user could
// otherwise point it at files of their choosing. Real and effective ids can
// only be made to differ as root, in a child process.
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "safefile/safefile.h"
#include "temp_tree.h"

namespace {

class SetId : public rc::testing::TempTree {};

// Runs `body` in a child whose ids were changed by `become`; the child's
// exit status is body's result (0 = all refused as expected).
template <class Become, class Body>
int run_in_child(Become become, Body body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (!become()) ::_exit(100);
    ::_exit(body());
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 101;
}

int expect_all_refused(const std::string& file, const std::string& dir) {
  int failures = 0;
  auto secret = rc::safefile::open_secret_file(file);
  if (secret || secret.error().message.find("setuid or setgid") == std::string::npos) ++failures;
  if (rc::safefile::read_secret_file(file, 64)) ++failures;
  if (rc::safefile::open_config_file(file)) ++failures;
  if (rc::safefile::check_private_dir(dir)) ++failures;
  return failures;
}

TEST_F(SetId, SetuidProcessIsRefused) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to make real and effective uid differ";
  const std::string file = make_file("key", "psk", 0600);
  const std::string dir = make_dir("run", 0700);
  // Sanity: the same calls succeed without the setuid state.
  ASSERT_TRUE(rc::safefile::open_secret_file(file));
  ASSERT_TRUE(rc::safefile::check_private_dir(dir));
  EXPECT_EQ(run_in_child([] { return ::setresuid(65534, 0, 0) == 0; },
                         [&] { return expect_all_refused(file, dir); }),
            0);
}

TEST_F(SetId, SetgidProcessIsRefused) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to make real and effective gid differ";
  const std::string file = make_file("key", "psk", 0600);
  const std::string dir = make_dir("run", 0700);
  EXPECT_EQ(run_in_child([] { return ::setresgid(65534, ::getegid(), ::getegid()) == 0; },
                         [&] { return expect_all_refused(file, dir); }),
            0);
}

}  // namespace
