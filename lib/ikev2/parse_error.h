// ParseError: why a received IKEv2 message (or a decrypted payload chain)
// could not be decoded, and where. Every kind but the two version kinds is
// answered, where an answer is allowed at all, with INVALID_SYNTAX (RFC 7296
// §3.10.1); rules.h's rejection_for() makes that decision.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace rc::ikev2 {

enum class ParseErrorKind : std::uint8_t {
  Truncated,           // fewer bytes than a fixed field needs
  BadLength,           // a length field too small for its own header, or
                       // running past the structure that holds it
  TrailingBytes,       // bytes left after the last item a count or chain names
  BadField,            // a value the RFC forbids (SPI size, substructure marker,
                       // Nonce size, Key Length not in TV form, ...)
  UnsupportedVersion,  // major version above 2 (RFC 7296 §2.5)
  NotIkev2,            // major version below 2: IKEv1/ISAKMP, not ours
};

struct ParseError {
  ParseErrorKind kind = ParseErrorKind::Truncated;
  std::size_t offset = 0;  // from the start of the bytes given to the parser
  std::string message;     // for logs: what and where
};

std::string_view to_string(ParseErrorKind kind);

}  // namespace rc::ikev2
