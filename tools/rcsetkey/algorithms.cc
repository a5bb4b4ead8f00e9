// setkey(8)'s algorithm words mapped to the neutral rct values. setkey has
// its own spelling (hmac-sha256, rijndael-cbc), not racoon2.conf's, so this
// is a separate small table rather than rct/names.h.
#include <array>
#include <utility>

#include "tools/rcsetkey/command.h"

namespace rcsetkey {
namespace {

using rc::rct::AuthAlg;
using rc::rct::CompAlg;
using rc::rct::EncAlg;

// The first row for a value is the name printed; later rows are aliases.
// Engines report AES-CBC with its key length (Aes128Cbc ...), which setkey
// still calls aes-cbc: those rows only print.
constexpr std::array<std::pair<std::string_view, EncAlg>, 20> kEncryption{{
    {"des-cbc", EncAlg::DesCbc},
    {"3des-cbc", EncAlg::Des3Cbc},
    {"null", EncAlg::NullEnc},
    {"blowfish-cbc", EncAlg::BlowfishCbc},
    {"cast128-cbc", EncAlg::Cast128Cbc},
    {"aes-cbc", EncAlg::RijndaelCbc},
    {"rijndael-cbc", EncAlg::RijndaelCbc},
    {"aes-cbc", EncAlg::Aes128Cbc},
    {"aes-cbc", EncAlg::Aes192Cbc},
    {"aes-cbc", EncAlg::Aes256Cbc},
    {"aes-ctr", EncAlg::AesCtr},
    {"twofish-cbc", EncAlg::TwofishCbc},
    {"aes-gcm-8", EncAlg::AesGcm8},
    {"aes-gcm-12", EncAlg::AesGcm12},
    {"aes-gcm-16", EncAlg::AesGcm16},
    {"aes-ccm-8", EncAlg::AesCcm8},
    {"aes-ccm-12", EncAlg::AesCcm12},
    {"aes-ccm-16", EncAlg::AesCcm16},
    {"chacha20-poly1305", EncAlg::Chacha20Poly1305},
    {"null-aes-gmac", EncAlg::NullAesGmac},
}};

constexpr std::array<std::pair<std::string_view, AuthAlg>, 10> kIntegrity{{
    {"hmac-md5", AuthAlg::HmacMd5},
    {"hmac-sha1", AuthAlg::HmacSha1},
    {"hmac-sha256", AuthAlg::HmacSha2_256},
    {"hmac-sha2-256", AuthAlg::HmacSha2_256},
    {"hmac-sha384", AuthAlg::HmacSha2_384},
    {"hmac-sha512", AuthAlg::HmacSha2_512},
    {"aes-xcbc-mac", AuthAlg::AesXcbc},
    {"aes-cmac", AuthAlg::AesCmac},
    {"keyed-md5", AuthAlg::KpdkMd5},
    {"hmac-ripemd160", AuthAlg::HmacRipemd160},
}};

constexpr std::array<std::pair<std::string_view, CompAlg>, 3> kCompression{{
    {"oui", CompAlg::Oui},
    {"deflate", CompAlg::Deflate},
    {"lzs", CompAlg::Lzs},
}};

template <class Table>
auto find_value(const Table& table, std::string_view word)
    -> std::optional<typename Table::value_type::second_type> {
  for (const auto& [text, value] : table) {
    if (text == word) return value;
  }
  return std::nullopt;
}

template <class Table, class E>
std::string_view find_name(const Table& table, E value) {
  for (const auto& [text, candidate] : table) {
    if (candidate == value) return text;
  }
  return "?";
}

}  // namespace

std::optional<EncAlg> encryption_from_setkey(std::string_view word) {
  return find_value(kEncryption, word);
}
std::optional<AuthAlg> integrity_from_setkey(std::string_view word) {
  return find_value(kIntegrity, word);
}
std::optional<CompAlg> compression_from_setkey(std::string_view word) {
  return find_value(kCompression, word);
}
std::string_view setkey_name(EncAlg alg) {
  return find_name(kEncryption, alg);
}
std::string_view setkey_name(AuthAlg alg) {
  return find_name(kIntegrity, alg);
}
std::string_view setkey_name(CompAlg alg) {
  return find_name(kCompression, alg);
}

std::string_view name(CommandKind kind) {
  switch (kind) {
    case CommandKind::Add:
      return "add";
    case CommandKind::Update:
      return "update";
    case CommandKind::GetSpi:
      return "getspi";
    case CommandKind::Get:
      return "get";
    case CommandKind::Delete:
      return "delete";
    case CommandKind::DeleteAll:
      return "deleteall";
    case CommandKind::Flush:
      return "flush";
    case CommandKind::Dump:
      return "dump";
    case CommandKind::SpdAdd:
      return "spdadd";
    case CommandKind::SpdUpdate:
      return "spdupdate";
    case CommandKind::SpdDelete:
      return "spddelete";
    case CommandKind::SpdFlush:
      return "spdflush";
    case CommandKind::SpdDump:
      return "spddump";
    case CommandKind::Packet:
      return "packet";
  }
  return "?";
}

}  // namespace rcsetkey
