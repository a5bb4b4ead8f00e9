// Spd against a real pfkeyd (one per test) through the real PF_KEY engine:
// the diff-based apply, dynamic policies, the SPID <-> SLID map, and that
// spmd never removes a policy it did not install.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cerrno>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "addr/ip_address.h"
#include "addr/prefix.h"
#include "kernel/pfkey/pfkey_engine.h"
#include "spmd/core/spd.h"
#include "support/addr_literals.h"
#include "support/pfkeyd_process.h"
#include "support/temp_dir.h"

namespace rc::spmd {
namespace {

using rc::testing::net;

using kernel::PolicyAction;
using kernel::PolicyParams;
using kernel::PolicyTemplate;
using kernel::Spid;
using rct::Direction;

#ifdef RACOON2_PFKEYD_BINARY
constexpr const char* kPfkeydBinary = RACOON2_PFKEYD_BINARY;
#else
constexpr const char* kPfkeydBinary = "";
#endif

PolicyTemplate esp(rct::IpsecLevel level = rct::IpsecLevel::Require, std::uint32_t reqid = 0) {
  PolicyTemplate tmpl;
  tmpl.protocol = rct::SaType::Esp;
  tmpl.mode = rct::IpsecMode::Transport;
  tmpl.level = level;
  tmpl.reqid = reqid;
  return tmpl;
}

PolicyParams esp_policy(std::string_view src, std::string_view dst, Direction direction) {
  PolicyParams params;
  params.selector.src = net(src);
  params.selector.dst = net(dst);
  params.direction = direction;
  params.action = PolicyAction::Ipsec;
  params.templates = {esp()};
  return params;
}

PolicyParams bypass_policy(std::string_view src, std::string_view dst) {
  PolicyParams params;
  params.selector.src = net(src);
  params.selector.dst = net(dst);
  params.direction = Direction::Outbound;
  params.action = PolicyAction::Bypass;
  return params;
}

std::vector<Spid> spids_of(const Spd& spd) {
  std::vector<Spid> list;
  for (const auto& [slid, spid] : spd.bindings()) list.push_back(spid);
  return list;
}

class SpdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(*kPfkeydBinary, '\0') << "RACOON2_PFKEYD_BINARY must name the pfkeyd binary";
    dir_ = std::make_unique<testing::TempDir>("spmd-spd");
    ASSERT_EQ(::chmod(dir_->root().c_str(), 0700), 0);
    pfkeyd_ = std::make_unique<testing::PfkeydProcess>(kPfkeydBinary, dir_->root().string());
    ASSERT_TRUE(pfkeyd_->start()) << pfkeyd_->error();
    auto engine = kernel::pfkey::PfkeyEngine::connect_pfkeyd(pfkeyd_->socket_path());
    ASSERT_TRUE(engine) << engine.error().message;
    engine_ = std::move(*engine);
    spd_ = std::make_unique<Spd>(*engine_);
  }

  void TearDown() override {
    spd_.reset();
    engine_.reset();
    if (pfkeyd_) {
      EXPECT_EQ(pfkeyd_->stop(), 0) << pfkeyd_->log_text();
    }
  }

  // The three policies of a small transport configuration.
  static std::vector<PlannedPolicy> base_plan() {
    return {
        {"out", esp_policy("192.0.2.1/32", "198.51.100.1/32", Direction::Outbound)},
        {"in", esp_policy("198.51.100.1/32", "192.0.2.1/32", Direction::Inbound)},
        {"pass", bypass_policy("192.0.2.1/32", "203.0.113.0/24")},
    };
  }

  // What the engine holds now under `spid`, or nullopt when it holds none.
  std::optional<PolicyParams> in_engine(Spid spid) {
    auto info = engine_->get_policy(spid);
    if (!info) {
      EXPECT_EQ(info.error().code, ENOENT) << info.error().message;
      return std::nullopt;
    }
    return info->params;
  }

  static PolicyParams with_spid(PolicyParams params, Spid spid) {
    params.spid = spid;
    return params;
  }

  std::unique_ptr<testing::TempDir> dir_;
  std::unique_ptr<testing::PfkeydProcess> pfkeyd_;
  std::unique_ptr<kernel::KeyEngine> engine_;
  std::unique_ptr<Spd> spd_;
};

TEST_F(SpdTest, ApplyInstallsEveryPlannedPolicy) {
  const auto plan = base_plan();
  const ApplyReport report = spd_->apply(plan);
  EXPECT_EQ(report.added, 3U);
  EXPECT_EQ(report.updated + report.removed + report.unchanged, 0U);
  EXPECT_TRUE(report.failures.empty()) << ::testing::PrintToString(report.failures);

  const auto bindings = spd_->bindings();
  ASSERT_EQ(bindings.size(), 3U);
  for (std::size_t i = 0; i < plan.size(); ++i) {
    EXPECT_EQ(bindings[i].first, plan[i].slid);
    const Spid spid = bindings[i].second;
    EXPECT_NE(spid, 0U);
    EXPECT_EQ(spd_->slid_of(spid), plan[i].slid);
    EXPECT_EQ(in_engine(spid), with_spid(plan[i].params, spid));
    EXPECT_FALSE(spd_->installed()[i].dynamic);
  }
  EXPECT_EQ(spd_->slid_of(0x7fff0008), std::nullopt);
}

TEST_F(SpdTest, SamePlanAgainMakesNoEngineCallAndKeepsSpids) {
  const auto plan = base_plan();
  ASSERT_TRUE(spd_->apply(plan).failures.empty());
  const auto before = spids_of(*spd_);
  // With pfkeyd gone, any engine call would fail: the second apply must
  // not need one.
  ASSERT_EQ(pfkeyd_->stop(), 0);
  pfkeyd_.reset();
  const ApplyReport report = spd_->apply(plan);
  EXPECT_EQ(report.unchanged, 3U);
  EXPECT_EQ(report.added + report.updated + report.removed, 0U);
  EXPECT_TRUE(report.failures.empty()) << ::testing::PrintToString(report.failures);
  EXPECT_EQ(spids_of(*spd_), before);
}

TEST_F(SpdTest, ChangedPolicyIsUpdatedInPlaceAndOthersKeepTheirSpid) {
  auto plan = base_plan();
  ASSERT_TRUE(spd_->apply(plan).failures.empty());
  const auto before = spids_of(*spd_);
  plan[1].params.templates = {esp(rct::IpsecLevel::Unique, 42)};
  plan[2].params.priority = 7;

  const ApplyReport report = spd_->apply(plan);
  EXPECT_EQ(report.updated, 2U);
  EXPECT_EQ(report.unchanged, 1U);
  EXPECT_EQ(report.added + report.removed, 0U);
  EXPECT_TRUE(report.failures.empty()) << ::testing::PrintToString(report.failures);
  EXPECT_EQ(spids_of(*spd_), before);
  EXPECT_EQ(in_engine(before[1]), with_spid(plan[1].params, before[1]));
  EXPECT_EQ(in_engine(before[2]), with_spid(plan[2].params, before[2]));
  EXPECT_EQ(in_engine(before[0]), with_spid(plan[0].params, before[0]));
}

TEST_F(SpdTest, NewSlidForTheSameSelectorIsAnUpdate) {
  auto plan = base_plan();
  ASSERT_TRUE(spd_->apply(plan).failures.empty());
  const auto before = spids_of(*spd_);
  plan[2].slid = "renamed";
  const ApplyReport report = spd_->apply(plan);
  EXPECT_EQ(report.updated, 1U);
  EXPECT_EQ(report.unchanged, 2U);
  EXPECT_EQ(spd_->slid_of(before[2]), "renamed");
}

TEST_F(SpdTest, SelectorNoLongerPlannedIsDeleted) {
  auto plan = base_plan();
  ASSERT_TRUE(spd_->apply(plan).failures.empty());
  const auto before = spids_of(*spd_);
  plan.erase(plan.begin());
  plan.push_back({"new", bypass_policy("192.0.2.1/32", "203.0.113.9/32")});

  const ApplyReport report = spd_->apply(plan);
  EXPECT_EQ(report.removed, 1U);
  EXPECT_EQ(report.added, 1U);
  EXPECT_EQ(report.unchanged, 2U);
  EXPECT_TRUE(report.failures.empty()) << ::testing::PrintToString(report.failures);
  EXPECT_EQ(in_engine(before[0]), std::nullopt);
  EXPECT_EQ(spd_->slid_of(before[0]), std::nullopt);
  EXPECT_TRUE(in_engine(before[1]).has_value());
  const auto after = spd_->bindings();
  ASSERT_EQ(after.size(), 3U);
  EXPECT_EQ(after[0], (std::pair<std::string, Spid>{"in", before[1]}));
  EXPECT_EQ(after[1], (std::pair<std::string, Spid>{"pass", before[2]}));
  EXPECT_EQ(after[2].first, "new");
}

TEST_F(SpdTest, PoliciesSpmdDidNotInstallSurviveApplyAndRemoveAll) {
  auto foreign = engine_->add_policy(bypass_policy("10.0.0.0/8", "10.0.0.0/8"));
  ASSERT_TRUE(foreign) << foreign.error().message;
  ASSERT_TRUE(spd_->apply(base_plan()).failures.empty());
  EXPECT_EQ(spd_->slid_of(*foreign), std::nullopt);

  const ApplyReport emptied = spd_->apply({});
  EXPECT_EQ(emptied.removed, 3U);
  EXPECT_TRUE(in_engine(*foreign).has_value());

  ASSERT_TRUE(spd_->apply(base_plan()).failures.empty());
  const ApplyReport all = spd_->remove_all();
  EXPECT_EQ(all.removed, 3U);
  EXPECT_TRUE(all.failures.empty()) << ::testing::PrintToString(all.failures);
  EXPECT_TRUE(spd_->bindings().empty());
  auto dump = engine_->dump_policies();
  ASSERT_TRUE(dump) << dump.error().message;
  ASSERT_EQ(dump->size(), 1U);
  EXPECT_EQ(dump->front().params.spid, *foreign);
}

TEST_F(SpdTest, StaleHolderOfAPlannedSelectorIsTakenOver) {
  // What a crashed spmd leaves behind: the same selector, older content.
  PolicyParams stale = esp_policy("192.0.2.1/32", "198.51.100.1/32", Direction::Outbound);
  stale.templates = {esp(rct::IpsecLevel::Use)};
  ASSERT_TRUE(engine_->add_policy(stale));

  const auto plan = base_plan();
  const ApplyReport report = spd_->apply(plan);
  EXPECT_EQ(report.added, 3U);
  EXPECT_TRUE(report.failures.empty()) << ::testing::PrintToString(report.failures);
  const Spid spid = spd_->bindings().front().second;
  EXPECT_EQ(in_engine(spid), with_spid(plan[0].params, spid));
  EXPECT_EQ(spd_->remove_all().removed, 3U);
  auto dump = engine_->dump_policies();
  ASSERT_TRUE(dump);
  EXPECT_TRUE(dump->empty());
}

TEST_F(SpdTest, RefusedPolicyIsAFailureLineAndTheOthersGoIn) {
  auto plan = base_plan();
  // fwd policies are the engine's own: it refuses them.
  plan.insert(plan.begin() + 1,
              PlannedPolicy{"fwd", esp_policy("10.1.0.0/16", "10.2.0.0/16", Direction::Fwd)});
  const ApplyReport report = spd_->apply(plan);
  EXPECT_EQ(report.added, 3U);
  ASSERT_EQ(report.failures.size(), 1U);
  EXPECT_NE(report.failures[0].find("selector 'fwd' 10.1.0.0/16 -> 10.2.0.0/16"), std::string::npos)
      << report.failures[0];
  EXPECT_EQ(spd_->bindings().size(), 3U);
}

TEST_F(SpdTest, DynamicPoliciesAreRemovedBySlidWithOrWithoutSelector) {
  const PolicyParams first = esp_policy("10.9.0.1/32", "10.1.0.0/16", Direction::Inbound);
  const PolicyParams second = esp_policy("10.1.0.0/16", "10.9.0.1/32", Direction::Outbound);
  const PolicyParams other = esp_policy("10.9.0.2/32", "10.1.0.0/16", Direction::Inbound);
  auto a = spd_->add_dynamic("rw", first);
  auto b = spd_->add_dynamic("rw", second);
  auto c = spd_->add_dynamic("rw2", other);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(in_engine(*a), with_spid(first, *a));
  EXPECT_TRUE(spd_->installed().at(0).dynamic);
  EXPECT_EQ(spd_->bindings(),
            (std::vector<std::pair<std::string, Spid>>{{"rw", *a}, {"rw", *b}, {"rw2", *c}}));

  auto one = spd_->remove("rw", first.selector);
  ASSERT_TRUE(one) << one.error().message;
  EXPECT_EQ(*one, 1U);
  EXPECT_EQ(in_engine(*a), std::nullopt);
  EXPECT_TRUE(in_engine(*b).has_value());

  auto again = spd_->remove("rw", first.selector);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ENOENT);

  auto rest = spd_->remove("rw", std::nullopt);
  ASSERT_TRUE(rest) << rest.error().message;
  EXPECT_EQ(*rest, 1U);
  EXPECT_EQ(in_engine(*b), std::nullopt);
  EXPECT_TRUE(in_engine(*c).has_value());
  EXPECT_EQ(spd_->bindings(), (std::vector<std::pair<std::string, Spid>>{{"rw2", *c}}));

  auto none = spd_->remove("rw", std::nullopt);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ENOENT);
}

TEST_F(SpdTest, RemoveBySlidAlsoTakesStaticPolicies) {
  ASSERT_TRUE(spd_->apply(base_plan()).failures.empty());
  const Spid pass = spd_->bindings().at(2).second;
  auto removed = spd_->remove("pass", std::nullopt);
  ASSERT_TRUE(removed) << removed.error().message;
  EXPECT_EQ(*removed, 1U);
  EXPECT_EQ(in_engine(pass), std::nullopt);
  EXPECT_EQ(spd_->bindings().size(), 2U);
}

TEST_F(SpdTest, DynamicAddReplacesTheHolderOfItsSelector) {
  ASSERT_TRUE(spd_->apply(base_plan()).failures.empty());
  const auto before = spd_->bindings();
  PolicyParams replacement = esp_policy("192.0.2.1/32", "198.51.100.1/32", Direction::Outbound);
  replacement.templates = {esp(rct::IpsecLevel::Unique, 9)};
  auto spid = spd_->add_dynamic("kmp", replacement);
  ASSERT_TRUE(spid) << spid.error().message;
  EXPECT_EQ(in_engine(*spid), with_spid(replacement, *spid));
  const auto after = spd_->bindings();
  ASSERT_EQ(after.size(), 3U);  // one entry per selector and direction
  EXPECT_EQ(after[0], (std::pair<std::string, Spid>{"kmp", *spid}));
  EXPECT_TRUE(spd_->installed()[0].dynamic);

  // The static plan does not force it back while the KMP holds it.
  const ApplyReport report = spd_->apply(base_plan());
  ASSERT_EQ(report.failures.size(), 1U);
  EXPECT_NE(report.failures[0].find("added by a KMP"), std::string::npos) << report.failures[0];
  EXPECT_EQ(report.unchanged, 2U);
  EXPECT_EQ(in_engine(*spid), with_spid(replacement, *spid));
}

TEST_F(SpdTest, ForgottenPolicyLeavesTheMap) {
  ASSERT_TRUE(spd_->apply(base_plan()).failures.empty());
  const Spid out = spd_->bindings().front().second;
  // The engine removed it (hard lifetime): make that true, then tell Spd.
  ASSERT_TRUE(engine_->delete_policy(out));
  spd_->forget(out);
  EXPECT_EQ(spd_->slid_of(out), std::nullopt);
  EXPECT_EQ(spd_->bindings().size(), 2U);
  // The next apply puts it back as a new policy.
  const ApplyReport report = spd_->apply(base_plan());
  EXPECT_EQ(report.added, 1U);
  EXPECT_EQ(report.unchanged, 2U);
}

TEST_F(SpdTest, RemoveAllCountsPoliciesSomeoneElseDeleted) {
  ASSERT_TRUE(spd_->apply(base_plan()).failures.empty());
  ASSERT_TRUE(
      spd_->add_dynamic("rw", esp_policy("10.9.0.1/32", "10.1.0.0/16", Direction::Inbound)));
  ASSERT_TRUE(engine_->delete_policy(spd_->bindings().at(1).second));  // not through Spd

  const ApplyReport report = spd_->remove_all();
  EXPECT_EQ(report.removed, 4U);
  EXPECT_TRUE(report.failures.empty()) << ::testing::PrintToString(report.failures);
  EXPECT_TRUE(spd_->bindings().empty());
  auto dump = engine_->dump_policies();
  ASSERT_TRUE(dump);
  EXPECT_TRUE(dump->empty());
}

TEST_F(SpdTest, RemoveAllKeepsWhatTheEngineCouldNotDelete) {
  ASSERT_TRUE(spd_->apply(base_plan()).failures.empty());
  ASSERT_EQ(pfkeyd_->stop(), 0);
  pfkeyd_.reset();
  const ApplyReport report = spd_->remove_all();
  EXPECT_EQ(report.removed, 0U);
  EXPECT_EQ(report.failures.size(), 3U);
  EXPECT_EQ(spd_->bindings().size(), 3U);
}

}  // namespace
}  // namespace rc::spmd
