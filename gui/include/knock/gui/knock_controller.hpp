#pragma once
// The presenter between the window and the knock engine: one knock at a time on a worker thread (the
// window never freezes), every engine event turned into a queued signal, Cancel, and the launch.
#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>
#include <thread>

#include "knock/profiles/profile.hpp"

namespace knock::gui {

class KnockController : public QObject {
  Q_OBJECT
 public:
  explicit KnockController(QObject* parent = nullptr);
  ~KnockController() override;
  bool busy() const { return busy_; }

 public slots:
  // Knocks the profile (its sequence unsealed already); with `open`, runs its launch command after access.
  void knock(const knock::profiles::Profile& profile, bool open);
  void cancel();

 signals:
  void started(const QString& profile, const QString& host);
  void resolved(const QString& profile, const QString& addresses);
  void step(const QString& profile, int index, int count, const QString& protocol, const QString& target,
            double atMs, const QString& error);
  void verifyAttempt(const QString& profile, int attempt, int of, bool granted, const QString& detail);
  // status: granted, knocked, not_verified, cancelled or error; message says why for the last two.
  void finished(const QString& profile, const QString& status, const QString& message, const QString& address,
                double elapsedMs);
  // The launch command with {host} {ip} {port} filled in, ready for QProcess::startDetached.
  void launchReady(const QString& profile, const QStringList& argv);
  void busyChanged(bool busy);

 private:
  struct Run;
  std::shared_ptr<Run> run_;
  std::thread worker_;
  bool busy_ = false;
};

}  // namespace knock::gui
