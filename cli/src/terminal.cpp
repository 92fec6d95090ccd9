#include "terminal.hpp"

namespace knock::cli {

using core::Errc;
using core::make_error;

core::Expected<core::SecretString> TerminalPassphrase::get(const actions::PassphraseRequest& request) {
  const bool choose = request.purpose == actions::PassphraseRequest::Purpose::choose;
  std::string prompt = (choose ? "New passphrase for " : "Passphrase for ") + request.subject + ": ";
  auto first = prompt_hidden(prompt);
  if (!first) {
    return make_error(Errc::store,
                      "a passphrase is needed: set KNOCK_PASSPHRASE, or run knock in a terminal");
  }
  if (first->empty()) return make_error(Errc::store, "the passphrase is empty");
  if (choose) {
    auto again = prompt_hidden("Repeat the passphrase: ");
    if (!again || !(*again == *first))
      return make_error(Errc::store, "the passphrases differ; nothing was changed");
  }
  return std::move(*first);
}

}  // namespace knock::cli
