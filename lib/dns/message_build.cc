// build_query: the one message spmd writes itself, a recursive query for
// one name (RFC 1035 §4.1) with an EDNS0 OPT record (RFC 6891 §6.1.2).
#include "buf/byte_writer.h"
#include "dns/message.h"

namespace rc::dns {

namespace {

constexpr std::uint8_t kRootLabel = 0;
constexpr std::size_t kOptRecordSize = 11;  // root name, type, class, ttl, rdlength

}  // namespace

Result<std::vector<std::uint8_t>, ParseError> build_query(std::uint16_t id, std::string_view name,
                                                          RrType type, std::uint16_t edns_size) {
  auto qname = encode_name(name);
  if (!qname) return fail(std::move(qname).error());

  const bool edns = edns_size != 0;
  buf::ByteWriter out(kHeaderSize + qname->size() + 4 + (edns ? kOptRecordSize : 0));
  Flags flags;
  flags.rd = true;
  out.u16(id).u16(encode_flags(flags));
  out.u16(1).u16(0).u16(0).u16(edns ? 1 : 0);  // qd, an, ns, ar
  out.bytes(*qname).u16(static_cast<std::uint16_t>(type)).u16(kClassIn);
  if (edns) {
    // The OPT class carries our UDP payload size; TTL (extended RCODE,
    // version 0, no DO bit) and rdata are empty.
    out.u8(kRootLabel).u16(static_cast<std::uint16_t>(RrType::OPT)).u16(edns_size).u32(0).u16(0);
  }
  return out.take();
}

}  // namespace rc::dns
