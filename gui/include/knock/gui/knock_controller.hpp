#pragma once
// The presenter between the window and the shared layer's knock: one knock at a time on a thread of its own
// (the window never freezes), every engine event turned into a queued signal, Cancel, and the launch.
#include <QObject>
#include <QString>
#include <QStringList>
#include <map>
#include <memory>

#include "knock/actions/knock.hpp"

namespace knock::gui {

class KnockController : public QObject {
  Q_OBJECT
 public:
  explicit KnockController(actions::Context& ctx, QObject* parent = nullptr);
  ~KnockController() override;
  bool busy() const { return busy_; }

 public slots:
  // Knocks the profile (unlocking it first when it is sealed); with `open`, runs its launch command after
  // access.
  void knock(const knock::profiles::Profile& profile, bool open);
  // A profile launched with keep-open: its knock again (the job of its launch, unlocked once), and the end.
  void knockAgain(const QString& profile);
  void forget(const QString& profile);
  void cancel();

 signals:
  void started(const QString& profile, const QString& host);
  void resolved(const QString& profile, const QString& addresses);
  void step(const QString& profile, int index, int count, const QString& protocol, const QString& target,
            double atMs, const QString& error);
  void verifyAttempt(const QString& profile, int attempt, int of, bool granted, const QString& detail);
  // `message` says why, for not_verified and error.
  void finished(const QString& profile, knock::core::Result result, const QString& message,
                const QString& address, double elapsedMs);
  // The launch command with {host} {ip} {port} filled in, ready for QProcess::startDetached; `keepOpenMs`:
  // knock again this often while it runs (0: the profile does not keep the door open).
  void launchReady(const QString& profile, const QStringList& argv, qint64 keepOpenMs);
  void busyChanged(bool busy);

 private:
  struct Events;
  void fail(const QString& profile, const core::Error& e);
  void run(const QString& profile, actions::KnockJob job);
  actions::Context& ctx_;
  std::unique_ptr<Events> events_;
  std::unique_ptr<actions::BackgroundKnock> run_;
  std::map<QString, actions::KnockJob> kept_;  // keep-open jobs, while their program runs
  bool busy_ = false;
};

// core::Result in QVariants and queued signals; QVariant::toString() gives its one spelling ("not_verified").
void register_result_type();

}  // namespace knock::gui

Q_DECLARE_METATYPE(knock::core::Result)
