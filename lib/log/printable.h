// Escaping for log lines, so text from outside (peer IDs, FQDNs, file
// contents) can neither forge a second log line nor drive a terminal.
#pragma once

#include <string>
#include <string_view>

namespace rc::log {

// Text safe to put in a log line: printable ASCII is kept; control
// characters, DEL and every non-ASCII byte become \xNN (lowercase hex), and a
// backslash becomes \\ so the escaping cannot be imitated. Use it on any
// string that came from a peer, a packet, or a file an outsider can write.
std::string printable(std::string_view text);

// The last line of defence, applied by the logger to every finished line:
// control characters (including CR and LF) and DEL become \xNN. Other bytes
// are kept, so UTF-8 in our own messages survives; outside text should
// already have gone through printable().
std::string escape_controls(std::string_view line);

}  // namespace rc::log
