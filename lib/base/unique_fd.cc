#include "base/unique_fd.h"

#include <unistd.h>

namespace rc {

void UniqueFd::reset(int fd) noexcept {
  if (fd_ >= 0 && fd_ != fd) ::close(fd_);  // close(2) errors leave nothing to retry on Linux
  fd_ = fd;
}

}  // namespace rc
