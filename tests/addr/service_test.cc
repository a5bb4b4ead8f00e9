#include "addr/service.h"

#include <gtest/gtest.h>

#include <string>

namespace rc::addr {
namespace {

std::string port_error(std::string_view text) {
  auto result = parse_port(text);
  EXPECT_FALSE(result) << text << " parsed as " << *result;
  return result ? std::string() : result.error().message;
}

std::string protocol_error(std::string_view text) {
  auto result = parse_protocol(text);
  EXPECT_FALSE(result) << text << " parsed as " << unsigned{*result};
  return result ? std::string() : result.error().message;
}

TEST(ParsePortTest, AcceptsNumbers) {
  EXPECT_EQ(parse_port("0").value(), 0);
  EXPECT_EQ(parse_port("500").value(), 500);
  EXPECT_EQ(parse_port("04500").value(), 4500);
  EXPECT_EQ(parse_port("65535").value(), 65535);
}

TEST(ParsePortTest, AnyIsZero) {
  EXPECT_EQ(parse_port("any").value(), kPortAny);
  EXPECT_EQ(kPortAny, 0);
}

TEST(ParsePortTest, LooksUpServiceNames) {
  // Debian's /etc/services lists these; isakmp is UDP only, ssh TCP only.
  EXPECT_EQ(parse_port("isakmp").value(), 500);
  EXPECT_EQ(parse_port("ipsec-nat-t").value(), 4500);
  EXPECT_EQ(parse_port("kerberos").value(), 88);
  EXPECT_EQ(parse_port("ssh").value(), 22);
  EXPECT_EQ(parse_port("domain").value(), 53);
}

TEST(ParsePortTest, RejectsWithExactMessages) {
  EXPECT_EQ(port_error(""), "the port is empty");
  EXPECT_EQ(port_error("65536"), "port 65536 is out of range (0..65535)");
  EXPECT_EQ(port_error("-1"), "port -1 is out of range (0..65535)");
  EXPECT_EQ(port_error("99999999999999999999"), "port 999999999999... is out of range (0..65535)");
  EXPECT_EQ(port_error("no-such-service"),
            "\"no-such-service\" is not a port: expected a number 0..65535, \"any\", or a "
            "service name from /etc/services");
  EXPECT_EQ(port_error("ANY"),
            "\"ANY\" is not a port: expected a number 0..65535, \"any\", or a service name from "
            "/etc/services");
  EXPECT_EQ(port_error("is akmp"),
            "\"is akmp\" is not a port: expected a number 0..65535, \"any\", or a service name "
            "from /etc/services");
  // A NUL must not cut the name short: "isakmp" would be found.
  EXPECT_EQ(port_error(std::string_view("isakmp\0x", 8)),
            "\"isakmp\\x00x\" is not a port: expected a number 0..65535, \"any\", or a service "
            "name from /etc/services");
  EXPECT_FALSE(parse_port(std::string(65, 'a')));
}

TEST(ParseProtocolTest, AcceptsNumbers) {
  EXPECT_EQ(parse_protocol("0").value(), 0);
  EXPECT_EQ(parse_protocol("50").value(), 50);
  EXPECT_EQ(parse_protocol("255").value(), 255);
}

TEST(ParseProtocolTest, AnyIs255) {
  EXPECT_EQ(parse_protocol("any").value(), kProtocolAny);
  EXPECT_EQ(kProtocolAny, 255);
}

TEST(ParseProtocolTest, LooksUpProtocolNames) {
  EXPECT_EQ(parse_protocol("tcp").value(), 6);
  EXPECT_EQ(parse_protocol("udp").value(), 17);
  EXPECT_EQ(parse_protocol("esp").value(), 50);
  EXPECT_EQ(parse_protocol("ah").value(), 51);
  EXPECT_EQ(parse_protocol("ipv6-icmp").value(), 58);
  EXPECT_EQ(parse_protocol("IPSEC-ESP").value(), 50);  // an alias in /etc/protocols
}

TEST(ParseProtocolTest, KnowsTheBsdNamesTheSamplesUse) {
  EXPECT_EQ(parse_protocol("icmp6").value(), 58);
  EXPECT_EQ(parse_protocol("icmpv6").value(), 58);
  EXPECT_EQ(parse_protocol("mh").value(), 135);
}

TEST(ParseProtocolTest, RejectsWithExactMessages) {
  EXPECT_EQ(protocol_error(""), "the protocol is empty");
  EXPECT_EQ(protocol_error("256"), "protocol number 256 is out of range (0..255)");
  EXPECT_EQ(protocol_error("-6"), "protocol number -6 is out of range (0..255)");
  EXPECT_EQ(protocol_error("no-such-proto"),
            "\"no-such-proto\" is not a protocol: expected a number 0..255, \"any\", or a name "
            "from /etc/protocols");
  EXPECT_EQ(protocol_error(std::string_view("esp\0", 4)),
            "\"esp\\x00\" is not a protocol: expected a number 0..255, \"any\", or a name from "
            "/etc/protocols");
}

TEST(ParseProtocolTest, RejectsDatabaseEntriesBeyondIpProtocols) {
  // Debian's /etc/protocols lists "mptcp 262", which no IP header can carry.
  auto mptcp = parse_protocol("mptcp");
  ASSERT_FALSE(mptcp);
  EXPECT_EQ(mptcp.error().message,
            "the protocol \"mptcp\" has the number 262, which is not an IP protocol (0..255)");
}

}  // namespace
}  // namespace rc::addr
