#include "log/tag.h"

#include <syslog.h>

namespace rc::log {

std::string_view tag_name(Tag tag) noexcept {
  switch (tag) {
    case Tag::kInfo:
      return "INFO";
    case Tag::kProtoErr:
      return "PROTO_ERR";
    case Tag::kProtoWarn:
      return "PROTO_WARN";
    case Tag::kInternalErr:
      return "INTERNAL_ERR";
    case Tag::kInternalWarn:
      return "INTERNAL_WARN";
    case Tag::kDebug:
      return "DEBUG";
    case Tag::kCritical:
      return "CRITICAL";
  }
  return "INTERNAL_WARN";  // an out-of-range value: still print something honest
}

int syslog_priority(Tag tag) noexcept {
  switch (tag) {
    case Tag::kInfo:
      return LOG_INFO;
    case Tag::kProtoErr:
    case Tag::kInternalErr:
      return LOG_ERR;
    case Tag::kProtoWarn:
    case Tag::kInternalWarn:
      return LOG_WARNING;
    case Tag::kDebug:
      return LOG_DEBUG;
    case Tag::kCritical:
      return LOG_CRIT;
  }
  return LOG_WARNING;
}

}  // namespace rc::log
