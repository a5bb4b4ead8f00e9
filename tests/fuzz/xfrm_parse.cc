// Fuzzes what the XFRM engine reads from the kernel: netlink framing
// (split, attributes, NLMSG_ERROR / NLMSG_DONE with extended acks) and every
// XFRM decoder (NEWSA, NEWPOLICY, ACQUIRE, EXPIRE, POLEXPIRE, MIGRATE), each
// run on every message whatever its type. Whatever decodes and can be
// encoded again must reach a fixed point: decode(encode(x)) == x after one
// normalising pass.
#include <linux/netlink.h>
#include <linux/xfrm.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "kernel/xfrm/netlink.h"
#include "kernel/xfrm/xfrm_decode.h"
#include "kernel/xfrm/xfrm_encode.h"

namespace {

namespace netlink = rc::kernel::xfrm::netlink;
namespace decode = rc::kernel::xfrm::decode;
namespace encode = rc::kernel::xfrm::encode;
using rc::kernel::PolicyParams;
using rc::kernel::SaParams;

bool same(const SaParams& a, const SaParams& b) {
  return a.id == b.id && a.mode == b.mode && a.reqid == b.reqid &&
         a.replay_window == b.replay_window && a.encryption == b.encryption &&
         rc::buf::equal(a.encryption_key, b.encryption_key) && a.integrity == b.integrity &&
         rc::buf::equal(a.integrity_key, b.integrity_key) && a.compression == b.compression &&
         a.lifetimes == b.lifetimes && a.selector == b.selector && a.nat == b.nat &&
         a.extended_sequence_numbers == b.extended_sequence_numbers && a.seq == b.seq;
}

// decode(encode(params)), or nothing when `params` cannot be encoded.
std::optional<SaParams> again(const SaParams& params) {
  auto bytes = encode::add_sa(params, false);
  if (!bytes) return std::nullopt;
  auto messages = netlink::split(bytes->view());
  if (!messages || messages->size() != 1) __builtin_trap();
  auto info = decode::sa((*messages)[0]);
  if (!info) __builtin_trap();  // our own encoding must decode
  return std::move(info->params);
}

std::optional<PolicyParams> again(const PolicyParams& params) {
  auto bytes = encode::add_policy(params, false);
  if (!bytes) return std::nullopt;
  auto messages = netlink::split(bytes->view());
  if (!messages || messages->size() != 1) __builtin_trap();
  auto info = decode::policy((*messages)[0]);
  if (!info) __builtin_trap();
  return info->params;
}

void check_sa(const netlink::Message& message) {
  netlink::Message as_newsa = message;
  as_newsa.type = XFRM_MSG_NEWSA;
  auto info = decode::sa(as_newsa);
  if (!info) return;
  auto first = again(info->params);
  if (!first) return;
  auto second = again(*first);
  if (!second || !same(*first, *second)) __builtin_trap();
}

void check_policy(const netlink::Message& message) {
  netlink::Message as_newpolicy = message;
  as_newpolicy.type = XFRM_MSG_NEWPOLICY;
  auto info = decode::policy(as_newpolicy);
  if (!info) return;
  auto first = again(info->params);
  if (!first) return;
  auto second = again(*first);
  if (!second || !(*first == *second)) __builtin_trap();
}

void check_events(const netlink::Message& message) {
  (void)decode::event(message);
  (void)decode::acquire(message);
  (void)decode::expire(message);
  (void)decode::policy_expire(message);
  if (auto migrate = decode::migrate(message)) {
    // A MIGRATE event has the request's form: it must encode back the same.
    auto bytes = encode::migrate(migrate->params);
    if (bytes) {
      auto messages = netlink::split(bytes->view());
      if (!messages || messages->size() != 1) __builtin_trap();
      auto back = decode::migrate((*messages)[0]);
      if (!back || !(back->params == migrate->params)) __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  (void)netlink::parse_attributes(bytes);
  auto messages = netlink::split(bytes);
  if (!messages) return 0;
  for (const netlink::Message& message : *messages) {
    (void)netlink::parse_attributes(message.payload);
    (void)netlink::parse_error(message);
    (void)netlink::parse_done(message);
    check_sa(message);
    check_policy(message);
    check_events(message);
  }
  return 0;
}
