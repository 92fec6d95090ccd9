#pragma once
// knock-gui as a whole: --help and --version answered as the CLI does, then the context from the environment
// (the profile store, KNOCK_PASSPHRASE or a dialog, the loopback guard), the model, the controller and the
// window. main() and the first-paint benchmark both start it this way.
#include <QApplication>
#include <memory>
#include <optional>

#include "knock/core/environment.hpp"
#include "knock/gui/dialog_passphrase.hpp"
#include "knock/gui/main_window.hpp"

namespace knock::gui {

class App {
 public:
  // env: where the profile store, KNOCK_PASSPHRASE and the loopback guard come from (main() passes
  // core::process_environment()).
  App(int& argc, char** argv, const core::Environment& env);
  ~App();
  // Set when the command line was answered already (--help, --version, a bad option): the exit status.
  std::optional<int> answered() const { return answered_; }
  MainWindow& window() { return *window_; }
  // Shows the window; a knock:// link on the command line (a clicked link) then opens its import, and
  // --knock NAME knocks that profile and opens what it launches.
  void show();
  int exec() { return QApplication::exec(); }

 private:
  std::optional<int> answered_;
  QString link_;
  QString knock_;
  std::unique_ptr<QApplication> qt_;  // none when the command line was answered: no display is needed then
  std::unique_ptr<actions::Context> context_;
  std::unique_ptr<ProfilesModel> model_;
  std::unique_ptr<KnockController> controller_;
  std::unique_ptr<MainWindow> window_;
};

}  // namespace knock::gui
