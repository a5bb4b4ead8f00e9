// SADB_GETSPI (RFC 2367 §3.1.1 with Linux's X_SA2): request and reply,
// bytes written out from the kernel structs, and requests that are not one.
#include <gtest/gtest.h>
#include <linux/ipsec.h>
#include <linux/pfkeyv2.h>

#include <cerrno>
#include <cstdint>
#include <vector>

#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_spi.h"
#include "pfkey_testing.h"
#include "support/kernel_testing.h"

namespace rc::kernel::pfkey {
namespace {

using rc::testing::ip;
using testing::bytes_of;
using testing::encoded;
using testing::parsed;

SpiRequest esp_tunnel() {
  SpiRequest request;
  request.type = rct::SaType::Esp;
  request.src = ip("192.0.2.1");
  request.dst = ip("192.0.2.2");
  request.mode = rct::IpsecMode::Tunnel;
  request.reqid = 7;
  request.min = 0x100;
  request.max = 0xffff;
  request.seq = 42;
  return request;
}

void expect_same(const SpiRequest& got, const SpiRequest& want) {
  EXPECT_EQ(got.type, want.type);
  EXPECT_EQ(got.src, want.src);
  EXPECT_EQ(got.dst, want.dst);
  EXPECT_EQ(got.mode, want.mode);
  EXPECT_EQ(got.reqid, want.reqid);
  EXPECT_EQ(got.min, want.min);
  EXPECT_EQ(got.max, want.max);
  EXPECT_EQ(got.seq, want.seq);
}

// The request above: SA2, the two addresses, SPIRANGE.
const std::vector<std::uint8_t> kRequest{
    // sadb_msg: GETSPI 1, satype ESP 3, 12 words, seq 42
    0x02, 0x01, 0x00, 0x03, 0x0c, 0x00, 0x00, 0x00, 0x2a, 0x00, 0x00, 0x00, 0, 0, 0, 0,
    // X_SA2 (19): 2 words, mode tunnel 2, sequence 0, reqid 7
    0x02, 0x00, 0x13, 0x00, 0x02, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0x07, 0x00, 0x00, 0x00,
    // ADDRESS_SRC (5): any protocol 255, /32, 192.0.2.1
    0x03, 0x00, 0x05, 0x00, 0xff, 0x20, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x01,
    0, 0, 0, 0, 0, 0, 0, 0,
    // ADDRESS_DST (6): 192.0.2.2
    0x03, 0x00, 0x06, 0x00, 0xff, 0x20, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x02,
    0, 0, 0, 0, 0, 0, 0, 0,
    // SPIRANGE (16): min 0x100, max 0xffff
    0x02, 0x00, 0x10, 0x00, 0x00, 0x01, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0, 0, 0, 0};

TEST(PfkeyGetspi, RequestMatchesHandWrittenBytes) {
  if (!testing::little_endian()) GTEST_SKIP() << "little-endian bytes";
  EXPECT_EQ(encoded(encode_getspi(esp_tunnel())), kRequest);
  auto decoded = decode_getspi(parsed(kRequest));
  ASSERT_TRUE(decoded) << decoded.error().message;
  expect_same(*decoded, esp_tunnel());
}

TEST(PfkeyGetspi, RequestRoundTripsAndDefaults) {
  SpiRequest ipcomp;
  ipcomp.type = rct::SaType::Ipcomp;
  ipcomp.src = ip("2001:db8::1");
  ipcomp.dst = ip("2001:db8::2");
  ipcomp.min = 0x1000;
  ipcomp.max = 0x2000;
  const auto bytes = encoded(encode_getspi(ipcomp));
  auto decoded = decode_getspi(parsed(bytes));
  ASSERT_TRUE(decoded) << decoded.error().message;
  expect_same(*decoded, ipcomp);

  // Without X_SA2 and SPIRANGE: transport, reqid 0, the widest range (a
  // 16-bit CPI for IPComp).
  for (const auto& [satype, max] :
       {std::pair{SADB_SATYPE_AH, 0xffffffffU}, std::pair{SADB_X_SATYPE_IPCOMP, 0xffffU}}) {
    MessageBuilder bare(Header{SADB_GETSPI, 0, static_cast<std::uint8_t>(satype), 5, 0});
    add_address(bare, SADB_EXT_ADDRESS_SRC, host_address(ip("192.0.2.1")));
    add_address(bare, SADB_EXT_ADDRESS_DST, host_address(ip("192.0.2.2")));
    const auto bare_bytes = bytes_of(std::move(bare).finish());
    auto defaults = decode_getspi(parsed(bare_bytes));
    ASSERT_TRUE(defaults) << defaults.error().message;
    EXPECT_EQ(defaults->mode, rct::IpsecMode::Transport);
    EXPECT_EQ(defaults->reqid, 0U);
    EXPECT_EQ(defaults->min, 0x100U);
    EXPECT_EQ(defaults->max, max);
    EXPECT_EQ(defaults->seq, 5U);
  }
}

TEST(PfkeyGetspi, ReplyNamesTheLarvalSa) {
  if (!testing::little_endian()) GTEST_SKIP() << "little-endian bytes";
  // As Linux answers: SA (SPI 0x12345678 in network order, state larval
  // 0), then the rest of the larval SA (here only the addresses).
  const std::vector<std::uint8_t> linux_reply{
      0x02, 0x01, 0x00, 0x03, 0x0a, 0x00, 0x00, 0x00, 0x2a, 0x00, 0x00, 0x00, 0xd2, 0x04,
      0,    0,    0x02, 0x00, 0x01, 0x00, 0x12, 0x34, 0x56, 0x78, 0x00, 0x00, 0x00, 0x00,
      0,    0,    0,    0,    0x03, 0x00, 0x05, 0x00, 0x00, 0x20, 0x00, 0x00, 0x02, 0x00,
      0x00, 0x00, 0xc0, 0x00, 0x02, 0x01, 0,    0,    0,    0,    0,    0,    0,    0,
      0x03, 0x00, 0x06, 0x00, 0x00, 0x20, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0xc0, 0x00,
      0x02, 0x02, 0,    0,    0,    0,    0,    0,    0,    0};
  auto spi = decode_getspi_reply(parsed(linux_reply));
  ASSERT_TRUE(spi) << spi.error().message;
  EXPECT_EQ(*spi, 0x12345678U);

  const auto ours =
      encoded(encode_getspi_reply(Header{SADB_GETSPI, 0, 0, 42, 1234}, esp_tunnel(), 0xc0ffee));
  const Message message = parsed(ours);
  EXPECT_EQ(message.header, (Header{SADB_GETSPI, 0, SADB_SATYPE_ESP, 42, 1234}));
  EXPECT_EQ(*decode_getspi_reply(message), 0xc0ffeeU);
  EXPECT_EQ(read_sa(testing::extension(message, SADB_EXT_SA))->state, SADB_SASTATE_LARVAL);
  auto request = decode_getspi(message);
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_EQ(request->reqid, 7U);
  EXPECT_EQ(request->mode, rct::IpsecMode::Tunnel);
}

TEST(PfkeyGetspi, RefusesWhatIsNotARequest) {
  SpiRequest bundle = esp_tunnel();
  bundle.type = rct::SaType::AhEsp;
  EXPECT_EQ(encode_getspi(bundle).error().code, EINVAL);
  SpiRequest mixed = esp_tunnel();
  mixed.dst = ip("2001:db8::2");
  EXPECT_EQ(encode_getspi(mixed).error().code, EINVAL);
  SpiRequest empty = esp_tunnel();
  empty.min = 0x2000;
  empty.max = 0x1000;
  EXPECT_EQ(encode_getspi(empty).error().code, EINVAL);

  auto bytes = kRequest;
  bytes[3] = SADB_SATYPE_UNSPEC;
  EXPECT_EQ(decode_getspi(parsed(bytes)).error().code, EBADMSG);
  bytes = kRequest;
  bytes[20] = 7;  // X_SA2 mode 7
  EXPECT_EQ(decode_getspi(parsed(bytes)).error().code, EBADMSG);
  bytes = kRequest;
  bytes[64] = 0x0a;  // destination says AF_INET6 in a sockaddr_in's room
  EXPECT_EQ(decode_getspi(parsed(bytes)).error().code, EBADMSG);
  bytes = kRequest;
  bytes[84] = 0x00;  // SPIRANGE min 0x10100 above max 0xffff
  bytes[86] = 0x01;
  EXPECT_EQ(decode_getspi(parsed(bytes)).error().code, EBADMSG);
  // No destination: the last 16 bytes (SPIRANGE) follow the source instead.
  std::vector<std::uint8_t> no_dst(kRequest.begin(), kRequest.begin() + 56);
  no_dst.insert(no_dst.end(), kRequest.end() - 16, kRequest.end());
  no_dst[4] = static_cast<std::uint8_t>(no_dst.size() / 8);
  EXPECT_EQ(decode_getspi(parsed(no_dst)).error().code, EBADMSG);
  EXPECT_EQ(decode_getspi_reply(parsed(no_dst)).error().code, EBADMSG);  // no SA either
}

}  // namespace
}  // namespace rc::kernel::pfkey
