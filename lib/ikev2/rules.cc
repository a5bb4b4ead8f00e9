// check_header / check_outer / check_message: a message against its rule
// table (rule_tables.cc). The order of the checks is the order of the
// answers RFC 7296 asks for: the version first (§2.5), then critical
// payloads we do not understand (§2.5), then everything else as
// INVALID_SYNTAX (§3.10.1).
#include "ikev2/rules.h"

#include <array>

#include <fmt/format.h>

namespace rc::ikev2 {
namespace {

using Counts = std::array<std::size_t, kMaxRulesPerTable>;

RuleViolation syntax(std::string message) {
  return RuleViolation{NotifyType::InvalidSyntax, PayloadType::None, std::move(message)};
}

std::string describe(const RuleTable& table) {
  return fmt::format("{} {}", to_string(table.exchange), table.response ? "response" : "request");
}

std::optional<std::size_t> find_row(const RuleTable& table, PayloadType type) {
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    if (table.rows[i].type == type) return i;
  }
  return std::nullopt;
}

// §2.5: an unknown payload with the critical bit set rejects the message;
// without it, it is skipped (the tally below ignores unknown payloads).
Result<void, RuleViolation> refuse_unknown_critical(std::span<const Payload> payloads) {
  for (const Payload& payload : payloads) {
    const auto* unknown = std::get_if<UnknownPayload>(&payload);
    if (unknown != nullptr && unknown->critical) {
      return fail(RuleViolation{NotifyType::UnsupportedCriticalPayload, unknown->type,
                                fmt::format("critical payload of unknown type {}",
                                            static_cast<unsigned>(unknown->type))});
    }
  }
  return {};
}

// Counts each known payload against its row, refusing one the table does
// not list, one on the wrong side of the encryption, and counts over a
// row's maximum.
Result<void, RuleViolation> tally(const RuleTable& table, std::span<const Payload> payloads,
                                  bool inside_sk, Counts& counts) {
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    const PayloadType type = payload_type(payloads[i]);
    if (std::holds_alternative<UnknownPayload>(payloads[i])) continue;
    if (!inside_sk && type == PayloadType::Sk && i + 1 != payloads.size()) {
      return fail(syntax("the SK payload is not the last payload (RFC 7296 §3.14)"));
    }
    const auto row = find_row(table, type);
    if (!row) {
      return fail(syntax(fmt::format("{} payload is not allowed in {}{}", to_string(type),
                                     inside_sk ? "SK of " : "", describe(table))));
    }
    const PayloadRule& rule = table.rows[*row];
    if (inside_sk && rule.placement == Placement::Clear) {
      return fail(
          syntax(fmt::format("{} payload inside SK in {}", to_string(type), describe(table))));
    }
    if (!inside_sk && rule.placement == Placement::Encrypted) {
      return fail(syntax(fmt::format("{} payload outside SK in {}; it must be encrypted",
                                     to_string(type), describe(table))));
    }
    if (++counts[*row] > rule.max) {
      return fail(syntax(fmt::format("more than {} {} payload{} in {}", rule.max, to_string(type),
                                     rule.max == 1 ? "" : "s", describe(table))));
    }
  }
  return {};
}

// NotifyAnswer: nothing but Notify and Vendor ID (and the SK around them),
// and a Notify that is an error, or a cookie where the table allows one.
bool is_notify_answer(const RuleTable& table, std::span<const Payload> outer,
                      std::span<const Payload> inner) {
  bool answer = false;
  for (const auto part : {outer, inner}) {
    for (const Payload& payload : part) {
      if (std::holds_alternative<UnknownPayload>(payload)) continue;
      const PayloadType type = payload_type(payload);
      if (type == PayloadType::VendorId || type == PayloadType::Sk) continue;
      const auto* notify = std::get_if<NotifyPayload>(&payload);
      if (notify == nullptr) return false;
      const bool cookie =
          table.notify_answer == NotifyAnswer::ErrorOrCookie && notify->type == NotifyType::Cookie;
      if (is_error(notify->type) || cookie) answer = true;
    }
  }
  return answer;
}

// The shared check. Without `inner` (before decryption) the rows that live
// inside SK are neither required nor grouped yet.
Result<Form, RuleViolation> check(const Message& message,
                                  std::optional<std::span<const Payload>> inner) {
  if (auto header = check_header(message.header); !header) return fail(std::move(header).error());
  const RuleTable* found = find_rule_table(message.header.exchange, message.header.response);
  if (found == nullptr) return fail(syntax("no rule table"));  // check_header made sure
  const RuleTable& table = *found;

  if (auto critical = refuse_unknown_critical(message.payloads); !critical) {
    return fail(std::move(critical).error());
  }
  if (inner) {
    if (auto critical = refuse_unknown_critical(*inner); !critical) {
      return fail(std::move(critical).error());
    }
  }

  Counts counts{};
  if (auto outer = tally(table, message.payloads, false, counts); !outer) {
    return fail(std::move(outer).error());
  }
  if (inner) {
    if (!inner->empty() && find_first<SkPayload>(message.payloads) == nullptr) {
      return fail(syntax("decrypted payloads for a message without an SK payload"));
    }
    if (auto decrypted = tally(table, *inner, true, counts); !decrypted) {
      return fail(std::move(decrypted).error());
    }
  }

  const auto judged = [&](const PayloadRule& rule) {
    return inner.has_value() || rule.placement == Placement::Clear;
  };
  // The SK payload is required whatever the answer (an error answer in a
  // protected exchange is encrypted too).
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const PayloadRule& rule = table.rows[i];
    if (rule.type == PayloadType::Sk && counts[i] < rule.min) {
      return fail(syntax(fmt::format("no SK payload in {}", describe(table))));
    }
  }
  std::optional<std::size_t> present_in_group;
  std::optional<std::size_t> absent_from_group;
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    if (!table.rows[i].together || !judged(table.rows[i])) continue;
    (counts[i] > 0 ? present_in_group : absent_from_group) = i;
  }
  if (present_in_group && absent_from_group) {
    return fail(syntax(
        fmt::format("{} payload without {} in {}", to_string(table.rows[*present_in_group].type),
                    to_string(table.rows[*absent_from_group].type), describe(table))));
  }

  Form form = Form::Complete;
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const PayloadRule& rule = table.rows[i];
    if (!judged(rule) || counts[i] >= rule.min) continue;
    if (table.notify_answer != NotifyAnswer::Refused &&
        is_notify_answer(table, message.payloads, inner.value_or(std::span<const Payload>{}))) {
      form = Form::NotifyOnly;
      break;
    }
    return fail(syntax(fmt::format("no {} payload in {} ({})", to_string(rule.type),
                                   describe(table), rule.source)));
  }

  // §3.1: the responder's SPI is set in a complete IKE_SA_INIT response;
  // a cookie or error answer has none yet (§2.6).
  if (table.exchange == ExchangeType::IkeSaInit && table.response && form == Form::Complete &&
      message.header.responder_spi == 0) {
    return fail(syntax("IKE_SA_INIT response with SAr1 but a zero responder SPI"));
  }
  return form;
}

}  // namespace

buf::Bytes RuleViolation::notify_data() const {
  if (notify == NotifyType::UnsupportedCriticalPayload) {
    return buf::Bytes{static_cast<std::uint8_t>(payload)};
  }
  return {};
}

Result<void, RuleViolation> check_header(const Header& header) {
  // §2.5: a higher major version is answered INVALID_MAJOR_VERSION; a lower
  // one is IKEv1/ISAKMP, which an IKEv2 peer cannot even answer usefully.
  if (header.major_version > kMajorVersion) {
    return fail(RuleViolation{NotifyType::InvalidMajorVersion, PayloadType::None,
                              fmt::format("major version {}", header.major_version)});
  }
  if (header.major_version < kMajorVersion) {
    return fail(RuleViolation{std::nullopt, PayloadType::None,
                              fmt::format("major version {} (not IKEv2)", header.major_version)});
  }
  if (find_rule_table(header.exchange, header.response) == nullptr) {
    return fail(syntax(fmt::format("{} has no rule table", to_string(header.exchange))));
  }
  if (header.initiator_spi == 0) return fail(syntax("zero initiator SPI (RFC 7296 §3.1)"));
  if (header.exchange == ExchangeType::IkeSaInit) {
    if (header.message_id != 0) {
      return fail(
          syntax(fmt::format("IKE_SA_INIT with Message ID {} (RFC 7296 §2.2)", header.message_id)));
    }
    if (!header.response && header.responder_spi != 0) {
      return fail(syntax("IKE_SA_INIT request with a responder SPI (RFC 7296 §3.1)"));
    }
  } else if (header.responder_spi == 0) {
    return fail(syntax(
        fmt::format("{} with a zero responder SPI (RFC 7296 §3.1)", to_string(header.exchange))));
  }
  return {};
}

Result<void, RuleViolation> check_outer(const Message& message) {
  auto form = check(message, std::nullopt);
  if (!form) return fail(std::move(form).error());
  return {};
}

Result<Form, RuleViolation> check_message(const Message& message,
                                          std::span<const Payload> decrypted) {
  return check(message, decrypted);
}

RuleViolation rejection_for(const ParseError& error) {
  switch (error.kind) {
    case ParseErrorKind::UnsupportedVersion:
      return RuleViolation{NotifyType::InvalidMajorVersion, PayloadType::None, error.message};
    case ParseErrorKind::NotIkev2:
      return RuleViolation{std::nullopt, PayloadType::None, error.message};
    case ParseErrorKind::Truncated:
    case ParseErrorKind::BadLength:
    case ParseErrorKind::TrailingBytes:
    case ParseErrorKind::BadField:
      break;
  }
  return syntax(error.message);
}

}  // namespace rc::ikev2
