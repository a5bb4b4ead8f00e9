// Fuzzes pfkeyd's PF_KEY front end: each input is split into datagrams
// (two length bytes, then that many bytes) sent one after the other by one
// client to one pair of tables, so sequences (GETSPI then UPDATE, SPDADD
// then a packet) are reached too. Whatever arrives, pfkeyd answers or
// drops it; every answer it produces must itself parse.
#include <cstddef>
#include <cstdint>
#include <span>

#include "kernel/pfkey/pfkey_message.h"
#include "pfkeyd/core/clock.h"
#include "request_handler.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  rc::pfkeyd::ManualClock clock;
  rc::pfkeyd::Tables tables(clock);
  rc::pfkeyd::RequestHandler handler(tables);
  rc::pfkeyd::ClientState client;
  std::span<const std::uint8_t> input(data, size);
  while (input.size() >= 2) {
    const std::size_t length = std::min<std::size_t>(
        static_cast<std::size_t>(input[0]) | static_cast<std::size_t>(input[1]) << 8,
        input.size() - 2);
    const auto datagram = input.subspan(2, length);
    input = input.subspan(2 + length);
    for (const rc::pfkeyd::Outgoing& out : handler.handle(client, 1, datagram)) {
      if (!rc::kernel::pfkey::parse(out.message.view())) __builtin_trap();
    }
    clock.advance(std::chrono::seconds(7));
    for (const rc::pfkeyd::Outgoing& out : handler.notify(tables.run_timers())) {
      if (!rc::kernel::pfkey::parse(out.message.view())) __builtin_trap();
    }
  }
  return 0;
}
