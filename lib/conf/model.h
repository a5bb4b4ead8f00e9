// The typed model of a racoon2.conf file set: what the daemons use. Every
// directive is a std::optional (or an empty list) so "not written" is kept
// apart from any value; the three-tier lookup (resolve.h) fills the gaps
// from `default { }` and then from the built-in defaults of the option
// table. Names mirror the directives, so `remote.ikev2->nonce_size` is
// `remote X { ikev2 { nonce_size ...; }; };`.
//
// Times are seconds and byte counts are bytes; 0 means infinite, as in the
// original. Addresses stay as written (macros unexpanded, names
// unresolved): addr::expand() turns them into addresses at use time.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "addr/addr_entry.h"
#include "conf/location.h"
#include "rct/types.h"

namespace rc::conf {

using Seconds = std::uint64_t;
using Bytes = std::uint64_t;

// A reference to another section by its index name (policy_index ...).
struct Ref {
  std::string name;
  Location location;
};

// `name[,bits[,key]]` or `name,,key`. key_bits: 0 = not given.
template <class Alg>
struct AlgorithmSpec {
  Alg algorithm{};
  std::uint32_t key_bits = 0;
  std::string key;  // "0x..." hex or a quoted string, as written; empty = none
  Location location;
};

// `TYPE [file|tag] VALUE`
struct IdSpec {
  rct::IdType type{};
  rct::IdQualifier qualifier{};  // IdQualifier{} when not written
  std::string value;
  Location location;
};

// `my_public_key TYPE PUBLIC PRIVATE;` / `peers_public_key TYPE FILE;`
struct PublicKeySpec {
  rct::KeyFileType type{};
  std::string public_file;
  std::string private_file;  // my_public_key only
};

// Hook scripts by canonical event; the synonyms (ike_sa_up ...) map here.
enum class ScriptEvent : std::uint8_t {
  Phase1Up,
  Phase1Down,
  Phase2Up,
  Phase2Down,
  Phase1Rekey,
  Phase2Rekey,
  Migration,
};
inline constexpr std::size_t kScriptEventCount = 7;
using Scripts = std::array<std::optional<std::string>, kScriptEventCount>;

// ikev2 { provide { ... }; }
struct Provide {
  std::optional<Ref> addresspool;
  std::optional<addr::AddrList> dns;
  std::optional<addr::AddrList> dhcp;
  std::optional<std::string> application_version;
  std::optional<addr::AddrEntry> mip6_home_prefix;
};

// One ikev1 { }, ikev2 { } or kink { } block. Which fields a block may set
// depends on the KMP (the option table's "kmp", "ikev1", "ikev2", "kink"
// sections); fields of another KMP stay unset.
struct KmpParams {
  Location location;
  // common to all three (kmp_common_spec)
  std::optional<rct::LogMode> logmode;
  std::optional<std::string> logfile;
  std::optional<bool> passive;
  std::optional<bool> use_coa;
  std::optional<addr::AddrList> peers_ipaddr;
  std::optional<std::string> peers_kmp_port;
  std::optional<bool> verify_id;
  std::optional<bool> verify_pubkey;
  std::optional<bool> send_cert;
  std::optional<bool> send_cert_req;
  std::optional<Bytes> nonce_size;
  std::optional<bool> initial_contact;
  std::optional<bool> nat_traversal;
  std::optional<bool> support_proxy;
  std::optional<std::vector<IdSpec>> my_id;
  std::optional<std::vector<IdSpec>> peers_id;
  std::optional<rct::SelectorCheck> selector_check;
  std::optional<rct::ProposalCheck> proposal_check;
  std::optional<bool> random_pad_content;
  std::optional<bool> random_padlen;
  std::optional<Bytes> max_padlen;
  std::optional<std::uint64_t> max_retry_to_send;
  std::optional<Seconds> interval_to_send;
  std::optional<std::uint64_t> times_per_send;
  std::optional<Seconds> kmp_sa_lifetime_time;
  std::optional<Bytes> kmp_sa_lifetime_byte;
  std::optional<Seconds> kmp_sa_nego_time_limit;
  std::optional<Seconds> kmp_sa_grace_period;
  std::optional<Seconds> ipsec_sa_nego_time_limit;
  std::optional<std::vector<AlgorithmSpec<rct::EncAlg>>> kmp_enc_alg;
  // kmp_hash_alg: IKEv1 names plain hashes (md5, sha1, sha2_*), IKEv2 and
  // KINK name integrity algorithms (hmac_*, aes_xcbc, aes_cmac).
  std::optional<std::vector<AlgorithmSpec<rct::HashAlg>>> kmp_hash_alg;
  std::optional<std::vector<AlgorithmSpec<rct::AuthAlg>>> kmp_integ_alg;
  std::optional<std::vector<AlgorithmSpec<rct::Prf>>> kmp_prf_alg;
  std::optional<std::vector<rct::AuthMethod>> kmp_auth_method;
  std::optional<std::vector<rct::DhGroup>> kmp_dh_group;
  std::optional<rct::MobilityRole> mobility_role;
  Scripts script;
  // ikev1 and ikev2
  std::optional<bool> need_pfs;
  std::optional<PublicKeySpec> my_public_key;
  std::optional<PublicKeySpec> peers_public_key;
  std::optional<std::string> pre_shared_key;
  std::optional<Seconds> dpd_delay;
  // ikev1
  std::optional<rct::ExchangeMode> exchange_mode;
  std::optional<std::string> my_gssapi_id;
  std::optional<bool> dpd;
  std::optional<Seconds> dpd_retry;
  std::optional<std::uint64_t> dpd_maxfail;
  // ikev2
  std::optional<bool> cookie_required;
  std::optional<bool> send_peers_id;
  std::optional<std::uint32_t> request;  // rct::kRequest* bits (rct/constants.h)
  std::optional<Provide> provide;
  // kink
  std::optional<std::string> my_principal;
  std::optional<std::string> peers_principal;
};

struct Remote {
  std::string index;  // empty for `default { remote { }; }`
  Location location;
  std::optional<std::vector<rct::Kmp>> acceptable_kmp;  // first = used when initiating
  std::optional<Ref> selector_index;
  std::optional<KmpParams> ikev1;
  std::optional<KmpParams> ikev2;
  std::optional<KmpParams> kink;

  [[nodiscard]] const std::optional<KmpParams>& kmp(rct::Kmp which) const;
  [[nodiscard]] std::optional<KmpParams>& kmp(rct::Kmp which);
};

// `upper_layer_protocol NAME [N [N]]`: ICMP type and code (or the MH type)
// ride in the port fields, as the original and PF_KEY store them.
struct UpperLayerProtocol {
  std::uint8_t protocol = 255;  // 255 = any
  std::optional<std::uint16_t> src_port;
  std::optional<std::uint16_t> dst_port;
  std::string written;  // the name as written ("tcp", "any", "58")
};

struct Selector {
  std::string index;
  Location location;
  std::optional<rct::Direction> direction;
  std::optional<addr::AddrEntry> src;
  std::optional<addr::AddrEntry> dst;
  std::optional<UpperLayerProtocol> upper_layer_protocol;
  std::optional<std::vector<std::string>> next_header_including;
  std::optional<std::uint64_t> order;
  std::optional<std::string> tagged;
  std::optional<Ref> policy_index;
  std::optional<std::uint32_t> reqid;
};

struct Policy {
  std::string index;  // empty for default { policy { }; }
  Location location;
  std::optional<rct::Action> action;
  std::optional<bool> install;
  std::optional<Ref> remote_index;
  std::optional<std::vector<Ref>> ipsec_index;  // alternatives, in preference order
  std::optional<rct::IpsecMode> ipsec_mode;
  std::optional<rct::IpsecLevel> ipsec_level;
  std::optional<addr::AddrEntry> my_sa_ipaddr;
  std::optional<addr::AddrEntry> peers_sa_ipaddr;
};

struct Ipsec {
  std::string index;
  Location location;
  std::optional<Seconds> ipsec_sa_lifetime_time;
  std::optional<Bytes> ipsec_sa_lifetime_byte;
  std::optional<bool> ext_sequence;
  std::optional<std::vector<Ref>> sa_index;  // at most one sa per protocol
};

struct Sa {
  std::string index;
  Location location;
  std::optional<rct::SaType> sa_protocol;  // Esp, Ah or Ipcomp
  std::optional<std::vector<AlgorithmSpec<rct::EncAlg>>> esp_enc_alg;
  std::optional<std::vector<AlgorithmSpec<rct::AuthAlg>>> esp_auth_alg;
  std::optional<std::vector<AlgorithmSpec<rct::AuthAlg>>> ah_auth_alg;
  std::optional<std::vector<AlgorithmSpec<rct::CompAlg>>> ipcomp_alg;
  std::optional<std::uint32_t> spi;
};

struct AddressRange {
  addr::IpAddress first;
  addr::IpAddress last;
  Location location;
};

struct AddressPool {
  std::string index;
  Location location;
  std::vector<AddressRange> ranges;
};

// Our addition (DESIGN.md §2): which key engine holds SAs and policies.
enum class KeyEngine : std::uint8_t { Auto = 1, Pfkey, Xfrm, Pfkeyd };

struct Interface {
  Location location;
  std::optional<addr::AddrList> ike;
  std::optional<addr::AddrList> kink;
  std::optional<addr::AddrList> spmd;
  std::optional<std::string> spmd_password;
  std::optional<bool> application_bypass;
  std::optional<KeyEngine> key_engine;
  std::optional<std::string> pfkeyd_socket;
};

struct Resolver {
  Location location;
  std::optional<bool> resolver;
  std::optional<addr::AddrList> nameserver;
  std::optional<addr::AddrList> dns_query;
};

// default { remote { }; policy { }; ipsec { }; sa { }; };
struct Defaults {
  Location location;
  std::optional<Remote> remote;
  std::optional<Policy> policy;
  std::optional<Ipsec> ipsec;
  std::optional<Sa> sa;
};

struct SetvalEntry {
  std::string name;
  std::string value;  // as written (variables inside are expanded where used)
  Location location;
};

// The whole file set, sections in file order (lookups take the first of a
// duplicated index, as the original; validation warns about duplicates).
struct Model {
  std::vector<std::string> files;  // every file read, main file first
  std::vector<SetvalEntry> setval;
  std::optional<Interface> interface;
  std::optional<Resolver> resolver;
  std::optional<Defaults> defaults;
  std::vector<Remote> remotes;
  std::vector<Selector> selectors;
  std::vector<Policy> policies;
  std::vector<Ipsec> ipsecs;
  std::vector<Sa> sas;
  std::vector<AddressPool> addresspools;
};

}  // namespace rc::conf
