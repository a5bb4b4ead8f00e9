#include "tools/spmdctl/render.h"

#include <gtest/gtest.h>

namespace spmdctl {
namespace {

using rc::spmif::Reply;

TEST(Render, NsListTextIsSpmdsLines) {
  const Reply reply{250, {"192.0.2.53", "192.0.2.54"}};
  EXPECT_EQ(render_ns_list(reply, false), "192.0.2.53\n192.0.2.54\n");
  EXPECT_EQ(render_ns_list(Reply{251, {"No Name Server(resolver off?)"}}, false),
            "No Name Server(resolver off?)\n");
}

TEST(Render, NsListJsonMarksTheCurrentServer) {
  EXPECT_EQ(render_ns_list(Reply{250, {"192.0.2.53", "2001:db8::53"}}, true),
            R"({"ok":true,"command":"ns list","nameservers":[)"
            R"({"address":"192.0.2.53","current":true},)"
            R"({"address":"2001:db8::53","current":false}]})"
            "\n");
  EXPECT_EQ(render_ns_list(Reply{251, {"No Name Server(resolver off?)"}}, true),
            R"({"ok":true,"command":"ns list","nameservers":[]})"
            "\n");
}

TEST(Render, FqdnListAndQuery) {
  const Reply names{250, {"www.example.com.", "mail.example.com."}};
  EXPECT_EQ(render_fqdn_list(names, false), "www.example.com.\nmail.example.com.\n");
  EXPECT_EQ(render_fqdn_list(names, true),
            R"({"ok":true,"command":"fqdn list","fqdns":[{"name":"www.example.com."},)"
            R"({"name":"mail.example.com."}]})"
            "\n");
  EXPECT_EQ(render_fqdn_list(Reply{251, {"No FQDN Registered"}}, true),
            R"({"ok":true,"command":"fqdn list","fqdns":[]})"
            "\n");
  const auto address = rc::addr::IpAddress::parse("192.0.2.80").value();
  EXPECT_EQ(render_fqdn_query(address, Reply{250, {"www.example.com."}}, true),
            R"({"ok":true,"command":"fqdn query","address":"192.0.2.80",)"
            R"("fqdns":[{"name":"www.example.com."}]})"
            "\n");
  EXPECT_EQ(render_fqdn_query(address, Reply{250, {"www.example.com."}}, false),
            "www.example.com.\n");
}

TEST(Render, StatusCountersAreNumbers) {
  const Reply reply{250, {"DNS QUERY = 12", "CACHE TOTAL FQDN = 0", "odd line", "X = 1a"}};
  EXPECT_EQ(render_status(reply, false),
            "DNS QUERY = 12\nCACHE TOTAL FQDN = 0\nodd line\nX = 1a\n");
  EXPECT_EQ(render_status(reply, true),
            R"({"ok":true,"command":"status","counters":[{"name":"DNS QUERY","value":12},)"
            R"({"name":"CACHE TOTAL FQDN","value":0}]})"
            "\n");
  const Counters counters = parse_counters(reply);
  EXPECT_EQ(counters.unreadable, (std::vector<std::string>{"odd line", "X = 1a"}));
}

TEST(Render, DoneShowsTheReply) {
  const Reply reply{250, {"Policy Added sel_out and sel_in"}};
  EXPECT_EQ(
      render_done("policy add", "POLICY ADD sel_out 60 TRANSPORT 10.0.0.1 10.0.0.2", reply, false),
      "Policy Added sel_out and sel_in\n");
  EXPECT_EQ(
      render_done("policy add", "POLICY ADD sel_out 60 TRANSPORT 10.0.0.1 10.0.0.2", reply, true),
      R"({"ok":true,"command":"policy add",)"
      R"("request":"POLICY ADD sel_out 60 TRANSPORT 10.0.0.1 10.0.0.2","code":250,)"
      R"("reply":["Policy Added sel_out and sel_in"]})"
      "\n");
}

TEST(Render, ReloadAndFailure) {
  EXPECT_EQ(render_reload(1234, false), "spmd (pid 1234) was sent SIGHUP\n");
  EXPECT_EQ(render_reload(1234, true), R"({"ok":true,"command":"reload","pid":1234})"
                                       "\n");
  EXPECT_EQ(render_failure_json("ns add", "NS ADD 192.0.2.1: 551 Already \"Exists\"", 551),
            R"({"ok":false,"command":"ns add","error":"NS ADD 192.0.2.1: 551 Already \"Exists\"",)"
            R"("code":551})"
            "\n");
}

TEST(Render, ReplyTextIsOneLine) {
  EXPECT_EQ(reply_text(Reply{550, {"Operation Failed"}}), "550 Operation Failed");
  EXPECT_EQ(reply_text(Reply{550, {"a", "b"}}), "550 a; b");
  EXPECT_EQ(reply_text(Reply{500, {}}), "500");
}

}  // namespace
}  // namespace spmdctl
