// Fuzzes the IKEv2 parser iked runs on every datagram: the header, the
// payload chain and the rule check, and the same input read as the
// decrypted contents of an SK payload (its first octet as the first inner
// payload type, the rest as the chain), the way iked reads a plaintext.
// Invariants: whatever parses encodes again, to as many octets, and those
// octets parse to an equal message; errors point inside the input and say
// something; the rule check answers every parsed message with a verdict
// whose notify fits it.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "ikev2/message.h"
#include "ikev2/rules.h"

namespace {

namespace ikev2 = rc::ikev2;

void check_error(const ikev2::ParseError& error, std::size_t size) {
  if (error.message.empty() || error.offset > size) __builtin_trap();
  const ikev2::RuleViolation verdict = ikev2::rejection_for(error);
  if (verdict.message.empty()) __builtin_trap();
  (void)ikev2::to_string(error.kind);
}

void check_verdict(const rc::Result<ikev2::Form, ikev2::RuleViolation>& verdict) {
  if (verdict) return;
  const ikev2::RuleViolation& violation = verdict.error();
  if (violation.message.empty()) __builtin_trap();
  if (violation.notify == ikev2::NotifyType::UnsupportedCriticalPayload) {
    if (ikev2::is_known(violation.payload) || violation.notify_data().size() != 1) {
      __builtin_trap();
    }
  }
}

// The chain survives encode -> parse unchanged, in as many octets.
void check_chain(ikev2::PayloadType first, const std::vector<ikev2::Payload>& chain,
                 std::size_t size) {
  if (ikev2::first_type(chain) != first) __builtin_trap();
  auto encoded = ikev2::encode_payload_chain(chain);
  if (!encoded || encoded->size() != size) __builtin_trap();
  auto again = ikev2::parse_payload_chain(first, *encoded);
  if (!again || *again != chain) __builtin_trap();
}

void check_message(const ikev2::Message& message, std::span<const std::uint8_t> wire) {
  auto header = ikev2::parse_header(wire);
  if (!header || header->header != message.header || header->length != wire.size()) {
    __builtin_trap();
  }
  auto encoded = ikev2::encode_message(message);
  if (!encoded || encoded->size() != wire.size()) __builtin_trap();
  auto again = ikev2::parse_message(*encoded);
  if (!again || *again != message) __builtin_trap();

  const auto outer = ikev2::check_outer(message);
  check_verdict(ikev2::check_message(message));
  // check_outer is check_message before decryption: it never refuses what
  // the full check of a message without SK contents accepts.
  if (!outer && ikev2::check_message(message)) __builtin_trap();

  // An SK body that happens to be a plaintext chain: the decrypted path.
  if (const auto* sk = ikev2::find_first<ikev2::SkPayload>(message.payloads)) {
    auto inner = ikev2::parse_payload_chain(sk->first_inner, sk->body);
    if (inner) {
      check_chain(sk->first_inner, *inner, sk->body.size());
      check_verdict(ikev2::check_message(message, *inner));
    } else {
      check_error(inner.error(), sk->body.size());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> wire(data, size);
  auto message = ikev2::parse_message(wire);
  if (message) {
    check_message(*message, wire);
  } else {
    check_error(message.error(), size);
  }

  if (size > 0) {
    const auto first = static_cast<ikev2::PayloadType>(data[0]);
    auto chain = ikev2::parse_payload_chain(first, wire.subspan(1));
    if (chain) {
      check_chain(first, *chain, size - 1);
    } else {
      check_error(chain.error(), size - 1);
    }
  }
  return 0;
}
