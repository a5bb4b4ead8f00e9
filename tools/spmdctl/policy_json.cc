// policy show --json (schema in README.md): every key always present, so a
// consumer never has to test for one; "" and 0 stand for "none".
#include "conf/json_writer.h"
#include "tools/spmdctl/policy_view.h"
#include "tools/spmdctl/policy_words.h"

namespace spmdctl {
namespace {

using rc::conf::JsonWriter;

std::string address_text(const std::optional<rc::addr::IpAddress>& address) {
  return address ? address->to_string() : std::string();
}

void write_templates(JsonWriter& json, const rc::kernel::PolicyParams& p) {
  json.key("templates").begin_array();
  for (const rc::kernel::PolicyTemplate& request : p.templates) {
    json.begin_object()
        .key("protocol")
        .string(protocol_word(request.protocol))
        .key("mode")
        .string(mode_word(request.mode))
        .key("level")
        .string(level_word(request.level))
        .key("reqid")
        .number(request.reqid)
        .key("tunnel_src")
        .string(address_text(request.tunnel_src))
        .key("tunnel_dst")
        .string(address_text(request.tunnel_dst))
        .end_object();
  }
  json.end_array();
}

void write_policy(JsonWriter& json, const ShownPolicy& shown) {
  const rc::kernel::PolicyParams& p = shown.policy.params;
  const rc::kernel::LifetimeCurrent& current = shown.policy.current;
  const BundleSummary bundle = summarize(p);
  json.begin_object()
      .key("selector")
      .string(shown.slid)
      .key("managed")
      .boolean(shown.managed())
      .key("spid")
      .number(p.spid)
      .key("direction")
      .string(direction_word(p.direction))
      .key("action")
      .string(action_word(p.action))
      .key("src")
      .string(p.selector.src.to_string())
      .key("src_port")
      .number(p.selector.src_port)
      .key("dst")
      .string(p.selector.dst.to_string())
      .key("dst_port")
      .number(p.selector.dst_port)
      .key("protocol")
      .number(p.selector.protocol)
      .key("satype")
      .string(bundle.satype)
      .key("mode")
      .string(mode_word(bundle.mode))
      .key("level")
      .string(bundle.level)
      .key("tunnel_src")
      .string(address_text(bundle.tunnel_src))
      .key("tunnel_dst")
      .string(address_text(bundle.tunnel_dst));
  write_templates(json, p);
  json.key("created")
      .number(current.add_time)
      .key("lastused")
      .number(current.use_time)
      .key("lifetime")
      .number(p.lifetimes.hard.add_seconds)
      .key("validtime")
      .number(p.lifetimes.soft.add_seconds)
      .end_object();
}

}  // namespace

std::string render_policies_json(const PolicyListing& listing) {
  JsonWriter json;
  json.begin_object().key("ok").boolean(true).key("command").string("policy show");
  json.key("policies").begin_array();
  for (const ShownPolicy& shown : listing.policies) write_policy(json, shown);
  json.end_array().key("missing").begin_array();
  for (const Binding& binding : listing.missing) {
    json.begin_object()
        .key("selector")
        .string(binding.slid)
        .key("spid")
        .number(binding.spid)
        .end_object();
  }
  json.end_array().end_object();
  return json.take() + "\n";
}

}  // namespace spmdctl
