#include "kernel/xfrm/kernel_errors.h"

#include <cerrno>

#include <fmt/format.h>

#include "rct/names.h"
#include "rct/xfrm.h"

namespace rc::kernel::xfrm {
namespace {

struct TransformSupport {
  rct::SaType type;
  std::string_view name;
  std::string_view config4;
  std::string_view module4;
  std::string_view config6;
  std::string_view module6;
};

constexpr TransformSupport kTransforms[] = {
    {rct::SaType::Esp, "ESP", "CONFIG_INET_ESP", "esp4", "CONFIG_INET6_ESP", "esp6"},
    {rct::SaType::Ah, "AH", "CONFIG_INET_AH", "ah4", "CONFIG_INET6_AH", "ah6"},
    {rct::SaType::Ipcomp, "IPComp", "CONFIG_INET_IPCOMP", "ipcomp", "CONFIG_INET6_IPCOMP",
     "ipcomp6"},
};

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// Which of the SA's algorithms the kernel's "Requested X algorithm not
// found" is about.
std::string missing_algorithm(const SaParams& sa, std::string_view kernel_text) {
  std::string_view name;
  if (contains(kernel_text, "AUTH")) {
    if (auto integrity = rct::xfrm::to_integrity(sa.integrity)) name = integrity->name;
  } else if (contains(kernel_text, "COMP")) {
    if (auto compression = rct::xfrm::to_compression(sa.compression)) name = *compression;
  } else if (auto cipher = rct::xfrm::to_cipher(sa.encryption)) {
    name = cipher->name;
  }
  if (name.empty()) return "the kernel lacks one of the SA's algorithms";
  return fmt::format(
      "the kernel has no {} in its crypto API (load its module or choose another "
      "algorithm)",
      name);
}

}  // namespace

std::string_view protocol_name(rct::SaType type) {
  switch (type) {
    case rct::SaType::Esp:
      return "ESP";
    case rct::SaType::Ah:
      return "AH";
    case rct::SaType::Ipcomp:
      return "IPComp";
    default:
      return rct::display_name(type);
  }
}

std::string describe(const SaId& id) {
  return fmt::format("{} SA {} -> {} SPI {:#x}", protocol_name(id.type), id.src, id.dst, id.spi);
}

std::string describe(const Selector& selector, rct::Direction direction) {
  std::string text =
      fmt::format("{} policy {} -> {}", rct::display_name(direction), selector.src, selector.dst);
  if (selector.protocol != kAnyProtocol) {
    text += fmt::format(" protocol {} ports {} -> {}", selector.protocol, selector.src_port,
                        selector.dst_port);
  }
  return text;
}

Error failed(std::string_view what, const Error& cause) {
  return Error{cause.code, fmt::format("{}: {}", what, cause.message)};
}

std::string missing_transform(rct::SaType type, std::optional<addr::Family> family) {
  for (const TransformSupport& t : kTransforms) {
    if (t.type != type) continue;
    std::string where;
    if (!family) {
      where = fmt::format("{} / module {} or {}", t.config4, t.module4, t.module6);
    } else if (*family == addr::Family::v4) {
      where = fmt::format("{} / module {}", t.config4, t.module4);
    } else {
      where = fmt::format("{} / module {}", t.config6, t.module6);
    }
    return fmt::format(
        "the kernel cannot hold {0} SAs: no {0} transform in this kernel ({1}); "
        "use key_engine pfkeyd or load the module",
        t.name, where);
  }
  return fmt::format("the kernel cannot hold {} SAs", rct::display_name(type));
}

Error sa_failed(std::string_view what, const SaParams& sa, const Error& cause) {
  if (cause.code == EPROTONOSUPPORT && !contains(cause.message, "mode")) {
    return Error{cause.code,
                 fmt::format("{}: {} (kernel: {})", what,
                             missing_transform(sa.id.type, sa.id.dst.family()), cause.message)};
  }
  if (cause.code == ENOSYS) {
    return Error{cause.code, fmt::format("{}: {} (kernel: {})", what,
                                         missing_algorithm(sa, cause.message), cause.message)};
  }
  return sa_lookup_failed(what, cause);
}

Error sa_lookup_failed(std::string_view what, const Error& cause) {
  if (cause.code == ESRCH) return Error{ENOENT, fmt::format("{}: no such SA", what)};
  return failed(what, cause);
}

}  // namespace rc::kernel::xfrm
