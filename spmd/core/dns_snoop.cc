// Choices beyond the header's rules:
// - a chain longer than kMaxCnameChain links teaches nothing (not even its
//   first names): without its end nobody knows their addresses, and a
//   NoData for them would be a fact the answer never stated;
// - a loop (a name met twice on the chain) and two CNAMEs of one owner
//   with different targets (RFC 1034 §3.6.2 forbids it) teach nothing;
// - records are looked up by owner wherever they sit in the answer
//   section, so an upstream's order does not matter; the authority and
//   additional sections never give addresses;
// - the SOA that sets a negative TTL must be the zone of the chain's end
//   (its owner the end or one of its parent domains); any other SOA is
//   ignored and kDefaultNegativeTtl applies;
// - NXDOMAIN with addresses anyway is believed as NXDOMAIN (the rcode is
//   what resolvers act on).
#include "spmd/core/dns_snoop.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>

namespace rc::spmd {
namespace {

using dns::ResourceRecord;

bool in_class(const ResourceRecord& record) {
  return record.klass == dns::kClassIn;
}

// "a.example." is in the zones "a.example.", "example." and ".".
bool in_zone(std::string_view name, std::string_view zone) {
  if (zone == ".") return true;
  if (name.size() < zone.size() || !name.ends_with(zone)) return false;
  return name.size() == zone.size() || name[name.size() - zone.size() - 1] == '.';
}

struct Chain {
  std::vector<std::string> names;  // the question's name first, the end last
  std::uint32_t ttl = std::numeric_limits<std::uint32_t>::max();
};

// The CNAME target of `owner`; nullopt without one; an error when the
// owner has two different ones.
struct CnameLookup {
  const ResourceRecord* record = nullptr;
  bool conflict = false;
};
CnameLookup cname_of(const std::vector<ResourceRecord>& answers, std::string_view owner) {
  CnameLookup found;
  for (const ResourceRecord& record : answers) {
    if (record.type != static_cast<std::uint16_t>(dns::RrType::CNAME) || !in_class(record) ||
        record.name != owner || !record.target) {
      continue;
    }
    if (found.record != nullptr && *found.record->target != *record.target) {
      found.conflict = true;
      return found;
    }
    if (found.record == nullptr || record.ttl < found.record->ttl) found.record = &record;
  }
  return found;
}

std::optional<Chain> follow_chain(const dns::Message& answer, const std::string& start) {
  Chain chain;
  chain.names.push_back(start);
  for (;;) {
    const CnameLookup link = cname_of(answer.answers, chain.names.back());
    if (link.conflict) return std::nullopt;
    if (link.record == nullptr) return chain;
    if (chain.names.size() > kMaxCnameChain) return std::nullopt;  // one link too many
    const std::string& target = *link.record->target;
    if (std::find(chain.names.begin(), chain.names.end(), target) != chain.names.end()) {
      return std::nullopt;
    }
    chain.ttl = std::min(chain.ttl, link.record->ttl);
    chain.names.push_back(target);
  }
}

// RFC 2308 §5: the SOA's own TTL or its MINIMUM field, whichever is less.
std::uint32_t negative_ttl(const dns::Message& answer, std::string_view end) {
  for (const ResourceRecord& record : answer.authority) {
    if (record.type == static_cast<std::uint16_t>(dns::RrType::SOA) && in_class(record) &&
        record.soa_minimum && in_zone(end, record.name)) {
      return std::min(record.ttl, *record.soa_minimum);
    }
  }
  return kDefaultNegativeTtl;
}

}  // namespace

std::vector<SnoopedName> snoop_answer(const dns::Message& answer) {
  const dns::Flags& flags = answer.flags;
  if (!flags.qr || flags.opcode != 0 || flags.tc || answer.questions.size() != 1) return {};
  const auto rcode = static_cast<dns::Rcode>(flags.rcode);
  if (rcode != dns::Rcode::NoError && rcode != dns::Rcode::NxDomain) return {};
  const dns::Question& question = answer.questions.front();
  if (question.klass != dns::kClassIn) return {};
  Family family = Family::V4;
  if (question.type == static_cast<std::uint16_t>(dns::RrType::AAAA)) {
    family = Family::V6;
  } else if (question.type != static_cast<std::uint16_t>(dns::RrType::A)) {
    return {};
  }

  const std::optional<Chain> chain = follow_chain(answer, question.name);
  if (!chain) return {};
  const std::string& end = chain->names.back();

  DnsFacts facts;
  std::uint32_t ttl = chain->ttl;
  if (rcode == dns::Rcode::NoError) {
    for (const ResourceRecord& record : answer.answers) {
      if (record.type != question.type || !in_class(record) || record.name != end ||
          !record.address || record.address->is_v4() != (family == Family::V4)) {
        continue;
      }
      facts.addresses.push_back(*record.address);
      ttl = std::min(ttl, record.ttl);
    }
  }
  if (facts.addresses.empty()) {
    facts.kind = rcode == dns::Rcode::NxDomain ? DnsFacts::Kind::NxDomain : DnsFacts::Kind::NoData;
    ttl = std::min(ttl, negative_ttl(answer, end));
  } else {
    std::sort(facts.addresses.begin(), facts.addresses.end());
    facts.addresses.erase(std::unique(facts.addresses.begin(), facts.addresses.end()),
                          facts.addresses.end());
  }
  facts.ttl = ttl;

  std::vector<SnoopedName> learned;
  learned.reserve(chain->names.size());
  for (const std::string& name : chain->names) learned.push_back(SnoopedName{name, family, facts});
  return learned;
}

}  // namespace rc::spmd
