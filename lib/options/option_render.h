// Renders the option table for people: plain text for `racoon2-config
// options` and roff for the racoon2.conf(5) man page.
#pragma once

#include <string>

namespace rc::options {

std::string render_text();
std::string render_roff();

}  // namespace rc::options
