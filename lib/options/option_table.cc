// The option table: the row groups of rows_*.cc joined in the order
// racoon2.conf(5) documents them. Built on first use because the `choices`
// come from the rct name tables of another translation unit.
#include <initializer_list>
#include <vector>

#include "options/option_rows.h"
#include "options/option_table.h"

namespace rc::options {

std::span<const OptionSpec> all() {
  static const std::vector<OptionSpec> table = [] {
    std::vector<OptionSpec> out;
    for (auto group :
         {rows::interface_and_resolver(), rows::remote(), rows::kmp_common(), rows::kmp_specific(),
          rows::kmp_blocks(), rows::selector_and_policy(), rows::ipsec_and_sa()}) {
      out.insert(out.end(), group.begin(), group.end());
    }
    return out;
  }();
  return table;
}

std::string_view type_name(ValueType type) {
  switch (type) {
    case ValueType::Bool:
      return "boolean";
    case ValueType::Enum:
      return "keyword";
    case ValueType::AddrList:
      return "address list";
    case ValueType::Path:
      return "path";
    case ValueType::Number:
      return "number";
    case ValueType::Time:
      return "time";
    case ValueType::Bytes:
      return "bytes";
    case ValueType::String:
      return "string";
    case ValueType::Index:
      return "index";
    case ValueType::IndexList:
      return "index list";
    case ValueType::AlgorithmList:
      return "algorithm list";
    case ValueType::DhGroupList:
      return "DH group list";
    case ValueType::IdList:
      return "ID list";
    case ValueType::PublicKey:
      return "key files";
    case ValueType::KmpList:
      return "KMP list";
    case ValueType::Address:
      return "address";
    case ValueType::Protocol:
      return "protocol";
    case ValueType::Block:
      return "block";
    case ValueType::Flag:
      return "flag";
  }
  return "?";
}

}  // namespace rc::options
