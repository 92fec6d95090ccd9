#pragma once
// Shared by the layer's generator and its poller.
#include <string>
#include <vector>

#include "knock/routeros/otp_layer.hpp"

namespace knock::routeros::otp_layer {

struct FamilyCode {
  std::string menu;    // "/ip" or "/ipv6"
  std::string suffix;  // names the poller's variables: hits4, hits6
};

// What the poller's code depends on.
struct Shape {
  long long window_s = 30;
  int knocks = 2;
  std::string access;  // "3h"
  std::vector<FamilyCode> families;
};

std::string poller(const Shape& shape);

}  // namespace knock::routeros::otp_layer
