#include "conf/dump.h"

#include <fmt/format.h>

#include "conf/fields.h"

namespace rc::conf {
namespace {

template <class S>
void text_section(TextWriter& out, std::string_view head, const S& section,
                  std::span<const Field<S>> table) {
  out.open(head);
  write_fields<S>(section, table, out);
  out.close();
}

template <class S>
void text_indexed(TextWriter& out, std::string_view kind, const std::vector<S>& list,
                  std::span<const Field<S>> table) {
  for (const auto& section : list) {
    text_section(out, fmt::format("{} {}", kind, TextWriter::quote(section.index, true)), section,
                 table);
  }
}

template <class S>
void json_object(JsonWriter& out, const S& section, std::span<const Field<S>> table) {
  out.begin_object();
  json_fields<S>(section, table, out);
  out.end_object();
}

template <class S>
void json_indexed(JsonWriter& out, std::string_view kind, const std::vector<S>& list,
                  std::span<const Field<S>> table) {
  out.key(kind).begin_array();
  for (const auto& section : list) {
    out.begin_object();
    out.key("index").string(section.index);
    json_fields<S>(section, table, out);
    out.end_object();
  }
  out.end_array();
}

}  // namespace

std::string dump_text(const Model& model) {
  TextWriter out;
  if (!model.setval.empty()) {
    out.open("setval");
    for (const auto& entry : model.setval) {
      out.statement(entry.name, TextWriter::quote(entry.value, true));
    }
    out.close();
  }
  if (model.interface) text_section(out, "interface", *model.interface, interface_fields());
  if (model.resolver) text_section(out, "resolver", *model.resolver, resolver_fields());
  if (model.defaults) {
    out.open("default");
    if (model.defaults->remote)
      text_section(out, "remote", *model.defaults->remote, remote_fields());
    if (model.defaults->policy)
      text_section(out, "policy", *model.defaults->policy, policy_fields());
    if (model.defaults->ipsec) text_section(out, "ipsec", *model.defaults->ipsec, ipsec_fields());
    if (model.defaults->sa) text_section(out, "sa", *model.defaults->sa, sa_fields());
    out.close();
  }
  text_indexed(out, "remote", model.remotes, remote_fields());
  text_indexed(out, "selector", model.selectors, selector_fields());
  text_indexed(out, "policy", model.policies, policy_fields());
  text_indexed(out, "ipsec", model.ipsecs, ipsec_fields());
  text_indexed(out, "sa", model.sas, sa_fields());
  for (const auto& pool : model.addresspools) {
    out.open(fmt::format("addresspool {}", TextWriter::quote(pool.index, true)));
    for (const auto& range : pool.ranges) {
      out.entry(fmt::format("\"{}\" - \"{}\"", range.first, range.last));
    }
    out.close();
  }
  return out.take();
}

std::string dump_json(const Model& model) {
  JsonWriter out;
  out.begin_object();
  out.key("files").begin_array();
  for (const auto& file : model.files) out.string(file);
  out.end_array();
  out.key("setval").begin_object();
  for (const auto& entry : model.setval) out.key(entry.name).string(entry.value);
  out.end_object();
  if (model.interface) {
    out.key("interface");
    json_object(out, *model.interface, interface_fields());
  }
  if (model.resolver) {
    out.key("resolver");
    json_object(out, *model.resolver, resolver_fields());
  }
  if (model.defaults) {
    out.key("default").begin_object();
    if (model.defaults->remote) {
      out.key("remote");
      json_object(out, *model.defaults->remote, remote_fields());
    }
    if (model.defaults->policy) {
      out.key("policy");
      json_object(out, *model.defaults->policy, policy_fields());
    }
    if (model.defaults->ipsec) {
      out.key("ipsec");
      json_object(out, *model.defaults->ipsec, ipsec_fields());
    }
    if (model.defaults->sa) {
      out.key("sa");
      json_object(out, *model.defaults->sa, sa_fields());
    }
    out.end_object();
  }
  json_indexed(out, "remote", model.remotes, remote_fields());
  json_indexed(out, "selector", model.selectors, selector_fields());
  json_indexed(out, "policy", model.policies, policy_fields());
  json_indexed(out, "ipsec", model.ipsecs, ipsec_fields());
  json_indexed(out, "sa", model.sas, sa_fields());
  out.key("addresspool").begin_array();
  for (const auto& pool : model.addresspools) {
    out.begin_object();
    out.key("index").string(pool.index);
    out.key("ranges").begin_array();
    for (const auto& range : pool.ranges) {
      out.begin_object();
      out.key("first").string(fmt::format("{}", range.first));
      out.key("last").string(fmt::format("{}", range.last));
      out.end_object();
    }
    out.end_array();
    out.end_object();
  }
  out.end_array();
  out.end_object();
  std::string text = out.take();
  text += '\n';
  return text;
}

}  // namespace rc::conf
