// `spmdctl interactive`: the original's debugging shell. After spmdctl has
// logged in, every line typed goes to spmd and its reply is printed as spmd
// sent it ("250-..." / "250 ..."), until end of input or QUIT.
#pragma once

#include <istream>
#include <ostream>

#include "tools/spmdctl/connection.h"

namespace spmdctl {

// Lines are read with spmif's own parser first: one spmd would refuse is
// answered here with spmd's code and text, marked "(not sent)", so a typo
// cannot reach the daemon half-formed. LOGIN is refused (the session is
// logged in already and a second LOGIN ends it). Returns the exit status:
// 0 unless the connection failed.
int relay(Connection& connection, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace spmdctl
