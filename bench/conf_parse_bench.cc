// Loading a large racoon2.conf (read, build, validate) at 1,000 and 10,000
// remotes, each with a selector pair and a policy sharing one ipsec and one
// sa: time and peak heap per load, so a reader sees both grow linearly. A
// concentrator with thousands of peers reloads on every SIGHUP, and the
// peak (syntax tree and model alive together) is what it must have spare.
//
// Heap use is counted by replacing the global operator new/delete: every
// allocation adds its usable size to a running total, every free subtracts
// it, and the high-water mark is kept. Only this program is affected.
#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <new>
#include <optional>
#include <string>
#include <string_view>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "conf/loader.h"

namespace {

std::atomic<std::int64_t> g_current_bytes{0};
std::atomic<std::int64_t> g_peak_bytes{0};

void note_allocated(void* pointer) {
  if (pointer == nullptr) return;
  const auto size = static_cast<std::int64_t>(malloc_usable_size(pointer));
  const std::int64_t now = g_current_bytes.fetch_add(size, std::memory_order_relaxed) + size;
  std::int64_t peak = g_peak_bytes.load(std::memory_order_relaxed);
  while (now > peak && !g_peak_bytes.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}

void note_freed(void* pointer) {
  if (pointer == nullptr) return;
  g_current_bytes.fetch_sub(static_cast<std::int64_t>(malloc_usable_size(pointer)),
                            std::memory_order_relaxed);
}

void* allocate(std::size_t size, std::size_t alignment, bool nothrow) {
  if (size == 0) size = 1;
  void* pointer = nullptr;
  if (alignment <= alignof(std::max_align_t)) {
    pointer = std::malloc(size);
  } else if (posix_memalign(&pointer, alignment, size) != 0) {
    pointer = nullptr;
  }
  if (pointer == nullptr && !nothrow) throw std::bad_alloc();
  note_allocated(pointer);
  return pointer;
}

void release(void* pointer) {
  note_freed(pointer);
  std::free(pointer);
}

}  // namespace

// The replaceable global allocation functions ([new.delete]); every form
// routes through allocate()/release() so nothing escapes the count.
void* operator new(std::size_t size) {
  return allocate(size, 0, false);
}
void* operator new[](std::size_t size) {
  return allocate(size, 0, false);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return allocate(size, 0, true);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return allocate(size, 0, true);
}
void* operator new(std::size_t size, std::align_val_t align) {
  return allocate(size, static_cast<std::size_t>(align), false);
}
void* operator new[](std::size_t size, std::align_val_t align) {
  return allocate(size, static_cast<std::size_t>(align), false);
}
void* operator new(std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return allocate(size, static_cast<std::size_t>(align), true);
}
void* operator new[](std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return allocate(size, static_cast<std::size_t>(align), true);
}
void operator delete(void* pointer) noexcept {
  release(pointer);
}
void operator delete[](void* pointer) noexcept {
  release(pointer);
}
void operator delete(void* pointer, std::size_t) noexcept {
  release(pointer);
}
void operator delete[](void* pointer, std::size_t) noexcept {
  release(pointer);
}
void operator delete(void* pointer, const std::nothrow_t&) noexcept {
  release(pointer);
}
void operator delete[](void* pointer, const std::nothrow_t&) noexcept {
  release(pointer);
}
void operator delete(void* pointer, std::align_val_t) noexcept {
  release(pointer);
}
void operator delete[](void* pointer, std::align_val_t) noexcept {
  release(pointer);
}
void operator delete(void* pointer, std::size_t, std::align_val_t) noexcept {
  release(pointer);
}
void operator delete[](void* pointer, std::size_t, std::align_val_t) noexcept {
  release(pointer);
}
void operator delete(void* pointer, std::align_val_t, const std::nothrow_t&) noexcept {
  release(pointer);
}
void operator delete[](void* pointer, std::align_val_t, const std::nothrow_t&) noexcept {
  release(pointer);
}

namespace {

// A gateway with `remotes` peers: peer i at 172.16.x.y protects
// 10.x.y.0/24 behind it, reached from 192.168.0.0/24 in tunnel mode.
std::string make_config(std::int64_t remotes) {
  std::string text = R"(interface {
  ike { 192.0.2.1 port 500; };
  spmd unix "/var/run/racoon2/spmif";
  spmd_password "/etc/racoon2/spmd.pwd";
};
default {
  remote {
    ikev2 {
      kmp_enc_alg { aes128_cbc; }; kmp_hash_alg { hmac_sha2_256; }; kmp_auth_method { psk; };
    };
  };
};
ipsec ipsec_esp { ipsec_sa_lifetime_time 8 hour; sa_index esp; };
sa esp { sa_protocol esp; esp_enc_alg { aes128_cbc; }; esp_auth_alg { hmac_sha1; }; };
)";
  for (std::int64_t i = 0; i < remotes; ++i) {
    const auto hi = (i >> 8) & 0xff;
    const auto lo = i & 0xff;
    fmt::format_to(std::back_inserter(text), R"(remote r{0} {{
  acceptable_kmp {{ ikev2; }};
  selector_index s{0}_in;
  ikev2 {{
    peers_ipaddr 172.16.{1}.{2} port 500;
    my_id fqdn "gw.example.org";
    peers_id fqdn "peer{0}.example.org";
    pre_shared_key "/etc/racoon2/psk/r{0}.psk";
    kmp_dh_group {{ 14; }};
  }};
}};
selector s{0}_out {{
  direction outbound; src 192.168.0.0/24; dst 10.{1}.{2}.0/24; policy_index p{0};
}};
selector s{0}_in {{
  direction inbound; src 10.{1}.{2}.0/24; dst 192.168.0.0/24; policy_index p{0};
}};
policy p{0} {{
  action auto_ipsec; remote_index r{0}; ipsec_index {{ ipsec_esp; }}; ipsec_mode tunnel;
  my_sa_ipaddr 192.0.2.1; peers_sa_ipaddr 172.16.{1}.{2};
}};
)",
                   i, hi, lo);
  }
  return text;
}

rc::conf::LoadOptions load_options() {
  rc::conf::LoadOptions options;
  options.read.allow_include = false;
  options.read.check_file_security = false;
  options.read.environment = [](std::string_view) { return std::optional<std::string>(); };
  options.validate.check_secret_files = false;
  return options;
}

void BM_LoadText(benchmark::State& state) {
  const std::int64_t remotes = state.range(0);
  const std::string text = make_config(remotes);
  const auto options = load_options();
  std::int64_t peak = 0;
  std::int64_t retained = 0;
  std::size_t warnings = 0;
  for (auto _ : state) {
    const std::int64_t before = g_current_bytes.load();
    g_peak_bytes.store(before);
    auto loaded = rc::conf::load_text(text, "bench.conf", options);
    if (!loaded.config) {
      state.SkipWithError(loaded.diagnostics.first_error().c_str());
      return;
    }
    benchmark::DoNotOptimize(loaded.config->model().remotes.data());
    peak = std::max(peak, g_peak_bytes.load() - before);
    retained = g_current_bytes.load() - before;
    warnings = loaded.diagnostics.warning_count();
  }
  constexpr double kMiB = 1024.0 * 1024.0;
  const auto count = static_cast<double>(remotes);
  state.counters["remotes"] = count;
  state.counters["warnings"] = static_cast<double>(warnings);
  state.counters["text_MiB"] = static_cast<double>(text.size()) / kMiB;
  state.counters["peak_MiB"] = static_cast<double>(peak) / kMiB;
  state.counters["config_MiB"] = static_cast<double>(retained) / kMiB;
  state.counters["bytes_per_remote"] = static_cast<double>(peak) / count;
  state.counters["remotes_per_s"] =
      benchmark::Counter(count, benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(BM_LoadText)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace
