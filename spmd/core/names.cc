// nsswitch.conf and /etc/hosts. Both files are outside input, so lines and
// names are bounded and every name is checked before it can reach the
// name cache.
//
// Choices (reference §3.3 step 2, §3.5, glibc nsswitch.conf(5), hosts(5)):
// - the first `hosts:` line wins, as in glibc; its database name is matched
//   without case, its sources with case (glibc loads libnss_<source>.so);
//   a line listing no source at all means glibc's default;
// - `files` with no `dns` counts as files_first, as in the original
//   (files has priority over a DNS that is not used);
// - /etc/hosts aliases are kept (the original ignored them) so a selector
//   may name any of them; a scoped address (fe80::1%eth0) is kept with the
//   scope the administrator wrote, which a link-local policy needs.
#include "spmd/core/names.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "addr/names.h"
#include "base/unique_fd.h"
#include "spmd/core/policy_plan.h"

namespace rc::spmd {
namespace {

// Longer lines are junk (or an attack), not configuration: skipped whole.
constexpr std::size_t kMaxLineLength = 4096;
// Far above any real /etc/hosts (ad-block lists reach a few MB).
constexpr std::size_t kMaxFileSize = std::size_t{64} << 20;

constexpr std::string_view kBlanks = " \t\r\v\f";

bool is_blank(char c) {
  return kBlanks.find(c) != std::string_view::npos;
}

std::string_view trim(std::string_view text) {
  const std::size_t start = text.find_first_not_of(kBlanks);
  if (start == std::string_view::npos) return {};
  return text.substr(start, text.find_last_not_of(kBlanks) - start + 1);
}

std::string_view without_comment(std::string_view line) {
  return line.substr(0, line.find('#'));
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

// Calls `visit(line)` for every line of `text`, without its '\n'.
template <class Visit>
void for_each_line(std::string_view text, Visit visit) {
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    visit(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

std::vector<std::string_view> split_fields(std::string_view text) {
  std::vector<std::string_view> fields;
  std::size_t pos = 0;
  while ((pos = text.find_first_not_of(kBlanks, pos)) != std::string_view::npos) {
    const std::size_t end = std::min(text.find_first_of(kBlanks, pos), text.size());
    fields.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return fields;
}

// The sources of a `hosts:` service list, skipping `[STATUS=action ...]`
// groups, which may contain blanks.
std::vector<std::string_view> service_sources(std::string_view list) {
  std::vector<std::string_view> sources;
  std::size_t pos = 0;
  while (pos < list.size()) {
    if (is_blank(list[pos])) {
      ++pos;
    } else if (list[pos] == '[') {
      const std::size_t close = list.find(']', pos);
      if (close == std::string_view::npos) break;  // unterminated: nothing after it counts
      pos = close + 1;
    } else {
      std::size_t end = pos;
      while (end < list.size() && !is_blank(list[end]) && list[end] != '[') ++end;
      sources.push_back(list.substr(pos, end - pos));
      pos = end;
    }
  }
  return sources;
}

HostsOrder order_from_sources(const std::vector<std::string_view>& sources) {
  const auto files = std::find(sources.begin(), sources.end(), "files");
  const auto dns = std::find(sources.begin(), sources.end(), "dns");
  HostsOrder order;
  order.files = files != sources.end();
  order.dns = dns != sources.end();
  order.files_first = order.files && files < dns;  // dns == end() when absent
  return order;
}

// Invalid names are dropped one by one; the line counts only with an
// address and at least one valid name.
std::optional<HostsEntry> parse_hosts_line(std::string_view line) {
  const std::vector<std::string_view> fields = split_fields(line);
  if (fields.size() < 2) return std::nullopt;
  Result<addr::IpAddress> address = addr::IpAddress::parse(fields[0]);
  if (!address) return std::nullopt;
  HostsEntry entry{*address, {}};
  for (std::size_t i = 1; i < fields.size(); ++i) {
    if (!addr::check_dns_name(fields[i])) continue;
    std::string name = normalise_fqdn(fields[i]);
    if (std::find(entry.names.begin(), entry.names.end(), name) == entry.names.end()) {
      entry.names.push_back(std::move(name));
    }
  }
  if (entry.names.empty()) return std::nullopt;
  return entry;
}

// The whole file; O_NONBLOCK so a FIFO put in its place cannot hang spmd
// before the regular-file check refuses it.
Result<std::string> read_text_file(const std::string& path) {
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd) return fail(Error::from_errno(errno, fmt::format("cannot open {}", path)));
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    return fail(Error::from_errno(errno, fmt::format("cannot stat {}", path)));
  }
  if (!S_ISREG(info.st_mode)) {
    return fail(Error::invalid(fmt::format("{} is not a regular file", path)));
  }
  std::string text;
  std::array<char, 8192> chunk{};
  for (;;) {
    const ssize_t got = ::read(fd.get(), chunk.data(), chunk.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      return fail(Error::from_errno(errno, fmt::format("cannot read {}", path)));
    }
    if (got == 0) break;
    if (text.size() + static_cast<std::size_t>(got) > kMaxFileSize) {
      return fail(Error::invalid(
          fmt::format("{} is larger than {} bytes; refusing to read it", path, kMaxFileSize)));
    }
    text.append(chunk.data(), static_cast<std::size_t>(got));
  }
  return text;
}

}  // namespace

HostsOrder parse_nsswitch(std::string_view text) {
  std::optional<HostsOrder> found;
  for_each_line(text, [&](std::string_view raw) {
    if (found || raw.size() > kMaxLineLength) return;
    const std::string_view line = without_comment(raw);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return;
    if (!equals_ignoring_case(trim(line.substr(0, colon)), "hosts")) return;
    const std::vector<std::string_view> sources = service_sources(line.substr(colon + 1));
    found = sources.empty() ? HostsOrder{} : order_from_sources(sources);
  });
  return found.value_or(HostsOrder{});
}

Result<HostsOrder> read_nsswitch(const std::string& path) {
  Result<std::string> text = read_text_file(path);
  if (!text) {
    if (text.error().code == ENOENT) return HostsOrder{};
    return fail(std::move(text).error());
  }
  return parse_nsswitch(*text);
}

HostsFile parse_hosts(std::string_view text) {
  HostsFile hosts;
  for_each_line(text, [&](std::string_view raw) {
    if (raw.size() > kMaxLineLength) {
      ++hosts.malformed;
      return;
    }
    const std::string_view line = trim(without_comment(raw));
    if (line.empty()) return;
    std::optional<HostsEntry> entry = parse_hosts_line(line);
    if (entry) {
      hosts.entries.push_back(std::move(*entry));
    } else {
      ++hosts.malformed;
    }
  });
  return hosts;
}

Result<HostsFile> read_hosts(const std::string& path) {
  Result<std::string> text = read_text_file(path);
  if (!text) return fail(std::move(text).error());
  return parse_hosts(*text);
}

}  // namespace rc::spmd
