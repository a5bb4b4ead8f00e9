// The rule tables: what each IKEv2 exchange's request and response may and
// must contain (RFC 7296 §1.2-1.4), checked before any handler sees a
// message, so a handler never meets a missing payload. One table per
// (exchange, request|response); a row per payload type with its count
// bounds and whether it travels inside SK. A violation names the notify
// RFC 7296 answers it with.
//
// Whether to send that notify is the caller's decision (RFC 7296 §2.21,
// §3.10.1): never in reply to a response; INVALID_SYNTAX only inside a
// valid SK (after check_message on decrypted payloads, never after
// check_outer); INVALID_MAJOR_VERSION and UNSUPPORTED_CRITICAL_PAYLOAD also
// unprotected in reply to an IKE_SA_INIT request.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"
#include "buf/bytes.h"
#include "ikev2/message.h"

namespace rc::ikev2 {

// Where a payload may travel.
enum class Placement : std::uint8_t { Clear, Encrypted };

inline constexpr std::uint16_t kUnbounded = 0xFFFF;
// No table has more rows (the checker counts into a fixed array).
inline constexpr std::size_t kMaxRulesPerTable = 16;

struct PayloadRule {
  PayloadType type = PayloadType::None;
  std::uint16_t min = 0;
  std::uint16_t max = kUnbounded;
  Placement placement = Placement::Clear;
  // The rows so marked are present together or absent together: the Child
  // SA payloads (SA, TSi, TSr) of an IKE_AUTH response, the selectors of a
  // CREATE_CHILD_SA that rekeys the IKE SA (which has none).
  bool together = false;
  std::string_view source;  // the RFC section the row comes from
};

// A response that is only Notify (and Vendor ID) payloads may stand in for
// the whole response when it reports an error (RFC 7296 §2.21), and in
// IKE_SA_INIT also when it asks for a cookie (§2.6). The rows' minimums do
// not apply to such an answer.
enum class NotifyAnswer : std::uint8_t { Refused, Error, ErrorOrCookie };

struct RuleTable {
  ExchangeType exchange = ExchangeType::IkeSaInit;
  bool response = false;
  NotifyAnswer notify_answer = NotifyAnswer::Refused;
  std::span<const PayloadRule> rows;  // a payload type not listed is not allowed
  std::string_view source;
};

std::span<const RuleTable> rule_tables();
// nullptr for an exchange type without tables.
const RuleTable* find_rule_table(ExchangeType exchange, bool response);

// Which shape a message that passed has.
enum class Form : std::uint8_t {
  Complete,    // every row's minimum is met
  NotifyOnly,  // an error (or cookie) answer of Notify payloads, see NotifyAnswer
};

struct RuleViolation {
  // The notify RFC 7296 answers this with; nullopt: drop without a word
  // (a major version below 2 is IKEv1's, not a peer of ours).
  std::optional<NotifyType> notify;
  // For UNSUPPORTED_CRITICAL_PAYLOAD: the type the notify must name.
  PayloadType payload = PayloadType::None;
  std::string message;  // for logs

  // The Notification Data to send with `notify`: the one-octet payload type
  // for UNSUPPORTED_CRITICAL_PAYLOAD (§3.10.1), nothing for the others (the
  // highest version we speak goes in the reply's header, §2.5).
  [[nodiscard]] buf::Bytes notify_data() const;
};

// The header alone: major version (2, else INVALID_MAJOR_VERSION when
// higher), an exchange type with tables, a non-zero initiator SPI (§3.1),
// in IKE_SA_INIT Message ID 0 (§2.2) and a zero responder SPI in the
// request (§3.1), elsewhere a non-zero responder SPI.
Result<void, RuleViolation> check_header(const Header& header);

// Before decryption: the header, then the payloads in clear. A critical
// payload of unknown type answers UNSUPPORTED_CRITICAL_PAYLOAD (§2.5),
// unknown non-critical ones are skipped, a payload the table wants inside
// SK is refused here, the SK payload must be last (§3.14), and the counts
// of the clear payloads are checked. For IKE_SA_INIT this is the whole
// check (check_message gives the same verdict and the Form).
Result<void, RuleViolation> check_outer(const Message& message);

// The whole message: check_outer's rules plus the decrypted payloads of the
// SK payload (nothing for IKE_SA_INIT): each must be allowed inside SK, and
// every row's count bounds and "together" groups must hold.
Result<Form, RuleViolation> check_message(const Message& message,
                                          std::span<const Payload> decrypted = {});

// The verdict on a message that did not parse: INVALID_MAJOR_VERSION for a
// higher version, a silent drop for IKEv1, INVALID_SYNTAX for the rest.
RuleViolation rejection_for(const ParseError& error);

}  // namespace rc::ikev2
