#include "request_handler.h"

#include <linux/pfkeyv2.h>

#include <cerrno>
#include <utility>

#include <fmt/format.h>

#include "kernel/pfkey/pfkey_events.h"
#include "kernel/pfkey/pfkey_packet.h"
#include "kernel/pfkey/pfkey_policy.h"
#include "kernel/pfkey/pfkey_register.h"
#include "kernel/pfkey/pfkey_sa.h"
#include "kernel/pfkey/pfkey_sa_id.h"
#include "kernel/pfkey/pfkey_spi.h"
#include "log/log.h"
#include "rct/pfkey.h"
#include "supported.h"

namespace rc::pfkeyd {
namespace {

using kernel::pfkey::Header;
using kernel::pfkey::Message;

// What goes into sadb_msg_errno: the tables already speak the kernel's
// errnos; a message the codec could not read is EINVAL, as af_key says.
std::uint8_t wire_errno(const Error& error) {
  if (error.code == EBADMSG || error.code <= 0 || error.code > 255) return EINVAL;
  return static_cast<std::uint8_t>(error.code);
}

Outgoing to(Audience audience, WipedBuffer message, std::uint8_t satype = 0) {
  return Outgoing{audience, satype, std::move(message)};
}

Outgoing reply_header(const Header& request, Audience audience) {
  return to(audience, kernel::pfkey::encode_header_only(request), request.satype);
}

// A reply that echoes the request's seq and pid.
Result<Outgoing> echoed(const Header& request, Result<WipedBuffer> message, Audience audience) {
  if (!message) return fail(std::move(message).error());
  kernel::pfkey::stamp(*message, request.seq, request.pid);
  return to(audience, std::move(*message), request.satype);
}

Result<std::vector<Outgoing>> one(Result<Outgoing> message) {
  if (!message) return fail(std::move(message).error());
  std::vector<Outgoing> out;
  out.push_back(std::move(*message));
  return out;
}

Result<std::optional<rct::SaType>> satype_filter(const Header& header) {
  if (header.satype == SADB_SATYPE_UNSPEC) return std::optional<rct::SaType>{};
  const auto type = rct::pfkey::from_sa_type(header.satype);
  if (!type) return fail(Error{EINVAL, fmt::format("SA type {} is not held here", header.satype)});
  return std::optional<rct::SaType>{*type};
}

// The SA as ADD and UPDATE are told to everyone: without its keys.
kernel::SaInfo without_keys(kernel::SaInfo info) {
  info.params.encryption_key = {};
  info.params.integrity_key = {};
  return info;
}

// A dump: one message per entry, sadb_msg_seq counting down to 0 on the
// last; nothing at all is ENOENT, as af_key answers.
template <class Entries, class Encode>
Result<std::vector<Outgoing>> dump(const Header& request, const Entries& entries, Encode encode) {
  if (entries.empty()) return fail(Error{ENOENT, "nothing to dump"});
  std::vector<Outgoing> out;
  out.reserve(entries.size());
  std::uint32_t left = static_cast<std::uint32_t>(entries.size());
  for (const auto& entry : entries) {
    Header header = request;
    header.seq = --left;
    auto message = encode(header, entry);
    if (!message) return fail(std::move(message).error());
    kernel::pfkey::stamp(*message, header.seq, request.pid);
    out.push_back(to(Audience::Sender, std::move(*message), request.satype));
  }
  return out;
}

}  // namespace

std::vector<Outgoing> RequestHandler::handle(ClientState& client, pid_t /*pid*/,
                                             std::span<const std::uint8_t> datagram) {
  auto request = kernel::pfkey::parse(datagram);
  if (!request) {
    ++counters_.malformed;
    log::debug("pfkeyd: malformed request: {}", request.error().message);
    // Echo what can be read of the header so the sender's wait ends.
    if (datagram.size() < kernel::pfkey::kHeaderSize) {
      ++counters_.unanswerable;
      return {};
    }
    Header header;
    header.type = datagram[1];
    header.satype = datagram[3];
    header.seq = static_cast<std::uint32_t>(datagram[8]) |
                 static_cast<std::uint32_t>(datagram[9]) << 8 |
                 static_cast<std::uint32_t>(datagram[10]) << 16 |
                 static_cast<std::uint32_t>(datagram[11]) << 24;
    header.pid = static_cast<std::uint32_t>(datagram[12]) |
                 static_cast<std::uint32_t>(datagram[13]) << 8 |
                 static_cast<std::uint32_t>(datagram[14]) << 16 |
                 static_cast<std::uint32_t>(datagram[15]) << 24;
    header.error = EINVAL;
    std::vector<Outgoing> out;
    out.push_back(reply_header(header, Audience::Sender));
    return out;
  }
  ++counters_.handled;
  auto outgoing = dispatch(client, *request);
  if (outgoing) return std::move(*outgoing);
  ++counters_.failed;
  log::debug("pfkeyd: request type {} failed: {}", request->header.type, outgoing.error().message);
  Header header = request->header;
  header.error = wire_errno(outgoing.error());
  std::vector<Outgoing> out;
  out.push_back(reply_header(header, Audience::Sender));
  return out;
}

Result<std::vector<Outgoing>> RequestHandler::dispatch(ClientState& client,
                                                       const Message& request) {
  if (request.header.error != 0) {
    // Only a key manager's failed-ACQUIRE report carries an errno; af_key
    // then lets the acquire time out, which ours do by themselves.
    if (request.header.type == SADB_ACQUIRE) return std::vector<Outgoing>{};
    return fail(Error{EINVAL, "a request with sadb_msg_errno set"});
  }
  switch (request.header.type) {
    case SADB_GETSPI:
    case SADB_UPDATE:
    case SADB_ADD:
    case SADB_DELETE:
    case SADB_GET:
    case SADB_FLUSH:
    case SADB_DUMP:
      return sad_request(request);
    case SADB_X_SPDADD:
    case SADB_X_SPDUPDATE:
    case SADB_X_SPDDELETE:
    case SADB_X_SPDDELETE2:
    case SADB_X_SPDGET:
    case SADB_X_SPDDUMP:
    case SADB_X_SPDFLUSH:
    case SADB_X_MIGRATE:
      return spd_request(request);
    case SADB_REGISTER:
    case SADB_X_PROMISC:
    case kernel::pfkey::kPfkeydPacket:
      return control_request(client, request);
    case SADB_ACQUIRE:
      return std::vector<Outgoing>{};
    default:
      return fail(Error{EOPNOTSUPP, fmt::format("message type {}", request.header.type)});
  }
}

Result<std::vector<Outgoing>> RequestHandler::sad_request(const Message& request) {
  const Header& header = request.header;
  switch (header.type) {
    case SADB_GETSPI: {
      auto spi_request = kernel::pfkey::decode_getspi(request);
      if (!spi_request) return fail(std::move(spi_request).error());
      auto spi = tables_.get_spi(*spi_request);
      if (!spi) return fail(std::move(spi).error());
      changed_ = true;
      return one(echoed(header, kernel::pfkey::encode_getspi_reply(header, *spi_request, *spi),
                        Audience::Sender));
    }
    case SADB_UPDATE:
    case SADB_ADD: {
      auto params = kernel::pfkey::decode_sa(request);
      if (!params) return fail(std::move(params).error());
      const kernel::SaId id = params->id;
      auto stored = header.type == SADB_ADD ? tables_.add_sa(std::move(*params))
                                            : tables_.update_sa(std::move(*params));
      if (!stored) return fail(std::move(stored).error());
      changed_ = true;
      auto info = tables_.get_sa(id);
      if (!info) return fail(std::move(info).error());
      return one(echoed(header,
                        kernel::pfkey::encode_sa_info(header, without_keys(std::move(*info)),
                                                      {.pfkeyd_dialect = true}),
                        Audience::All));
    }
    case SADB_DELETE: {
      auto id = kernel::pfkey::decode_sa_id(request);
      if (!id) return fail(std::move(id).error());
      auto deleted = tables_.delete_sa(*id);
      if (!deleted) return fail(std::move(deleted).error());
      changed_ = true;
      return one(echoed(header, kernel::pfkey::encode_sa_id(SADB_DELETE, *id), Audience::All));
    }
    case SADB_GET: {
      auto id = kernel::pfkey::decode_sa_id(request);
      if (!id) return fail(std::move(id).error());
      auto info = tables_.get_sa(*id);
      if (!info) return fail(std::move(info).error());
      return one(echoed(header,
                        kernel::pfkey::encode_sa_info(header, *info, {.pfkeyd_dialect = true}),
                        Audience::Sender));
    }
    case SADB_FLUSH: {
      auto type = satype_filter(header);
      if (!type) return fail(std::move(type).error());
      tables_.flush_sas(*type);
      changed_ = true;
      return one(reply_header(header, Audience::All));
    }
    case SADB_DUMP: {
      auto type = satype_filter(header);
      if (!type) return fail(std::move(type).error());
      return dump(header, tables_.dump_sas(*type), [](const Header& h, const kernel::SaInfo& info) {
        return kernel::pfkey::encode_sa_info(h, info, {.pfkeyd_dialect = true});
      });
    }
    default:
      return fail(Error{EOPNOTSUPP, "not an SAD request"});
  }
}

Result<std::vector<Outgoing>> RequestHandler::spd_request(const Message& request) {
  const Header& header = request.header;
  const auto broadcast_policy = [&](kernel::Spid spid) -> Result<std::vector<Outgoing>> {
    auto info = tables_.get_policy(spid);
    if (!info) return fail(std::move(info).error());
    return one(echoed(header, kernel::pfkey::encode_policy_reply(header, *info), Audience::All));
  };
  switch (header.type) {
    case SADB_X_SPDADD:
    case SADB_X_SPDUPDATE: {
      auto policy = kernel::pfkey::decode_policy(request);
      if (!policy) return fail(std::move(policy).error());
      auto spid = header.type == SADB_X_SPDADD ? tables_.add_policy(policy->params)
                                               : tables_.update_policy(policy->params);
      if (!spid) return fail(std::move(spid).error());
      changed_ = true;
      return broadcast_policy(*spid);
    }
    case SADB_X_SPDDELETE:
    case SADB_X_SPDDELETE2: {
      Result<kernel::PolicyInfo> deleted = fail(Error{EINVAL, ""});
      if (header.type == SADB_X_SPDDELETE) {
        auto policy = kernel::pfkey::decode_policy(request);
        if (!policy) return fail(std::move(policy).error());
        deleted = tables_.delete_policy(policy->params.selector, policy->params.direction);
      } else {
        auto spid = kernel::pfkey::decode_policy_spid(request);
        if (!spid) return fail(std::move(spid).error());
        deleted = tables_.delete_policy(*spid);
      }
      if (!deleted) return fail(std::move(deleted).error());
      changed_ = true;
      return one(
          echoed(header, kernel::pfkey::encode_policy_reply(header, *deleted), Audience::All));
    }
    case SADB_X_SPDGET: {
      auto spid = kernel::pfkey::decode_policy_spid(request);
      if (!spid) return fail(std::move(spid).error());
      auto info = tables_.get_policy(*spid);
      if (!info) return fail(std::move(info).error());
      return one(
          echoed(header, kernel::pfkey::encode_policy_reply(header, *info), Audience::Sender));
    }
    case SADB_X_SPDDUMP:
      return dump(header, tables_.dump_policies(),
                  [](const Header& h, const kernel::PolicyInfo& info) {
                    return kernel::pfkey::encode_policy_reply(h, info);
                  });
    case SADB_X_SPDFLUSH:
      tables_.flush_policies();
      changed_ = true;
      return one(reply_header(header, Audience::All));
    case SADB_X_MIGRATE: {
      auto migration = kernel::pfkey::decode_migrate(request);
      if (!migration) return fail(std::move(migration).error());
      auto notifications = tables_.migrate(migration->params);
      if (!notifications) return fail(std::move(notifications).error());
      changed_ = true;
      return notify(*notifications);
    }
    default:
      return fail(Error{EOPNOTSUPP, "not an SPD request"});
  }
}

Result<std::vector<Outgoing>> RequestHandler::control_request(ClientState& client,
                                                              const Message& request) {
  const Header& header = request.header;
  switch (header.type) {
    case SADB_REGISTER: {
      const std::uint8_t satype = header.satype;
      if (satype == SADB_SATYPE_UNSPEC || satype >= 32 || !rct::pfkey::from_sa_type(satype)) {
        return fail(Error{EINVAL, fmt::format("REGISTER for SA type {}", satype)});
      }
      if (client.registered_for(satype)) {
        return fail(Error{EEXIST, fmt::format("already registered for SA type {}", satype)});
      }
      client.registered |= 1U << satype;
      return one(echoed(header,
                        kernel::pfkey::encode_register_reply(header, supported_algorithms(satype)),
                        Audience::Registered));
    }
    case SADB_X_PROMISC:
      if (header.satype > 1) return fail(Error{EINVAL, "X_PROMISC takes 0 or 1"});
      client.promiscuous = header.satype == 1;
      return one(reply_header(header, Audience::All));
    case kernel::pfkey::kPfkeydPacket: {
      auto report = kernel::pfkey::decode_packet(request);
      if (!report) return fail(std::move(report).error());
      auto result = tables_.process(*report);
      if (!result) return fail(std::move(result).error());
      changed_ = true;
      auto out = notify(result->notifications);
      auto reply = echoed(header, kernel::pfkey::encode_packet_reply(header, result->verdict),
                          Audience::Sender);
      if (!reply) return fail(std::move(reply).error());
      out.insert(out.begin(), std::move(*reply));
      return out;
    }
    default:
      return fail(Error{EOPNOTSUPP, "not a control request"});
  }
}

std::vector<Outgoing> RequestHandler::notify(const Notifications& notifications) {
  std::vector<Outgoing> out;
  for (const Notification& notification : notifications) {
    Result<Outgoing> message = std::visit(
        [](const auto& n) -> Result<Outgoing> {
          using T = std::decay_t<decltype(n)>;
          if constexpr (std::is_same_v<T, kernel::AcquireEvent>) {
            auto satype = rct::pfkey::to_sa_type(n.protocol);
            if (!satype) return fail(std::move(satype).error());
            auto encoded = kernel::pfkey::encode_acquire(n);
            if (!encoded) return fail(std::move(encoded).error());
            return to(Audience::Registered, std::move(*encoded), *satype);
          } else if constexpr (std::is_same_v<T, SaExpireNotice>) {
            auto satype = rct::pfkey::to_sa_type(n.event.id.type);
            if (!satype) return fail(std::move(satype).error());
            auto encoded = kernel::pfkey::encode_expire(n.event, n.limit);
            if (!encoded) return fail(std::move(encoded).error());
            return to(Audience::Registered, std::move(*encoded), *satype);
          } else if constexpr (std::is_same_v<T, PolicyExpireNotice>) {
            auto encoded = kernel::pfkey::encode_policy_expire(n.event, n.policy);
            if (!encoded) return fail(std::move(encoded).error());
            return to(Audience::Registered, std::move(*encoded), 0);
          } else {
            auto encoded = kernel::pfkey::encode_migrate(n.params);
            if (!encoded) return fail(std::move(encoded).error());
            return to(Audience::All, std::move(*encoded), 0);
          }
        },
        notification);
    if (!message) {
      log::internal_err("pfkeyd: cannot encode a notification: {}", message.error().message);
      continue;
    }
    out.push_back(std::move(*message));
  }
  return out;
}

}  // namespace rc::pfkeyd
