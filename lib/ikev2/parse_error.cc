#include "ikev2/parse_error.h"

namespace rc::ikev2 {

std::string_view to_string(ParseErrorKind kind) {
  switch (kind) {
    case ParseErrorKind::Truncated:
      return "truncated";
    case ParseErrorKind::BadLength:
      return "bad length";
    case ParseErrorKind::TrailingBytes:
      return "trailing bytes";
    case ParseErrorKind::BadField:
      return "bad field";
    case ParseErrorKind::UnsupportedVersion:
      return "unsupported major version";
    case ParseErrorKind::NotIkev2:
      return "not IKEv2";
  }
  return "?";
}

}  // namespace rc::ikev2
