#include "knock/gui/knock_controller.hpp"

#include <QMetaObject>
#include <QMetaType>
#include <QPointer>

namespace knock::gui {

void register_result_type() {
  static const bool once = [] {
    qRegisterMetaType<core::Result>();
    QMetaType::registerConverter<core::Result, QString>(
        [](core::Result r) { return QString::fromUtf8(core::to_string(r).data()); });
    return true;
  }();
  (void)once;
}

// The engine's side: called on the knock's thread; each event comes back to the controller as a queued call.
struct KnockController::Events : core::Observer {
  QPointer<KnockController> owner;
  QString name;

  template <class F>
  void post(F&& f) {
    QMetaObject::invokeMethod(owner.data(), std::forward<F>(f), Qt::QueuedConnection);
  }
  void on_plan(const core::KnockPlan& plan) override {
    QStringList targets;
    for (const auto& t : plan.targets)
      targets << QString::fromStdString(t.to_string());
    post([o = owner, n = name, t = targets.join(", ")] {
      if (o) emit o->resolved(n, t);
    });
  }
  void on_step(const core::StepEvent& e) override {
    post([o = owner, n = name, i = static_cast<int>(e.index), c = static_cast<int>(e.count),
          p = QString::fromUtf8(core::to_string(e.knock->protocol).data()),
          t = QString::fromStdString(e.target.to_string()), at = e.sent.count() / 1000.0,
          err = e.error ? QString::fromStdString(e.error->message) : QString()] {
      if (o) emit o->step(n, i, c, p, t, at, err);
    });
  }
  void on_verify(const core::VerifyEvent& e) override {
    post([o = owner, n = name, a = e.attempt, of = e.attempts, g = e.granted,
          d = QString::fromStdString(e.detail)] {
      if (o) emit o->verifyAttempt(n, a, of, g, d);
    });
  }
};

KnockController::KnockController(actions::Context& ctx, QObject* parent) : QObject(parent), ctx_(ctx) {
  register_result_type();
}

KnockController::~KnockController() {
  run_.reset();
}  // stops the knock and waits for its thread

void KnockController::fail(const QString& profile, const core::Error& e) {
  emit finished(profile, core::Result::error, QString::fromStdString(e.message), {}, 0);
}

void KnockController::knock(const profiles::Profile& profile, bool open) {
  const QString name = QString::fromStdString(profile.name);
  if (busy_) return;
  using Use = actions::Launch::Use;
  auto job = actions::profile_job(ctx_, profile, {}, {open ? Use::profile_required : Use::none, {}});
  if (!job) return fail(name, job.error());
  if (!open || !job->keep_open) job->keep_open.reset();
  run(name, std::move(*job));
}

void KnockController::knockAgain(const QString& profile) {
  const auto kept = kept_.find(profile);
  if (busy_ || kept == kept_.end()) return;
  actions::KnockJob job = kept->second;
  job.command.clear();  // launched already
  job.keep_open.reset();
  run(profile, std::move(job));
}

void KnockController::forget(const QString& profile) {
  kept_.erase(profile);
}

void KnockController::run(const QString& name, actions::KnockJob job) {
  const qint64 keepMs =
      job.keep_open ? std::chrono::duration_cast<std::chrono::milliseconds>(*job.keep_open).count() : 0;
  if (keepMs) kept_.insert_or_assign(name, job);
  run_.reset();
  busy_ = true;
  emit busyChanged(true);
  emit started(name, QString::fromStdString(job.request.host));
  events_ = std::make_unique<Events>();
  events_->owner = this;
  events_->name = name;
  run_ = std::make_unique<actions::BackgroundKnock>(
      ctx_, std::move(job), *events_,
      [o = QPointer<KnockController>(this), name, keepMs](core::Outcome out,
                                                          core::Expected<std::vector<std::string>> argv) {
        QStringList words;
        core::Result result = core::result_of(out);
        QString message = QString::fromStdString(out.message);
        if (!argv) {
          result = core::Result::error;
          message = QString::fromStdString(argv.error().message);
        } else {
          for (const auto& w : *argv)
            words << QString::fromStdString(w);
        }
        QMetaObject::invokeMethod(
            o.data(),
            [o, name, result, message, words, keepMs,
             a = out.address ? QString::fromStdString(out.address->to_string()) : QString(),
             ms = out.elapsed.count() / 1000.0] {
              if (!o) return;
              o->busy_ = false;
              emit o->busyChanged(false);
              emit o->finished(name, result, message, a, ms);
              if (!words.isEmpty())
                emit o->launchReady(name, words, keepMs);
              else if (keepMs)
                o->forget(name);
            },
            Qt::QueuedConnection);
      });
}

void KnockController::cancel() {
  if (run_) run_->stop();
}

}  // namespace knock::gui
