// The RCT neutral constant scheme: every symbolic value of racoon2.conf and of
// the library is one of these enums, independent of any kernel or protocol
// numbering. Converters at the edges (pfkey.h, xfrm.h, ikev2.h, isakmp.h,
// kink.h) turn them into wire or kernel numbers.
//
// Value 0 of every enum is deliberately left unnamed: a value-initialised
// field (`EncAlg{}`) means "not set in the config", so the three-tier lookup
// (remote, default, built-in) can tell "unset" from any real choice. This is
// the original's rule (reference §7) and matters most for Bool, where Off is
// 2, not 0.
#pragma once

#include <string_view>

namespace rc::rct {

// A config boolean with a third state: unset (Bool{}) is not Off.
enum class Bool : int { On = 1, Off = 2 };

constexpr bool is_set(Bool value) {
  return value == Bool::On || value == Bool::Off;
}
constexpr Bool to_rct_bool(bool value) {
  return value ? Bool::On : Bool::Off;
}
// For fields whose built-in default is known at the call site.
constexpr bool resolve(Bool value, bool default_value) {
  return is_set(value) ? value == Bool::On : default_value;
}

// rc_addrlist entry kinds. Bit flags (not 1..N) because the original stores
// them in the same int as the other types and tests them with masks.
enum class AddrType : int { Inet = 0x1000, Fqdn = 0x2000, Macro = 0x4000, File = 0x8000 };

enum class EncAlg : int {
  DesCbcIv64 = 1,
  DesCbc,
  Des3Cbc,
  Rc5Cbc,
  IdeaCbc,
  Cast128Cbc,
  BlowfishCbc,
  Idea3Cbc,
  DesCbcIv32,
  Rc4Cbc,
  NullEnc,
  RijndaelCbc,  // AES-CBC, key length from the config (default 128)
  Aes128Cbc,
  Aes192Cbc,
  Aes256Cbc,
  AesCtr,
  TwofishCbc,
  // AEADs (not in the original): the number is the ICV length in octets.
  AesGcm8,
  AesGcm12,
  AesGcm16,
  AesCcm8,
  AesCcm12,
  AesCcm16,
  Chacha20Poly1305,
  NullAesGmac,
};

// Integrity ("auth") algorithms: esp_auth_alg, ah_auth_alg, IKEv2 INTEG.
enum class AuthAlg : int {
  NonAuth = 1,
  HmacMd5,
  HmacSha1,
  HmacSha2_256,
  HmacSha2_384,
  HmacSha2_512,
  AesXcbc,
  DesMac,
  AesCmac,
  KpdkMd5,
  KpdkSha1,       // no config keyword (as in the original)
  HmacRipemd160,  // no config keyword (as in the original)
};

// Plain hashes: IKEv1 phase-1 kmp_hash_alg.
enum class HashAlg : int { Md5 = 1, Sha1, Tiger, Sha2_256, Sha2_384, Sha2_512 };

// IKEv2 PRFs. The config names them with the integrity keywords
// (kmp_prf_alg hmac_sha2_256), so the keywords repeat AuthAlg's.
enum class Prf : int {
  HmacMd5 = 1,
  HmacSha1,
  AesXcbc,
  HmacSha2_256,
  HmacSha2_384,
  HmacSha2_512,
  AesCmac
};

enum class CompAlg : int { Oui = 1, Deflate, Lzs };

enum class AuthMethod : int {
  Psk = 1,
  Dss,
  RsaSig,
  RsaEnc,
  RsaRev,
  GssapiKrb,
  Ecdsa256,          // RFC 4754
  Ecdsa384,          // RFC 4754
  Ecdsa521,          // RFC 4754
  DigitalSignature,  // RFC 7427
};

enum class DhGroup : int {
  Modp768 = 1,
  Modp1024,
  Modp1536,
  Ec2n155,
  Ec2n185,
  Modp2048,
  Modp3072,
  Modp4096,
  Modp6144,
  Modp8192,
  Ecp256,
  Ecp384,
  Ecp521,
  Curve25519,
  Curve448,
};

enum class Kmp : int { Ikev1 = 1, Ikev2, Kink };
enum class LogMode : int { Debug = 1, Normal };
enum class IdType : int { IpAddr = 1, UserFqdn, Fqdn, KeyId, X509Subject };
enum class IdQualifier : int { Default = 1, File, Tag };
enum class SelectorCheck : int { Obey = 1, Exact };
enum class ProposalCheck : int { Obey = 1, Strict, Claim, Exact };
enum class ExchangeMode : int { Main = 1, Aggressive, Base };
enum class KeyFileType : int { X509Pem = 1, Pkcs12, Ascii, Binary };
enum class MobilityRole : int { HomeAgent = 1, MobileNode, Correspondent };
enum class Direction : int { Outbound = 1, Inbound, Fwd };
enum class Action : int { AutoIpsec = 1, StaticIpsec, Discard, None };
enum class IpsecMode : int { Transport = 1, Tunnel };
enum class IpsecLevel : int { Unique = 1, Require, Use };
// The bundle types exist only inside the programs; the config names single
// protocols and a bundle comes from an ipsec block listing several sa blocks.
enum class SaType : int { Esp = 1, Ah, Ipcomp, AhEsp, AhIpcomp, EspIpcomp, AhEspIpcomp };

// Not an RCT value: selects between the per-family ID types of IKE
// (ID_IPV4_ADDR / ID_IPV6_ADDR) for an `ipaddr` ID.
enum class IpFamily : int { V4 = 4, V6 = 6 };

// Range and human name of each contiguous enum, for iteration and for error
// messages ("encryption algorithm aes_ccm_8 is not supported by PF_KEY").
template <class E>
struct EnumTraits;

#define RC_RCT_ENUM_TRAITS(Type, First, Last, What) \
  template <>                                       \
  struct EnumTraits<Type> {                         \
    static constexpr Type first = Type::First;      \
    static constexpr Type last = Type::Last;        \
    static constexpr std::string_view what = What;  \
  }

RC_RCT_ENUM_TRAITS(Bool, On, Off, "boolean");
RC_RCT_ENUM_TRAITS(EncAlg, DesCbcIv64, NullAesGmac, "encryption algorithm");
RC_RCT_ENUM_TRAITS(AuthAlg, NonAuth, HmacRipemd160, "integrity algorithm");
RC_RCT_ENUM_TRAITS(HashAlg, Md5, Sha2_512, "hash algorithm");
RC_RCT_ENUM_TRAITS(Prf, HmacMd5, AesCmac, "PRF");
RC_RCT_ENUM_TRAITS(CompAlg, Oui, Lzs, "compression algorithm");
RC_RCT_ENUM_TRAITS(AuthMethod, Psk, DigitalSignature, "authentication method");
RC_RCT_ENUM_TRAITS(DhGroup, Modp768, Curve448, "DH group");
RC_RCT_ENUM_TRAITS(Kmp, Ikev1, Kink, "KMP");
RC_RCT_ENUM_TRAITS(LogMode, Debug, Normal, "log mode");
RC_RCT_ENUM_TRAITS(IdType, IpAddr, X509Subject, "ID type");
RC_RCT_ENUM_TRAITS(IdQualifier, Default, Tag, "ID qualifier");
RC_RCT_ENUM_TRAITS(SelectorCheck, Obey, Exact, "selector check");
RC_RCT_ENUM_TRAITS(ProposalCheck, Obey, Exact, "proposal check");
RC_RCT_ENUM_TRAITS(ExchangeMode, Main, Base, "exchange mode");
RC_RCT_ENUM_TRAITS(KeyFileType, X509Pem, Binary, "key file type");
RC_RCT_ENUM_TRAITS(MobilityRole, HomeAgent, Correspondent, "mobility role");
RC_RCT_ENUM_TRAITS(Direction, Outbound, Fwd, "direction");
RC_RCT_ENUM_TRAITS(Action, AutoIpsec, None, "policy action");
RC_RCT_ENUM_TRAITS(IpsecMode, Transport, Tunnel, "IPsec mode");
RC_RCT_ENUM_TRAITS(IpsecLevel, Unique, Use, "IPsec level");
RC_RCT_ENUM_TRAITS(SaType, Esp, AhEspIpcomp, "SA type");

#undef RC_RCT_ENUM_TRAITS

// AddrType is a flag set, not a range, so it gets its own traits.
template <>
struct EnumTraits<AddrType> {
  static constexpr std::string_view what = "address type";
};

}  // namespace rc::rct
