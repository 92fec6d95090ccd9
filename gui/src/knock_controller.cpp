#include "knock/gui/knock_controller.hpp"

#include <QMetaObject>
#include <QPointer>

#include "knock/core/asio.hpp"

#include <boost/asio/io_context.hpp>

#include "knock/core/knocker.hpp"
#include "knock/core/launch.hpp"

namespace knock::gui {

// The engine's side: lives on the worker thread; its events come back to the controller as queued calls.
struct KnockController::Run : core::Observer {
  boost::asio::io_context io;
  core::Knocker knocker{io.get_executor()};
  QPointer<KnockController> owner;
  QString name;

  template <class F>
  void post(F&& f) {
    QMetaObject::invokeMethod(owner.data(), std::forward<F>(f), Qt::QueuedConnection);
  }
  void on_plan(const core::KnockPlan& plan) override {
    QStringList targets;
    for (const auto& t : plan.targets) targets << QString::fromStdString(t.to_string());
    post([o = owner, n = name, t = targets.join(", ")] { if (o) emit o->resolved(n, t); });
  }
  void on_step(const core::StepEvent& e) override {
    post([o = owner, n = name, i = static_cast<int>(e.index), c = static_cast<int>(e.count),
          p = QString::fromUtf8(core::to_string(e.knock->protocol).data()), t = QString::fromStdString(e.target.to_string()),
          at = e.sent.count() / 1000.0, err = e.error ? QString::fromStdString(e.error->message) : QString()] {
      if (o) emit o->step(n, i, c, p, t, at, err);
    });
  }
  void on_verify(const core::VerifyEvent& e) override {
    post([o = owner, n = name, a = e.attempt, of = e.attempts, g = e.granted, d = QString::fromStdString(e.detail)] {
      if (o) emit o->verifyAttempt(n, a, of, g, d);
    });
  }
};

KnockController::KnockController(QObject* parent) : QObject(parent) {}

KnockController::~KnockController() {
  cancel();
  if (worker_.joinable()) worker_.join();
}

void KnockController::knock(const profiles::Profile& profile, bool open) {
  const QString name = QString::fromStdString(profile.name);
  if (busy_) return;
  auto request = profiles::to_request(profile);
  if (!request) {
    emit finished(name, QStringLiteral("error"), QString::fromStdString(request.error().message), {}, 0);
    return;
  }
  std::vector<std::string> launch;
  if (open) {
    if (profile.launch.empty()) {
      emit finished(name, QStringLiteral("error"), tr("%1 has no launch command: set one in the editor").arg(name), {}, 0);
      return;
    }
    auto words = core::split_command(profile.launch);
    if (!words) {
      emit finished(name, QStringLiteral("error"), QString::fromStdString(words.error().message), {}, 0);
      return;
    }
    launch = std::move(*words);
  }
  if (worker_.joinable()) worker_.join();
  busy_ = true;
  emit busyChanged(true);
  emit started(name, QString::fromStdString(profile.host));
  run_ = std::make_shared<Run>();
  run_->owner = this;
  run_->name = name;
  const std::string host = profile.host;
  const std::optional<std::uint16_t> port =
      profile.verify_port ? std::optional<std::uint16_t>(profile.verify_port) : std::nullopt;
  worker_ = std::thread([run = run_, r = std::move(*request), launch, host, port]() mutable {
    core::Outcome outcome;
    run->knocker.start(std::move(r), *run, [&](core::Outcome o) { outcome = std::move(o); });
    run->io.run();
    QStringList argv;
    if (outcome.status == core::Errc::ok && !launch.empty()) {
      auto expanded = core::expand_command(launch, {host, outcome.address->to_string(), port});
      if (expanded) {
        for (const auto& w : *expanded) argv << QString::fromStdString(w);
      } else {
        outcome.status = core::Errc::bad_input;
        outcome.message = expanded.error().message;
      }
    }
    QString status;
    switch (outcome.status) {
      case core::Errc::ok: status = outcome.verified ? "granted" : "knocked"; break;
      case core::Errc::not_verified: status = "not_verified"; break;
      case core::Errc::cancelled: status = "cancelled"; break;
      default: status = "error";
    }
    run->post([o = run->owner, n = run->name, status, m = QString::fromStdString(outcome.message),
               a = outcome.address ? QString::fromStdString(outcome.address->to_string()) : QString(),
               ms = outcome.elapsed.count() / 1000.0, argv] {
      if (!o) return;
      o->busy_ = false;
      emit o->busyChanged(false);
      emit o->finished(n, status, m, a, ms);
      if (!argv.isEmpty()) emit o->launchReady(n, argv);
    });
  });
}

void KnockController::cancel() {
  if (run_) run_->knocker.stop();
}

}  // namespace knock::gui
