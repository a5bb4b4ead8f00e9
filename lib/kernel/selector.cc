#include "kernel/selector.h"

#include <utility>

namespace rc::kernel {

Selector reversed(const Selector& selector) {
  Selector out = selector;
  std::swap(out.src, out.dst);
  std::swap(out.src_port, out.dst_port);
  return out;
}

}  // namespace rc::kernel
