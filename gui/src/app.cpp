#include "knock/gui/app.hpp"

#include <cstdio>
#if defined(_WIN32)
#include <windows.h>
#endif

namespace knock::gui {
namespace {

// On Windows knock-gui is a GUI-subsystem program: started from cmd or PowerShell it has no standard output
// unless it borrows the console it was started from (a pipe or a file, as under Wine or in CI, it keeps).
void attach_parent_console() {
#if defined(_WIN32)
  const HANDLE out = ::GetStdHandle(STD_OUTPUT_HANDLE);
  if (out && out != INVALID_HANDLE_VALUE) return;
  if (!::AttachConsole(ATTACH_PARENT_PROCESS)) return;
  (void)std::freopen("CONOUT$", "w", stdout);
  (void)std::freopen("CONOUT$", "w", stderr);
#endif
}

// --help and --version print and end the program before any window exists (they also work without a display,
// as QApplication itself does not: see App's constructor).
std::optional<int> answer_command_line(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    const bool prints =
        a == "--version" || a == "-V" || a == "--help" || a == "-h" || (a == "--knock" && i + 1 == argc);
    if (prints) attach_parent_console();
    if (a == "--version" || a == "-V") {
      std::printf("knock-gui %s\n", KNOCK_VERSION);
      return 0;
    }
    if (a == "--knock" && i + 1 == argc) {
      std::fprintf(stderr, "knock-gui: --knock needs a profile's name (knock-gui --knock NAME)\n");
      return 2;
    }
    if (a == "--help" || a == "-h") {
      std::printf(
          "Usage: knock-gui [Qt options] [--knock NAME | knock://LINK]\n\n"
          "The knock desktop app: the saved profiles of knock(1) (reloaded when the file changes), knocked "
          "with\n"
          "one click, then Winbox, SSH or a browser opened on the address that got in. A knock:// link "
          "(knock\n"
          "profile share, or Share in the app) opens the import of the profile it holds.\n\n"
          "  --knock NAME   Knock the profile NAME at once and open what it launches, as Knock and open\n"
          "                 does (a desktop shortcut's one click)\n"
          "  -h, --help     Print this help and exit\n"
          "  -V, --version  Print the version and exit\n\n"
          "Environment: KNOCK_CONFIG_DIR (where profiles.toml is), KNOCK_PASSPHRASE (instead of the "
          "dialog),\n"
          "KNOCK_LOOPBACK_ONLY=1 (send nowhere but 127.0.0.0/8 and ::1). See knock-gui(1).\n");
      return 0;
    }
  }
  return std::nullopt;
}

}  // namespace

App::App(int& argc, char** argv, const core::Environment& env) : answered_(answer_command_line(argc, argv)) {
  if (answered_) return;
  qt_ = std::make_unique<QApplication>(argc, argv);
  QApplication::setApplicationName("knock-gui");
  QApplication::setOrganizationName("knock");
  QApplication::setApplicationDisplayName("knock");
  context_ = std::make_unique<actions::Context>(
      actions::Context::from_environment(env, std::make_unique<DialogPassphrase>()));
  model_ = std::make_unique<ProfilesModel>(*context_);
  controller_ = std::make_unique<KnockController>(*context_);
  window_ = std::make_unique<MainWindow>(*context_, *model_, *controller_);
  if (auto* dialog = dynamic_cast<DialogPassphrase*>(&context_->passphrase()))
    dialog->set_parent(window_.get());
  const QStringList args = QApplication::arguments().mid(1);
  for (qsizetype i = 0; i < args.size(); ++i) {
    if (args[i].startsWith(QStringLiteral("knock://"))) link_ = args[i];
    if (args[i] == QStringLiteral("--knock") && i + 1 < args.size()) knock_ = args[++i];
  }
}

void App::show() {
  window_->show();
  if (!link_.isEmpty()) window_->importLink(link_, true);
  if (!knock_.isEmpty()) window_->knockProfile(knock_, true);
}

App::~App() = default;

}  // namespace knock::gui
