#include "safefile/safefile.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <string>

#include <fmt/format.h>

namespace rc::safefile {

namespace {

enum class Kind { kSecretFile, kConfigFile, kPrivateDir };

constexpr mode_t kGroupOtherBits = S_IRWXG | S_IRWXO;
constexpr mode_t kGroupOtherWrite = S_IWGRP | S_IWOTH;

std::string_view type_name(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFREG:
      return "a regular file";
    case S_IFDIR:
      return "a directory";
    case S_IFLNK:
      return "a symbolic link";
    case S_IFIFO:
      return "a FIFO";
    case S_IFCHR:
      return "a character device";
    case S_IFBLK:
      return "a block device";
    case S_IFSOCK:
      return "a socket";
    default:
      return "of an unknown type";
  }
}

Result<void> refuse_setid(const std::string& path) {
  if (::getuid() != ::geteuid() || ::getgid() != ::getegid()) {
    return fail(Error::invalid(
        fmt::format("refusing to open {}: this program runs setuid or setgid; run it as the "
                    "intended user instead",
                    path)));
  }
  return ok();
}

// Explains why open() failed, naming a symbolic link or a wrong file type
// when that is the cause. lstat() here only words the message; the security
// decision was already made by O_NOFOLLOW and O_DIRECTORY.
Error open_error(const std::string& path, int error, Kind kind) {
  struct stat link_info {};
  const bool described = ::lstat(path.c_str(), &link_info) == 0;
  // O_NOFOLLOW refuses a final symbolic link with ELOOP, or with ENOTDIR
  // when O_DIRECTORY is set too; both are reported as the link they are.
  if ((error == ELOOP || error == ENOTDIR) && described && S_ISLNK(link_info.st_mode)) {
    return Error{ELOOP, fmt::format("{} is a symbolic link; give the real file's path", path)};
  }
  if (error == ENOTDIR && kind == Kind::kPrivateDir && described) {
    return Error{ENOTDIR, fmt::format("{} is not a directory (it is {})", path,
                                      type_name(link_info.st_mode))};
  }
  return Error::from_errno(error, "cannot open " + path);
}

Result<void> check_type(const std::string& path, const struct stat& info, Kind kind) {
  if (kind == Kind::kPrivateDir) {
    if (S_ISDIR(info.st_mode)) return ok();
    return fail(Error::invalid(
        fmt::format("{} is not a directory (it is {})", path, type_name(info.st_mode))));
  }
  if (S_ISREG(info.st_mode)) return ok();
  return fail(Error::invalid(
      fmt::format("{} is not a regular file (it is {})", path, type_name(info.st_mode))));
}

Result<void> check_owner(const std::string& path, const struct stat& info, Kind kind, uid_t owner) {
  if (info.st_uid == owner) return ok();
  // Root-owned configuration is the packaging norm and root can rewrite it
  // anyway, so it is trusted for any daemon user. Keys are not: a key
  // readable by the daemon must be the daemon's own.
  if (kind == Kind::kConfigFile && info.st_uid == 0) return ok();
  const std::string wanted = kind == Kind::kConfigFile && owner != 0
                                 ? fmt::format("uid {} or by root", owner)
                                 : fmt::format("uid {}", owner);
  return fail(
      Error::invalid(fmt::format("{} is owned by uid {}, must be owned by {} (run: chown {} {})",
                                 path, info.st_uid, wanted, owner, path)));
}

// What the group/other bits allow, worded for the message.
std::string_view access_word(mode_t bits) {
  if ((bits & (S_IRGRP | S_IROTH)) != 0) return "readable";
  if ((bits & kGroupOtherWrite) != 0) return "writable";
  return "accessible";
}

Result<void> check_mode(const std::string& path, const struct stat& info, Kind kind) {
  const mode_t mode = info.st_mode & 07777;
  switch (kind) {
    case Kind::kSecretFile:
      if ((mode & kGroupOtherBits) == 0) return ok();
      return fail(Error::invalid(fmt::format(
          "{} has mode {:04o}; a secret file must not be {} by group or others (run: chmod 600 {})",
          path, mode, access_word(mode & kGroupOtherBits), path)));
    case Kind::kConfigFile:
      // The original checked no mode here. A configuration file others can
      // write lets them choose our peers and keys, so we refuse it; reading
      // it is harmless because the keys live in separate secret files.
      if ((mode & kGroupOtherWrite) == 0) return ok();
      return fail(Error::invalid(fmt::format(
          "{} has mode {:04o}; a configuration file must not be writable by group or others "
          "(run: chmod go-w {})",
          path, mode, path)));
    case Kind::kPrivateDir:
      if ((mode & kGroupOtherBits) == 0) return ok();
      return fail(Error::invalid(fmt::format(
          "{} has mode {:04o}; a private directory must not be accessible by group or others "
          "(run: chmod 700 {})",
          path, mode, path)));
  }
  return ok();
}

Result<UniqueFd> open_checked(std::string_view path_view, Kind kind, uid_t owner,
                              struct stat* info_out = nullptr) {
  const std::string path(path_view);
  if (auto refused = refuse_setid(path); !refused) return fail(std::move(refused).error());

  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer
  // before we ever get to refuse it. O_NOCTTY: a terminal must not become
  // our controlling terminal.
  int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  if (kind == Kind::kPrivateDir) flags |= O_DIRECTORY;
  UniqueFd fd(::open(path.c_str(), flags));
  if (!fd) return fail(open_error(path, errno, kind));

  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return fail(Error::from_errno(errno, "cannot stat " + path));
  if (auto r = check_type(path, info, kind); !r) return fail(std::move(r).error());
  if (auto r = check_owner(path, info, kind, owner); !r) return fail(std::move(r).error());
  if (auto r = check_mode(path, info, kind); !r) return fail(std::move(r).error());

  if (kind != Kind::kPrivateDir) {
    const int status = ::fcntl(fd.get(), F_GETFL);
    if (status < 0 || ::fcntl(fd.get(), F_SETFL, status & ~O_NONBLOCK) < 0) {
      return fail(Error::from_errno(errno, "cannot set blocking mode on " + path));
    }
  }
  if (info_out != nullptr) *info_out = info;
  return fd;
}

}  // namespace

Result<UniqueFd> open_secret_file(std::string_view path, uid_t owner) {
  return open_checked(path, Kind::kSecretFile, owner);
}

Result<buf::SecretBytes> read_secret_file(std::string_view path, std::size_t max_size,
                                          uid_t owner) {
  struct stat info {};
  auto fd = open_checked(path, Kind::kSecretFile, owner, &info);
  if (!fd) return fail(std::move(fd).error());

  const auto size = static_cast<std::size_t>(std::max<off_t>(info.st_size, 0));
  if (size > max_size) {
    return fail(Error::invalid(fmt::format(
        "{} is {} bytes long; a key file may hold at most {} bytes", path, size, max_size)));
  }
  // One spare byte shows whether the file grew after fstat().
  buf::SecretBytes buffer = buf::SecretBytes::zeros(size + 1);
  auto room = buffer.reveal_writable();
  std::size_t total = 0;
  while (total < room.size()) {
    const ssize_t n = ::read(fd->get(), room.data() + total, room.size() - total);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(Error::from_errno(errno, fmt::format("cannot read {}", path)));
    }
    if (n == 0) break;
    total += static_cast<std::size_t>(n);
  }
  if (total != size) {
    return fail(Error::invalid(fmt::format("{} changed while it was being read", path)));
  }
  if (total == 0) {
    return fail(Error::invalid(fmt::format("{} is empty; it must hold the key", path)));
  }
  return buf::SecretBytes(room.first(total));
}

Result<UniqueFd> open_config_file(std::string_view path, uid_t owner) {
  return open_checked(path, Kind::kConfigFile, owner);
}

Result<UniqueFd> open_private_dir(std::string_view path, uid_t owner) {
  return open_checked(path, Kind::kPrivateDir, owner);
}

Result<void> check_private_dir(std::string_view path, uid_t owner) {
  auto fd = open_private_dir(path, owner);
  if (!fd) return fail(std::move(fd).error());
  return ok();
}

}  // namespace rc::safefile
