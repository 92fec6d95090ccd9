#include "knock/profiles/secret_file.hpp"

#include "file_lock.hpp"
#include "knock/core/otp.hpp"

namespace knock::profiles {

core::Status write_secret_file(const std::filesystem::path& file) {
  core::SecretString text = core::otp::new_secret();
  if (text.empty()) return core::make_error(core::Errc::internal, "libsodium could not be initialised");
  text.push_back('\n');
  auto written = write_exclusive_file(file, text.view());
  if (!written && written.error().code == core::Errc::bad_input &&
      written.error().message.ends_with("exists already")) {
    return core::make_error(core::Errc::bad_input,
                            written.error().message + " (a secret is never overwritten)");
  }
  return written;
}

core::Expected<core::SecretString> read_secret_file(const std::filesystem::path& file) {
  auto text = read_private_file(file, kSecretFileLimit);
  if (!text) return std::move(text).error();
  return core::otp::parse_secret(text->view(), file.string());
}

}  // namespace knock::profiles
