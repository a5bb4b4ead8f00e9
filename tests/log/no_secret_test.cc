// Key material must not reach a log line by accident: SecretBytes is not
// formattable by fmt (with or without fmt/ranges.h) and cannot be passed to
// hexdump. These are compile-time facts; the checks below fail the build if
// someone adds a formatter, a begin()/end() pair or a conversion to span.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <concepts>
#include <cstdint>
#include <span>
#include <string_view>

#include <gtest/gtest.h>

#include "buf/secret_bytes.h"
#include "log/log.h"

namespace {

using rc::buf::SecretBytes;
using rc::log::Tag;

static_assert(!fmt::is_formattable<SecretBytes>::value);
static_assert(!fmt::is_formattable<const SecretBytes&>::value);
static_assert(!fmt::is_formattable<SecretBytes*>::value);
// The view is formattable only through the explicit door.
static_assert(fmt::is_formattable<std::span<const std::uint8_t>>::value);

template <class T>
concept FreeHexdumpable = requires(const T& data) {
  rc::log::hexdump(Tag::kDebug, "x", data);
};
template <class T>
concept ContextHexdumpable = requires(const rc::log::Context& ctx, const T& data) {
  ctx.hexdump(Tag::kDebug, "x", data);
};

static_assert(!FreeHexdumpable<SecretBytes>);
static_assert(!ContextHexdumpable<SecretBytes>);
// The concepts are not vacuous: ordinary bytes can be dumped.
static_assert(FreeHexdumpable<std::span<const std::uint8_t>>);
static_assert(ContextHexdumpable<std::vector<std::uint8_t>>);

TEST(NoSecretInLogs, CompileTimeChecksHold) {
  // The static_asserts above are the test; this keeps it visible in the
  // test list, and checks the explicit door still works.
  const SecretBytes key(std::vector<std::uint8_t>{1, 2});
  EXPECT_EQ(key.reveal().size(), 2U);
}

}  // namespace
