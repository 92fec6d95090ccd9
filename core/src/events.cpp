#include "knock/core/events.hpp"

namespace knock::core {

Result result_of(const Outcome& o) {
  switch (o.status) {
    case Errc::ok:
      return o.verified ? Result::granted : Result::knocked;
    case Errc::not_verified:
      return Result::not_verified;
    case Errc::cancelled:
      return Result::cancelled;
    default:
      return Result::error;
  }
}

std::string_view to_string(Result r) {
  switch (r) {
    case Result::granted:
      return "granted";
    case Result::knocked:
      return "knocked";
    case Result::not_verified:
      return "not_verified";
    case Result::cancelled:
      return "cancelled";
    case Result::error:
      return "error";
  }
  return "error";
}

}  // namespace knock::core
