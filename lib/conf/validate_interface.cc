// interface { }: the spmif endpoint and its password file.
#include <sys/stat.h>

#include <cerrno>

#include <fmt/format.h>

#include "conf/validate_checks.h"

namespace rc::conf::validation {

void check_interface(const Context& context) {
  if (!context.model.interface) return;
  const Interface& interface = *context.model.interface;
  if (interface.spmd_password) {
    struct stat info {};
    const bool missing = ::lstat(interface.spmd_password->c_str(), &info) != 0 && errno == ENOENT;
    if (!(missing && context.options.spmd_password_may_be_missing)) {
      context.check_secret_file("spmd_password", *interface.spmd_password, interface.location);
    }
  }
  // spmif over TCP has no peer credentials to check and only the password
  // file between any local user and the SPD; the original built it only
  // for debugging (reference §2.4).
  if (interface.spmd) {
    for (const addr::AddrEntry& entry : *interface.spmd) {
      if (entry.as_file() != nullptr) continue;
      context.out.warning(interface.location,
                          fmt::format("spmd {} is a TCP endpoint, meant for debugging only; "
                                      "expected unix \"PATH\"",
                                      entry));
    }
  }
}

}  // namespace rc::conf::validation
