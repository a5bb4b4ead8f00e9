#include "base/error.h"

#include <cstring>
#include <string>

namespace rc {

Error Error::from_errno(int code, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += std::strerror(code);
  return Error{code, std::move(message)};
}

}  // namespace rc
