#include "spmif/login.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "buf/bytes.h"
#include "support/temp_dir.h"

namespace rc::spmif {
namespace {

std::string as_string(const buf::SecretBytes& secret) {
  return std::string(buf::as_text(secret.reveal()));
}

buf::SecretBytes secret_text(std::string_view text) {
  return buf::SecretBytes(buf::to_bytes(text));
}

void write_file(const std::string& path, std::string_view content, mode_t mode) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
  }
  ASSERT_EQ(::chmod(path.c_str(), mode), 0);
}

// The expected values below were computed outside this code, with
//   printf '%s' "$C$P" | sha1sum | tr a-f A-F
// where P came from  printf '\x00\x01\xfe\xffabc\n' | xxd -p | tr a-f A-F.
constexpr std::string_view kChallenge = "0123456789ABCDEF0123456789ABCDEF01234567";
constexpr std::string_view kPasswordHex = "0001FEFF6162630A";
constexpr std::string_view kResponse = "6D3E096E2A1766309E958F599FABA40085B87B8D";
// C = SHA-1("") in hex, P = hex of "secret".
constexpr std::string_view kChallenge2 = "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709";
constexpr std::string_view kResponse2 = "AD5EC3326B7E4F65CAB084E8387420AA5DC8E830";

TEST(PasswordHex, UppercaseHexOfEveryByte) {
  const std::uint8_t raw[] = {0x00, 0x01, 0xfe, 0xff, 'a', 'b', 'c', '\n'};
  EXPECT_EQ(as_string(password_hex(raw)), kPasswordHex);
  EXPECT_TRUE(password_hex({}).empty());
}

TEST(MakeChallenge, FortyUppercaseHexDigitsAndFresh) {
  auto first = make_challenge();
  auto second = make_challenge();
  ASSERT_TRUE(first);
  ASSERT_TRUE(second);
  ASSERT_EQ(first->size(), kChallengeLength);
  for (const char c : *first) {
    EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(c)) || (c >= 'A' && c <= 'F')) << c;
  }
  EXPECT_NE(*first, *second);
}

TEST(LoginResponse, MatchesIndependentSha1) {
  auto response = login_response(kChallenge, secret_text(kPasswordHex));
  ASSERT_TRUE(response);
  EXPECT_EQ(*response, kResponse);

  auto response2 = login_response(kChallenge2, password_hex(buf::to_bytes("secret")));
  ASSERT_TRUE(response2);
  EXPECT_EQ(*response2, kResponse2);
}

TEST(CheckLogin, ExactResponseOnly) {
  const buf::SecretBytes password = secret_text(kPasswordHex);
  EXPECT_TRUE(check_login(kChallenge, password, kResponse));

  std::string lower(kResponse);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_FALSE(check_login(kChallenge, password, lower));
  // The original accepted anything that started with H.
  EXPECT_FALSE(check_login(kChallenge, password, std::string(kResponse) + "X"));
  EXPECT_FALSE(check_login(kChallenge, password, std::string(kResponse) + " "));
  EXPECT_FALSE(check_login(kChallenge, password, kResponse.substr(0, 39)));
  EXPECT_FALSE(check_login(kChallenge, password, ""));
  std::string flipped(kResponse);
  flipped[20] = flipped[20] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(check_login(kChallenge, password, flipped));
  // The right hash for another challenge or another password.
  EXPECT_FALSE(check_login(kChallenge2, password, kResponse));
  EXPECT_FALSE(check_login(kChallenge, secret_text("0001FEFF6162630B"), kResponse));
}

TEST(ReadPassword, HexOfTheWholeFile) {
  testing::TempDir dir("spmif-login");
  const std::string path = dir.path("spmd.pwd");
  write_file(path, "secret", 0600);
  auto password = read_password(path);
  ASSERT_TRUE(password) << password.error().message;
  EXPECT_EQ(as_string(*password), "736563726574");

  write_file(path,
             std::string("\x00\x01\xfe\xff"
                         "abc\n",
                         8),
             0400);
  password = read_password(path);
  ASSERT_TRUE(password) << password.error().message;
  EXPECT_EQ(as_string(*password), kPasswordHex);  // the newline is part of the key
}

TEST(ReadPassword, RefusesGroupOrOtherReadable) {
  testing::TempDir dir("spmif-login");
  const std::string path = dir.path("spmd.pwd");
  write_file(path, "secret", 0644);
  auto password = read_password(path);
  ASSERT_FALSE(password);
  EXPECT_NE(password.error().message.find("0644"), std::string::npos) << password.error().message;
  write_file(path, "secret", 0640);
  EXPECT_FALSE(read_password(path));
}

TEST(ReadPassword, MissingFile) {
  testing::TempDir dir("spmif-login");
  auto password = read_password(dir.path("none"));
  ASSERT_FALSE(password);
  EXPECT_EQ(password.error().code, ENOENT);
}

TEST(CreatePasswordFile, CreatesMode0600WithRandomBytes) {
  testing::TempDir dir("spmif-login");
  const std::string path = dir.path("spmd.pwd");
  const mode_t old_umask = ::umask(0);  // the mode must not depend on the umask
  auto created = create_password_file(path);
  ::umask(old_umask);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_TRUE(*created);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600U);
  EXPECT_EQ(static_cast<std::size_t>(st.st_size), kDefaultPasswordBytes);
  auto password = read_password(path);
  ASSERT_TRUE(password) << password.error().message;
  EXPECT_EQ(password->size(), kDefaultPasswordBytes * 2);

  const std::string other = dir.path("other.pwd");
  ASSERT_TRUE(create_password_file(other, 32));
  auto password2 = read_password(other);
  ASSERT_TRUE(password2);
  EXPECT_EQ(password2->size(), 64U);
  EXPECT_FALSE(buf::equal(*password, *password2));
}

TEST(CreatePasswordFile, NeverReplacesAnExistingFile) {
  testing::TempDir dir("spmif-login");
  const std::string path = dir.path("spmd.pwd");
  write_file(path, "keep me", 0600);
  auto created = create_password_file(path);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_FALSE(*created);
  auto password = read_password(path);
  ASSERT_TRUE(password);
  EXPECT_EQ(as_string(*password), as_string(password_hex(buf::to_bytes("keep me"))));
}

TEST(CreatePasswordFile, DoesNotFollowSymlink) {
  testing::TempDir dir("spmif-login");
  const std::string target = dir.path("target");
  const std::string link = dir.path("spmd.pwd");
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  auto created = create_password_file(link);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_FALSE(*created);
  EXPECT_NE(::access(target.c_str(), F_OK), 0);  // nothing written through the link
}

TEST(CreatePasswordFile, ErrorsKeepErrno) {
  testing::TempDir dir("spmif-login");
  auto created = create_password_file(dir.path("missing/spmd.pwd"));
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, ENOENT);
  EXPECT_FALSE(create_password_file(dir.path("zero"), 0));
}

}  // namespace
}  // namespace rc::spmif
