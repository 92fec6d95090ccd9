#pragma once
// Include Asio through this header. Boost 1.74's awaitable.hpp uses std::exchange without including
// <utility>, which GCC 12's headers no longer pull in on the way.
#include <utility>

#include <boost/asio/ip/address.hpp>

namespace knock {
namespace asio = boost::asio;
using IpAddress = boost::asio::ip::address;
}  // namespace knock
