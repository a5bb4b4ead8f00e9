// Tag: the class of a log line, as the original plog defined them. The tag
// decides the printed label, the syslog priority, and (DEBUG) whether the
// line is shown at all.
#pragma once

#include <string_view>

namespace rc::log {

enum class Tag {
  kInfo,          // normal operation worth recording
  kProtoErr,      // a peer sent something wrong: bad format, checksum, authentication
  kProtoWarn,     // a peer sent something odd but usable
  kInternalErr,   // our side failed: key engine, system call, memory, missing DB entry
  kInternalWarn,  // our side is degraded but carries on
  kDebug,         // only with a debug level of 1 or more
  kCritical,      // the program cannot continue
};

// "INFO", "PROTO_ERR", "PROTO_WARN", "INTERNAL_ERR", "INTERNAL_WARN", "DEBUG",
// "CRITICAL": printed in brackets at the start of each line.
std::string_view tag_name(Tag tag) noexcept;

// LOG_INFO, LOG_ERR, LOG_WARNING, LOG_ERR, LOG_WARNING, LOG_DEBUG, LOG_CRIT
// (facility LOG_DAEMON is added by the syslog output).
int syslog_priority(Tag tag) noexcept;

}  // namespace rc::log
