// Replaces a file with new content so that a crash leaves either the old or
// the new file, never a mix: a temporary file of mode 0600 in the same
// directory, written and fsync'd, renamed over the target, and the
// directory fsync'd so the rename itself survives a power loss.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "base/result.h"

namespace rc::pfkeyd {

Result<void> write_file_atomically(const std::string& path, std::span<const std::uint8_t> content);

}  // namespace rc::pfkeyd
