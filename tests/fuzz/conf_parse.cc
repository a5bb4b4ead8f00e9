// Fuzzes the whole racoon2.conf pipeline: lexer, grammar, builder (setval,
// ${VAR}, $[ENV], every directive's codec) and validation. Whatever loads
// must dump to text that loads again without a diagnostic and dumps to the
// same text, must dump to JSON, and must survive three-tier resolution.
// Includes are off and the environment is fixed, so a run never touches the
// file system or depends on the machine.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "conf/config.h"
#include "conf/dump.h"
#include "conf/loader.h"

namespace {

using rc::conf::Config;
using rc::conf::LoadOptions;

const LoadOptions& options() {
  static const LoadOptions opts = [] {
    LoadOptions o;
    o.read.allow_include = false;
    o.read.check_file_security = false;
    o.read.environment = [](std::string_view name) -> std::optional<std::string> {
      if (name == "HOME") return std::string("/home/fuzz");
      return std::nullopt;
    };
    o.validate.check_secret_files = false;
    return o;
  }();
  return opts;
}

void check_round_trip(const Config& config) {
  const std::string dump = rc::conf::dump_text(config.model());
  const auto again = rc::conf::load_text(dump, "dump.conf", options());
  // Warnings may repeat (a duplicated index is dumped twice); errors may not.
  if (!again.config || again.diagnostics.has_errors()) __builtin_trap();
  if (rc::conf::dump_text(again.config->model()) != dump) __builtin_trap();
}

void check_resolution(const Config& config) {
  constexpr std::array kmps = {rc::rct::Kmp::Ikev1, rc::rct::Kmp::Ikev2, rc::rct::Kmp::Kink};
  const auto& model = config.model();
  for (const auto kmp : kmps) {
    // nullptr is the unknown-peer path: default { remote { } } then built-ins.
    static_cast<void>(config.resolve_kmp(nullptr, kmp));
    for (const auto& remote : model.remotes) static_cast<void>(config.resolve_kmp(&remote, kmp));
  }
  for (const auto& policy : model.policies) static_cast<void>(config.resolve_policy(policy));
  for (const auto& ipsec : model.ipsecs) static_cast<void>(config.resolve_ipsec(ipsec));
  for (const auto& sa : model.sas) static_cast<void>(config.resolve_sa(sa));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto loaded = rc::conf::load_text(text, "fuzz.conf", options());
  if (!loaded.config) return 0;
  check_round_trip(*loaded.config);
  static_cast<void>(rc::conf::dump_json(loaded.config->model()));
  check_resolution(*loaded.config);
  return 0;
}
