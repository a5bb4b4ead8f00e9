// parse_message: a whole DNS message (RFC 1035 §4.1) into dns::Message.
// Every field is read through a ByteReader; counts are checked against the
// bytes left before anything is reserved for them; names (owner names and
// those inside CNAME and SOA rdata) go through detail::read_name.
#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "buf/byte_reader.h"
#include "dns/name_wire.h"

namespace rc::dns {

namespace {

// The fewest bytes a question or a record can take: a one-byte name (the
// root) and the fixed fields after it.
constexpr std::size_t kMinQuestionSize = 1 + 4;
constexpr std::size_t kMinRecordSize = 1 + 10;
constexpr std::uint32_t kTtlSignBit = 0x80000000U;

enum class Section : std::uint8_t { Question, Answer, Authority, Additional };

std::string_view section_name(Section section) {
  switch (section) {
    case Section::Question:
      return "question";
    case Section::Answer:
      return "answer";
    case Section::Authority:
      return "authority";
    case Section::Additional:
      return "additional";
  }
  return "?";
}

// Where in the message an item sits, for error messages: "answer 2".
// Formatted only when something fails, so a good message costs nothing.
struct Place {
  Section section;
  std::size_t number;  // 1-based
};

ParseError error_at(Place place, std::string_view field, ParseErrorKind kind, std::size_t offset,
                    std::string_view what) {
  return ParseError{
      kind, offset,
      fmt::format("{} {}: {}: {}", section_name(place.section), place.number, field, what)};
}

ParseError with_place(Place place, std::string_view field, ParseError error) {
  error.message =
      fmt::format("{} {}: {}: {}", section_name(place.section), place.number, field, error.message);
  return error;
}

class Parser {
 public:
  explicit Parser(std::span<const std::uint8_t> wire) : wire_(wire), reader_(wire) {}

  Result<Message, ParseError> run() {
    Message message;
    std::array<std::uint16_t, 4> counts{};
    {
      const auto id = reader_.u16();
      const auto flags = reader_.u16();
      if (!id || !flags) return fail(header_too_short());
      message.id = *id;
      message.flags = decode_flags(*flags);
      for (auto& count : counts) {
        const auto value = reader_.u16();
        if (!value) return fail(header_too_short());
        count = *value;
      }
    }
    const auto [qdcount, ancount, nscount, arcount] = counts;
    const std::size_t needed = std::size_t{qdcount} * kMinQuestionSize +
                               (std::size_t{ancount} + nscount + arcount) * kMinRecordSize;
    if (needed > reader_.remaining()) {
      return fail(ParseError{
          ParseErrorKind::Truncated, kHeaderSize,
          fmt::format("counts (qd {}, an {}, ns {}, ar {}) need at least {} bytes after the "
                      "header, the message has {}",
                      qdcount, ancount, nscount, arcount, needed, reader_.remaining())});
    }

    message.questions.reserve(qdcount);
    for (std::size_t i = 0; i < qdcount; ++i) {
      auto question = parse_question(Place{Section::Question, i + 1});
      if (!question) return fail(std::move(question).error());
      message.questions.push_back(std::move(*question));
    }
    const std::array<std::pair<Section, std::vector<ResourceRecord>*>, 3> sections = {{
        {Section::Answer, &message.answers},
        {Section::Authority, &message.authority},
        {Section::Additional, &message.additional},
    }};
    const std::array<std::uint16_t, 3> record_counts = {ancount, nscount, arcount};
    for (std::size_t s = 0; s < sections.size(); ++s) {
      auto [section, records] = sections[s];
      records->reserve(record_counts[s]);
      for (std::size_t i = 0; i < record_counts[s]; ++i) {
        ResourceRecord record;
        auto is_opt = parse_record(Place{section, i + 1}, record, message.edns_udp_size);
        if (!is_opt) return fail(std::move(is_opt).error());
        if (!*is_opt) records->push_back(std::move(record));
      }
    }
    if (!reader_.empty()) {
      return fail(ParseError{ParseErrorKind::TrailingBytes, reader_.offset(),
                             fmt::format("{} bytes after the last record, at {}",
                                         reader_.remaining(), reader_.offset())});
    }
    return message;
  }

 private:
  ParseError header_too_short() const {
    return ParseError{
        ParseErrorKind::Truncated, wire_.size(),
        fmt::format("{} bytes, shorter than the {}-byte header", wire_.size(), kHeaderSize)};
  }

  ParseError truncated(Place place, std::string_view field) const {
    return error_at(place, field, ParseErrorKind::Truncated, reader_.offset(),
                    fmt::format("cut short at {}", reader_.offset()));
  }

  // The owner name at the reader's position; the reader moves past it.
  Result<Name, ParseError> read_owner(Place place) {
    auto name = detail::read_name(wire_, reader_.offset(), wire_.size());
    if (!name) return fail(with_place(place, "name", std::move(name).error()));
    reader_.skip(name->end - reader_.offset());
    return std::move(name->text);
  }

  Result<Question, ParseError> parse_question(Place place) {
    Question question;
    auto name = read_owner(place);
    if (!name) return fail(std::move(name).error());
    question.name = std::move(*name);
    const auto type = reader_.u16();
    const auto klass = reader_.u16();
    if (!type || !klass) return fail(truncated(place, "type and class"));
    question.type = *type;
    question.klass = *klass;
    return question;
  }

  // Fills `record`; true when it was the OPT record (which is not kept as a
  // record but as `edns_udp_size`).
  Result<bool, ParseError> parse_record(Place place, ResourceRecord& record,
                                        std::optional<std::uint16_t>& edns_udp_size) {
    const std::size_t record_start = reader_.offset();
    auto name = read_owner(place);
    if (!name) return fail(std::move(name).error());
    record.name = std::move(*name);
    const auto type = reader_.u16();
    const auto klass = reader_.u16();
    const auto ttl = reader_.u32();
    const auto rdlength = reader_.u16();
    if (!type || !klass || !ttl || !rdlength) return fail(truncated(place, "fixed fields"));
    record.type = *type;
    record.klass = *klass;
    record.ttl = (*ttl & kTtlSignBit) != 0 ? 0 : *ttl;
    const std::size_t rdata_start = reader_.offset();
    const auto rdata = reader_.bytes(*rdlength);
    if (!rdata) {
      return fail(error_at(place, "rdata", ParseErrorKind::Truncated, rdata_start,
                           fmt::format("{} bytes at {}, the message has {} left", *rdlength,
                                       rdata_start, reader_.remaining())));
    }
    record.rdata = *rdata;

    switch (static_cast<RrType>(record.type)) {
      case RrType::A:
      case RrType::AAAA:
        // The address formats are those of class IN; other classes (CHAOS A
        // holds a name and a number) stay raw.
        if (record.klass == kClassIn) {
          auto decoded = decode_address(place, record, rdata_start);
          if (!decoded) return fail(std::move(decoded).error());
        }
        return false;
      case RrType::CNAME: {
        auto decoded = decode_cname(place, record, rdata_start);
        if (!decoded) return fail(std::move(decoded).error());
        return false;
      }
      case RrType::SOA: {
        auto decoded = decode_soa(place, record, rdata_start);
        if (!decoded) return fail(std::move(decoded).error());
        return false;
      }
      case RrType::OPT: {
        auto decoded = decode_opt(place, record, record_start, edns_udp_size);
        if (!decoded) return fail(std::move(decoded).error());
        return true;
      }
      default:
        return false;
    }
  }

  static Result<void, ParseError> decode_address(Place place, ResourceRecord& record,
                                                 std::size_t rdata_start) {
    const bool v4 = record.type == static_cast<std::uint16_t>(RrType::A);
    const std::size_t want = v4 ? 4 : 16;
    const std::string_view field = v4 ? "A rdata" : "AAAA rdata";
    if (record.rdata.size() != want) {
      return fail(
          error_at(place, field, ParseErrorKind::BadRecord, rdata_start,
                   fmt::format("{} bytes at {}, not {}", record.rdata.size(), rdata_start, want)));
    }
    if (v4) {
      std::array<std::uint8_t, 4> bytes{};
      std::copy(record.rdata.begin(), record.rdata.end(), bytes.begin());
      record.address = addr::IpAddress::from_bytes(bytes);
    } else {
      std::array<std::uint8_t, 16> bytes{};
      std::copy(record.rdata.begin(), record.rdata.end(), bytes.begin());
      record.address = addr::IpAddress::from_bytes(bytes);
    }
    return {};
  }

  // A name inside rdata: compressed against the whole message like any
  // other, but its own labels must end within the rdata.
  Result<detail::WireName, ParseError> read_rdata_name(Place place, std::string_view field,
                                                       std::size_t start,
                                                       std::size_t rdata_end) const {
    auto name = detail::read_name(wire_, start, rdata_end);
    if (!name) {
      ParseError error = std::move(name).error();
      // Running into the end of the rdata is a malformed record, not a
      // short message: the rdata length said where it ends.
      if (error.kind == ParseErrorKind::Truncated) error.kind = ParseErrorKind::BadRecord;
      return fail(with_place(place, field, std::move(error)));
    }
    return name;
  }

  Result<void, ParseError> decode_cname(Place place, ResourceRecord& record,
                                        std::size_t rdata_start) const {
    const std::size_t rdata_end = rdata_start + record.rdata.size();
    auto target = read_rdata_name(place, "CNAME target", rdata_start, rdata_end);
    if (!target) return fail(std::move(target).error());
    if (target->end != rdata_end) {
      return fail(error_at(place, "CNAME rdata", ParseErrorKind::BadRecord, target->end,
                           fmt::format("{} bytes after the target name at {}",
                                       rdata_end - target->end, target->end)));
    }
    record.target = std::move(target->text);
    return {};
  }

  Result<void, ParseError> decode_soa(Place place, ResourceRecord& record,
                                      std::size_t rdata_start) const {
    const std::size_t rdata_end = rdata_start + record.rdata.size();
    auto mname = read_rdata_name(place, "SOA MNAME", rdata_start, rdata_end);
    if (!mname) return fail(std::move(mname).error());
    auto rname = read_rdata_name(place, "SOA RNAME", mname->end, rdata_end);
    if (!rname) return fail(std::move(rname).error());
    // SERIAL, REFRESH, RETRY, EXPIRE, MINIMUM: five 32-bit fields, and
    // nothing after them.
    constexpr std::size_t kSoaNumbers = 5;
    buf::ByteReader numbers(wire_.subspan(rname->end, rdata_end - rname->end));
    if (numbers.remaining() != kSoaNumbers * 4) {
      return fail(error_at(place, "SOA rdata", ParseErrorKind::BadRecord, rname->end,
                           fmt::format("{} bytes after the names at {}, not {}",
                                       numbers.remaining(), rname->end, kSoaNumbers * 4)));
    }
    std::optional<std::uint32_t> minimum;
    for (std::size_t i = 0; i < kSoaNumbers; ++i) minimum = numbers.u32();
    record.soa_minimum = minimum;
    return {};
  }

  static Result<void, ParseError> decode_opt(Place place, const ResourceRecord& record,
                                             std::size_t record_start,
                                             std::optional<std::uint16_t>& edns_udp_size) {
    // RFC 6891 §6.1.1: only in the additional section, at most once, owned
    // by the root.
    if (place.section != Section::Additional) {
      return fail(error_at(place, "OPT", ParseErrorKind::BadRecord, record_start,
                           "an OPT record outside the additional section"));
    }
    if (record.name != ".") {
      return fail(error_at(place, "OPT", ParseErrorKind::BadRecord, record_start,
                           fmt::format("owner name {} is not the root", record.name)));
    }
    if (edns_udp_size) {
      return fail(
          error_at(place, "OPT", ParseErrorKind::TooManyOpt, record_start, "a second OPT record"));
    }
    // RFC 6891 §6.2.3: values below 512 are treated as 512.
    edns_udp_size = std::max<std::uint16_t>(record.klass, kMaxUdpPayload);
    return {};
  }

  std::span<const std::uint8_t> wire_;
  buf::ByteReader reader_;
};

}  // namespace

std::string_view to_string(ParseErrorKind kind) {
  switch (kind) {
    case ParseErrorKind::Truncated:
      return "truncated";
    case ParseErrorKind::BadName:
      return "bad name";
    case ParseErrorKind::PointerLoop:
      return "compression pointer loop";
    case ParseErrorKind::BadRecord:
      return "bad record";
    case ParseErrorKind::TrailingBytes:
      return "trailing bytes";
    case ParseErrorKind::TooManyOpt:
      return "more than one OPT record";
  }
  return "unknown";
}

Result<Message, ParseError> parse_message(std::span<const std::uint8_t> wire) {
  return Parser(wire).run();
}

}  // namespace rc::dns
