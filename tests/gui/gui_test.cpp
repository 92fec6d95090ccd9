// The GUI's logic without widgets (ProfilesModel, KnockController, with QSignalSpy), then the real main
// window driven with QTest against knock-server on loopback, with screenshots kept as artifacts.
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPalette>
#include <QProcess>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <fstream>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>

#include "knock/actions/edit.hpp"
#include "knock/actions/router.hpp"
#include "knock/core/otp.hpp"
#include "knock/gui/main_window.hpp"
#include "knock/gui/profile_editor.hpp"
#include "netns.hpp"
#if defined(KNOCK_QR_DECODE)
#include "qr_decode.hpp"
#endif

extern std::string g_netns_error;

namespace knock::gui {
namespace {

namespace ip = boost::asio::ip;

std::filesystem::path temp_dir(const std::string& name) {
  auto d = std::filesystem::path(::testing::TempDir()) /
           ("knock-gui-" + name + "-" + std::to_string(QCoreApplication::applicationPid()));
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

profiles::Profile profile(const std::string& name, const std::string& seq, std::uint16_t verify = 0) {
  profiles::Profile p;
  p.name = name;
  p.host = "127.0.0.1";
  p.sequence = seq;
  p.verify_port = verify;
  p.group = "lab";
  return p;
}

void save(profiles::Store& store, const profiles::Profile& p) {
  auto r = store.update([&](profiles::Document& d) -> core::Status {
    std::erase_if(d.profiles, [&](const auto& x) { return x.name == p.name; });
    d.profiles.push_back(p);
    return {};
  });
  ASSERT_TRUE(r) << r.error().message;
}

// The shared layer's context over a store of the test's own; KNOCK_LOOPBACK_ONLY is on (gui_main sets it).
std::unique_ptr<actions::Context> context(const std::filesystem::path& file) {
  return std::make_unique<actions::Context>(profiles::Store(file), std::make_unique<actions::NoPassphrase>(),
                                            core::steady_clock(), true);
}

TEST(ProfilesModel, ShowsTheStoreAndFollowsChangesOnDisk) {
  auto ctx = context(temp_dir("model") / "profiles.toml");
  profiles::Store& store = ctx->store();
  save(store, profile("b", "tcp:1"));
  save(store, profile("a", "udp:2"));
  ProfilesModel model(*ctx);
  ASSERT_EQ(model.rowCount(), 2);
  EXPECT_EQ(model.index(0, ProfilesModel::Name).data().toString(), "a");
  EXPECT_EQ(model.index(1, ProfilesModel::Host).data().toString(), "127.0.0.1");
  EXPECT_EQ(model.groups(), QStringList{"lab"});
  QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
  profiles::Store other(store.path());  // as the CLI would, from elsewhere
  save(other, profile("c", "tcp:3", 22));
  EXPECT_TRUE(reset.wait(30000)) << "the model reloads when the file changes";
  ASSERT_EQ(model.rowCount(), 3);
  EXPECT_EQ(model.index(2, ProfilesModel::Verify).data().toString(), "tcp:22");
}

TEST(ProfilesModel, ACorruptFileIsReportedAndTheRowsStay) {
  const auto dir = temp_dir("corrupt");
  auto ctx = context(dir / "profiles.toml");
  save(ctx->store(), profile("a", "tcp:1"));
  ProfilesModel model(*ctx);
  QSignalSpy failed(&model, &ProfilesModel::loadFailed);
  std::ofstream(dir / "profiles.toml") << "[profiles.a]\nhost = \"x\n";
  ASSERT_TRUE(failed.wait(30000));
  EXPECT_TRUE(failed.takeFirst().at(0).toString().contains("line 2, column"));
  EXPECT_EQ(model.rowCount(), 1);
}

TEST(ProfilesModel, RemembersTheLastResult) {
  auto ctx = context(temp_dir("result") / "profiles.toml");
  save(ctx->store(), profile("a", "tcp:1"));
  ProfilesModel model(*ctx);
  QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
  model.setLastResult("a", "access granted");
  EXPECT_EQ(changed.count(), 1);
  EXPECT_EQ(model.index(0, ProfilesModel::LastResult).data().toString(), "access granted");
}

TEST(KnockController, KnocksOffTheGuiThreadAndReportsEveryStep) {
  if (!g_netns_error.empty()) GTEST_SKIP() << g_netns_error;
  boost::asio::io_context io;
  ip::udp::socket door(io, {ip::make_address("127.0.0.1"), 0});
  ip::tcp::acceptor service(io, {ip::make_address("127.0.0.1"), 0});
  const std::string port = std::to_string(door.local_endpoint().port());
  auto ctx = context(temp_dir("controller") / "profiles.toml");
  KnockController c(*ctx);
  QSignalSpy steps(&c, &KnockController::step);
  QSignalSpy verify(&c, &KnockController::verifyAttempt);
  QSignalSpy done(&c, &KnockController::finished);
  QSignalSpy launch(&c, &KnockController::launchReady);
  auto p = profile("lab", "udp:" + port + " udp:" + port, service.local_endpoint().port());
  p.launch = "ssh -p {port} admin@{ip}";
  c.knock(p, true);
  EXPECT_TRUE(c.busy());
  ASSERT_TRUE(done.wait(30000));
  EXPECT_EQ(steps.count(), 2);
  EXPECT_EQ(verify.count(), 1);
  EXPECT_EQ(done.first().at(1).toString(), "granted");
  EXPECT_EQ(done.first().at(3).toString(), "127.0.0.1");
  ASSERT_EQ(launch.count(), 1);
  EXPECT_EQ(launch.first().at(1).toStringList(),
            (QStringList{"ssh", "-p", QString::number(service.local_endpoint().port()), "admin@127.0.0.1"}));
  EXPECT_FALSE(c.busy());
}

TEST(KnockController, CancelStopsALongKnockAtOnce) {
  if (!g_netns_error.empty()) GTEST_SKIP() << g_netns_error;
  auto ctx = context(temp_dir("cancel") / "profiles.toml");
  KnockController c(*ctx);
  QSignalSpy done(&c, &KnockController::finished);
  auto p = profile("slow", "udp:9 wait:10m udp:9");
  c.knock(p, false);
  QTest::qWait(100);
  c.cancel();
  ASSERT_TRUE(done.wait(30000)) << "cancel ends the knock long before its 10-minute wait";
  EXPECT_EQ(done.first().at(1).toString(), "cancelled");
}

TEST(KnockController, ProblemsComeBackAsAResultNotACrash) {
  auto ctx = context(temp_dir("problems") / "profiles.toml");
  KnockController c(*ctx);
  QSignalSpy done(&c, &KnockController::finished);
  auto p = profile("far", "tcp:1");
  p.host = "192.0.2.1";  // refused by KNOCK_LOOPBACK_ONLY, never sent
  c.knock(p, false);
  ASSERT_TRUE(done.wait(30000));
  EXPECT_EQ(done.first().at(1).toString(), "error");
  EXPECT_TRUE(done.first().at(2).toString().contains("KNOCK_LOOPBACK_ONLY"));
  auto none = profile("none", "tcp:1");
  c.knock(none, true);  // "Knock & open" without a launch command
  ASSERT_EQ(done.count(), 2);
  EXPECT_TRUE(done.last().at(2).toString().contains("has no launch command"));
}

TEST(ProfileEditor, ChecksTheStepsWithTheParsersOwnWords) {
  ProfileEditor editor(profile("a", "tcp:1337 wait:1s udp:17954:text:open-sesame"), false);
  auto seq = editor.sequenceText();
  ASSERT_TRUE(seq) << seq.error().message;
  EXPECT_EQ(*seq, "tcp:1337 wait:1s udp:17954:text:open-sesame");
  EXPECT_EQ(editor.result().sequence.view(), *seq);
}

// The launch presets look for their program where users keep it, and say when it is nowhere: on Windows
// Winbox downloaded into Downloads (the whole path goes into the command), elsewhere on PATH (its name will
// do).
TEST(ProfileEditor, APresetFindsItsProgramWhereUsersKeepIt) {
  const auto dir = temp_dir("presets");
  const std::string saved_path = std::getenv("PATH") ? std::getenv("PATH") : "";
#if defined(_WIN32)
  std::filesystem::create_directories(dir / "Downloads");
  std::filesystem::copy_file(QCoreApplication::applicationFilePath().toStdWString(),
                             dir / "Downloads" / "winbox64.exe");
  const char* saved_home = std::getenv("USERPROFILE");
  const std::string home = saved_home ? saved_home : "";
  test::set_env("USERPROFILE", dir.string());
  test::set_env("PATH", (dir / "empty").string());
  const QString found = "'" +
                        QDir::toNativeSeparators(QString::fromStdWString((dir / "Downloads").wstring())) +
                        "\\winbox64.exe' {ip}";
  const QString winbox = "Winbox", missing = "PuTTY (putty.exe not installed)";
#else
#if defined(__APPLE__)
  const char* program = "open";
  const QString found = "open -a WinBox --args {ip}";
  const QString missing = "SSH in Terminal (osascript not installed)";
#else
  const char* program = "WinBox";
  const QString found = "WinBox {ip}";
  const QString missing = "WebFig in the browser (xdg-open not installed)";
#endif
  {
    std::ofstream(dir / program) << "#!/bin/sh\n";
    std::filesystem::permissions(dir / program, std::filesystem::perms::owner_all);
  }
  test::set_env("PATH", dir.string());
  const QString winbox = "Winbox 4";
#endif
  {
    ProfileEditor editor(profile("a", "tcp:1"), false);
    auto* preset = editor.findChild<QComboBox*>("preset");
    ASSERT_TRUE(preset);
    EXPECT_EQ(preset->itemText(1), winbox);
    QStringList labels;
    for (int i = 0; i < preset->count(); ++i)
      labels << preset->itemText(i);
    EXPECT_TRUE(labels.contains(missing)) << labels.join(" | ").toStdString();
    EXPECT_EQ(labels.last(), "Choose a program…");
    emit preset->activated(1);
    EXPECT_EQ(editor.findChild<QLineEdit*>("launch")->text(), found);
    EXPECT_EQ(QString::fromStdString(editor.result().launch), found);
  }
  test::set_env("PATH", saved_path);
#if defined(_WIN32)
  test::set_env("USERPROFILE", home);
#endif
}

// The artifacts directory in the build tree (or KNOCK_ARTIFACTS_DIR), for review.
QString artifacts();

TEST(ProfileEditor, MakesAOneTimeProfileWithItsSecretAndRouterScript) {
  const auto dir = temp_dir("otp-editor");
  auto ctx = context(dir / "profiles.toml");
  profiles::Profile fresh = actions::new_profile();
  ProfileEditor editor(fresh, true);
  editor.findChild<QLineEdit*>("name")->setText("office-router");
  EXPECT_FALSE(editor.oneTime());
  auto* kind = editor.findChild<QComboBox*>("kind");
  ASSERT_TRUE(kind);
  kind->setCurrentIndex(1);  // "One-time knock": a secret is made at once
  ASSERT_TRUE(editor.oneTime());
  profiles::Profile p = editor.result();
  p.host = "127.0.0.1";
  p.protect = {{6, 8291}};
  ASSERT_TRUE(p.otp);
  EXPECT_TRUE(p.sequence.empty());
  EXPECT_EQ(p.otp->window, std::chrono::seconds(30));
  ASSERT_TRUE(core::otp::parse_secret(p.otp_key.view(), "made"));
  ASSERT_TRUE(profiles::validate(p)) << profiles::validate(p).error().message;

  // The script the editor shows is the profile's one-time layer, the profile its one client.
  auto rules = actions::rules_for(p);
  ASSERT_TRUE(rules) << rules.error().message;
  EXPECT_NE(rules->script.find("knock-otp-key-office_router"), std::string::npos);
  EXPECT_NE(rules->script.find(std::string(p.otp_key.view())), std::string::npos);
  EXPECT_NE(rules->script.find("dst-port=8291"), std::string::npos);

  // Saved through the shared layer, it comes back a one-time profile with the same secret.
  auto added = actions::add(*ctx, "office-router", actions::Changes::between(fresh, p));
  ASSERT_TRUE(added) << added.error().message;
  auto doc = ctx->store().load();
  ASSERT_TRUE(doc);
  const profiles::Profile* saved = doc->find("office-router");
  ASSERT_TRUE(saved && saved->otp);
  EXPECT_EQ(saved->otp_key.view(), p.otp_key.view());

  // A new secret replaces the old; back to a fixed sequence, no secret is kept.
  const std::string old_key(p.otp_key.view());
  editor.makeSecret();
  EXPECT_NE(editor.result().otp_key.view(), old_key);
  editor.resize(720, 760);
  editor.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&editor));
  editor.grab().save(artifacts() + "/editor-one-time.png");
  kind->setCurrentIndex(0);
  EXPECT_FALSE(editor.result().otp);
  EXPECT_TRUE(editor.result().otp_key.empty());
}

QString artifacts() {
  const char* elsewhere = std::getenv("KNOCK_ARTIFACTS_DIR");  // e2e.windows-gui keeps those of Wine apart
  const QString dir = QString::fromUtf8(elsewhere ? elsewhere : KNOCK_ARTIFACTS_DIR);
  QDir().mkpath(dir);
  return dir;
}

#if defined(KNOCK_QR_DECODE)  // (no libqrencode in the Windows build yet)
TEST(MainWindow, SharesAProfileAsALinkWhoseQrCodeDecodesAndImportsIt) {
  if (!test::have_zbarimg()) GTEST_SKIP() << "zbarimg is not installed (apt-get install zbar-tools)";
  const auto dir = temp_dir("share");
  auto ctx = context(dir / "a" / "profiles.toml");
  save(ctx->store(), profile("phone", "tcp:1337 udp:17954:text:open-sesame", 8291));
  ProfilesModel model(*ctx);
  KnockController controller(*ctx);
  MainWindow window(*ctx, model, controller);
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  window.table()->selectRow(0);
  window.shareSelected();
  QDialog* dialog = window.shareDialog();
  ASSERT_TRUE(dialog);
  ASSERT_TRUE(QTest::qWaitForWindowExposed(dialog));
  const QString link = dialog->findChild<QLineEdit*>()->text();
  EXPECT_TRUE(link.startsWith("knock://v1/")) << link.toStdString();
  const auto* qr = dialog->findChild<QLabel*>("qr");
  ASSERT_TRUE(qr && !qr->pixmap().isNull()) << (qr ? qr->text().toStdString() : "no QR label");
  const QString picture = artifacts() + "/share-qr.png";
  ASSERT_TRUE(qr->pixmap().save(picture));
  dialog->grab().save(artifacts() + "/share.png");
  EXPECT_EQ(test::decode_qr(picture.toStdString()),
            link.toStdString());  // the real decoder reads what a phone's camera would
  dialog->close();

  // The link, clicked on another machine: the import adds the profile as it was.
  auto other = context(dir / "b" / "profiles.toml");
  ProfilesModel model_b(*other);
  KnockController controller_b(*other);
  MainWindow window_b(*other, model_b, controller_b);
  window_b.show();  // problems are said in place, on the window
  window_b.importLink(link, false);
  auto doc = other->store().load();
  ASSERT_TRUE(doc) << doc.error().message;
  ASSERT_TRUE(doc->find("phone"));
  EXPECT_EQ(doc->find("phone")->sequence.view(), "tcp:1337 udp:17954:text:open-sesame");
  window_b.importLink(link.left(40), false);
  EXPECT_TRUE(window_b.problem().contains("damaged or cut short")) << window_b.problem().toStdString();
}
#endif

// knock-server with the seed's rules on 127.0.0.1 (Winbox on 8291): started here (Linux), or already running
// with its JSON log where KNOCK_TEST_SERVER_LOG says (Windows, under Wine: e2e.windows-gui starts it).
class SeedServer {
 public:
  explicit SeedServer(const std::filesystem::path& dir) {
    if (const char* running = std::getenv("KNOCK_TEST_SERVER_LOG")) {
      log_ = running;
    } else {
#if defined(KNOCK_SERVER_BIN)
      log_ = (dir / "server.json").string();
      server_.start(
          QString::fromUtf8(KNOCK_SERVER_BIN),
          {"--rules", QString::fromUtf8(KNOCK_SOURCE_DIR) + "/routeros/examples/seed.rsc", "--service",
           "8291", "--listen", "127.0.0.1", "--quiet", "--json-log", QString::fromStdString(log_)});
      if (!server_.waitForStarted(3000)) {
        why_ = "knock-server did not start";
        return;
      }
#else
      (void)dir;
      why_ = "no knock-server here (KNOCK_TEST_SERVER_LOG names the log of one started outside)";
      return;
#endif
    }
    for (int i = 0; i < 300; ++i) {  // up to ~10 s on a loaded machine
      std::ifstream in(log_);
      std::string line;
      while (std::getline(in, line)) {
        if (line.find("\"ready\"") != std::string::npos) return;
      }
      QTest::qWait(30);
    }
    why_ = "knock-server did not get ready: " + server_.readAllStandardError().toStdString();
  }
  ~SeedServer() {
    if (server_.state() == QProcess::NotRunning) return;
    server_.terminate();
    if (!server_.waitForFinished(3000)) server_.kill();
    server_.waitForFinished();
  }
  // Empty when the server is up, else why not.
  const std::string& why_not() const {
    return why_;
  }

 private:
  QProcess server_;
  std::string log_, why_;
};

TEST(MainWindow, ClickKnockAgainstKnockServerAndSeeAccessGranted) {
  if (!g_netns_error.empty()) GTEST_SKIP() << g_netns_error;
  const auto dir = temp_dir("window");
  SeedServer server(dir);
#if defined(KNOCK_SERVER_BIN)  // here the test starts it: a server that does not start is a failure
  ASSERT_TRUE(server.why_not().empty()) << server.why_not();
#else
  if (!server.why_not().empty()) GTEST_SKIP() << server.why_not();
#endif
  auto ctx = context(dir / "profiles.toml");
  auto router = profile("router", "tcp:1337 udp:17954", 8291);
  router.launch = "winbox {ip}";
  router.protect = {{6, 8291}};
  router.timeouts = {std::chrono::seconds(15), std::chrono::hours(3)};
  save(ctx->store(), router);
  save(ctx->store(), profile("wrong-order", "udp:17954 tcp:1337", 8291));
  ProfilesModel model(*ctx);
  KnockController controller(*ctx);
  MainWindow window(*ctx, model, controller);
  window.resize(900, 600);
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  QSignalSpy done(&controller, &KnockController::finished);

  // The wrong order first: no access, said in place.
  window.table()->selectRow(1);
  QTest::keyClick(window.table(), Qt::Key_Return);
  ASSERT_TRUE(done.wait(30000));
  EXPECT_EQ(done.last().at(1).toString(), "not_verified");
  EXPECT_TRUE(window.problem().contains("did not answer")) << window.problem().toStdString();

  // Then the right one, with a click on the Knock button.
  window.table()->selectRow(0);
  QWidget* knock = nullptr;
  for (auto* b : window.findChildren<QWidget*>()) {
    if (b->inherits("QToolButton") && b->property("text").toString().contains("Knock") &&
        !b->property("text").toString().contains("open")) {
      knock = b;
    }
  }
  ASSERT_TRUE(knock);
  QTest::mouseClick(knock, Qt::LeftButton);
  ASSERT_TRUE(done.wait(30000));
  EXPECT_EQ(done.last().at(1).toString(), "granted");
  EXPECT_TRUE(window.progressText().contains("router: access granted (127.0.0.1)"))
      << window.progressText().toStdString();
  EXPECT_TRUE(model.index(0, ProfilesModel::LastResult).data().toString().startsWith("access granted"));
  EXPECT_TRUE(window.problem().isEmpty());
  using Door = ProfilesModel::Door;
  EXPECT_EQ(model.index(0, ProfilesModel::LastResult).data(ProfilesModel::DoorRole).toInt(),
            static_cast<int>(Door::open));
  EXPECT_EQ(model.index(1, ProfilesModel::LastResult).data(ProfilesModel::DoorRole).toInt(),
            static_cast<int>(Door::shut));
  EXPECT_FALSE(model.index(0, ProfilesModel::LastResult).data(Qt::DecorationRole).isNull());
  window.grab().save(artifacts() + "/main-window.png");
  {  // and in a dark theme, as many desktops are
    const QPalette light = QApplication::palette();
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, Qt::white);
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::AlternateBase, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::Text, Qt::white);
    dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::ButtonText, Qt::white);
    dark.setColor(QPalette::Highlight, QColor(0x2a, 0x82, 0xda));
    dark.setColor(QPalette::HighlightedText, Qt::black);
    dark.setColor(QPalette::PlaceholderText, QColor(0x9e, 0x9e, 0x9e));
    QApplication::setPalette(dark);
    QTest::qWait(50);
    window.grab().save(artifacts() + "/main-window-dark.png");
    QApplication::setPalette(light);
  }
  window.tabs()->setCurrentIndex(2);
  QTest::qWait(50);
  window.grab().save(artifacts() + "/routeros-tab.png");
  ProfileEditor editor(router, false, &window);
  editor.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&editor));
  editor.grab().save(artifacts() + "/editor.png");
  editor.close();
  EXPECT_TRUE(QFile::exists(artifacts() + "/main-window.png"));

  // Keep-open: the launched program runs detached and is knocked for again while it runs; the row says
  // until when the door is open, and that it is kept open, until the program ends.
  auto kept = profile("kept", "tcp:1337 udp:17954", 8291);
#if defined(_WIN32)  // a program that runs 2.5 s on every Windows: this one (gui_main.cpp)
  const QString self = QCoreApplication::applicationFilePath();
  kept.launch = "'" + QDir::toNativeSeparators(self).toStdString() + "' --sleep 2500";
  const QString program = QFileInfo(self).fileName();
#else
  kept.launch = "sleep 2.5";
  const QString program = "sleep";
#endif
  kept.keep_open = true;
  kept.timeouts = {std::chrono::seconds(15), std::chrono::seconds(3)};  // access 3 s: a round every second
  save(ctx->store(), kept);
  model.reload();
  int row = 0;
  while (row < model.rowCount() && model.profile(row)->name != "kept")
    ++row;
  ASSERT_LT(row, model.rowCount());
  const auto last = [&] { return model.index(row, ProfilesModel::LastResult).data().toString(); };
  const qsizetype before = done.count();
  window.knockProfile("kept", true);
  ASSERT_TRUE(QTest::qWaitFor([&] { return done.count() >= before + 2; }, 15000))  // the knock, a round again
      << last().toStdString();
  EXPECT_EQ(done.last().at(1).toString(), "granted");
  EXPECT_TRUE(last().contains("open until")) << last().toStdString();
  EXPECT_TRUE(last().contains("kept open while " + program + " runs")) << last().toStdString();
  EXPECT_TRUE(QTest::qWaitFor([&] { return !last().contains("kept open"); }, 15000)) << last().toStdString();
}

}  // namespace
}  // namespace knock::gui
