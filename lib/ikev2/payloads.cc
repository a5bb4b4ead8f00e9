// The small helpers payloads.h declares next to the payload structs.
#include "ikev2/payloads.h"

#include "base/overloaded.h"

namespace rc::ikev2 {

std::optional<std::uint16_t> Transform::key_length() const {
  for (const TransformAttribute& attribute : attributes) {
    if (attribute.type == kAttributeKeyLength && attribute.tv) return attribute.value;
  }
  return std::nullopt;
}

PayloadType payload_type(const Payload& payload) {
  return std::visit(Overloaded{[](const UnknownPayload& p) { return p.type; },
                               []<class T>(const T&) { return T::kType; }},
                    payload);
}

const NotifyPayload* find_notify(std::span<const Payload> payloads, NotifyType type) {
  for (const Payload& payload : payloads) {
    const auto* notify = std::get_if<NotifyPayload>(&payload);
    if (notify != nullptr && notify->type == type) return notify;
  }
  return nullptr;
}

}  // namespace rc::ikev2
