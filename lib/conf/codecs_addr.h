// Codecs for addresses: `ADDR [port P]`, `unix "PATH"`, lists of them, and
// `upper_layer_protocol NAME [N [N]]`. Addresses stay as written (addr
// module): numeric, host name, or macro.
#pragma once

#include <optional>
#include <span>

#include "addr/addr_entry.h"
#include "conf/build_context.h"
#include "conf/json_writer.h"
#include "conf/model.h"
#include "conf/text_writer.h"

namespace rc::conf {

// One `ADDR [port P]` or `unix "PATH"` from `tokens` (reports its errors).
std::optional<addr::AddrEntry> parse_address_tokens(const BuildContext& context,
                                                    const syntax::Statement& statement,
                                                    std::span<const syntax::Token> tokens,
                                                    bool allow_unix);
// The config text of an entry, with its port clause.
std::string address_text(const addr::AddrEntry& entry);
void address_json(const addr::AddrEntry& entry, JsonWriter& out);

// A single address with an optional port (selector src/dst).
struct AddrCodec {
  using Value = addr::AddrEntry;
  static std::optional<Value> parse(const syntax::Statement& statement, BuildContext& context);
  static void write(std::string_view name, const Value& value, TextWriter& out);
  static void json(const Value& value, JsonWriter& out) { address_json(value, out); }
};

// One address or a `{ }` list; `unix "PATH"` allowed when AllowUnix.
template <bool AllowUnix>
struct AddrListCodec {
  using Value = addr::AddrList;
  static std::optional<Value> parse(const syntax::Statement& statement, BuildContext& context);
  static void write(std::string_view name, const Value& value, TextWriter& out);
  static void json(const Value& value, JsonWriter& out);
};

struct ProtocolCodec {
  using Value = UpperLayerProtocol;
  static std::optional<Value> parse(const syntax::Statement& statement, BuildContext& context);
  static void write(std::string_view name, const Value& value, TextWriter& out);
  static void json(const Value& value, JsonWriter& out);
};

// An address pool entry: `"A" - "B";` (both numeric, same family, A <= B).
std::optional<AddressRange> parse_address_range(const BuildContext& context,
                                                const syntax::Statement& statement);

}  // namespace rc::conf
