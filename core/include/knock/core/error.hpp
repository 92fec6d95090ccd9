#pragma once
// Errors cross library boundaries as values: a code from knock's own category plus a message that names the
// offending input. Exceptions stay inside a library or at main.
#include <optional>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

namespace knock::core {

enum class Errc {
  ok = 0,
  not_verified,    // knocked, but the verify probe never got through (exit 1)
  bad_input,       // usage, grammar, or a destination refused by KNOCK_LOOPBACK_ONLY (exit 2)
  resolve_failed,  // the host has no usable address (exit 3)
  network,         // sending a knock or probing failed (exit 4)
  store,           // the profile store is unreadable, locked or the passphrase is wrong (exit 5)
  launch_failed,   // the program to launch could not be started (exit 127, as a shell would)
  cancelled,       // SIGINT/SIGTERM (exit 130)
  internal,        // a bug: an invariant broke or an exception escaped (exit 70, as sysexits' EX_SOFTWARE)
};

const std::error_category& knock_category() noexcept;
inline std::error_code make_error_code(Errc e) noexcept {
  return {static_cast<int>(e), knock_category()};
}

// The process exit status for an outcome: the one table that the README, --help and the man page describe.
int exit_code(Errc e) noexcept;

struct Error {
  Errc code = Errc::bad_input;
  std::string message;  // one line, names the offending input; no trailing period
};

// A minimal std::expected stand-in (GCC 12 and clang 14 in C++20 mode have none).
template <class T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit by design
  Expected(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
  bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }
  template <class U>
  T value_or(U&& fallback) const& {
    return has_value() ? value() : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::variant<T, Error> v_;
};

// Success or an error, for operations without a value: the one convention for "did it work".
template <>
class [[nodiscard]] Expected<void> {
 public:
  Expected() = default;
  Expected(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design
  bool has_value() const noexcept { return !error_; }
  explicit operator bool() const noexcept { return has_value(); }
  const Error& error() const& { return *error_; }
  Error&& error() && { return std::move(*error_); }

 private:
  std::optional<Error> error_;
};
using Status = Expected<void>;

inline Error make_error(Errc code, std::string message) {
  return Error{code, std::move(message)};
}

}  // namespace knock::core

template <>
struct std::is_error_code_enum<knock::core::Errc> : std::true_type {};
