// OptionSpec: the one definition of a racoon2.conf directive — its name,
// value type, built-in default and help text. The config validator, the
// built-in defaults, `racoon2-config options` and the racoon2.conf(5) table
// are all generated from these rows, so a directive is described once.
#pragma once

#include <span>
#include <string_view>

namespace rc::options {

enum class ValueType {
  Bool,           // on|off|enable|disable|yes|no
  Enum,           // one word of `choices`
  AddrList,       // one address or `{ a; b; }`; address [port N]
  Path,           // a file or socket path, usually quoted
  Number,         // an integer within [min, max] (0x… is hex, as the original)
  Time,           // N [sec|min|hour|day …], no unit = seconds; `infinite` = 0
  Bytes,          // N [B|KB|MB|GB], binary multiples, no unit = bytes; `infinite` = 0
  String,         // free text, usually quoted
  Index,          // the name of another block (a remote, selector, policy …)
  IndexList,      // one index or `{ a; b; }`
  AlgorithmList,  // `name[,bits[,key]]` or `name,,key`, or `{ …; … }`; names from `choices`
  DhGroupList,    // group names from `choices` or group numbers, one or `{ …; … }`
  IdList,         // `TYPE [file|tag] VALUE`, one or `{ …; … }`; TYPE from `choices`
  PublicKey,      // `TYPE "public" "private"` (mine) or `TYPE "public"`; TYPE from `choices`
  KmpList,        // one KMP or `{ …; … }`, words from `choices`
  Address,        // one address, macro or FQDN, [port N]
  Protocol,       // a protocol name, number or `any`, then up to two numbers
  Block,          // a nested block; its directives are the rows of the section of that name
  Flag,           // a bare word inside its block, asking for one thing
};

struct OptionSpec {
  std::string_view section;  // "interface", "kmp" (ikev1/ikev2/kink common), "sa", ...
  std::string_view name;     // directive keyword inside the block
  ValueType type;
  // Written exactly as racoon2.conf writes the value ("32 B", "1 sec",
  // "exact"), so the config parser can parse it as the built-in tier; empty
  // = no built-in default. For "kmp" rows this is IKEv2's built-in; see
  // default_for() for IKEv1 and KINK.
  std::string_view default_value = {};
  std::string_view help = {};  // one or two sentences for racoon2.conf(5)
  // The accepted keywords: Enum values, algorithm or group names, KMPs, ID
  // types, key file types.
  std::span<const std::string_view> choices = {};
  long long min = 0;  // ValueType::Number only
  long long max = 0;
  bool extension = false;  // ours, not in the original racoon2 grammar
  // Non-empty: accepted but without effect, and why; the parser warns with
  // this text. See not_implemented_for() for gaps of one KMP only.
  std::string_view not_implemented = {};
};

// A "kmp" row whose built-in default differs for IKEv1 or KINK.
struct KmpDefault {
  std::string_view kmp;    // "ikev1" or "kink"
  std::string_view name;   // a "kmp" row
  std::string_view value;  // as default_value; empty = no built-in default
};

// A "kmp" row accepted but not implemented for one KMP.
struct KmpGap {
  std::string_view kmp;
  std::string_view name;
  std::string_view reason;
};

std::string_view type_name(ValueType type);

}  // namespace rc::options
