#include "kernel/pfkey/af_key_rules.h"

#include <cerrno>
#include <string>

#include <fmt/format.h>

#include "rct/names.h"
#include "rct/xfrm.h"

namespace rc::kernel::pfkey::af_key {
namespace {

Error refused(const std::string& what) {
  return Error{ENOTSUP, fmt::format("Linux af_key (key_engine pfkey) cannot {}; use the XFRM key "
                                    "engine (key_engine xfrm)",
                                    what)};
}

bool is_aead(rct::EncAlg alg) {
  // The kernel's own classification (rct/xfrm.h): what XFRM installs as
  // XFRMA_ALG_AEAD is what af_key cannot look up.
  auto cipher = rct::xfrm::to_cipher(alg);
  return cipher && cipher->attribute == rct::xfrm::CipherAttribute::Aead;
}

}  // namespace

Result<void> check_sa(const SaParams& sa) {
  if (sa.id.type == rct::SaType::Esp && sa.encryption != rct::EncAlg{} && is_aead(sa.encryption)) {
    return fail(
        refused(fmt::format("install AEAD ciphers such as {}", rct::display_name(sa.encryption))));
  }
  if (sa.replay_window > kMaxReplayWindow) {
    return fail(refused(fmt::format("hold a replay window of {} packets (at most {})",
                                    sa.replay_window, kMaxReplayWindow)));
  }
  return ok();
}

Result<PolicyParams> adapt_policy(PolicyParams policy) {
  if (policy.lifetimes != Lifetimes{}) {
    return fail(refused("report policy lifetimes (it never sends SADB_X_SPDEXPIRE)"));
  }
  for (PolicyTemplate& t : policy.templates) {
    if (t.reqid > kMaxManualReqid) {
      return fail(refused(fmt::format("keep reqid {} (it replaces reqids above {} with its own)",
                                      t.reqid, kMaxManualReqid)));
    }
    if (t.reqid != 0 && t.level == rct::IpsecLevel::Use) {
      return fail(refused(fmt::format("bind a level use template to reqid {}", t.reqid)));
    }
    // af_key stores a reqid only with level unique; the kernel binds SAs by
    // reqid whatever the level, so this is the same policy.
    if (t.reqid != 0 && t.level == rct::IpsecLevel::Require) t.level = rct::IpsecLevel::Unique;
  }
  return policy;
}

}  // namespace rc::kernel::pfkey::af_key
