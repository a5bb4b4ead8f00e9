// Rows of ipsec NAME { } and sa NAME { } (reference §2.4 and §2.7).
#include <array>

#include "options/keyword_lists.h"
#include "options/option_rows.h"

namespace rc::options::rows {

std::span<const OptionSpec> ipsec_and_sa() {
  static const std::array rows = {
      OptionSpec{.section = "ipsec",
                 .name = "ipsec_sa_lifetime_time",
                 .type = ValueType::Time,
                 .default_value = "infinite",
                 .help = "Lifetime of the IPsec SAs; the soft lifetime is 80 to 90% of it. "
                         "`infinite`, the built-in as in the original, never expires."},
      OptionSpec{.section = "ipsec",
                 .name = "ipsec_sa_lifetime_byte",
                 .type = ValueType::Bytes,
                 .default_value = "infinite",
                 .help = "Byte lifetime of the IPsec SAs; `infinite` has no limit."},
      OptionSpec{.section = "ipsec",
                 .name = "ext_sequence",
                 .type = ValueType::Bool,
                 .default_value = "off",
                 .help = "Negotiate 64-bit extended sequence numbers.",
                 .not_implemented = "extended sequence numbers are not negotiated (the original "
                                    "warned and ignored it too)"},
      OptionSpec{.section = "ipsec",
                 .name = "sa_index",
                 .type = ValueType::IndexList,
                 .help = "The sa blocks bundled in this proposal, at most one each of ah, esp "
                         "and ipcomp."},
      OptionSpec{.section = "sa",
                 .name = "sa_protocol",
                 .type = ValueType::Enum,
                 .help = "The protocol of this SA. Required.",
                 .choices = keywords_of<rct::SaType>()},
      OptionSpec{.section = "sa",
                 .name = "esp_enc_alg",
                 .type = ValueType::AlgorithmList,
                 .help = "ESP encryption algorithms, most preferred first, e.g. `{ aes256_cbc; "
                         "aes128_cbc; }` or `rijndael_cbc,192`.",
                 .choices = keywords_of<rct::EncAlg>()},
      OptionSpec{.section = "sa",
                 .name = "esp_auth_alg",
                 .type = ValueType::AlgorithmList,
                 .help = "ESP integrity algorithms, most preferred first; non_auth for none.",
                 .choices = keywords_of<rct::AuthAlg>()},
      OptionSpec{.section = "sa",
                 .name = "ah_auth_alg",
                 .type = ValueType::AlgorithmList,
                 .help = "AH integrity algorithms, most preferred first.",
                 .choices = keywords_of<rct::AuthAlg>()},
      OptionSpec{.section = "sa",
                 .name = "ipcomp_alg",
                 .type = ValueType::AlgorithmList,
                 .help = "IPComp compression algorithms.",
                 .choices = keywords_of<rct::CompAlg>()},
      OptionSpec{.section = "sa",
                 .name = "spi",
                 .type = ValueType::Number,
                 .help = "The SPI of a manually keyed SA.",
                 .min = 256,
                 .max = 4294967295,
                 .not_implemented = "only for manual SAs (action static_ipsec), which are not "
                                    "implemented (nor were they in the original)"},
  };
  return rows;
}

}  // namespace rc::options::rows
