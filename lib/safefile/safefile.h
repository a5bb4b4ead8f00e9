// Opening files whose owner and permissions are part of the security model:
// keys (pre-shared keys, spmd.pwd), configuration, and private directories
// (the run directory holding the spmif socket). The original racoon2 ran
// stat() on the path and then opened it, leaving a window for an attacker to
// swap the file; here the path is opened first, without following a final
// symbolic link, and every check is made with fstat() on the open
// descriptor, so what was checked is exactly what is read.
//
// Every refusal explains how to fix it, e.g.
//   "/etc/racoon2/psk/peer has mode 0644; a secret file must not be readable
//    by group or others (run: chmod 600 /etc/racoon2/psk/peer)".
// A failed system call keeps its errno in Error::code (ENOENT for a missing
// file); a refused file has code 0, or ELOOP for a symbolic link.
//
// All functions refuse to work in a setuid or setgid process: "owned by the
// uid" would then mean the invoking user, who could point us at their files.
#pragma once

#include <sys/types.h>
#include <unistd.h>

#include <cstddef>
#include <string_view>

#include "base/result.h"
#include "base/unique_fd.h"
#include "buf/secret_bytes.h"

namespace rc::safefile {

// A regular file owned by `owner` with no permission bits for group or
// others. The descriptor is open for reading (blocking mode).
Result<UniqueFd> open_secret_file(std::string_view path, uid_t owner = ::geteuid());

// The whole content of a secret file as the key: nothing is stripped, not
// even a trailing newline, exactly as the original used it. Refuses an empty
// file and one larger than max_size bytes.
Result<buf::SecretBytes> read_secret_file(std::string_view path, std::size_t max_size,
                                          uid_t owner = ::geteuid());

// A configuration file: regular, owned by `owner` or by root, and not
// writable by group or others.
Result<UniqueFd> open_config_file(std::string_view path, uid_t owner = ::geteuid());

// A directory owned by `owner` with no permission bits for group or others;
// the descriptor (O_DIRECTORY) lets callers work relative to what was checked.
Result<UniqueFd> open_private_dir(std::string_view path, uid_t owner = ::geteuid());
Result<void> check_private_dir(std::string_view path, uid_t owner = ::geteuid());

}  // namespace rc::safefile
