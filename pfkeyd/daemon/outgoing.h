// Who gets a message pfkeyd sends, following PF_KEY's delivery rules
// (RFC 2367 §1.2, Linux af_key's BROADCAST_ONE / _ALL / _REGISTERED).
#pragma once

#include <cstdint>

#include "kernel/pfkey/pfkey_message.h"

namespace rc::pfkeyd {

using kernel::pfkey::WipedBuffer;

// What one connected socket asked for.
struct ClientState {
  std::uint32_t registered = 0;  // bit n: SADB_REGISTER for satype n
  bool promiscuous = false;      // SADB_X_PROMISC: a copy of everything sent

  [[nodiscard]] bool registered_for(std::uint8_t satype) const {
    return satype < 32 && (registered & (1U << satype)) != 0;
  }
};

enum class Audience : std::uint8_t {
  Sender,      // the reply to a request (GET, DUMP, GETSPI, errors)
  All,         // every socket: ADD, UPDATE, DELETE, FLUSH, X_SPD* changes
  Registered,  // sockets registered for `satype`: ACQUIRE, EXPIRE, REGISTER
};

struct Outgoing {
  Audience audience = Audience::Sender;
  std::uint8_t satype = 0;  // for Registered; SADB_SATYPE_UNSPEC = any registration
  WipedBuffer message;
};

}  // namespace rc::pfkeyd
