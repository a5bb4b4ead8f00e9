#include "daemon/run_dir.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include <fmt/format.h>

namespace rc::daemon {

Result<UniqueFd> ensure_run_dir(std::string_view path) {
  const std::string dir(path);
  if (dir.empty()) return fail(Error::invalid("the run directory path is empty"));
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return fail(Error::from_errno(errno, "cannot create the run directory " + dir));
  }
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) {
    const int error = errno;
    struct stat link {};
    // O_NOFOLLOW|O_DIRECTORY refuses a symbolic link with ELOOP or ENOTDIR.
    if ((error == ELOOP || error == ENOTDIR) && ::lstat(dir.c_str(), &link) == 0 &&
        S_ISLNK(link.st_mode)) {
      return fail(Error{ELOOP, fmt::format("run directory {} is a symbolic link; give the real "
                                           "directory's path",
                                           dir)});
    }
    if (error == ENOTDIR) {
      return fail(Error{ENOTDIR, fmt::format("run directory {} is not a directory", dir)});
    }
    return fail(Error::from_errno(error, "cannot open the run directory " + dir));
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    return fail(Error::from_errno(errno, "cannot stat the run directory " + dir));
  }
  const uid_t me = ::geteuid();
  if (info.st_uid != me) {
    return fail(Error::invalid(fmt::format(
        "run directory {} is owned by uid {}, not by uid {} running this daemon (run: chown {} {})",
        dir, info.st_uid, me, me, dir)));
  }
  const mode_t mode = info.st_mode & 07777;
  if ((mode & (S_IRWXG | S_IRWXO)) != 0) {
    return fail(Error::invalid(fmt::format(
        "run directory {} has mode {:04o}; it must not be accessible by group or others "
        "(run: chmod 700 {})",
        dir, mode, dir)));
  }
  return fd;
}

}  // namespace rc::daemon
