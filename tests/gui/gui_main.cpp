// main() for the GUI tests: a private network namespace (as the other network tests), then a QApplication
// on the platform the environment names (offscreen by default, minimal on Windows; xcb under xvfb-run,
// windows under Wine, for screenshots).
#include <QApplication>
#include <QStandardPaths>
#include <chrono>
#include <cstdlib>
#include <string_view>
#include <thread>

#include <gtest/gtest.h>

#include "netns.hpp"

std::string g_netns_error;

int main(int argc, char** argv) {
  // A program that runs a while and ends, on every platform: what the keep-open test launches on Windows.
  if (argc == 3 && std::string_view(argv[1]) == "--sleep") {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::atoi(argv[2])));
    return 0;
  }
  knock::test::set_env("KNOCK_LOOPBACK_ONLY", "1");
#if defined(_WIN32)
  const char* headless = "minimal";  // the Windows build's Qt has no offscreen platform (no FreeType)
#else
  const char* headless = "offscreen";
#endif
  if (!std::getenv("QT_QPA_PLATFORM")) knock::test::set_env("QT_QPA_PLATFORM", headless);
  g_netns_error = knock::test::enter_private_network();
  const knock::test::PrivateTempDir tmp;
  QStandardPaths::setTestModeEnabled(true);  // QSettings of the tests stay out of the user's
  QApplication app(argc, argv);
  QApplication::setOrganizationName("knock-tests");
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
