#include "tools/rcsetkey/execute.h"

#include <fmt/format.h>

#include "tools/rcsetkey/print.h"

#ifdef __linux__
#include "kernel/pfkey/pfkey_engine.h"
#endif

namespace rcsetkey {
namespace {

namespace kernel = rc::kernel;
using rc::Result;

bool same_traffic(const kernel::Selector& a, const kernel::Selector& b) {
  return a.src == b.src && a.dst == b.dst && a.protocol == b.protocol && a.src_port == b.src_port &&
         a.dst_port == b.dst_port;
}

bool wanted(const Command& command, const kernel::SaInfo& sa) {
  return !command.protocol || sa.params.id.type == *command.protocol;
}

// Deletes the SAs `match` picks from a dump.
template <class Match>
Result<void> delete_matching(kernel::KeyEngine& engine, Match match) {
  auto sas = engine.dump_sas();
  if (!sas) return rc::fail(std::move(sas).error());
  for (const kernel::SaInfo& sa : *sas) {
    if (!match(sa)) continue;
    auto deleted = engine.delete_sa(sa.params.id);
    if (!deleted) return deleted;
  }
  return rc::ok();
}

// Only pfkeyd is told about packets: a kernel engine sees real ones.
Result<void> inject(const PacketCommand& packet, kernel::KeyEngine& engine, std::string& output) {
#ifdef __linux__
  auto* pfkeyd = engine.kind() == kernel::EngineKind::Pfkeyd
                     ? dynamic_cast<kernel::pfkey::PfkeyEngine*>(&engine)
                     : nullptr;
  if (pfkeyd != nullptr) {
    auto verdict = pfkeyd->inject_packet({packet.packet, packet.direction, packet.bytes});
    if (!verdict) return rc::fail(std::move(verdict).error());
    output += format_verdict(*verdict);
    return rc::ok();
  }
#else
  (void)packet;
  (void)output;
#endif
  return rc::fail(rc::Error{ENOTSUP, fmt::format("packet needs the pfkeyd key engine (this is {})",
                                                 kernel::name(engine.kind()))});
}

Result<void> run(const Command& command, kernel::KeyEngine& engine, std::string& output) {
  switch (command.kind) {
    case CommandKind::Add:
      return engine.add_sa(command.sa);
    case CommandKind::Update:
      return engine.update_sa(command.sa);
    case CommandKind::GetSpi: {
      auto spi = engine.get_spi(command.spi_request);
      if (!spi) return rc::fail(std::move(spi).error());
      output += format_spi(command.spi_request, *spi);
      return rc::ok();
    }
    case CommandKind::Get: {
      auto sa = engine.get_sa(command.sa.id);
      if (!sa) return rc::fail(std::move(sa).error());
      output += format_sa(*sa);
      return rc::ok();
    }
    case CommandKind::Delete:
      return engine.delete_sa(command.sa.id);
    case CommandKind::DeleteAll:
      return delete_matching(engine, [&](const kernel::SaInfo& sa) {
        return sa.params.id.type == command.sa.id.type && sa.params.id.src == command.sa.id.src &&
               sa.params.id.dst == command.sa.id.dst;
      });
    case CommandKind::Flush:
      if (!command.protocol) return engine.flush_sas();
      return delete_matching(engine, [&](const kernel::SaInfo& sa) { return wanted(command, sa); });
    case CommandKind::Dump: {
      auto sas = engine.dump_sas();
      if (!sas) return rc::fail(std::move(sas).error());
      bool any = false;
      for (const kernel::SaInfo& sa : *sas) {
        if (!wanted(command, sa)) continue;
        output += format_sa(sa);
        any = true;
      }
      if (!any) output += "No SAD entries.\n";
      return rc::ok();
    }
    case CommandKind::SpdAdd:
    case CommandKind::SpdUpdate: {
      auto spid = command.kind == CommandKind::SpdAdd ? engine.add_policy(command.policy)
                                                      : engine.update_policy(command.policy);
      if (!spid) return rc::fail(std::move(spid).error());
      return rc::ok();
    }
    case CommandKind::SpdDelete: {
      auto policies = engine.dump_policies();
      if (!policies) return rc::fail(std::move(policies).error());
      for (const kernel::PolicyInfo& policy : *policies) {
        if (policy.params.direction == command.policy.direction &&
            same_traffic(policy.params.selector, command.policy.selector)) {
          return engine.delete_policy(policy.params.spid);
        }
      }
      return rc::fail(rc::Error{ENOENT, "no policy with this selector and direction"});
    }
    case CommandKind::SpdFlush:
      return engine.flush_policies();
    case CommandKind::SpdDump: {
      auto policies = engine.dump_policies();
      if (!policies) return rc::fail(std::move(policies).error());
      for (const kernel::PolicyInfo& policy : *policies) output += format_policy(policy);
      if (policies->empty()) output += "No SPD entries.\n";
      return rc::ok();
    }
    case CommandKind::Packet:
      return inject(command.packet, engine, output);
  }
  return rc::fail(rc::Error::invalid("unknown command"));
}

}  // namespace

Outcome execute(const std::vector<Command>& commands, kernel::KeyEngine& engine,
                std::string_view origin) {
  Outcome outcome;
  for (const Command& command : commands) {
    auto result = run(command, engine, outcome.output);
    if (!result) {
      ++outcome.failures;
      outcome.errors += fmt::format("{}:{}: {}: {}\n", origin, command.line, name(command.kind),
                                    result.error().message);
    }
  }
  return outcome;
}

}  // namespace rcsetkey
