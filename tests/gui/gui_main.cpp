// main() for the GUI tests: a private network namespace (as the other network tests), then a QApplication
// on the platform the environment names (offscreen by default; xcb under xvfb-run for screenshots).
#include <QApplication>
#include <QStandardPaths>
#include <cstdlib>

#include <gtest/gtest.h>

#include "netns.hpp"

std::string g_netns_error;

int main(int argc, char** argv) {
  ::setenv("KNOCK_LOOPBACK_ONLY", "1", 1);
  if (!std::getenv("QT_QPA_PLATFORM")) ::setenv("QT_QPA_PLATFORM", "offscreen", 1);
  g_netns_error = knock::test::enter_private_network();
  const knock::test::PrivateTempDir tmp;
  QStandardPaths::setTestModeEnabled(true);  // QSettings of the tests stay out of the user's
  QApplication app(argc, argv);
  QApplication::setOrganizationName("knock-tests");
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
