// spmif conformance: the transcripts in transcripts/ (see its README) run
// against a real spmd on a real pfkeyd, each on fresh daemons, so every
// reply code and text of the original protocol is checked on the wire.
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "base/unique_fd.h"
#include "spmif/login.h"
#include "support/daemon_process.h"
#include "support/pfkeyd_process.h"
#include "support/temp_dir.h"

namespace rc::spmd {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string config_text(const std::string& dir) {
  return "interface {\n"
         "  spmd { unix \"" +
         dir +
         "/run/spmif\"; };\n"
         "  spmd_password \"" +
         dir +
         "/spmd.pwd\";\n"
         "  key_engine pfkeyd;\n"
         "  pfkeyd_socket \"" +
         dir +
         "/run/pfkey\";\n"
         "};\n"
         R"(resolver { resolver on; nameserver { 192.0.2.53; 192.0.2.54; };
  dns_query { 127.0.0.1 port 53; }; };
remote peer_b { acceptable_kmp { ikev2; };
  ikev2 { my_id ipaddr 192.0.2.1; peers_ipaddr 192.0.2.2 port 500; kmp_auth_method { psk; };
    pre_shared_key ")" +
         dir + R"(/psk"; }; };
selector tr_out { direction outbound; src 192.0.2.1; dst 192.0.2.2; policy_index tr_pol; };
selector tr_in { direction inbound; src 192.0.2.2; dst 192.0.2.1; policy_index tr_pol; };
selector bypass_out { direction outbound; src 192.0.2.1; dst 192.0.2.53 port 53;
  upper_layer_protocol udp; policy_index bypass_pol; };
selector name_out { direction outbound; src 192.0.2.1; dst peer.example.test; policy_index tr_pol; };
selector name_in { direction inbound; src peer.example.test; dst 192.0.2.1; policy_index tr_pol; };
selector nowhere_out { direction outbound; src 192.0.2.1; dst unknown.example.test;
  policy_index tr_pol; };
selector tun_out { direction outbound; src 10.1.0.0/24; dst 10.2.0.0/24; policy_index tun_pol; };
selector tun_in { direction inbound; src 10.2.0.0/24; dst 10.1.0.0/24; policy_index tun_pol; };
selector lonely_out { direction outbound; src 192.0.2.1; dst 192.0.2.201; policy_index tun_pol; };
policy tr_pol { action auto_ipsec; remote_index peer_b; ipsec_mode transport;
  ipsec_index { esp_only; }; ipsec_level require; };
policy tun_pol { action auto_ipsec; install off; remote_index peer_b; ipsec_mode tunnel;
  ipsec_index { esp_only; }; ipsec_level require;
  my_sa_ipaddr 192.0.2.1; peers_sa_ipaddr 192.0.2.2; };
policy bypass_pol { action none; };
ipsec esp_only { sa_index esp_aes; };
sa esp_aes { sa_protocol esp; esp_enc_alg { aes128_cbc; }; esp_auth_alg { hmac_sha2_256; }; };
)";
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
  ::chmod(path.c_str(), 0600);
}

// One client connection with line reading and a deadline on every read.
class Conversation {
 public:
  explicit Conversation(const std::string& path) {
    fd_ = UniqueFd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::copy(path.begin(), path.end(), address.sun_path);
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    connected_ = ::connect(fd_.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  [[nodiscard]] bool connected() const { return connected_; }

  bool send_all(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t sent =
          ::send(fd_.get(), bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
      if (sent <= 0) return false;
      done += static_cast<std::size_t>(sent);
    }
    return true;
  }
  bool send_bytewise(const std::string& bytes) {
    for (const char byte : bytes) {
      if (!send_all(std::string(1, byte))) return false;
      std::this_thread::sleep_for(1ms);
    }
    return true;
  }

  // The next line without CRLF; nullopt at EOF (or a reset), "<timeout>"
  // when nothing came within 5 s.
  std::optional<std::string> line() {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    for (;;) {
      if (const auto end = buffer_.find("\r\n"); end != std::string::npos) {
        std::string text = buffer_.substr(0, end);
        buffer_.erase(0, end + 2);
        return text;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left <= 0ms) return std::string("<timeout>");
      pollfd waiting{fd_.get(), POLLIN, 0};
      if (::poll(&waiting, 1, static_cast<int>(left.count())) <= 0) continue;
      char chunk[4096];
      const ssize_t got = ::recv(fd_.get(), chunk, sizeof chunk, 0);
      if (got <= 0) {
        if (!buffer_.empty()) return std::exchange(buffer_, {});
        return std::nullopt;
      }
      buffer_.append(chunk, static_cast<std::size_t>(got));
    }
  }

 private:
  UniqueFd fd_;
  bool connected_ = false;
  std::string buffer_;
};

std::string escape_regex(const std::string& text) {
  static const std::string special = R"(\^$.|?*+()[]{}/)";
  std::string out;
  for (const char c : text) {
    if (special.find(c) != std::string::npos) out += '\\';
    out += c;
  }
  return out;
}

class Transcript {
 public:
  Transcript(std::string socket_path, std::string password_file)
      : socket_path_(std::move(socket_path)), password_file_(std::move(password_file)) {}

  // Runs every line; failures are reported with the transcript line number.
  void run(const fs::path& file) {
    std::ifstream in(file);
    std::string text;
    int number = 0;
    while (std::getline(in, text)) {
      ++number;
      SCOPED_TRACE(file.filename().string() + ":" + std::to_string(number) + ": " + text);
      step(text);
      if (::testing::Test::HasFatalFailure()) return;
    }
    flush();
  }

 private:
  void step(const std::string& text) {
    if (text.empty() || text.starts_with('#')) return;
    if (text == "connect") {
      flush();
      conversation_ = std::make_unique<Conversation>(socket_path_);
      ASSERT_TRUE(conversation_->connected()) << "cannot connect to " << socket_path_;
      return;
    }
    ASSERT_TRUE(conversation_) << "no connection: start with 'connect'";
    if (text == "closed") {
      flush();
      const auto line = conversation_->line();
      EXPECT_FALSE(line.has_value()) << "expected the connection closed, got '" << *line << "'";
      return;
    }
    if (text.starts_with(">+ ")) {
      queued_ += expand(text.substr(3)) + "\r\n";
    } else if (text.starts_with(">~ ")) {
      flush();
      EXPECT_TRUE(conversation_->send_bytewise(expand(text.substr(3)) + "\r\n"));
    } else if (text.starts_with(">lf ")) {
      flush();
      EXPECT_TRUE(conversation_->send_all(expand(text.substr(4)) + "\n"));
    } else if (text == ">" || text.starts_with("> ")) {
      flush();
      EXPECT_TRUE(conversation_->send_all(expand(text.size() > 2 ? text.substr(2) : "") + "\r\n"));
    } else if (text.starts_with("< ")) {
      flush();
      expect(text.substr(2));
    } else {
      FAIL() << "unknown transcript line";
    }
  }

  void flush() {
    if (!queued_.empty() && conversation_) {
      EXPECT_TRUE(conversation_->send_all(queued_));
    }
    queued_.clear();
  }

  std::string expand(const std::string& text) {
    static const std::regex token(R"(\{([^}]*)\})");
    std::string out;
    std::size_t last = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), token);
         it != std::sregex_iterator(); ++it) {
      out += text.substr(last, static_cast<std::size_t>(it->position()) - last);
      last = static_cast<std::size_t>(it->position() + it->length());
      const std::string name = (*it)[1];
      if (name == "login" || name == "wrong") {
        auto password = spmif::read_password(password_file_);
        EXPECT_TRUE(password) << password.error().message;
        if (!password) continue;
        // A wrong hash: the right construction over another challenge.
        const std::string challenge =
            name == "login" ? challenge_ : std::string(spmif::kChallengeLength, '0');
        auto hash = spmif::login_response(challenge, *password);
        EXPECT_TRUE(hash);
        if (hash) out += *hash;
      } else if (name.starts_with("repeat:")) {
        const char c = name[7];
        out += std::string(std::stoul(name.substr(9)), c);
      } else {
        EXPECT_TRUE(values_.contains(name)) << "nothing captured as " << name;
        out += values_[name];
      }
    }
    return out + text.substr(last);
  }

  void expect(const std::string& pattern) {
    static const std::regex token(R"(\{([^}]*)\})");
    std::string expression;
    std::vector<std::string> captures;  // "" for the challenge
    std::size_t last = 0;
    for (auto it = std::sregex_iterator(pattern.begin(), pattern.end(), token);
         it != std::sregex_iterator(); ++it) {
      expression +=
          escape_regex(pattern.substr(last, static_cast<std::size_t>(it->position()) - last));
      last = static_cast<std::size_t>(it->position() + it->length());
      const std::string name = (*it)[1];
      if (name == "hex40") {
        expression += "([0-9A-F]{40})";
        captures.emplace_back();
      } else if (name.starts_with('=')) {
        expression += R"((\S+))";
        captures.push_back(name.substr(1));
      } else {
        expression += escape_regex(values_[name]);
      }
    }
    expression += escape_regex(pattern.substr(last));
    const auto line = conversation_->line();
    ASSERT_TRUE(line.has_value()) << "the connection closed; expected '" << pattern << "'";
    std::smatch match;
    ASSERT_TRUE(std::regex_match(*line, match, std::regex(expression)))
        << "expected '" << pattern << "', got '" << *line << "'";
    for (std::size_t i = 0; i < captures.size(); ++i) {
      if (captures[i].empty()) {
        challenge_ = match[i + 1];
      } else {
        values_[captures[i]] = match[i + 1];
      }
    }
  }

  std::string socket_path_;
  std::string password_file_;
  std::unique_ptr<Conversation> conversation_;
  std::string queued_;
  std::string challenge_;
  std::map<std::string, std::string> values_;
};

std::vector<std::string> transcript_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(RACOON2_TRANSCRIPTS_DIR)) {
    if (entry.path().extension() == ".txt") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class SpmifConformance : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_EQ(::chmod(dir_.root().c_str(), 0700), 0);
    const std::string dir = dir_.root().string();
    write_file(dir + "/racoon2.conf", config_text(dir));
    write_file(dir + "/hosts", "198.51.100.7 peer.example.test peer\n");
    write_file(dir + "/nsswitch.conf", "hosts: files dns\n");
    write_file(dir + "/psk", "not used: spmd never reads it");
    ASSERT_TRUE(pfkeyd_.start()) << pfkeyd_.error();
    // In a network namespace of its own with only loopback up: the DNS
    // proxy's queries to the documentation-range name servers fail
    // locally instead of leaving the machine, and port 53 is its own.
    ASSERT_TRUE(spmd_.start({"/usr/bin/unshare", "--net", "--", "/bin/sh", "-c",
                             "ip link set lo up && exec \"$0\" \"$@\"", RACOON2_SPMD_BINARY, "-F",
                             "-f", dir + "/racoon2.conf", "--pid-file=" + dir + "/spmd.pid",
                             "--hosts-file=" + dir + "/hosts",
                             "--nsswitch-file=" + dir + "/nsswitch.conf"}))
        << spmd_.error();
  }

  testing::TempDir dir_{"spmif-conformance"};
  testing::PfkeydProcess pfkeyd_{RACOON2_PFKEYD_BINARY, dir_.root().string()};
  testing::DaemonProcess spmd_{"spmd", dir_.root().string() + "/spmd.log",
                               dir_.root().string() + "/run/spmif", SOCK_STREAM};
};

TEST_P(SpmifConformance, Transcript) {
  Transcript transcript(spmd_.socket_path(), dir_.root().string() + "/spmd.pwd");
  transcript.run(fs::path(RACOON2_TRANSCRIPTS_DIR) / (GetParam() + ".txt"));
  if (HasFailure()) ADD_FAILURE() << "spmd's log:\n" << spmd_.log_text();
}

INSTANTIATE_TEST_SUITE_P(Transcripts, SpmifConformance, ::testing::ValuesIn(transcript_names()),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace rc::spmd
