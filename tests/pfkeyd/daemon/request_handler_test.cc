// pfkeyd's PF_KEY front end in-process: who hears what, errnos in replies,
// keys only where they belong, dumps, registration and promiscuous mode.
#include <gtest/gtest.h>
#include <linux/pfkeyv2.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "kernel/pfkey/pfkey_message.h"
#include "kernel/pfkey/pfkey_packet.h"
#include "kernel/pfkey/pfkey_policy.h"
#include "kernel/pfkey/pfkey_register.h"
#include "kernel/pfkey/pfkey_sa.h"
#include "kernel/pfkey/pfkey_sa_id.h"
#include "kernel/pfkey/pfkey_spi.h"
#include "pfkeyd/core/clock.h"
#include "request_handler.h"
#include "support/kernel_testing.h"

namespace rc::pfkeyd {
namespace {

using kernel::pfkey::Header;
using kernel::pfkey::Message;
using testing::ip;

kernel::SaParams esp_sa(std::uint32_t spi) {
  kernel::SaParams sa;
  sa.id = kernel::SaId{rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), spi};
  sa.encryption = rct::EncAlg::RijndaelCbc;  // PF_KEY has one id for every AES-CBC key size
  sa.encryption_key = testing::test_key(16, 1);
  sa.integrity = rct::AuthAlg::HmacSha1;
  sa.integrity_key = testing::test_key(20, 2);
  return sa;
}

class RequestHandlerTest : public ::testing::Test {
 protected:
  std::vector<Outgoing> send(const WipedBuffer& request, ClientState& client) {
    return handler_.handle(client, 1234, request.view());
  }
  std::vector<Outgoing> send(const WipedBuffer& request) { return send(request, client_); }

  static Message parsed(const Outgoing& out) {
    auto message = kernel::pfkey::parse(out.message.view());
    EXPECT_TRUE(message) << message.error().message;
    return message ? *message : Message{};
  }

  ManualClock clock_;
  Tables tables_{clock_};
  RequestHandler handler_{tables_};
  ClientState client_;
};

TEST_F(RequestHandlerTest, AddIsBroadcastWithoutKeysAndGetRepliesWithThemToTheSender) {
  auto add = kernel::pfkey::encode_sa(SADB_ADD, esp_sa(0x1000));
  ASSERT_TRUE(add);
  kernel::pfkey::stamp(*add, 7, 1234);
  const auto added = send(*add);
  ASSERT_EQ(added.size(), 1U);
  EXPECT_EQ(added[0].audience, Audience::All);
  const Message add_reply = parsed(added[0]);
  EXPECT_EQ(add_reply.header.type, SADB_ADD);
  EXPECT_EQ(add_reply.header.error, 0);
  EXPECT_EQ(add_reply.header.seq, 7U);
  EXPECT_EQ(add_reply.header.pid, 1234U);
  EXPECT_EQ(add_reply.find(SADB_EXT_KEY_ENCRYPT), nullptr);
  EXPECT_EQ(add_reply.find(SADB_EXT_KEY_AUTH), nullptr);
  EXPECT_TRUE(handler_.take_changed());

  auto get = kernel::pfkey::encode_sa_id(SADB_GET, esp_sa(0x1000).id, 8);
  ASSERT_TRUE(get);
  const auto got = send(*get);
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].audience, Audience::Sender);
  const Message get_reply = parsed(got[0]);
  ASSERT_NE(get_reply.find(SADB_EXT_KEY_ENCRYPT), nullptr);
  auto info = kernel::pfkey::decode_sa_info(get_reply);
  ASSERT_TRUE(info) << info.error().message;
  testing::expect_same_sa(info->params, esp_sa(0x1000));
  EXPECT_FALSE(handler_.take_changed());
}

TEST_F(RequestHandlerTest, FailuresAnswerTheSenderWithTheKernelsErrno) {
  auto add = kernel::pfkey::encode_sa(SADB_ADD, esp_sa(0x2000));
  ASSERT_TRUE(add);
  ASSERT_EQ(send(*add).size(), 1U);
  const auto again = send(*add);
  ASSERT_EQ(again.size(), 1U);
  EXPECT_EQ(again[0].audience, Audience::Sender);
  EXPECT_EQ(parsed(again[0]).header.error, EEXIST);

  auto missing = kernel::pfkey::encode_sa_id(SADB_DELETE, esp_sa(0x3000).id);
  ASSERT_TRUE(missing);
  const auto deleted = send(*missing);
  ASSERT_EQ(deleted.size(), 1U);
  EXPECT_EQ(parsed(deleted[0]).header.error, ESRCH);
}

TEST_F(RequestHandlerTest, MalformedRequestsAreEinvalAndTooShortOnesAreDropped) {
  auto add = kernel::pfkey::encode_sa(SADB_ADD, esp_sa(0x1000));
  ASSERT_TRUE(add);
  std::vector<std::uint8_t> bytes(add->view().begin(), add->view().end());
  bytes[4] = 0xff;  // sadb_msg_len no longer the datagram's
  const auto replies = handler_.handle(client_, 1, bytes);
  ASSERT_EQ(replies.size(), 1U);
  const auto view = replies[0].message.view();
  ASSERT_EQ(view.size(), 16U);
  EXPECT_EQ(view[1], SADB_ADD);
  EXPECT_EQ(view[2], EINVAL);
  EXPECT_EQ(handler_.counters().malformed, 1U);

  const std::vector<std::uint8_t> short_one(9, 2);
  EXPECT_TRUE(handler_.handle(client_, 1, short_one).empty());
  EXPECT_EQ(handler_.counters().unanswerable, 1U);
  EXPECT_TRUE(tables_.dump_sas().empty());
}

TEST_F(RequestHandlerTest, DumpCountsDownToZeroAndAnEmptyDumpIsEnoent) {
  const auto dump_request = kernel::pfkey::encode_header_only(Header{SADB_DUMP, 0, 0, 5, 1234});
  const auto empty = send(dump_request);
  ASSERT_EQ(empty.size(), 1U);
  EXPECT_EQ(parsed(empty[0]).header.error, ENOENT);

  for (std::uint32_t spi = 0x100; spi < 0x103; ++spi) {
    auto add = kernel::pfkey::encode_sa(SADB_ADD, esp_sa(spi));
    ASSERT_TRUE(add);
    ASSERT_EQ(parsed(send(*add).at(0)).header.error, 0);
  }
  const auto dumped = send(dump_request);
  ASSERT_EQ(dumped.size(), 3U);
  std::vector<std::uint32_t> seqs;
  for (const Outgoing& out : dumped) {
    EXPECT_EQ(out.audience, Audience::Sender);
    const Message message = parsed(out);
    EXPECT_EQ(message.header.pid, 1234U);
    seqs.push_back(message.header.seq);
  }
  EXPECT_EQ(seqs, (std::vector<std::uint32_t>{2, 1, 0}));
}

TEST_F(RequestHandlerTest, RegisterListsAlgorithmsOnceAndTwiceIsEexist) {
  const auto request = kernel::pfkey::encode_register(SADB_SATYPE_ESP, 3);
  const auto first = send(request);
  ASSERT_EQ(first.size(), 1U);
  EXPECT_EQ(first[0].audience, Audience::Registered);
  EXPECT_EQ(first[0].satype, SADB_SATYPE_ESP);
  EXPECT_TRUE(client_.registered_for(SADB_SATYPE_ESP));
  auto supported = kernel::pfkey::decode_supported(parsed(first[0]));
  ASSERT_TRUE(supported) << supported.error().message;
  const auto has = [](const auto& list, std::uint8_t id) {
    return std::any_of(list.begin(), list.end(), [id](const auto& alg) { return alg.id == id; });
  };
  EXPECT_TRUE(has(supported->encryption, SADB_X_EALG_AESCBC));
  EXPECT_TRUE(has(supported->encryption, SADB_X_EALG_AES_GCM_ICV16));
  EXPECT_TRUE(has(supported->authentication, SADB_X_AALG_SHA2_256HMAC));

  EXPECT_EQ(parsed(send(request).at(0)).header.error, EEXIST);
  EXPECT_EQ(parsed(send(kernel::pfkey::encode_register(SADB_SATYPE_UNSPEC)).at(0)).header.error,
            EINVAL);
}

TEST_F(RequestHandlerTest, PromiscuousTakesOnlyZeroOrOne) {
  EXPECT_EQ(
      parsed(send(kernel::pfkey::encode_header_only(Header{SADB_X_PROMISC, 0, 1, 1, 1})).at(0))
          .header.error,
      0);
  EXPECT_TRUE(client_.promiscuous);
  EXPECT_EQ(
      parsed(send(kernel::pfkey::encode_header_only(Header{SADB_X_PROMISC, 0, 2, 1, 1})).at(0))
          .header.error,
      EINVAL);
  EXPECT_TRUE(client_.promiscuous);
}

TEST_F(RequestHandlerTest, UnknownTypesAreEopnotsupp) {
  EXPECT_EQ(parsed(send(kernel::pfkey::encode_header_only(Header{SADB_EXPIRE, 0, 3, 1, 1})).at(0))
                .header.error,
            EOPNOTSUPP);
  EXPECT_EQ(
      parsed(send(kernel::pfkey::encode_header_only(Header{99, 0, 3, 1, 1})).at(0)).header.error,
      EOPNOTSUPP);
}

TEST_F(RequestHandlerTest, PacketWithoutSaGivesAReplyAndAnAcquireForRegisteredSockets) {
  kernel::PolicyParams policy;
  policy.selector = testing::udp_selector("192.0.2.1", "192.0.2.2");
  policy.direction = rct::Direction::Outbound;
  kernel::PolicyTemplate esp;
  policy.templates.push_back(esp);
  auto add = kernel::pfkey::encode_policy(SADB_X_SPDADD, policy, 4);
  ASSERT_TRUE(add);
  const auto added = send(*add);
  ASSERT_EQ(added.size(), 1U);
  EXPECT_EQ(added[0].audience, Audience::All);
  auto info = kernel::pfkey::decode_policy(parsed(added[0]));
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_NE(info->params.spid, 0U);

  kernel::pfkey::PacketReport report;
  report.packet = testing::udp_selector("192.0.2.1", "192.0.2.2", 5000, 53);
  report.bytes = 100;
  auto packet = kernel::pfkey::encode_packet(report, 9);
  ASSERT_TRUE(packet);
  const auto out = send(*packet);
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(out[0].audience, Audience::Sender);
  auto verdict = kernel::pfkey::decode_packet_reply(parsed(out[0]));
  ASSERT_TRUE(verdict) << verdict.error().message;
  EXPECT_EQ(verdict->outcome, kernel::pfkey::PacketOutcome::Acquire);
  EXPECT_EQ(verdict->spid, info->params.spid);
  EXPECT_EQ(out[1].audience, Audience::Registered);
  EXPECT_EQ(out[1].satype, SADB_SATYPE_ESP);
  EXPECT_EQ(parsed(out[1]).header.type, SADB_ACQUIRE);
}

}  // namespace
}  // namespace rc::pfkeyd
