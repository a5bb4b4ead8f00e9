#include "tools/spmdctl/policy_view.h"

#include <charconv>
#include <unordered_map>

#include <fmt/format.h>

namespace spmdctl {

rc::Result<std::vector<Binding>> parse_bindings(const rc::spmif::Reply& reply) {
  std::vector<Binding> bindings;
  if (reply.code == static_cast<int>(rc::spmif::Code::OkEmpty)) return bindings;
  for (const std::string& line : reply.lines) {
    // The SPID is the last word: split there, so the selector part is
    // taken whole whatever it holds.
    const std::size_t space = line.find_last_of(' ');
    Binding binding;
    const char* end = line.data() + line.size();
    std::from_chars_result parsed{};
    if (space != std::string::npos && space != 0) {
      parsed = std::from_chars(line.data() + space + 1, end, binding.spid);
    }
    if (space == std::string::npos || space == 0 || space + 1 == line.size() ||
        parsed.ec != std::errc{} || parsed.ptr != end) {
      return rc::fail(rc::Error::invalid(
          fmt::format("spmd sent a POLICY DUMP line that is not '<selector> <spid>': '{}'", line)));
    }
    const std::size_t slid_end = line.find_last_not_of(' ', space);
    if (slid_end == std::string::npos) {
      return rc::fail(rc::Error::invalid(
          fmt::format("spmd sent a POLICY DUMP line without a selector: '{}'", line)));
    }
    binding.slid = line.substr(0, slid_end + 1);
    bindings.push_back(std::move(binding));
  }
  return bindings;
}

PolicyListing join_policies(const std::vector<Binding>& bindings,
                            const std::vector<rc::kernel::PolicyInfo>& engine_policies,
                            bool include_unmanaged) {
  std::unordered_map<rc::kernel::Spid, const rc::kernel::PolicyInfo*> by_spid;
  for (const rc::kernel::PolicyInfo& policy : engine_policies) {
    by_spid.emplace(policy.params.spid, &policy);
  }
  PolicyListing listing;
  std::unordered_map<rc::kernel::Spid, bool> bound;
  for (const Binding& binding : bindings) {
    const auto found = by_spid.find(binding.spid);
    if (found == by_spid.end()) {
      listing.missing.push_back(binding);
      continue;
    }
    bound[binding.spid] = true;
    listing.policies.push_back(ShownPolicy{binding.slid, *found->second});
  }
  if (include_unmanaged) {
    for (const rc::kernel::PolicyInfo& policy : engine_policies) {
      if (!bound.contains(policy.params.spid)) listing.policies.push_back(ShownPolicy{"", policy});
    }
  }
  return listing;
}

}  // namespace spmdctl
