// Fuzzes what a PF_KEY socket reads: the sadb_msg framing, every typed
// extension reader (each run on every extension whatever its type) and the
// SaParams decoder. What decodes must encode again to something that
// decodes the same.
#include <linux/pfkeyv2.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_message.h"
#include "kernel/pfkey/pfkey_sa.h"

namespace {

namespace pfkey = rc::kernel::pfkey;

// The one extension of `type` in a message built by `fill`.
template <class Fill, class Read>
auto again(std::uint16_t type, Fill fill, Read read) {
  pfkey::MessageBuilder builder(pfkey::Header{SADB_ADD, 0, SADB_SATYPE_ESP, 0, 0});
  fill(builder);
  const pfkey::WipedBuffer bytes = std::move(builder).finish();
  auto message = pfkey::parse(bytes.view());
  if (!message) __builtin_trap();  // our own encoding must parse
  const pfkey::Extension* extension = message->find(type);
  if (extension == nullptr) __builtin_trap();
  auto value = read(*extension);
  if (!value) __builtin_trap();
  return *value;
}

void check(const pfkey::Extension& extension) {
  if (auto sa = pfkey::read_sa(extension)) {
    if (!(again(
              SADB_EXT_SA, [&](auto& b) { pfkey::add_sa(b, *sa); }, pfkey::read_sa) == *sa)) {
      __builtin_trap();
    }
  }
  if (auto lifetime = pfkey::read_lifetime(extension)) {
    auto back = again(
        SADB_EXT_LIFETIME_HARD,
        [&](auto& b) { pfkey::add_lifetime(b, SADB_EXT_LIFETIME_HARD, *lifetime); },
        pfkey::read_lifetime);
    if (!(back == *lifetime)) __builtin_trap();
  }
  if (auto address = pfkey::read_address(extension)) {
    auto back = again(
        SADB_EXT_ADDRESS_SRC,
        [&](auto& b) { pfkey::add_address(b, SADB_EXT_ADDRESS_SRC, *address); },
        pfkey::read_address);
    if (!(back == *address)) __builtin_trap();
  }
  if (auto key = pfkey::read_key(extension)) {
    // A copy: the key view points into a buffer `again` releases.
    auto copied = [](const pfkey::Extension& e) -> rc::Result<std::vector<std::uint8_t>> {
      auto bytes = pfkey::read_key(e);
      if (!bytes) return rc::fail(std::move(bytes).error());
      return std::vector<std::uint8_t>(bytes->begin(), bytes->end());
    };
    auto back = again(
        SADB_EXT_KEY_AUTH, [&](auto& b) { pfkey::add_key(b, SADB_EXT_KEY_AUTH, *key); }, copied);
    if (!std::equal(back.begin(), back.end(), key->begin(), key->end())) __builtin_trap();
  }
  if (auto range = pfkey::read_spi_range(extension)) {
    auto back = again(
        SADB_EXT_SPIRANGE, [&](auto& b) { pfkey::add_spi_range(b, *range); },
        pfkey::read_spi_range);
    if (!(back == *range)) __builtin_trap();
  }
  if (auto sa2 = pfkey::read_sa2(extension)) {
    auto back = again(
        SADB_X_EXT_SA2, [&](auto& b) { pfkey::add_sa2(b, *sa2); }, pfkey::read_sa2);
    if (!(back == *sa2)) __builtin_trap();
  }
  (void)pfkey::read_nat_type(extension);
  (void)pfkey::read_nat_port(extension);
  if (auto policy = pfkey::read_policy(extension)) {
    auto back = again(
        SADB_X_EXT_POLICY, [&](auto& b) { pfkey::add_policy(b, *policy); }, pfkey::read_policy);
    if (!(back == *policy)) __builtin_trap();
  }
}

bool same(const rc::kernel::SaParams& a, const rc::kernel::SaParams& b) {
  return a.id == b.id && a.mode == b.mode && a.reqid == b.reqid &&
         a.replay_window == b.replay_window && a.encryption == b.encryption &&
         rc::buf::equal(a.encryption_key, b.encryption_key) && a.integrity == b.integrity &&
         rc::buf::equal(a.integrity_key, b.integrity_key) && a.compression == b.compression &&
         a.lifetimes == b.lifetimes && a.nat == b.nat && a.seq == b.seq;
}

void check_sa(const pfkey::Message& message) {
  auto params = pfkey::decode_sa(message);
  if (!params) return;
  auto bytes = pfkey::encode_sa(SADB_ADD, *params, {.allow_hmac_sha2_256 = true});
  if (!bytes) return;
  auto again_message = pfkey::parse(bytes->view());
  if (!again_message) __builtin_trap();
  auto back = pfkey::decode_sa(*again_message);
  if (!back || !same(*back, *params)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto message = pfkey::parse(std::span<const std::uint8_t>(data, size));
  if (!message) return 0;
  for (const pfkey::Extension& extension : message->extensions) check(extension);
  check_sa(*message);
  return 0;
}
