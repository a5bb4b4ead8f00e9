// PfkeyEngine against a scripted peer (scripted_peer.h): which reply belongs
// to a request, errno mapping, dumps, timeouts, the event socket, and the
// rules that differ between the kernel's af_key (fwd twins, what af_key
// cannot carry, X_MIGRATE answered only by its broadcast) and pfkeyd. The
// real kernel runs the same engine through the contract suite in the VM.
#include <gtest/gtest.h>
#include <linux/ipsec.h>
#include <linux/pfkeyv2.h>
#include <netinet/in.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <thread>
#include <vector>

#include "kernel/pfkey/pfkey_events.h"
#include "kernel/pfkey/pfkey_packet.h"
#include "kernel/pfkey/pfkey_policy.h"
#include "kernel/pfkey/pfkey_register.h"
#include "kernel/pfkey/pfkey_sa.h"
#include "kernel/pfkey/pfkey_sa_id.h"
#include "kernel/pfkey/pfkey_spi.h"
#include "scripted_peer.h"
#include "support/kernel_testing.h"

namespace rc::kernel::pfkey::testing {
namespace {

using namespace std::chrono_literals;
using rc::testing::ip;
using rc::testing::prefix;
using rc::testing::test_key;
using rc::testing::udp_selector;

SaParams esp_sa(std::uint32_t spi) {
  SaParams sa;
  sa.id = SaId{rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), spi};
  sa.reqid = 5;
  sa.encryption = rct::EncAlg::Aes128Cbc;
  sa.encryption_key = test_key(16, 1);
  sa.integrity = rct::AuthAlg::HmacSha1;
  sa.integrity_key = test_key(20, 40);
  return sa;
}

SaInfo info_of(const SaParams& params) {
  SaInfo info;
  info.params.id = params.id;
  info.params.mode = params.mode;
  info.params.reqid = params.reqid;
  info.params.replay_window = params.replay_window;
  info.params.encryption = params.encryption;
  info.params.encryption_key = buf::SecretBytes(params.encryption_key.reveal());
  info.params.integrity = params.integrity;
  info.params.integrity_key = buf::SecretBytes(params.integrity_key.reveal());
  return info;
}

PolicyParams tunnel_policy(rct::Direction direction) {
  PolicyParams policy;
  policy.selector = Selector{.src = prefix("198.51.100.0/24"), .dst = prefix("203.0.113.0/24")};
  policy.direction = direction;
  PolicyTemplate esp;
  esp.mode = rct::IpsecMode::Tunnel;
  esp.tunnel_src = ip("192.0.2.2");
  esp.tunnel_dst = ip("192.0.2.1");
  policy.templates.push_back(esp);
  return policy;
}

AcquireEvent acquire_event(std::uint32_t seq) {
  AcquireEvent acquire;
  acquire.spid = 9;
  acquire.packet = udp_selector("192.0.2.1", "192.0.2.2", 5000, 7000);
  acquire.src = ip("192.0.2.1");
  acquire.dst = ip("192.0.2.2");
  acquire.reqid = 3;
  acquire.seq = seq;
  return acquire;
}

// The reply af_key or pfkeyd sends to an X_SPDADD/X_SPDUPDATE/X_SPDGET:
// the policy with its SPID.
Outgoing policy_reply(const Message& request, Spid spid) {
  auto policy = decode_policy(request);
  EXPECT_TRUE(policy) << policy.error().message;
  PolicyInfo info;
  info.params = policy ? policy->params : PolicyParams{};
  info.params.spid = spid;
  auto bytes = encode_policy_reply(reply_header(request), info);
  EXPECT_TRUE(bytes) << bytes.error().message;
  return Outgoing{Channel::Requests, bytes ? bytes_of(*bytes) : std::vector<std::uint8_t>{}};
}

Outgoing register_reply(const Message& request, std::uint8_t error = 0) {
  return reply(request, error, Channel::Events);
}

bool readable(int fd) {
  pollfd pfd{fd, POLLIN, 0};
  return ::poll(&pfd, 1, 0) == 1;
}

std::vector<std::uint8_t> types_sent(ScriptedPeer& peer, Channel channel) {
  std::vector<std::uint8_t> types;
  for (const Received& r : peer.received()) {
    if (r.channel == channel) types.push_back(r.header.type);
  }
  return types;
}

// --- request and reply -----------------------------------------------------

TEST(PfkeyEngine, ReplyIsTheMessageWithTheRequestsTypeSeqAndPid) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkeyd);
  peer.set_script([](Channel, const Message& request) {
    std::vector<Outgoing> out;
    // Copies of other sockets' messages, and near misses of the reply.
    out.push_back(foreign_broadcast(Channel::Requests, SADB_ADD, request.header.seq));
    Header other_seq = reply_header(request, EEXIST);
    other_seq.seq += 1000;
    out.push_back({Channel::Requests, bytes_of(encode_header_only(other_seq))});
    Header other_type = reply_header(request, EEXIST);
    other_type.type = SADB_DELETE;
    out.push_back({Channel::Requests, bytes_of(encode_header_only(other_type))});
    out.push_back({Channel::Requests, {1, 2, 3, 4, 5, 6, 7, 8}});  // no PF_KEY message
    out.push_back(reply(request));
    return out;
  });
  ASSERT_TRUE(engine->add_sa(esp_sa(0x1234)));
  EXPECT_EQ(engine->request_counters().unmatched, 3U);
  EXPECT_EQ(engine->request_counters().malformed, 1U);

  const auto sent = peer.received();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].header.type, SADB_ADD);
  EXPECT_EQ(sent[0].header.pid, static_cast<std::uint32_t>(::getpid()));
  EXPECT_NE(sent[0].header.seq, 0U);
  auto parsed = parse(sent[0].bytes);
  ASSERT_TRUE(parsed);
  auto sa = decode_sa(*parsed);
  ASSERT_TRUE(sa);
  EXPECT_EQ(sa->id, esp_sa(0x1234).id);
}

TEST(PfkeyEngine, ErrnoOfTheReplyIsTheErrorWithTheOperationNamed) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkeyd);
  peer.set_script([](Channel, const Message& request) {
    return std::vector<Outgoing>{reply(request, request.header.type == SADB_ADD ? EEXIST : ESRCH)};
  });
  auto added = engine->add_sa(esp_sa(0x1234));
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code, EEXIST);
  EXPECT_EQ(added.error().message,
            "PF_KEY ADD ESP SA 192.0.2.1 -> 192.0.2.2 SPI 0x1234: File exists");

  // ESRCH, af_key's and pfkeyd's "no such SA/policy", is ENOENT as from XFRM.
  auto deleted = engine->delete_sa(esp_sa(0x1234).id);
  ASSERT_FALSE(deleted);
  EXPECT_EQ(deleted.error().code, ENOENT);
  EXPECT_NE(deleted.error().message.find("PF_KEY DELETE"), std::string::npos);
  auto got = engine->get_sa(esp_sa(0x1234).id);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ENOENT);
  auto policy = engine->get_policy(42);
  ASSERT_FALSE(policy);
  EXPECT_EQ(policy.error().code, ENOENT);
  EXPECT_NE(policy.error().message.find("X_SPDGET"), std::string::npos);
}

TEST(PfkeyEngine, NoAnswerIsEtimedoutAndALateReplyIsDropped) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkeyd, 200ms);
  std::vector<std::uint8_t> late;
  peer.set_script([&late](Channel, const Message& request) {
    std::vector<Outgoing> out;
    if (late.empty()) {
      late = reply(request).bytes;  // held back: the first request times out
      return out;
    }
    out.push_back({Channel::Requests, late});  // now it comes, too late
    out.push_back(reply(request, ESRCH));
    return out;
  });
  auto first = engine->delete_sa(esp_sa(1).id);
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().code, ETIMEDOUT);
  EXPECT_NE(first.error().message.find("200 ms"), std::string::npos);
  // The second one gets its own (error) reply, not the first one's success.
  auto second = engine->delete_sa(esp_sa(1).id);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ENOENT);
  EXPECT_GE(engine->request_counters().unmatched, 1U);
}

TEST(PfkeyEngine, MessagesWaitingBeforeARequestAreDroppedUnread) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkeyd);
  for (std::uint32_t i = 0; i < 50; ++i) {
    peer.send(Channel::Requests, foreign_broadcast(Channel::Requests, SADB_X_SPDADD, i).bytes);
  }
  peer.set_script(
      [](Channel, const Message& request) { return std::vector<Outgoing>{reply(request)}; });
  ASSERT_TRUE(engine->flush_sas());
  EXPECT_EQ(engine->request_counters().unmatched, 50U);
}

TEST(PfkeyEngine, GetSaDecodesAndNamesAesCbcByItsKey) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkeyd);
  const SaParams sa = esp_sa(0x2222);
  peer.set_script([&sa](Channel, const Message& request) {
    SaInfo info = info_of(sa);
    info.params.encryption = rct::EncAlg::RijndaelCbc;  // what SADB_X_EALG_AESCBC decodes to
    info.current.packets = 7;
    auto bytes = encode_sa_info(reply_header(request), info);
    EXPECT_TRUE(bytes) << bytes.error().message;
    return std::vector<Outgoing>{{Channel::Requests, bytes_of(*bytes)}};
  });
  auto info = engine->get_sa(sa.id);
  ASSERT_TRUE(info) << info.error().message;
  rc::testing::expect_same_sa(info->params, sa);
  EXPECT_EQ(info->params.encryption, rct::EncAlg::Aes128Cbc);
  EXPECT_EQ(info->current.packets, 7U);
}

// --- dumps -------------------------------------------------------------------

TEST(PfkeyEngine, DumpEndsWithSeqZeroAndIgnoresOthersMessages) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkeyd);
  peer.set_script([](Channel, const Message& request) {
    std::vector<Outgoing> out;
    // Linux numbers dump messages count+1 ... 1, then 0 for the last.
    for (std::uint32_t i = 0; i < 3; ++i) {
      Header header = reply_header(request);
      header.seq = 2 - i;
      auto bytes = encode_sa_info(header, info_of(esp_sa(0x100 + i)));
      EXPECT_TRUE(bytes);
      out.push_back({Channel::Requests, bytes_of(*bytes)});
      out.push_back(foreign_broadcast(Channel::Requests, SADB_DUMP, 0));  // another pid's dump
    }
    // Whatever follows the last message is not part of this dump.
    auto after = encode_sa_info(reply_header(request), info_of(esp_sa(0x999)));
    out.push_back({Channel::Requests, bytes_of(*after)});
    return out;
  });
  auto sas = engine->dump_sas();
  ASSERT_TRUE(sas) << sas.error().message;
  std::vector<std::uint32_t> spis;
  for (const SaInfo& info : *sas) spis.push_back(info.params.id.spi);
  EXPECT_EQ(spis, (std::vector<std::uint32_t>{0x100, 0x101, 0x102}));
  EXPECT_EQ(types_sent(peer, Channel::Requests), (std::vector<std::uint8_t>{SADB_DUMP}));
}

TEST(PfkeyEngine, EmptyDumpIsEnoentAndAnEmptyList) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkeyd);
  peer.set_script([](Channel, const Message& request) {
    return std::vector<Outgoing>{reply(request, ENOENT)};
  });
  auto sas = engine->dump_sas();
  ASSERT_TRUE(sas) << sas.error().message;
  EXPECT_TRUE(sas->empty());
  auto policies = engine->dump_policies();
  ASSERT_TRUE(policies) << policies.error().message;
  EXPECT_TRUE(policies->empty());
}

TEST(PfkeyEngine, DumpErrorAndSilenceAreErrors) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkeyd, 200ms);
  int calls = 0;
  peer.set_script([&calls](Channel, const Message& request) {
    if (calls++ == 0) return std::vector<Outgoing>{reply(request, EBUSY)};
    // One entry, then nothing: the dump never ends.
    Header header = reply_header(request);
    header.seq = 5;
    auto policy =
        encode_policy_reply(header, PolicyInfo{tunnel_policy(rct::Direction::Outbound), {}});
    return std::vector<Outgoing>{{Channel::Requests, bytes_of(*policy)}};
  });
  auto busy = engine->dump_policies();
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().code, EBUSY);
  auto unfinished = engine->dump_policies();
  ASSERT_FALSE(unfinished);
  EXPECT_EQ(unfinished.error().code, ETIMEDOUT);
}

// --- events --------------------------------------------------------------------

TEST(PfkeyEngine, EventsArrivingDuringRegisterAreQueuedAndEventFdIsReadable) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkeyd);
  ExpireEvent expire;
  expire.id = esp_sa(0x3333).id;
  expire.hard = true;
  expire.cause = ExpireCause::Time;
  expire.reqid = 5;
  expire.current.add_time = 1000;
  peer.set_script([&expire](Channel from, const Message& request) {
    std::vector<Outgoing> out;
    EXPECT_EQ(from, Channel::Events);
    EXPECT_EQ(request.header.type, SADB_REGISTER);
    out.push_back({Channel::Events, bytes_of(*encode_acquire(acquire_event(17)))});
    out.push_back(foreign_broadcast(Channel::Events, SADB_ADD));  // a copy of an ADD
    // Another socket's REGISTER reply (af_key sends those to every
    // registered socket).
    out.push_back(foreign_broadcast(Channel::Events, SADB_REGISTER, request.header.seq));
    out.push_back(
        {Channel::Events, bytes_of(*encode_expire(expire, LifetimeLimit{0, 0, 1000, 0}))});
    out.push_back(register_reply(request));
    return out;
  });
  ASSERT_TRUE(engine->register_sa_type(rct::SaType::Esp));
  EXPECT_TRUE(readable(engine->event_fd())) << "events are queued";

  std::vector<Event> events;
  ASSERT_TRUE(engine->read_events([&events](const Event& e) { events.push_back(e); }));
  ASSERT_EQ(events.size(), 2U);
  EXPECT_EQ(std::get<AcquireEvent>(events[0]), acquire_event(17));
  ASSERT_TRUE(std::holds_alternative<ExpireEvent>(events[1]));
  EXPECT_EQ(std::get<ExpireEvent>(events[1]).id, expire.id);
  EXPECT_TRUE(std::get<ExpireEvent>(events[1]).hard);
  EXPECT_EQ(engine->event_counters().delivered, 2U);
  EXPECT_EQ(engine->event_counters().other, 2U);
  EXPECT_FALSE(readable(engine->event_fd())) << "nothing left";

  // Later events come straight from the socket through the same descriptor.
  peer.send(Channel::Events, bytes_of(*encode_acquire(acquire_event(18))));
  pollfd pfd{engine->event_fd(), POLLIN, 0};
  ASSERT_EQ(::poll(&pfd, 1, 2000), 1);
  events.clear();
  ASSERT_TRUE(engine->read_events([&events](const Event& e) { events.push_back(e); }));
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(std::get<AcquireEvent>(events[0]).seq, 18U);
}

TEST(PfkeyEngine, RegisterOfABundleRegistersEachProtocolAndEexistIsFine) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkey);
  peer.set_script([](Channel, const Message& request) {
    return std::vector<Outgoing>{
        register_reply(request, request.header.satype == SADB_SATYPE_AH ? EEXIST : 0)};
  });
  ASSERT_TRUE(engine->register_sa_type(rct::SaType::AhEsp));
  std::vector<std::uint8_t> satypes;
  for (const Received& r : peer.received()) satypes.push_back(r.header.satype);
  EXPECT_EQ(satypes, (std::vector<std::uint8_t>{SADB_SATYPE_AH, SADB_SATYPE_ESP}));

  peer.set_script([](Channel, const Message& request) {
    return std::vector<Outgoing>{register_reply(request, EPERM)};
  });
  auto refused = engine->register_sa_type(rct::SaType::Ipcomp);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, EPERM);
}

TEST(PfkeyEngine, MalformedEventsAreCountedAndDropped) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkeyd);
  peer.send(Channel::Events, std::vector<std::uint8_t>{2, 6, 0, 3});  // cut short
  // An ACQUIRE without its addresses: frames fine, does not decode.
  peer.send(Channel::Events,
            bytes_of(encode_header_only(Header{SADB_ACQUIRE, 0, SADB_SATYPE_ESP, 4, 0})));
  // Version 1.
  auto good = bytes_of(*encode_acquire(acquire_event(5)));
  auto old = good;
  old[0] = 1;
  peer.send(Channel::Events, old);
  peer.send(Channel::Events, good);
  std::vector<Event> events;
  for (int i = 0; i < 100 && events.empty(); ++i) {
    pollfd pfd{engine->event_fd(), POLLIN, 0};
    ASSERT_EQ(::poll(&pfd, 1, 2000), 1);
    ASSERT_TRUE(engine->read_events([&events](const Event& e) { events.push_back(e); }));
  }
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(std::get<AcquireEvent>(events[0]).seq, 5U);
  EXPECT_EQ(engine->event_counters().malformed, 3U);
  EXPECT_EQ(engine->event_counters().delivered, 1U);
}

TEST(PfkeyEngine, PfkeydGoingAwayIsAnError) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkeyd);
  peer.hang_up();
  auto flushed = engine->flush_policies();
  ASSERT_FALSE(flushed);
  EXPECT_TRUE(flushed.error().code == ECONNRESET || flushed.error().code == EPIPE)
      << flushed.error().message;
  EXPECT_TRUE(readable(engine->event_fd()));
  auto read = engine->read_events([](const Event&) {});
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ECONNRESET);
}

// --- SPIs ------------------------------------------------------------------------

TEST(PfkeyEngine, GetSpiEchoesTheAcquireSeqAndCutsTheReservedRange) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkeyd);
  peer.set_script([](Channel, const Message& request) {
    auto asked = decode_getspi(request);
    EXPECT_TRUE(asked);
    auto bytes = encode_getspi_reply(reply_header(request), *asked, asked->min);
    return std::vector<Outgoing>{{Channel::Requests, bytes_of(*bytes)}};
  });
  SpiRequest request;
  request.src = ip("192.0.2.2");
  request.dst = ip("192.0.2.1");
  request.min = 0;  // 0..255 are reserved
  request.max = 0x1000;
  request.seq = 4711;
  auto spi = engine->get_spi(request);
  ASSERT_TRUE(spi) << spi.error().message;
  EXPECT_EQ(*spi, 0x100U);
  const auto sent = peer.received();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].header.seq, 4711U) << "the ACQUIRE's seq pairs the GETSPI with it";

  request.max = 0xff;
  auto reserved = engine->get_spi(request);
  ASSERT_FALSE(reserved);
  EXPECT_EQ(reserved.error().code, EINVAL);
  EXPECT_EQ(peer.received().size(), 1U) << "refused without asking";
}

TEST(PfkeyEngine, KernelSmallSpiRangeIsSearchedOneSpiAtATime) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkey);
  peer.set_script([](Channel, const Message& request) {
    auto asked = decode_getspi(request);
    EXPECT_TRUE(asked);
    EXPECT_EQ(asked->min, asked->max);
    if (asked->min != 0x503) return std::vector<Outgoing>{reply(request, ENOENT)};
    auto bytes = encode_getspi_reply(reply_header(request), *asked, asked->min);
    return std::vector<Outgoing>{{Channel::Requests, bytes_of(*bytes)}};
  });
  SpiRequest request;
  request.src = ip("192.0.2.2");
  request.dst = ip("192.0.2.1");
  request.min = 0x500;
  request.max = 0x507;
  auto spi = engine->get_spi(request);
  ASSERT_TRUE(spi) << spi.error().message;
  EXPECT_EQ(*spi, 0x503U);
}

// --- what the kernel's af_key cannot carry -----------------------------------------

TEST(PfkeyEngine, KernelRefusesWhatAfKeyWouldChangeWithoutAsking) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkey);
  peer.set_script(
      [](Channel, const Message& request) { return std::vector<Outgoing>{reply(request)}; });
  SaParams sha256 = esp_sa(1);
  sha256.integrity = rct::AuthAlg::HmacSha2_256;
  sha256.integrity_key = test_key(32, 1);
  auto refused = engine->add_sa(sha256);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ENOTSUP);
  EXPECT_NE(refused.error().message.find("XFRM"), std::string::npos) << refused.error().message;

  SaParams gcm = esp_sa(2);
  gcm.encryption = rct::EncAlg::AesGcm16;
  gcm.encryption_key = test_key(20, 1);
  gcm.integrity = {};
  gcm.integrity_key = {};
  auto aead = engine->add_sa(gcm);
  ASSERT_FALSE(aead);
  EXPECT_EQ(aead.error().code, ENOTSUP);

  SaParams wide = esp_sa(3);
  wide.replay_window = 64;
  auto window = engine->update_sa(wide);
  ASSERT_FALSE(window);
  EXPECT_EQ(window.error().code, ENOTSUP);

  PolicyParams lifetime = tunnel_policy(rct::Direction::Outbound);
  lifetime.lifetimes.hard.add_seconds = 60;
  auto policy = engine->add_policy(lifetime);
  ASSERT_FALSE(policy);
  EXPECT_EQ(policy.error().code, ENOTSUP);

  PolicyParams use = tunnel_policy(rct::Direction::Inbound);
  use.templates[0].level = rct::IpsecLevel::Use;
  use.templates[0].reqid = 7;
  ASSERT_FALSE(engine->add_policy(use));
  PolicyParams big = tunnel_policy(rct::Direction::Inbound);
  big.templates[0].level = rct::IpsecLevel::Unique;
  big.templates[0].reqid = 0x4000;
  ASSERT_FALSE(engine->add_policy(big));

  auto packet = engine->inject_packet(
      PacketReport{udp_selector("192.0.2.1", "192.0.2.2"), rct::Direction::Outbound, 100});
  ASSERT_FALSE(packet);
  EXPECT_EQ(packet.error().code, ENOTSUP);
  EXPECT_TRUE(peer.received().empty()) << "nothing of it reached the kernel";
}

TEST(PfkeyEngine, PfkeydTakesHmacSha256AndWideWindows) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkeyd);
  peer.set_script(
      [](Channel, const Message& request) { return std::vector<Outgoing>{reply(request)}; });
  SaParams sa = esp_sa(1);
  sa.integrity = rct::AuthAlg::HmacSha2_256;
  sa.integrity_key = test_key(32, 1);
  sa.replay_window = 128;
  ASSERT_TRUE(engine->add_sa(sa));
  const auto sent = peer.received();
  ASSERT_EQ(sent.size(), 1U);
  auto parsed = parse(sent[0].bytes);
  ASSERT_TRUE(parsed);
  auto decoded = decode_sa(*parsed);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->integrity, rct::AuthAlg::HmacSha2_256);
  EXPECT_EQ(decoded->replay_window, 128);
}

TEST(PfkeyEngine, KernelSendsRequireWithAReqidAsUnique) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkey);
  peer.set_script([](Channel, const Message& request) {
    return std::vector<Outgoing>{policy_reply(request, 0x101)};
  });
  PolicyParams policy = tunnel_policy(rct::Direction::Outbound);
  policy.templates[0].reqid = 42;
  auto spid = engine->add_policy(policy);
  ASSERT_TRUE(spid) << spid.error().message;
  EXPECT_EQ(*spid, 0x101U);
  const auto sent = peer.received();
  ASSERT_EQ(sent.size(), 1U);
  auto parsed = parse(sent[0].bytes);
  ASSERT_TRUE(parsed);
  auto decoded = decode_policy(*parsed);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->params.templates[0].level, rct::IpsecLevel::Unique);
  EXPECT_EQ(decoded->params.templates[0].reqid, 42U);
}

// --- fwd twins (kernel only) --------------------------------------------------------

TEST(PfkeyEngine, KernelGivesInboundTunnelPoliciesAHiddenFwdTwin) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkey);
  const PolicyParams inbound = tunnel_policy(rct::Direction::Inbound);
  peer.set_script([&inbound](Channel, const Message& request) {
    switch (request.header.type) {
      case SADB_X_SPDADD:
        return std::vector<Outgoing>{policy_reply(request, 0x100)};  // in: low bits 0
      case SADB_X_SPDUPDATE:
        return std::vector<Outgoing>{policy_reply(request, 0x102)};  // fwd: low bits 2
      case SADB_X_SPDGET: {
        PolicyInfo info{inbound, {}};
        info.params.spid = 0x100;
        return std::vector<Outgoing>{
            {Channel::Requests, bytes_of(*encode_policy_reply(reply_header(request), info))}};
      }
      case SADB_X_SPDDUMP: {
        std::vector<Outgoing> out;
        PolicyInfo in{inbound, {}};
        in.params.spid = 0x100;
        PolicyInfo fwd = in;
        fwd.params.direction = rct::Direction::Fwd;
        fwd.params.spid = 0x102;
        Header first = reply_header(request);
        first.seq = 1;
        out.push_back({Channel::Requests, bytes_of(*encode_policy_reply(first, fwd))});
        Header last = reply_header(request);
        last.seq = 0;
        out.push_back({Channel::Requests, bytes_of(*encode_policy_reply(last, in))});
        return out;
      }
      default:
        return std::vector<Outgoing>{reply(request)};
    }
  });
  auto spid = engine->add_policy(inbound);
  ASSERT_TRUE(spid) << spid.error().message;
  EXPECT_EQ(*spid, 0x100U);
  auto sent = peer.received();
  ASSERT_EQ(sent.size(), 2U);
  EXPECT_EQ(sent[1].header.type, SADB_X_SPDUPDATE);
  auto twin = decode_policy(*parse(sent[1].bytes));
  ASSERT_TRUE(twin);
  EXPECT_EQ(twin->params.direction, rct::Direction::Fwd);
  EXPECT_EQ(twin->params.selector, inbound.selector);
  EXPECT_EQ(twin->params.templates, inbound.templates);

  auto listed = engine->dump_policies();
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->size(), 1U);
  EXPECT_EQ((*listed)[0].params.spid, 0x100U);

  // The fwd twin's SPID is not the caller's to name.
  auto hidden = engine->get_policy(0x102);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code, ENOENT);

  ASSERT_TRUE(engine->delete_policy(0x100));
  sent = peer.received();
  ASSERT_GE(sent.size(), 6U);
  EXPECT_EQ(sent[sent.size() - 3].header.type, SADB_X_SPDGET);
  EXPECT_EQ(sent[sent.size() - 2].header.type, SADB_X_SPDDELETE2);
  EXPECT_EQ(sent.back().header.type, SADB_X_SPDDELETE);
  auto removed = decode_policy(*parse(sent.back().bytes));
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->params.direction, rct::Direction::Fwd);
}

TEST(PfkeyEngine, KernelRemovesAStaleTwinOfAnInboundTransportPolicy) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkey);
  peer.set_script([](Channel, const Message& request) {
    if (request.header.type == SADB_X_SPDDELETE) {
      return std::vector<Outgoing>{reply(request, ENOENT)};  // no twin: fine
    }
    return std::vector<Outgoing>{policy_reply(request, 0x200)};
  });
  PolicyParams transport;
  transport.selector = udp_selector("192.0.2.2", "192.0.2.1");
  transport.direction = rct::Direction::Inbound;
  transport.templates.push_back(PolicyTemplate{});
  ASSERT_TRUE(engine->add_policy(transport));
  EXPECT_EQ(types_sent(peer, Channel::Requests),
            (std::vector<std::uint8_t>{SADB_X_SPDADD, SADB_X_SPDDELETE}));
}

TEST(PfkeyEngine, FailedTwinUndoesTheAdd) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkey);
  peer.set_script([](Channel, const Message& request) {
    if (request.header.type == SADB_X_SPDUPDATE) {
      return std::vector<Outgoing>{reply(request, ENOBUFS)};
    }
    if (request.header.type == SADB_X_SPDDELETE2) return std::vector<Outgoing>{reply(request)};
    return std::vector<Outgoing>{policy_reply(request, 0x300)};
  });
  auto spid = engine->add_policy(tunnel_policy(rct::Direction::Inbound));
  ASSERT_FALSE(spid);
  EXPECT_EQ(spid.error().code, ENOBUFS);
  EXPECT_NE(spid.error().message.find("fwd twin"), std::string::npos);
  EXPECT_EQ(types_sent(peer, Channel::Requests),
            (std::vector<std::uint8_t>{SADB_X_SPDADD, SADB_X_SPDUPDATE, SADB_X_SPDDELETE2}));
}

TEST(PfkeyEngine, PfkeydGetsNoTwinsAndNoFwdPolicies) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkeyd);
  peer.set_script([](Channel, const Message& request) {
    return std::vector<Outgoing>{policy_reply(request, 7)};
  });
  auto spid = engine->add_policy(tunnel_policy(rct::Direction::Inbound));
  ASSERT_TRUE(spid) << spid.error().message;
  EXPECT_EQ(*spid, 7U);  // pfkeyd numbers policies its own way
  EXPECT_EQ(types_sent(peer, Channel::Requests), (std::vector<std::uint8_t>{SADB_X_SPDADD}));
  auto fwd = engine->add_policy(tunnel_policy(rct::Direction::Fwd));
  ASSERT_FALSE(fwd);
  EXPECT_EQ(fwd.error().code, EINVAL);
}

TEST(PfkeyEngine, KernelCompletesAnAcquireFromItsPolicy) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkey);
  PolicyParams policy = tunnel_policy(rct::Direction::Outbound);
  policy.templates[0].tunnel_src = ip("192.0.2.1");
  policy.templates[0].tunnel_dst = ip("192.0.2.2");
  policy.templates[0].level = rct::IpsecLevel::Unique;
  policy.templates[0].reqid = 9;
  policy.spid = 0x11;  // an outbound SPID on Linux
  peer.set_script([&policy](Channel, const Message& request) {
    EXPECT_EQ(request.header.type, SADB_X_SPDGET);
    return std::vector<Outgoing>{
        {Channel::Requests,
         bytes_of(*encode_policy_reply(reply_header(request), PolicyInfo{policy, {}}))}};
  });
  // What af_key sends: the SPID and the SA endpoints, no template.
  AcquireEvent bare = acquire_event(21);
  bare.spid = 0x11;
  bare.mode = rct::IpsecMode::Transport;
  bare.reqid = 0;
  peer.send(Channel::Events, bytes_of(*encode_acquire(bare)));
  std::vector<Event> events;
  pollfd pfd{engine->event_fd(), POLLIN, 0};
  ASSERT_EQ(::poll(&pfd, 1, 2000), 1);
  ASSERT_TRUE(engine->read_events([&events](const Event& e) { events.push_back(e); }));
  ASSERT_EQ(events.size(), 1U);
  const auto& acquire = std::get<AcquireEvent>(events[0]);
  EXPECT_EQ(acquire.mode, rct::IpsecMode::Tunnel);
  EXPECT_EQ(acquire.reqid, 9U);
  EXPECT_EQ(acquire.seq, 21U);
  EXPECT_EQ(types_sent(peer, Channel::Requests), (std::vector<std::uint8_t>{SADB_X_SPDGET}));
}

// --- MIGRATE ---------------------------------------------------------------------------

MigrateParams migration() {
  MigrateParams m;
  m.selector = Selector{.src = prefix("198.51.100.0/24"), .dst = prefix("203.0.113.0/24")};
  m.direction = rct::Direction::Outbound;
  m.entries.push_back(MigrateEntry{rct::SaType::Esp, rct::IpsecMode::Tunnel, 77, ip("192.0.2.1"),
                                   ip("192.0.2.2"), ip("192.0.2.1"), ip("192.0.2.3")});
  return m;
}

TEST(PfkeyEngine, KernelMigrateSucceedsWithItsBroadcast) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkey);
  peer.set_script([](Channel, const Message& request) {
    // Linux: no reply on success, only the migration's broadcast (seq 0,
    // pid 0) to every socket.
    auto event = decode_migrate(request);
    EXPECT_TRUE(event);
    auto broadcast = encode_migrate(event->params);
    return std::vector<Outgoing>{{Channel::Requests, bytes_of(*broadcast)},
                                 {Channel::Events, bytes_of(*broadcast)}};
  });
  ASSERT_TRUE(engine->migrate(migration()));
  std::vector<Event> events;
  pollfd pfd{engine->event_fd(), POLLIN, 0};
  ASSERT_EQ(::poll(&pfd, 1, 2000), 1);
  ASSERT_TRUE(engine->read_events([&events](const Event& e) { events.push_back(e); }));
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(std::get<MigrateEvent>(events[0]).params.entries, migration().entries);

  peer.set_script([](Channel, const Message& request) {
    return std::vector<Outgoing>{reply(request, ENOENT)};
  });
  auto missing = engine->migrate(migration());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ENOENT);
}

TEST(PfkeyEngine, KernelMigratesTheFwdTwinOfAnInboundPolicyAndDropsItsEvent) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkey);
  peer.set_script([](Channel, const Message& request) {
    auto event = decode_migrate(request);
    EXPECT_TRUE(event);
    auto broadcast = encode_migrate(event->params);
    return std::vector<Outgoing>{{Channel::Requests, bytes_of(*broadcast)},
                                 {Channel::Events, bytes_of(*broadcast)}};
  });
  MigrateParams inbound = migration();
  inbound.direction = rct::Direction::Inbound;
  ASSERT_TRUE(engine->migrate(inbound));
  const auto sent = peer.received();
  ASSERT_EQ(sent.size(), 2U);
  EXPECT_EQ(decode_migrate(*parse(sent[1].bytes))->params.direction, rct::Direction::Fwd);
  std::vector<Event> events;
  for (int i = 0; i < 100 && engine->event_counters().internal == 0; ++i) {
    pollfd pfd{engine->event_fd(), POLLIN, 0};
    ASSERT_EQ(::poll(&pfd, 1, 2000), 1);
    ASSERT_TRUE(engine->read_events([&events](const Event& e) { events.push_back(e); }));
  }
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(std::get<MigrateEvent>(events[0]).params.direction, rct::Direction::Inbound);
  EXPECT_EQ(engine->event_counters().internal, 1U);
}

// --- pfkeyd's packets -----------------------------------------------------------------------

TEST(PfkeyEngine, PfkeydJudgesAReportedPacket) {
  ScriptedPeer peer;
  auto engine = peer.engine(EngineKind::Pfkeyd);
  const PacketVerdict verdict{PacketOutcome::Protected, 0x10, esp_sa(0x4444).id};
  peer.set_script([&verdict](Channel, const Message& request) {
    auto report = decode_packet(request);
    EXPECT_TRUE(report);
    EXPECT_EQ(report->bytes, 1400U);
    return std::vector<Outgoing>{
        {Channel::Requests, bytes_of(*encode_packet_reply(reply_header(request), verdict))}};
  });
  auto got = engine->inject_packet(
      PacketReport{udp_selector("192.0.2.1", "192.0.2.2", 1, 2), rct::Direction::Outbound, 1400});
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(*got, verdict);
}

}  // namespace
}  // namespace rc::kernel::pfkey::testing
