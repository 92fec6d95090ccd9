#pragma once
#include <iosfwd>
#include <span>
#include <string>

namespace knock::server {

// knock-server's command line; args[0] is the program name. Returns the exit status.
int server_main(std::span<const std::string> args, std::ostream& out, std::ostream& err);

}  // namespace knock::server
