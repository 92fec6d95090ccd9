#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>
#include <cstdio>
#include <cstdlib>

#include "knock/gui/main_window.hpp"

namespace {

// KNOCK_GUI_BENCH=1 (bench/gui_bench.sh): print the time from process start to the first paint of the main
// window, then the resident memory after a second of idling, and quit.
class FirstPaint : public QObject {
 public:
  explicit FirstPaint(QElapsedTimer& t) : t_(t) {}
  bool eventFilter(QObject* o, QEvent* e) override {
    if (e->type() == QEvent::Paint && !done_) {
      done_ = true;
      std::printf("first paint: %.1f ms\n", static_cast<double>(t_.nsecsElapsed()) / 1e6);
      QTimer::singleShot(1000, [] {
        QFile status("/proc/self/status");
        status.open(QIODevice::ReadOnly);
        for (const QByteArray& line : status.readAll().split('\n')) {
          if (line.startsWith("VmRSS")) std::printf("idle memory: %s\n", line.mid(6).trimmed().constData());
        }
        std::fflush(stdout);
        QApplication::quit();
      });
    }
    return QObject::eventFilter(o, e);
  }

 private:
  QElapsedTimer& t_;
  bool done_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  QElapsedTimer started;
  started.start();
  QApplication app(argc, argv);
  QApplication::setApplicationName("knock-gui");
  QApplication::setOrganizationName("knock");
  QApplication::setApplicationDisplayName("knock");
  knock::profiles::Store store(knock::profiles::default_store_path());
  knock::gui::ProfilesModel model(store);
  knock::gui::KnockController controller;
  knock::gui::MainWindow window(model, controller);
  FirstPaint bench(started);
  if (std::getenv("KNOCK_GUI_BENCH")) window.installEventFilter(&bench);
  window.show();
  return app.exec();
}
