// spmd's command line: the options every racoon2 daemon has (-f -F -d -D -k
// -V -h -t --pid-file --run-dir --key-engine, lib/daemon/command_line.h)
// plus where the name files are, so a test or a chroot can point spmd at
// its own:
//   --hosts-file PATH      (default /etc/hosts)
//   --nsswitch-file PATH   (default /etc/nsswitch.conf)
#pragma once

#include <span>
#include <string>

#include "base/result.h"
#include "daemon/command_line.h"

namespace rc::spmd {

struct Options {
  daemon::CommonOptions common;
  std::string hosts_file = "/etc/hosts";
  std::string nsswitch_file = "/etc/nsswitch.conf";
};

Result<Options> parse_options(std::span<char*> argv);
std::string usage();

}  // namespace rc::spmd
