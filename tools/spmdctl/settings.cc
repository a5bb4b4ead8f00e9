#include "tools/spmdctl/settings.h"

#include <fmt/format.h>

#include "base/build_config.h"
#include "conf/loader.h"

namespace spmdctl {

rc::Result<rc::conf::Interface> load_interface(const std::string& config_file) {
  const std::string file = config_file.empty() ? std::string(rc::build::kConfigFile) : config_file;
  // spmd creates spmd.pwd at its first start: before that, "spmd is not
  // running" is the useful answer, and the login step reports a file that
  // is missing while spmd runs.
  rc::conf::LoadOptions options;
  options.validate.spmd_password_may_be_missing = true;
  const rc::conf::LoadResult loaded = rc::conf::load_file(file, options);
  if (!loaded.config) {
    std::string diagnostics = loaded.diagnostics.to_string();
    while (diagnostics.ends_with('\n')) diagnostics.pop_back();
    return rc::fail(rc::Error::invalid(
        diagnostics.empty() ? fmt::format("{}: cannot be loaded", file)
                            : fmt::format("{}: cannot be loaded:\n{}", file, diagnostics)));
  }
  return loaded.config->resolve_interface();
}

rc::Result<SpmdEndpoint> spmd_endpoint(const rc::conf::Interface& interface) {
  SpmdEndpoint endpoint;
  if (interface.spmd) {
    for (const rc::addr::AddrEntry& entry : *interface.spmd) {
      if (const auto* file = entry.as_file()) {
        endpoint.socket_path = file->path;
        break;
      }
    }
  }
  if (endpoint.socket_path.empty()) {
    return rc::fail(rc::Error::invalid(
        "racoon2.conf gives spmd no UNIX socket (interface { spmd { unix \"PATH\"; }; }); "
        "spmdctl does not use spmif over TCP"));
  }
  endpoint.password_file = interface.spmd_password ? *interface.spmd_password
                                                   : std::string(rc::build::kSpmdPasswordFile);
  return endpoint;
}

}  // namespace spmdctl
