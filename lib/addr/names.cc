#include "addr/names.h"

#include <fmt/format.h>

namespace rc::addr {

namespace {

constexpr std::size_t kMaxQuotedLength = 64;

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_dns_label_char(char c) {
  return is_ascii_alnum(c) || c == '-' || c == '_';
}

// Printable ASCII other than the space; everything else is shown escaped.
bool is_visible(char c) {
  return c > ' ' && c < 0x7f;
}

}  // namespace

std::string quote_text(std::string_view text) {
  std::string out = "\"";
  const std::size_t shown = text.size() > kMaxQuotedLength ? kMaxQuotedLength : text.size();
  for (std::size_t i = 0; i < shown; ++i) {
    const char c = text[i];
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (is_visible(c) || c == ' ') {
      out += c;
    } else {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
    }
  }
  if (shown < text.size()) out += "...";
  out += '"';
  return out;
}

Result<void> check_interface_name(std::string_view name) {
  if (name.empty()) return fail(Error::invalid("the interface name is empty"));
  if (name.size() > kMaxInterfaceNameLength) {
    return fail(Error::invalid(fmt::format("the interface name {} is longer than {} characters",
                                           quote_text(name), kMaxInterfaceNameLength)));
  }
  if (name == "." || name == "..") {
    return fail(Error::invalid(fmt::format("{} is not a valid interface name", quote_text(name))));
  }
  for (const char c : name) {
    if (!is_visible(c) || c == '/' || c == '%') {
      return fail(Error::invalid(
          fmt::format("the interface name {} contains the character {}, which is not allowed",
                      quote_text(name), quote_text(std::string_view(&c, 1)))));
    }
  }
  return ok();
}

Result<void> check_dns_name(std::string_view name) {
  if (name.empty()) return fail(Error::invalid("the host name is empty"));
  std::string_view body = name;
  if (body.back() == '.') body.remove_suffix(1);
  if (body.empty()) {
    return fail(
        Error::invalid(fmt::format("{} is not a host name: it has no labels", quote_text(name))));
  }
  if (body.size() > kMaxDnsNameLength) {
    return fail(Error::invalid(
        fmt::format("the host name {} is {} characters long; a DNS name can have at most {}",
                    quote_text(name), body.size(), kMaxDnsNameLength)));
  }
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find('.', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view label = body.substr(start, end - start);
    if (label.empty()) {
      return fail(Error::invalid(
          fmt::format("the host name {} has an empty label (two dots in a row, or a leading dot)",
                      quote_text(name))));
    }
    if (label.size() > kMaxDnsLabelLength) {
      return fail(Error::invalid(
          fmt::format("the label {} of the host name {} is longer than {} characters",
                      quote_text(label), quote_text(name), kMaxDnsLabelLength)));
    }
    for (const char c : label) {
      if (!is_dns_label_char(c)) {
        return fail(Error::invalid(fmt::format(
            "the host name {} contains the character {}; only letters, digits, '-', '_' and "
            "dots between labels are allowed",
            quote_text(name), quote_text(std::string_view(&c, 1)))));
      }
    }
    if (label.front() == '-' || label.back() == '-') {
      return fail(Error::invalid(fmt::format(
          "the label {} of the host name {} starts or ends with '-', which DNS does not allow",
          quote_text(label), quote_text(name))));
    }
    start = end + 1;
  }
  return ok();
}

}  // namespace rc::addr
