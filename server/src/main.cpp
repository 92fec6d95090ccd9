#include <iostream>
#include <string>
#include <vector>

#include "knock/server/main.hpp"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv, argv + argc);
  return knock::server::server_main(args, std::cout, std::cerr);
}
