#include "kernel/sa.h"

namespace rc::kernel {

std::vector<rct::SaType> single_sa_types(rct::SaType type) {
  using rct::SaType;
  switch (type) {
    case SaType::AhEsp:
      return {SaType::Ah, SaType::Esp};
    case SaType::AhIpcomp:
      return {SaType::Ah, SaType::Ipcomp};
    case SaType::EspIpcomp:
      return {SaType::Esp, SaType::Ipcomp};
    case SaType::AhEspIpcomp:
      return {SaType::Ah, SaType::Esp, SaType::Ipcomp};
    case SaType::Esp:
    case SaType::Ah:
    case SaType::Ipcomp:
      return {type};
  }
  return {};
}

}  // namespace rc::kernel
