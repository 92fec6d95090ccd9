#include "knock/core/error.hpp"

namespace knock::core {
namespace {

class KnockCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "knock"; }
  std::string message(int value) const override {
    switch (static_cast<Errc>(value)) {
      case Errc::ok:
        return "success";
      case Errc::not_verified:
        return "knocked, but access was not verified";
      case Errc::bad_input:
        return "bad input";
      case Errc::resolve_failed:
        return "host could not be resolved";
      case Errc::network:
        return "network error";
      case Errc::store:
        return "profile store error";
      case Errc::launch_failed:
        return "program could not be started";
      case Errc::cancelled:
        return "interrupted";
      case Errc::internal:
        return "internal error";
    }
    return "unknown knock error";
  }
};

}  // namespace

const std::error_category& knock_category() noexcept {
  static const KnockCategory category;
  return category;
}

int exit_code(Errc e) noexcept {
  switch (e) {
    case Errc::ok:
      return 0;
    case Errc::not_verified:
      return 1;
    case Errc::bad_input:
      return 2;
    case Errc::resolve_failed:
      return 3;
    case Errc::network:
      return 4;
    case Errc::store:
      return 5;
    case Errc::launch_failed:
      return 127;
    case Errc::cancelled:
      return 130;
    case Errc::internal:
      return 70;
  }
  return 2;
}

}  // namespace knock::core
