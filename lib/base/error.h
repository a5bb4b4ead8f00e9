// rc::Error: the error every libracoon module returns unless its layer needs
// a richer one. It keeps the errno of the system call that failed (0 when the
// failure is not a system error) so callers can tell EEXIST from ENOENT.
#pragma once

#include <string>
#include <string_view>

namespace rc {

struct Error {
  int code = 0;         // errno value, or 0 for a non-system error
  std::string message;  // complete sentence for the operator, no trailing newline

  // An error from a failed system call: message + ": " + strerror(code).
  static Error from_errno(int code, std::string_view what);
  static Error invalid(std::string message) { return Error{0, std::move(message)}; }
};

}  // namespace rc
