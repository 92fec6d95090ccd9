#pragma once
// What every command runs with: the streams and launcher of the program, and the shared layer's context
// (store, passphrase source, clock, loopback guard), built once from the environment.
#include "knock/actions/context.hpp"
#include "knock/cli/cli.hpp"

namespace knock::cli {

struct Session {
  Io& io;
  actions::Context& ctx;
};

}  // namespace knock::cli
