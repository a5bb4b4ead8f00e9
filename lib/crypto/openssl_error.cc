#include "crypto/openssl_error.h"

#include <string>

#include <openssl/err.h>

namespace rc::crypto {

Error openssl_error(std::string_view what) {
  // The earliest entry names the root cause; later ones are the callers'
  // "failed too" lines.
  const unsigned long code = ERR_get_error();
  std::string message(what);
  if (code != 0) {
    char reason[256];
    ERR_error_string_n(code, reason, sizeof reason);
    message += ": ";
    message += reason;
  }
  ERR_clear_error();
  return Error::invalid(std::move(message));
}

void discard_openssl_errors() noexcept {
  ERR_clear_error();
}

}  // namespace rc::crypto
