// One setkey(8) command as rcsetkey understands it: what the parser makes
// of the text and what execute() runs against a key engine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "addr/ip_address.h"
#include "base/result.h"
#include "kernel/policy.h"
#include "kernel/sa.h"
#include "kernel/selector.h"
#include "rct/types.h"

namespace rcsetkey {

enum class CommandKind : std::uint8_t {
  Add,
  Update,  // like add, on an SA that exists (a larval one from getspi)
  GetSpi,
  Get,
  Delete,
  DeleteAll,
  Flush,
  Dump,
  SpdAdd,
  SpdUpdate,
  SpdDelete,
  SpdFlush,
  SpdDump,
  Packet,  // pfkeyd only: "this packet leaves or arrives"
};

std::string_view name(CommandKind kind);  // the setkey word: "add", "spdadd", ...

// `packet`: the packet pfkeyd is told about (its PacketReport, kept here
// without the PF_KEY headers so the parser stays pure and portable).
struct PacketCommand {
  rc::kernel::Selector packet;  // host prefixes, protocol, ports (0 = none)
  rc::rct::Direction direction = rc::rct::Direction::Outbound;
  std::uint64_t bytes = 0;
};

struct Command {
  CommandKind kind = CommandKind::Dump;
  int line = 0;  // where the command starts, for error messages

  // SAD commands. `sa.id` holds src, dst, protocol and SPI as far as the
  // command names them; flush and dump filter on `protocol` when set.
  rc::kernel::SaParams sa;
  std::optional<rc::rct::SaType> protocol;
  // getspi: the endpoints, mode, reqid and SPI range.
  rc::kernel::SpiRequest spi_request;

  // SPD commands.
  rc::kernel::PolicyParams policy;

  PacketCommand packet;
};

// Parses setkey's command language. `origin` names the input in messages
// ("file:line:column: message"). Nothing is executed.
rc::Result<std::vector<Command>> parse_commands(std::string_view text, std::string_view origin);

// setkey's algorithm names (ipsec-tools setkey(8)) and the neutral values.
std::optional<rc::rct::EncAlg> encryption_from_setkey(std::string_view word);
std::optional<rc::rct::AuthAlg> integrity_from_setkey(std::string_view word);
std::optional<rc::rct::CompAlg> compression_from_setkey(std::string_view word);
std::string_view setkey_name(rc::rct::EncAlg alg);   // "?" when setkey has none
std::string_view setkey_name(rc::rct::AuthAlg alg);  // "?" when setkey has none
std::string_view setkey_name(rc::rct::CompAlg alg);  // "?" when setkey has none

}  // namespace rcsetkey
