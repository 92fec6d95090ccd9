#pragma once
// A dialog as the passphrase source (KNOCK_PASSPHRASE, when set, is asked first: see
// actions::passphrase_source).
#include <QPointer>
#include <QWidget>

#include "knock/actions/passphrase.hpp"

namespace knock::gui {

class DialogPassphrase final : public actions::PassphraseSource {
 public:
  // Dialogs are centred on `parent` once it is set (the main window, when it exists).
  void set_parent(QWidget* parent) { parent_ = parent; }
  core::Expected<core::SecretString> get(const actions::PassphraseRequest& request) override;

 private:
  QPointer<QWidget> parent_;
};

}  // namespace knock::gui
