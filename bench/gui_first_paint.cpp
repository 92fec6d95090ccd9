// knock-gui started as main() starts it, timed from process start to the first paint of the main window, then
// its resident memory after a second of idling (bench/gui_bench.sh prints the figures).
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>
#include <cstdio>

#include "knock/gui/app.hpp"

namespace {

class FirstPaint : public QObject {
 public:
  explicit FirstPaint(QElapsedTimer& t) : t_(t) {}
  bool eventFilter(QObject* o, QEvent* e) override {
    if (e->type() == QEvent::Paint && !done_) {
      done_ = true;
      std::printf("first paint: %.1f ms\n", static_cast<double>(t_.nsecsElapsed()) / 1e6);
      QTimer::singleShot(1000, [] {
        QFile status("/proc/self/status");
        if (status.open(QIODevice::ReadOnly)) {
          for (const QByteArray& line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS")) std::printf("idle memory: %s\n", line.mid(6).trimmed().constData());
          }
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
  knock::gui::App app(argc, argv, knock::core::process_environment());
  if (auto status = app.answered()) return *status;
  FirstPaint bench(started);
  app.window().installEventFilter(&bench);
  app.window().show();
  return app.exec();
}
