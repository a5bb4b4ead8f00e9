// The keyed hash for tables keyed by names from the network: real
// SipHash-2-4 (the reference vectors), consistent for string and
// string_view, and without trivial collisions.
#include "spmd/core/keyed_hash.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_set>

namespace rc::spmd {
namespace {

SipHashKey reference_key() {
  SipHashKey key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i);
  return key;
}

// Message i of the reference test vectors: the bytes 0, 1, ..., i - 1.
std::string reference_message(std::size_t length) {
  std::string message;
  for (std::size_t i = 0; i < length; ++i) message.push_back(static_cast<char>(i));
  return message;
}

TEST(KeyedHashTest, SipHash24ReferenceVectors) {
  // From the SipHash paper's reference implementation (vectors.h,
  // vectors_sip64), read as little-endian 64-bit numbers.
  const SipHashKey key = reference_key();
  EXPECT_EQ(siphash_2_4(key, reference_message(0)), 0x726fdb47dd0e0e31U);
  EXPECT_EQ(siphash_2_4(key, reference_message(1)), 0x74f839c593dc67fdU);
  EXPECT_EQ(siphash_2_4(key, reference_message(15)), 0xa129ca6149be45e5U);  // the paper's example
  EXPECT_EQ(siphash_2_4(key, reference_message(63)), 0x958a324ceb064572U);
  // The same again: each call starts from the key, not from the last state.
  EXPECT_EQ(siphash_2_4(key, reference_message(15)), 0xa129ca6149be45e5U);
  EXPECT_EQ(siphash_2_4(key, reference_message(0)), 0x726fdb47dd0e0e31U);
}

TEST(KeyedHashTest, OtherThreadsComputeTheSame) {
  std::optional<std::uint64_t> there;
  std::thread worker([&] { there = siphash_2_4(reference_key(), reference_message(15)); });
  worker.join();
  EXPECT_EQ(there, 0xa129ca6149be45e5U);
}

TEST(KeyedHashTest, EqualTextEqualHashWhateverItsType) {
  const KeyedHash hash;
  const std::string name = "www.example.";
  const std::string buffer = "xxwww.example.yy";
  const std::string_view view = std::string_view(buffer).substr(2, name.size());
  ASSERT_EQ(view, name);
  EXPECT_EQ(hash(name), hash(view));
  EXPECT_EQ(hash(name), hash(std::string_view(name)));
  EXPECT_EQ(hash(name), hash(std::string("www.example.")));
  EXPECT_EQ(hash(std::string_view()), hash(std::string()));
  EXPECT_NE(hash(name), hash("www.example"));
  EXPECT_NE(hash(name), hash("WWW.example."));
}

TEST(KeyedHashTest, KeyedNotTheReferenceKey) {
  // The process key is random: the hash is not SipHash under the all-known key.
  const KeyedHash hash;
  const std::string message = reference_message(15);
  EXPECT_NE(hash(message), static_cast<std::size_t>(0xa129ca6149be45e5U));
}

TEST(KeyedHashTest, NoCollisionsAmongManyNames) {
  const KeyedHash hash;
  std::unordered_set<std::size_t> seen;
  std::size_t names = 0;
  // Names an attacker might try: sequential, one character apart.
  for (int i = 0; i < 10000; ++i) {
    seen.insert(hash("host" + std::to_string(i) + ".example."));
    ++names;
  }
  for (char c = 'a'; c <= 'z'; ++c) {
    for (char d = 'a'; d <= 'z'; ++d) {
      seen.insert(hash(std::string{c, d, '.', 't', 'e', 's', 't', '.'}));
      ++names;
    }
  }
  // 64-bit values: a single collision among ~11k would be a 1 in 10^11 event.
  EXPECT_EQ(seen.size(), names);
  // And the low bits (what a bucket index uses) spread too: every one of
  // 256 buckets is hit by 10k names.
  std::unordered_set<std::size_t> buckets;
  for (int i = 0; i < 10000; ++i) buckets.insert(hash("n" + std::to_string(i) + ".") % 256);
  EXPECT_EQ(buckets.size(), 256U);
}

}  // namespace
}  // namespace rc::spmd
