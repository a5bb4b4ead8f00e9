#include "tools/spmdctl/render.h"

#include <charconv>

#include <fmt/format.h>

#include "conf/json_writer.h"

namespace spmdctl {
namespace {

namespace spmif = rc::spmif;
using rc::conf::JsonWriter;

bool empty_list(const spmif::Reply& reply) {
  return reply.code == static_cast<int>(spmif::Code::OkEmpty);
}

// The reply's lines, one per output line: what the original printed.
std::string lines_text(const spmif::Reply& reply) {
  std::string text;
  for (const std::string& line : reply.lines) text += line + '\n';
  return text;
}

JsonWriter& start(JsonWriter& json, std::string_view command) {
  return json.begin_object().key("ok").boolean(true).key("command").string(command);
}

std::string finish(JsonWriter& json) {
  json.end_object();
  return json.take() + "\n";
}

// Each reply line as {"name": line}: the FQDN lists.
void write_names(JsonWriter& json, const spmif::Reply& reply) {
  json.key("fqdns").begin_array();
  if (!empty_list(reply)) {
    for (const std::string& line : reply.lines)
      json.begin_object().key("name").string(line).end_object();
  }
  json.end_array();
}

}  // namespace

std::string render_ns_list(const spmif::Reply& reply, bool json) {
  if (!json) return lines_text(reply);
  JsonWriter writer;
  start(writer, "ns list").key("nameservers").begin_array();
  if (!empty_list(reply)) {
    bool first = true;
    for (const std::string& line : reply.lines) {
      writer.begin_object().key("address").string(line).key("current").boolean(first).end_object();
      first = false;
    }
  }
  writer.end_array();
  return finish(writer);
}

std::string render_fqdn_list(const spmif::Reply& reply, bool json) {
  if (!json) return lines_text(reply);
  JsonWriter writer;
  start(writer, "fqdn list");
  write_names(writer, reply);
  return finish(writer);
}

std::string render_fqdn_query(const rc::addr::IpAddress& address, const spmif::Reply& reply,
                              bool json) {
  if (!json) return lines_text(reply);
  JsonWriter writer;
  start(writer, "fqdn query").key("address").string(address.to_string());
  write_names(writer, reply);
  return finish(writer);
}

Counters parse_counters(const spmif::Reply& reply) {
  Counters result;
  constexpr std::string_view kEquals = " = ";
  for (const std::string& line : reply.lines) {
    const std::size_t at = line.rfind(kEquals);
    Counter counter;
    if (at != std::string::npos && at != 0) {
      const char* begin = line.data() + at + kEquals.size();
      const char* end = line.data() + line.size();
      const auto [ptr, error] = std::from_chars(begin, end, counter.value);
      if (begin != end && error == std::errc{} && ptr == end) {
        counter.name = line.substr(0, at);
        result.counters.push_back(std::move(counter));
        continue;
      }
    }
    result.unreadable.push_back(line);
  }
  return result;
}

std::string render_status(const spmif::Reply& reply, bool json) {
  if (!json) return lines_text(reply);
  JsonWriter writer;
  start(writer, "status").key("counters").begin_array();
  for (const Counter& counter : parse_counters(reply).counters) {
    writer.begin_object()
        .key("name")
        .string(counter.name)
        .key("value")
        .number(counter.value)
        .end_object();
  }
  writer.end_array();
  return finish(writer);
}

std::string render_done(std::string_view command, std::string_view request,
                        const spmif::Reply& reply, bool json) {
  if (!json) return lines_text(reply);
  JsonWriter writer;
  start(writer, command)
      .key("request")
      .string(request)
      .key("code")
      .number(static_cast<std::uint64_t>(reply.code))
      .key("reply")
      .begin_array();
  for (const std::string& line : reply.lines) writer.string(line);
  writer.end_array();
  return finish(writer);
}

std::string render_reload(pid_t pid, bool json) {
  if (!json) return fmt::format("spmd (pid {}) was sent SIGHUP\n", pid);
  JsonWriter writer;
  start(writer, "reload").key("pid").number(static_cast<std::uint64_t>(pid));
  return finish(writer);
}

std::string render_failure_json(std::string_view command, std::string_view message, int code) {
  JsonWriter writer;
  writer.begin_object()
      .key("ok")
      .boolean(false)
      .key("command")
      .string(command)
      .key("error")
      .string(message)
      .key("code")
      .number(static_cast<std::uint64_t>(code < 0 ? 0 : code));
  return finish(writer);
}

std::string reply_text(const spmif::Reply& reply) {
  std::string text = fmt::format("{}", reply.code);
  for (std::size_t i = 0; i < reply.lines.size(); ++i) {
    text += i == 0 ? " " : "; ";
    text += reply.lines[i];
  }
  return text;
}

}  // namespace spmdctl
