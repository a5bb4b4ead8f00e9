#include "tools/spmdctl/settings.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "base/build_config.h"
#include "support/temp_dir.h"

namespace spmdctl {
namespace {

rc::addr::AddrEntry tcp(const char* address) {
  return rc::addr::AddrEntry::host(rc::addr::IpAddress::parse(address).value(), 9555);
}

TEST(SpmdEndpoint, TakesTheFirstUnixSocketAndThePasswordFile) {
  rc::conf::Interface interface;
  interface.spmd =
      rc::addr::AddrList{tcp("127.0.0.1"), rc::addr::AddrEntry::unix_socket("/run/a/spmif").value(),
                         rc::addr::AddrEntry::unix_socket("/run/b/spmif").value()};
  interface.spmd_password = "/etc/r2/spmd.pwd";
  EXPECT_EQ(spmd_endpoint(interface).value(), (SpmdEndpoint{"/run/a/spmif", "/etc/r2/spmd.pwd"}));
}

TEST(SpmdEndpoint, RefusesTcpOnly) {
  rc::conf::Interface interface;
  interface.spmd = rc::addr::AddrList{tcp("127.0.0.1")};
  auto endpoint = spmd_endpoint(interface);
  ASSERT_FALSE(endpoint);
  EXPECT_NE(endpoint.error().message.find("no UNIX socket"), std::string::npos);
}

class LoadInterfaceTest : public ::testing::Test {
 protected:
  void write(const std::string& name, const std::string& text, mode_t mode) {
    const std::string path = dir_.path(name);
    std::ofstream(path) << text;
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
  }
  rc::testing::TempDir dir_{"spmdctl-settings"};
};

TEST_F(LoadInterfaceTest, ReadsTheConfiguredSocketAndPassword) {
  write("spmd.pwd", "0123456789abcdef", 0600);
  write("racoon2.conf",
        "interface {\n"
        "  spmd { unix \"" +
            dir_.path("run/spmif") +
            "\"; };\n"
            "  spmd_password \"" +
            dir_.path("spmd.pwd") +
            "\";\n"
            "};\n",
        0644);
  auto interface = load_interface(dir_.path("racoon2.conf"));
  ASSERT_TRUE(interface) << interface.error().message;
  EXPECT_EQ(spmd_endpoint(*interface).value(),
            (SpmdEndpoint{dir_.path("run/spmif"), dir_.path("spmd.pwd")}));
}

TEST_F(LoadInterfaceTest, DefaultsComeFromTheBuild) {
  write("racoon2.conf", "# nothing set\n", 0644);
  auto interface = load_interface(dir_.path("racoon2.conf"));
  ASSERT_TRUE(interface) << interface.error().message;
  EXPECT_EQ(spmd_endpoint(*interface).value(),
            (SpmdEndpoint{rc::build::kSpmifSocket, rc::build::kSpmdPasswordFile}));
}

TEST_F(LoadInterfaceTest, AFileThatDoesNotLoadSaysWhy) {
  write("racoon2.conf", "interface { spmd_password; ", 0644);
  auto interface = load_interface(dir_.path("racoon2.conf"));
  ASSERT_FALSE(interface);
  EXPECT_EQ(interface.error().message.rfind(dir_.path("racoon2.conf") + ": cannot be loaded", 0),
            0U)
      << interface.error().message;
  EXPECT_FALSE(load_interface(dir_.path("missing.conf")));
}

}  // namespace
}  // namespace spmdctl
