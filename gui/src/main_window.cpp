#include "knock/gui/main_window.hpp"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QTextStream>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include "knock/actions/edit.hpp"
#include "knock/actions/interchange.hpp"
#include "knock/actions/lookup.hpp"
#include "knock/actions/qr.hpp"
#include "knock/actions/router.hpp"
#include "knock/core/launch.hpp"
#include "knock/gui/profile_editor.hpp"
#include "text.hpp"

namespace knock::gui {
namespace {

// Filters on every column's text and on the group chosen.
class ProfileFilter : public QSortFilterProxyModel {
 public:
  using QSortFilterProxyModel::QSortFilterProxyModel;
  void setGroup(const QString& g) {
    group_ = g;
    invalidateFilter();
  }

 protected:
  bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
    const auto* m = sourceModel();
    if (!group_.isEmpty() && m->index(row, ProfilesModel::Group, parent).data().toString() != group_)
      return false;
    const QString needle = filterRegularExpression().pattern();
    if (needle.isEmpty()) return true;
    for (int c = 0; c < m->columnCount(); ++c) {
      if (m->index(row, c, parent).data().toString().contains(needle, Qt::CaseInsensitive)) return true;
    }
    return false;
  }

 private:
  QString group_;
};

}  // namespace

MainWindow::MainWindow(actions::Context& ctx, ProfilesModel& model, KnockController& controller,
                       QWidget* parent)
    : QMainWindow(parent), ctx_(ctx), model_(model), controller_(controller) {
  setWindowTitle(tr("knock"));
  proxy_ = new ProfileFilter(this);
  proxy_->setSourceModel(&model_);
  proxy_->setSortCaseSensitivity(Qt::CaseInsensitive);
  buildToolbar();
  setCentralWidget(buildCentre());
  connectController();
  connect(&model_, &ProfilesModel::loadFailed, this, &MainWindow::showProblem);
  connect(&model_, &QAbstractItemModel::modelReset, this, &MainWindow::onModelReset);
  onModelReset();
  if (!model_.loadError().isEmpty()) showProblem(model_.loadError());
  if (model_.rowCount() > 0) table_->selectRow(0);
  setUpTray();
  keepTimer_ = new QTimer(this);
  keepTimer_->setInterval(1000);
  connect(keepTimer_, &QTimer::timeout, this, &MainWindow::keepOpenTick);
  keepTimer_->start();
  QSettings settings;
  restoreGeometry(settings.value("window/geometry").toByteArray());
  restoreState(settings.value("window/state").toByteArray());
  if (!settings.contains("window/geometry")) resize(900, 600);
}

void MainWindow::buildToolbar() {
  auto* tools = addToolBar(tr("Knock"));
  tools->setObjectName("knock-tools");
  tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  knock_ = tools->addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Knock"), this,
                            [this] { knockSelected(false); });
  knock_->setShortcut(QKeySequence(tr("Ctrl+K")));
  knockOpen_ = tools->addAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("Knock && &open"),
                                this, [this] { knockSelected(true); });
  knockOpen_->setShortcut(QKeySequence(tr("Ctrl+O")));
  cancel_ = tools->addAction(style()->standardIcon(QStyle::SP_DialogCancelButton), tr("Cancel"), &controller_,
                             &KnockController::cancel);
  cancel_->setShortcut(QKeySequence(Qt::Key_Escape));
  cancel_->setEnabled(false);
  tools->addSeparator();
  tools->addAction(style()->standardIcon(QStyle::SP_FileIcon), tr("&New"), QKeySequence::New, this,
                   &MainWindow::newProfile);
  edit_ = tools->addAction(style()->standardIcon(QStyle::SP_FileDialogDetailedView), tr("&Edit"),
                           QKeySequence(tr("Ctrl+E")), this, &MainWindow::editSelected);
  delete_ = tools->addAction(style()->standardIcon(QStyle::SP_TrashIcon), tr("&Delete"), QKeySequence::Delete,
                             this, &MainWindow::deleteSelected);
  tools->addAction(style()->standardIcon(QStyle::SP_DialogSaveButton), tr("&Share"),
                   QKeySequence(tr("Ctrl+Shift+S")), this, &MainWindow::shareSelected);
  tools->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Reload"), QKeySequence::Refresh,
                   &model_, &ProfilesModel::reload);
}

QWidget* MainWindow::buildRouterosTab() {
  rules_ = new QPlainTextEdit;
  rules_->setReadOnly(true);
  rules_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  rules_->setLineWrapMode(QPlainTextEdit::NoWrap);
  checkResult_ = new QPlainTextEdit;
  checkResult_->setReadOnly(true);
  checkResult_->setMaximumHeight(120);
  auto* copy = new QPushButton(tr("Copy rules"));
  auto* save = new QPushButton(tr("Save as .rsc..."));
  auto* check = new QPushButton(tr("Check an exported config..."));
  connect(copy, &QPushButton::clicked, this, &MainWindow::copyRules);
  connect(save, &QPushButton::clicked, this, &MainWindow::saveRules);
  connect(check, &QPushButton::clicked, this, &MainWindow::checkExport);
  auto* routeros = new QWidget;
  auto* rl = new QVBoxLayout(routeros);
  auto* rb = new QHBoxLayout;
  rb->addWidget(copy);
  rb->addWidget(save);
  rb->addStretch();
  rb->addWidget(check);
  rl->addWidget(rules_);
  rl->addLayout(rb);
  rl->addWidget(checkResult_);
  return routeros;
}

QWidget* MainWindow::buildCentre() {
  search_ = new QLineEdit;
  search_->setPlaceholderText(tr("Search profiles (Ctrl+F)"));
  search_->setClearButtonEnabled(true);
  auto* find = new QAction(this);
  find->setShortcut(QKeySequence::Find);
  connect(find, &QAction::triggered, search_, qOverload<>(&QWidget::setFocus));
  addAction(find);
  connect(search_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
  group_ = new QComboBox;
  group_->addItem(tr("All groups"));
  connect(group_, &QComboBox::currentIndexChanged, this, [this](int i) {
    static_cast<ProfileFilter*>(proxy_)->setGroup(i <= 0 ? QString() : group_->currentText());
  });
  table_ = new QTableView;
  table_->setModel(proxy_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setSortingEnabled(true);
  table_->sortByColumn(ProfilesModel::Name, Qt::AscendingOrder);
  table_->verticalHeader()->setVisible(false);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  connect(table_, &QTableView::doubleClicked, this, [this] { knockSelected(false); });
  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &MainWindow::selectionChanged);
  table_->installEventFilter(this);  // Enter knocks the selected profile
  problem_ = new QLabel;
  problem_->setWordWrap(true);
  problem_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  problem_->setStyleSheet(QStringLiteral("QLabel { color: #c0392b; font-weight: bold; }"));
  problem_->hide();
  progress_ = new QPlainTextEdit;
  progress_->setReadOnly(true);
  history_ = new QPlainTextEdit;
  history_->setReadOnly(true);
  tabs_ = new QTabWidget;
  tabs_->addTab(progress_, tr("&Progress"));
  tabs_->addTab(history_, tr("&History"));
  tabs_->addTab(buildRouterosTab(), tr("&RouterOS"));
  auto* top = new QWidget;
  auto* tl = new QVBoxLayout(top);
  auto* filterRow = new QHBoxLayout;
  filterRow->addWidget(search_, 1);
  filterRow->addWidget(group_);
  tl->addLayout(filterRow);
  tl->addWidget(table_);
  tl->addWidget(problem_);
  auto* split = new QSplitter(Qt::Vertical);
  split->setObjectName("split");
  split->addWidget(top);
  split->addWidget(tabs_);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  return split;
}

void MainWindow::connectController() {
  connect(&controller_, &KnockController::started, this, &MainWindow::onStarted);
  connect(&controller_, &KnockController::step, this, &MainWindow::onStep);
  connect(&controller_, &KnockController::verifyAttempt, this, &MainWindow::onVerify);
  connect(&controller_, &KnockController::finished, this, &MainWindow::onFinished);
  connect(&controller_, &KnockController::launchReady, this, &MainWindow::onLaunch);
  connect(&controller_, &KnockController::resolved, this, [this](const QString&, const QString& addresses) {
    progress_->appendPlainText(tr("resolved to %1").arg(addresses));
  });
  connect(&controller_, &KnockController::busyChanged, this, [this](bool busy) {
    cancel_->setEnabled(busy);
    knock_->setEnabled(!busy);
    knockOpen_->setEnabled(!busy);
  });
}

void MainWindow::setUpTray() {
  if (!QSystemTrayIcon::isSystemTrayAvailable()) return;
  tray_ = new QSystemTrayIcon(
      windowIcon().isNull() ? style()->standardIcon(QStyle::SP_DriveNetIcon) : windowIcon(), this);
  tray_->setToolTip(tr("knock"));
  rebuildTrayMenu();
  tray_->show();
}

QString MainWindow::problem() const {
  return problem_->isVisible() ? problem_->text() : QString();
}
QString MainWindow::progressText() const {
  return progress_->toPlainText();
}

bool MainWindow::eventFilter(QObject* watched, QEvent* e) {
  if (watched == table_ && e->type() == QEvent::KeyPress) {
    const int key = static_cast<QKeyEvent*>(e)->key();
    if (key == Qt::Key_Return || key == Qt::Key_Enter) {
      knockSelected(false);
      return true;
    }
  }
  return QMainWindow::eventFilter(watched, e);
}

void MainWindow::closeEvent(QCloseEvent* e) {
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
  QMainWindow::closeEvent(e);
}

QString MainWindow::selectedName() const {
  const auto rows = table_->selectionModel()->selectedRows();
  if (rows.isEmpty()) return {};
  return rows.first().data(ProfilesModel::ProfileNameRole).toString();
}

void MainWindow::showProblem(const QString& text) {
  problem_->setText(text);
  problem_->setVisible(!text.isEmpty());
}

void MainWindow::log(const QString& line) {
  history_->appendPlainText(QDateTime::currentDateTime().toString("yyyy-MM-dd hh:mm:ss  ") + line);
}

std::optional<profiles::Profile> MainWindow::unlocked(const QString& name) {
  const profiles::Profile* p = model_.find(name);
  if (!p) return std::nullopt;
  auto open = actions::unlock(ctx_, *p);
  if (!open) {
    if (open.error().code != core::Errc::cancelled) showProblem(q(open.error().message));
    return std::nullopt;
  }
  return std::move(*open);
}

void MainWindow::knockSelected(bool open) {
  const QString name = selectedName();
  if (name.isEmpty()) {
    showProblem(tr("Choose a profile to knock (or add one with New)."));
    return;
  }
  knockProfile(name, open);
}

void MainWindow::knockProfile(const QString& name, bool open) {
  if (controller_.busy()) return;
  const profiles::Profile* p = model_.find(name);
  if (!p) {
    showProblem(tr("There is no profile named %1.").arg(name));
    return;
  }
  showProblem({});
  tabs_->setCurrentIndex(0);
  controller_.knock(*p, open);  // unlocks it (asking for the passphrase) when it is sealed
}

void MainWindow::onStarted(const QString& profile, const QString& host) {
  progress_->clear();
  progress_->appendPlainText(tr("knocking %1 (%2)").arg(profile, host));
}

void MainWindow::onStep(const QString&, int index, int count, const QString& protocol, const QString& target,
                        double atMs, const QString& error) {
  progress_->appendPlainText(
      tr("  +%1 ms  step %2/%3  %4 -> %5  %6")
          .arg(atMs, 0, 'f', 3)
          .arg(index + 1)
          .arg(count)
          .arg(protocol, target, error.isEmpty() ? tr("sent") : tr("FAILED: ") + error));
}

void MainWindow::onVerify(const QString&, int attempt, int of, bool granted, const QString& detail) {
  progress_->appendPlainText(
      tr("  verify attempt %1/%2: %3").arg(attempt).arg(of).arg(granted ? tr("connected") : detail));
}

static QString resultWords(core::Result r) {
  switch (r) {
    case core::Result::granted:
      return MainWindow::tr("access granted");
    case core::Result::knocked:
      return MainWindow::tr("knocked");
    case core::Result::not_verified:
      return MainWindow::tr("no access");
    case core::Result::cancelled:
      return MainWindow::tr("cancelled");
    case core::Result::error:
      break;
  }
  return MainWindow::tr("error");
}

void MainWindow::onFinished(const QString& profile, core::Result status, const QString& message,
                            const QString& address, double elapsedMs) {
  const QString result = resultWords(status);
  const QString line = tr("%1: %2%3 in %4 ms")
                           .arg(profile, result, address.isEmpty() ? QString() : " (" + address + ")")
                           .arg(elapsedMs, 0, 'f', 1);
  progress_->appendPlainText(line);
  log(line + (message.isEmpty() ? QString() : " — " + message));
  const QDateTime now = QDateTime::currentDateTime();
  if (status != core::Result::cancelled) {
    using Door = ProfilesModel::Door;
    model_.setDoor(profile, status == core::Result::granted || status == core::Result::knocked ? Door::open
                            : status == core::Result::not_verified                             ? Door::shut
                                                                                               : Door::error);
  }
  warned_.erase(profile);
  if (status == core::Result::granted || status == core::Result::knocked) {
    if (const profiles::Profile* p = model_.find(profile)) {
      const auto access = std::chrono::duration_cast<std::chrono::seconds>(actions::access_timeout(*p));
      openUntil_[profile] = now.addSecs(access.count());
    }
  } else {
    openUntil_.erase(profile);
  }
  showLastResult(profile, result + now.toString("  hh:mm"));
  if (status == core::Result::not_verified || status == core::Result::error) showProblem(message);
}

void MainWindow::onLaunch(const QString& profile, const QStringList& argv, qint64 keepOpenMs) {
  qint64 pid = 0;
  if (!QProcess::startDetached(argv.first(), argv.mid(1), QString(), &pid)) {
    showProblem(tr("%1: could not start %2").arg(profile, argv.first()));
    controller_.forget(profile);
    return;
  }
  log(tr("%1: started %2").arg(profile, argv.join(' ')));
  if (!keepOpenMs) return;
  // Started detached, so that it outlives knock-gui; followed by its pid.
  Kept& k = kept_[profile];
  k.pid = pid;
  k.program = QFileInfo(argv.first()).fileName();  // "winbox64.exe", not the whole path
  k.everyMs = keepOpenMs;
  k.since.start();
  showLastResult(profile, lastResult_[profile]);
  log(tr("%1: keeping the door open while %2 runs (knocking again every %3)")
          .arg(profile, k.program, q(core::format_duration(std::chrono::milliseconds(keepOpenMs)))));
}

void MainWindow::keepOpenTick() {
  for (auto it = kept_.begin(); it != kept_.end();) {
    const QString profile = it->first;
    if (!core::process_running(it->second.pid)) {
      log(tr("%1: %2 ended; the door is no longer kept open").arg(profile, it->second.program));
      controller_.forget(profile);
      it = kept_.erase(it);
      showLastResult(profile, lastResult_[profile]);
      continue;
    }
    if (it->second.since.elapsed() >= it->second.everyMs && !controller_.busy()) {
      it->second.since.restart();
      controller_.knockAgain(profile);
    }
    ++it;
  }
  const QDateTime now = QDateTime::currentDateTime();
  for (auto it = openUntil_.begin(); it != openUntil_.end();) {
    const QString profile = it->first;
    if (it->second > now) {
      // A word before the door closes on a program not kept open: 5 minutes before, or a third of the access.
      const profiles::Profile* p = model_.find(profile);
      const qint64 access =
          p ? std::chrono::duration_cast<std::chrono::seconds>(actions::access_timeout(*p)).count() : 0;
      const qint64 before = std::min<qint64>(300, access / 3);
      if (tray_ && !kept_.count(profile) && !warned_.count(profile) && now.secsTo(it->second) <= before) {
        warned_.insert(profile);
        tray_->showMessage(tr("knock"),
                           tr("%1: access runs out at %2").arg(profile, it->second.toString("hh:mm")));
      }
      ++it;
      continue;
    }
    it = openUntil_.erase(it);
    model_.setDoor(profile, ProfilesModel::Door::shut);
    showLastResult(profile, tr("access ran out %1").arg(now.toString("hh:mm")));
  }
}

void MainWindow::showLastResult(const QString& profile, const QString& result) {
  lastResult_[profile] = result;
  QString text = result;
  if (const auto until = openUntil_.find(profile); until != openUntil_.end())
    text += tr(" · open until %1").arg(until->second.toString("hh:mm"));
  if (kept_.count(profile)) text += tr(" (kept open while %1 runs)").arg(kept_.at(profile).program);
  model_.setLastResult(profile, text);
}

void MainWindow::afterChange(const core::Status& done, const QString& logLine) {
  if (!done) {
    if (done.error().code != core::Errc::cancelled) showProblem(q(done.error().message));
    return;
  }
  model_.reload();
  log(logLine);
}

void MainWindow::newProfile() {
  const profiles::Profile fresh = actions::new_profile();
  ProfileEditor editor(fresh, true, this);
  if (editor.exec() != QDialog::Accepted) return;
  const profiles::Profile p = editor.result();
  actions::Changes changes = actions::Changes::between(fresh, p);
  if (editor.sealRequested()) changes.sealing = actions::Sealing::seal;
  auto added = actions::add(ctx_, p.name, changes);
  afterChange(added ? core::Status{} : core::Status{added.error()}, tr("added %1").arg(q(p.name)));
}

void MainWindow::editSelected() {
  const QString name = selectedName();
  if (name.isEmpty()) return;
  auto open = unlocked(name);
  if (!open) return;
  ProfileEditor editor(*open, false, this);
  if (editor.exec() != QDialog::Accepted) return;
  actions::Changes changes = actions::Changes::between(*open, editor.result());
  if (editor.sealRequested() != open->sealed.has_value())
    changes.sealing = editor.sealRequested() ? actions::Sealing::seal : actions::Sealing::unseal;
  if (changes.empty()) return;
  auto edited = actions::edit(ctx_, open->name, changes);
  afterChange(edited ? core::Status{} : core::Status{edited.error()}, tr("saved %1").arg(name));
}

void MainWindow::deleteSelected() {
  const QString name = selectedName();
  if (name.isEmpty()) return;
  if (QMessageBox::question(this, tr("Delete"), tr("Delete the profile %1?").arg(name)) != QMessageBox::Yes)
    return;
  afterChange(actions::remove(ctx_, name.toStdString()), tr("deleted %1").arg(name));
}

void MainWindow::onModelReset() {
  const QString current = group_->currentText();
  group_->blockSignals(true);
  group_->clear();
  group_->addItem(tr("All groups"));
  group_->addItems(model_.groups());
  group_->setCurrentText(current);
  group_->blockSignals(false);
  if (model_.loadError().isEmpty()) showProblem({});
  rebuildTrayMenu();
  selectionChanged();
}

void MainWindow::selectionChanged() {
  const bool any = !selectedName().isEmpty();
  edit_->setEnabled(any);
  delete_->setEnabled(any);
  updateRules();
}

void MainWindow::updateRules() {
  const profiles::Profile* p = model_.find(selectedName());
  if (!p) {
    rules_->setPlainText(tr("Choose a profile to see the RouterOS rules that match it."));
    return;
  }
  if (p->locked()) {
    rules_->setPlainText(tr("%1 is sealed: knock or edit it once to unlock it.").arg(q(p->name)));
    return;
  }
  auto script = actions::script_for(*p);
  rules_->setPlainText(q(script ? *script : script.error().message));
}

void MainWindow::copyRules() {
  QApplication::clipboard()->setText(rules_->toPlainText());
}

void MainWindow::saveRules() {
  const QString file = QFileDialog::getSaveFileName(this, tr("Save RouterOS rules"), selectedName() + ".rsc",
                                                    tr("RouterOS scripts (*.rsc)"));
  if (file.isEmpty()) return;
  QFile f(file);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Text)) return showProblem(tr("Cannot write %1").arg(file));
  QTextStream(&f) << rules_->toPlainText();
}

void MainWindow::checkExport() {
  auto p = unlocked(selectedName());
  if (!p) return;
  const QString file = QFileDialog::getOpenFileName(this, tr("RouterOS export"), {},
                                                    tr("RouterOS scripts (*.rsc);;All files (*)"));
  if (file.isEmpty()) return;
  QFile f(file);
  if (!f.open(QIODevice::ReadOnly)) return showProblem(tr("Cannot read %1").arg(file));
  const QByteArray text = f.readAll();
  auto checked = actions::check_profile(
      *p, std::string_view(text.constData(), static_cast<std::size_t>(text.size())), file.toStdString());
  if (!checked) return checkResult_->setPlainText(q(checked.error().message));
  const auto& r = checked->result;
  QString out = (r.granted ? tr("GRANTED: ") : tr("DENIED: ")) + q(r.explanation.front());
  for (std::size_t i = 1; i < r.explanation.size(); ++i)
    out += "\n  why: " + q(r.explanation[i]);
  for (const auto& w : r.warnings)
    out += "\n  warning: " + q(w);
  checkResult_->setPlainText(out);
}

void MainWindow::rebuildTrayMenu() {
  if (!tray_) return;
  auto* menu = new QMenu(this);
  for (int row = 0; row < model_.rowCount(); ++row) {
    const QString name = model_.profile(row)->name.c_str();
    menu->addAction(tr("Knock %1").arg(name), this, [this, name] { knockProfile(name, false); });
  }
  menu->addSeparator();
  menu->addAction(tr("Show knock"), this, [this] {
    showNormal();
    raise();
  });
  menu->addAction(tr("Quit"), qApp, &QApplication::quit);
  delete tray_->contextMenu();
  tray_->setContextMenu(menu);
}

}  // namespace knock::gui

namespace knock::gui {

QImage qr_image(const actions::QrCode& code, int scale) {
  const int side = actions::qr_columns(code) * scale;
  QImage image(side, side, QImage::Format_Grayscale8);
  image.fill(Qt::white);
  QPainter paint(&image);
  for (int y = 0; y < code.width; ++y) {
    for (int x = 0; x < code.width; ++x) {
      if (code.at(x, y))
        paint.fillRect((x + actions::kQrQuietZone) * scale, (y + actions::kQrQuietZone) * scale, scale, scale,
                       Qt::black);
    }
  }
  return image;
}

void MainWindow::shareSelected() {
  const profiles::Profile* p = model_.find(selectedName());
  if (!p) return showProblem(tr("Choose a profile to share."));
  const QString link = q(actions::share_link(*p));
  auto* dialog = new QDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setWindowTitle(tr("Share %1").arg(q(p->name)));
  auto* layout = new QVBoxLayout(dialog);
  auto* picture = new QLabel;
  picture->setObjectName(QStringLiteral("qr"));
  picture->setAlignment(Qt::AlignCenter);
  if (auto code = actions::qr_code(link.toStdString()))
    picture->setPixmap(QPixmap::fromImage(qr_image(*code, 5)));
  else
    picture->setText(q(code.error().message));
  layout->addWidget(picture);
  auto* text = new QLineEdit(link);
  text->setReadOnly(true);
  text->setCursorPosition(0);
  layout->addWidget(text);
  auto* note =
      new QLabel(!actions::link_in_clear(*p)
                     ? tr("The link carries the sealed secret: importing it asks for the passphrase "
                          "when the profile is first knocked.")
                     : tr("The link holds the %1 in the clear: share it as you would the %1 (or seal "
                          "the profile first).")
                           .arg(p->otp ? tr("secret") : tr("sequence")));
  note->setWordWrap(true);
  layout->addWidget(note);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  auto* copy = buttons->addButton(tr("Copy link"), QDialogButtonBox::ActionRole);
  connect(copy, &QPushButton::clicked, dialog, [link] { QApplication::clipboard()->setText(link); });
  connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
  layout->addWidget(buttons);
  share_ = dialog;
  connect(dialog, &QObject::destroyed, this, [this] { share_ = nullptr; });
  dialog->show();
}

void MainWindow::importLink(const QString& link, bool ask) {
  auto imported = actions::read_import({link.toStdString(), {}, {}});
  if (!imported) return showProblem(q(imported.error().message));
  const profiles::Profile& p = imported->profiles.front();
  if (ask &&
      QMessageBox::question(this, tr("Import"),
                            tr("Add the profile %1 (host %2) from this link?").arg(q(p.name), q(p.host))) !=
          QMessageBox::Yes)
    return;
  afterChange(actions::import_profiles(ctx_, imported->profiles, false),
              tr("imported %1 from a link").arg(q(p.name)));
}

}  // namespace knock::gui
