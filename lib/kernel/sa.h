// Security associations as the key engine sees them: identity, parameters to
// install, and what a GET or DUMP reports.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "addr/ip_address.h"
#include "buf/secret_bytes.h"
#include "kernel/lifetime.h"
#include "kernel/selector.h"
#include "rct/types.h"

namespace rc::kernel {

// An SA is found by (protocol, destination, SPI); the source completes the
// pair for engines (PF_KEY) that match on it too.
struct SaId {
  rct::SaType type = rct::SaType::Esp;  // Esp, Ah or Ipcomp: never a bundle
  addr::IpAddress src;
  addr::IpAddress dst;
  std::uint32_t spi = 0;  // host order; an IPComp CPI sits in the low 16 bits

  bool operator==(const SaId&) const = default;
};

// The single SA types of `type`: a bundle (AhEsp, ...) gives its members,
// Esp/Ah/Ipcomp give themselves. PF_KEY and XFRM register them one by one.
std::vector<rct::SaType> single_sa_types(rct::SaType type);

// Ask for a larval SA with an SPI from [min, max], both inclusive. The
// kernel picks at random within the range.
struct SpiRequest {
  rct::SaType type = rct::SaType::Esp;
  addr::IpAddress src;
  addr::IpAddress dst;
  rct::IpsecMode mode = rct::IpsecMode::Transport;
  std::uint32_t reqid = 0;
  std::uint32_t min = 0x100;  // 1..255 are reserved by IANA (RFC 4303 §2.1)
  std::uint32_t max = 0xffffffff;
  std::uint32_t seq = 0;  // the ACQUIRE this answers, when there was one
};

// UDP encapsulation of ESP for NAT traversal (RFC 3948).
struct NatEncapsulation {
  std::uint16_t src_port = 4500;
  std::uint16_t dst_port = 4500;
  // The peer's original address, for transport-mode checksum fix-up.
  std::optional<addr::IpAddress> original_address;

  bool operator==(const NatEncapsulation&) const = default;
};

// Everything needed to add or update an SA. Keys are secrets: the struct is
// move-only and its keys are wiped when it goes.
struct SaParams {
  SaId id;
  rct::IpsecMode mode = rct::IpsecMode::Transport;
  std::uint32_t reqid = 0;
  std::uint8_t replay_window = 32;  // packets; 0 disables replay protection

  // Cipher (ESP) and its key. For AEAD and counter modes the key blob ends
  // with the salt (RFC 4106 §8.1, RFC 7634 §2): its size is the key length.
  rct::EncAlg encryption{};  // unset = none (AH, IPComp, integrity-only ESP)
  buf::SecretBytes encryption_key;
  // Integrity (ESP or AH) and its key; unset for AEAD ciphers.
  rct::AuthAlg integrity{};
  buf::SecretBytes integrity_key;
  rct::CompAlg compression{};  // IPComp only

  Lifetimes lifetimes;
  // The traffic a transport-mode SA may carry; unset = any (engines fill in
  // what they must).
  std::optional<Selector> selector;
  std::optional<NatEncapsulation> nat;
  bool extended_sequence_numbers = false;  // ESN (RFC 4303 §2.2.1)
  std::uint32_t seq = 0;                   // the ACQUIRE or GETSPI this completes
};

enum class SaState : std::uint8_t { Larval, Mature, Dying, Dead };

// What GET and DUMP report: the parameters (keys included — the caller
// decides what to show) and the kernel's counters.
struct SaInfo {
  SaParams params;
  SaState state = SaState::Mature;
  LifetimeCurrent current;
};

}  // namespace rc::kernel
