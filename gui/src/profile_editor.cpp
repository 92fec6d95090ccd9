#include "knock/gui/profile_editor.hpp"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>

#include "knock/actions/edit.hpp"
#include "knock/actions/router.hpp"
#include "knock/core/launch.hpp"
#include "knock/core/otp.hpp"
#include "text.hpp"

namespace knock::gui {
namespace {

std::string s(const QString& q) {
  return q.trimmed().toStdString();
}

QStringList split_list(const QString& text) {
  QStringList out;
  for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
    out << part.trimmed();
  return out;
}

struct Preset {
  const char* label;
  const char* programs;  // the names it may have, the usual one first ("" for Custom)
  const char* args;
  const char* before = "";  // words that start it (a console of its own on Windows)
};
// What admins open after the knock, as each platform starts it: Winbox (MikroTik's native build on Linux and
// macOS; Winbox under Wine on Linux too), ssh in a terminal, WebFig in the browser. On Windows, ssh.exe is
// Windows' own OpenSSH client: knock-gui has no console, and Qt starts a console program of a program without
// one hidden, so `start` (in a hidden cmd) gives ssh a console window of its own; the browser comes from the
// shell.
#if defined(_WIN32)
constexpr Preset kPresets[] = {
    {"Custom", "", ""},
    {"Winbox", "winbox64.exe winbox.exe WinBox.exe", "{ip}"},
    {"SSH in Windows Terminal", "wt.exe", "ssh admin@{ip}"},
    {"SSH in a console", "ssh.exe", "admin@{ip}", "cmd.exe /c start \"\" "},
    {"PuTTY", "putty.exe", "-ssh admin@{ip}"},
    {"WebFig in the browser", "explorer.exe", "http://{ip}/"},
};
#elif defined(__APPLE__)
constexpr Preset kPresets[] = {
    {"Custom", "", ""},
    {"Winbox 4", "open", "-a WinBox --args {ip}"},
    {"SSH in Terminal", "osascript", "-e 'tell application \"Terminal\" to do script \"ssh admin@{ip}\"'"},
    {"WebFig in the browser", "open", "http://{ip}/"},
};
#else
constexpr Preset kPresets[] = {
    {"Custom", "", ""},
    {"Winbox 4", "WinBox", "{ip}"},
    {"Winbox under Wine", "wine", "winbox64.exe {ip}"},
    {"SSH in a terminal", "x-terminal-emulator", "-e ssh admin@{ip}"},
    {"WebFig in the browser", "xdg-open", "http://{ip}/"},
};
#endif

// Where programs that no installer put on PATH are kept: on Windows, Winbox is one file, run from where it
// was downloaded, or installed under Program Files.
QStringList program_dirs() {
  QStringList dirs;
#if defined(_WIN32)
  const QString home = QDir::fromNativeSeparators(qEnvironmentVariable("USERPROFILE"));
  for (const char* var : {"ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA"}) {
    const QString root = QDir::fromNativeSeparators(qEnvironmentVariable(var));
    if (root.isEmpty()) continue;
    for (const char* sub :
         {"MikroTik/WinBox", "MikroTik/Winbox", "WinBox", "Winbox", "Programs/WinBox", "PuTTY"})
      dirs << root + "/" + sub;
  }
  if (!home.isEmpty()) dirs << home + "/Downloads" << home + "/Desktop";
#endif
  return dirs;
}

// The program's path: on PATH (then its name will do), or in one of program_dirs() (then its whole path).
// Empty when it is nowhere.
QString find_program(const Preset& p) {
  for (const QString& name : QString::fromUtf8(p.programs).split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
    if (!QStandardPaths::findExecutable(name).isEmpty()) return name;
    const QString found = QStandardPaths::findExecutable(name, program_dirs());
    if (!found.isEmpty()) return found;
  }
  return {};
}

// A program's path as the first word of a launch command ({ip} and the rest follow).
QString command_word(const QString& program) {
  const QString native = QDir::toNativeSeparators(program);
  if (!native.contains(QLatin1Char(' ')) && !native.contains(QLatin1Char('\\')) && !native.contains('\''))
    return native;
  QString quoted = native;
  quoted.replace(QLatin1String("'"), QLatin1String("'\\''"));
  return "'" + quoted + "'";
}

// The preset's command, with the program where it was found (its usual name when it is nowhere).
QString preset_command(const Preset& p) {
  if (!*p.programs) return {};
  QString program = find_program(p);
  if (program.isEmpty()) program = QString::fromUtf8(p.programs).section(QLatin1Char(' '), 0, 0);
  return QString::fromUtf8(p.before) + command_word(program) + " " + QString::fromUtf8(p.args);
}

// The preset's label, with "(X not installed)" when its program is nowhere to be found.
QString preset_label(const Preset& p) {
  const QString label = QCoreApplication::translate("ProfileEditor", p.label);
  if (!*p.programs || !find_program(p).isEmpty()) return label;
  const QString program = QString::fromUtf8(p.programs).section(QLatin1Char(' '), 0, 0);
  return QCoreApplication::translate("ProfileEditor", "%1 (%2 not installed)").arg(label, program);
}

QString join(const std::vector<std::string>& items, const char* sep) {
  QStringList out;
  for (const auto& x : items)
    out << q(x);
  return out.join(QString::fromUtf8(sep));
}

}  // namespace

ProfileEditor::ProfileEditor(const profiles::Profile& p, bool is_new, QWidget* parent)
    : QDialog(parent), base_(p) {
  setWindowTitle(is_new ? tr("New profile") : tr("Edit %1").arg(q(p.name)));
  problem_ = new QLabel;
  problem_->setWordWrap(true);
  problem_->setStyleSheet(QStringLiteral("color: palette(link); font-weight: bold"));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(clientBox(p, is_new));
  layout->addWidget(checkBox(p));
  layout->addWidget(routerBox(p));
  layout->addWidget(problem_);
  layout->addWidget(buttons);

  for (QLineEdit* e : {name_, host_, delay_, source_, launch_, protect_, timeouts_, verifyTimeout_}) {
    connect(e, &QLineEdit::textChanged, this, &ProfileEditor::validate);
  }
  connect(steps_, &QTableWidget::cellChanged, this, &ProfileEditor::validate);
  connect(otpWindow_, &QSpinBox::valueChanged, this, &ProfileEditor::validate);
  connect(otpKnocks_, &QSpinBox::valueChanged, this, &ProfileEditor::validate);
  connect(kind_, &QComboBox::currentIndexChanged, this, &ProfileEditor::kindChosen);
  save_ = buttons->button(QDialogButtonBox::Save);
  kind_->setCurrentIndex(p.otp ? 1 : 0);
  kindChosen(kind_->currentIndex());
}

QLayout* ProfileEditor::stepsBox(const profiles::Profile& p) {
  steps_ = new QTableWidget(0, 4);
  steps_->setHorizontalHeaderLabels({tr("Protocol"), tr("Port / size"), tr("Payload"), tr("Wait before")});
  steps_->horizontalHeader()->setStretchLastSection(true);
  steps_->verticalHeader()->setVisible(false);
  steps_->setMinimumHeight(140);
  if (auto seq = core::parse_sequence(p.sequence.view())) {
    for (const auto& k : seq->knocks)
      addRow(k);
  }
  if (steps_->rowCount() == 0) addRow(core::Knock{});
  auto* add = new QPushButton(tr("Add step"));
  auto* remove = new QPushButton(tr("Remove step"));
  connect(add, &QPushButton::clicked, this, &ProfileEditor::addStep);
  connect(remove, &QPushButton::clicked, this, &ProfileEditor::removeStep);
  auto* stepButtons = new QHBoxLayout;
  stepButtons->addWidget(add);
  stepButtons->addWidget(remove);
  stepButtons->addStretch();
  auto* box = new QVBoxLayout;
  box->setContentsMargins(0, 0, 0, 0);
  box->addWidget(steps_);
  box->addLayout(stepButtons);
  return box;
}

QWidget* ProfileEditor::oneTimeBox(const profiles::Profile& p) {
  otpKey_ = p.otp_key;
  const profiles::OneTime o = p.otp.value_or(profiles::OneTime{});
  otpWindow_ = new QSpinBox;
  otpWindow_->setRange(5, 3600);
  otpWindow_->setSuffix(tr(" s"));
  otpWindow_->setValue(static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(o.window).count()));
  otpKnocks_ = new QSpinBox;
  otpKnocks_->setRange(1, 8);
  otpKnocks_->setValue(o.knocks);
  auto* timing = new QHBoxLayout;
  timing->addWidget(new QLabel(tr("window")));
  timing->addWidget(otpWindow_);
  timing->addWidget(new QLabel(tr("knocks")));
  timing->addWidget(otpKnocks_);
  timing->addStretch();
  secretState_ = new QLabel;
  secretState_->setWordWrap(true);
  auto* make = new QPushButton(tr("Make a new secret"));
  connect(make, &QPushButton::clicked, this, &ProfileEditor::newSecretClicked);
  auto* secret = new QHBoxLayout;
  secret->addWidget(secretState_, 1);
  secret->addWidget(make);
  auto* box = new QVBoxLayout;
  box->setContentsMargins(0, 0, 0, 0);
  box->addLayout(timing);
  box->addLayout(secret);
  box->addWidget(
      new QLabel(tr("The router derives the same knock: paste Router script on RouterOS 7.12+ with NTP.")));
  auto* page = new QWidget;
  page->setLayout(box);
  showSecretState();
  return page;
}

void ProfileEditor::showSecretState() {
  secretState_->setText(otpKey_.empty() ? tr("No secret yet.")
                                        : tr("A %1-bit secret, kept in the profile (seal it to encrypt it).")
                                              .arg(core::otp::kSecretBytes * 8));
}

bool ProfileEditor::oneTime() const {
  return kind_->currentIndex() == 1;
}

void ProfileEditor::makeSecret() {
  otpKey_ = core::otp::new_secret();
  showSecretState();
  validate();
}

void ProfileEditor::kindChosen(int index) {
  kinds_->setCurrentIndex(index);
  for (int i = 0; i < kinds_->count(); ++i)  // the stack as tall as the page shown, not its tallest
    kinds_->widget(i)->setSizePolicy(QSizePolicy::Preferred,
                                     i == index ? QSizePolicy::Preferred : QSizePolicy::Ignored);
  list_->setEnabled(index == 0);
  if (index == 1 && otpKey_.empty()) makeSecret();
  validate();
}

void ProfileEditor::newSecretClicked() {
  if (!otpKey_.empty() &&
      QMessageBox::question(this, tr("New secret"),
                            tr("The router knows the old secret: until it has the new script, this profile's "
                               "knock opens nothing. Make a new secret?")) != QMessageBox::Yes)
    return;
  makeSecret();
}

core::Expected<std::string> ProfileEditor::routerScript() const {
  return actions::script_for(result());
}

void ProfileEditor::showRouterScript() {
  auto script = routerScript();
  if (!script) {
    problem_->setText(q(script.error().message));
    return;
  }
  QDialog dialog(this);
  dialog.setWindowTitle(tr("Router script for %1").arg(name_->text()));
  auto* text = new QPlainTextEdit(q(*script));
  text->setReadOnly(true);
  text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  text->setLineWrapMode(QPlainTextEdit::NoWrap);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  auto* copy = buttons->addButton(tr("Copy"), QDialogButtonBox::ActionRole);
  auto* save = buttons->addButton(tr("Save…"), QDialogButtonBox::ActionRole);
  connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  connect(copy, &QPushButton::clicked, &dialog,
          [text] { QGuiApplication::clipboard()->setText(text->toPlainText()); });
  connect(save, &QPushButton::clicked, &dialog, [&dialog, text, this] {
    const QString file = QFileDialog::getSaveFileName(&dialog, tr("Save the router script"),
                                                      name_->text() + ".rsc", tr("RouterOS scripts (*.rsc)"));
    if (file.isEmpty()) return;
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Text) || f.write(text->toPlainText().toUtf8()) < 0)
      QMessageBox::warning(&dialog, tr("Save"), tr("Cannot write %1: %2").arg(file, f.errorString()));
  });
  auto* layout = new QVBoxLayout(&dialog);
  layout->addWidget(text);
  layout->addWidget(buttons);
  dialog.resize(760, 520);
  dialog.exec();
}

QGroupBox* ProfileEditor::clientBox(const profiles::Profile& p, bool is_new) {
  auto* form = new QFormLayout;
  name_ = new QLineEdit(q(p.name));
  name_->setReadOnly(!is_new);
  name_->setObjectName(QStringLiteral("name"));
  host_ = new QLineEdit(q(p.host));
  host_->setPlaceholderText(tr("router.example.net or 192.0.2.1"));
  form->addRow(tr("&Name"), name_);
  form->addRow(tr("&Host"), host_);
  kind_ = new QComboBox;
  kind_->setObjectName(QStringLiteral("kind"));
  kind_->addItems({tr("Fixed sequence"),
                   tr("One-time knock (a new knock every window: a sniffed one never opens again)")});
  form->addRow(tr("&Knock"), kind_);
  kinds_ = new QStackedWidget;
  auto* fixed = new QWidget;
  fixed->setLayout(stepsBox(p));
  kinds_->addWidget(fixed);
  kinds_->addWidget(oneTimeBox(p));
  form->addRow(QString(), kinds_);
  delay_ = new QLineEdit(p.delay.count() ? q(core::format_duration(p.delay)) : QString());
  delay_->setPlaceholderText(tr("0ms"));
  form->addRow(tr("&Delay between knocks"), delay_);
  family_ = new QComboBox;
  family_->addItems({"any", "ipv4", "ipv6", "both"});
  family_->setCurrentText(q(std::string(core::to_string(p.family))));
  form->addRow(tr("Address &family"), family_);
  source_ = new QLineEdit(q(p.source));
  source_->setPlaceholderText(tr("any local address"));
  form->addRow(tr("&Source address"), source_);
  seal_ = new QCheckBox(tr("Seal the sequence or secret with a passphrase"));
  seal_->setChecked(p.sealed.has_value());
  form->addRow(QString(), seal_);
  auto* box = new QGroupBox(tr("Client"));
  box->setLayout(form);
  return box;
}

QGroupBox* ProfileEditor::checkBox(const profiles::Profile& p) {
  auto* form = new QFormLayout;
  verifyPort_ = new QSpinBox;
  verifyPort_->setRange(0, 65535);
  verifyPort_->setSpecialValueText(tr("no check"));
  verifyPort_->setValue(p.verify_port);
  verifyTimeout_ = new QLineEdit(q(core::format_duration(p.verify_timeout)));
  retries_ = new QSpinBox;
  retries_->setRange(0, 100);
  retries_->setValue(p.retries);
  reknock_ = new QCheckBox(tr("knock again before each retry"));
  reknock_->setChecked(p.reknock);
  auto* verify = new QHBoxLayout;
  verify->addWidget(verifyPort_);
  verify->addWidget(new QLabel(tr("timeout")));
  verify->addWidget(verifyTimeout_);
  verify->addWidget(new QLabel(tr("retries")));
  verify->addWidget(retries_);
  verify->addWidget(reknock_);
  form->addRow(tr("Verify TCP port"), verify);
  preset_ = new QComboBox;
  preset_->setObjectName(QStringLiteral("preset"));
  for (const auto& preset : kPresets)
    preset_->addItem(preset_label(preset));
  preset_->addItem(tr("Choose a program…"));  // one the presets do not find: the profile keeps its path
  launch_ = new QLineEdit(q(p.launch));
  launch_->setObjectName(QStringLiteral("launch"));
  launch_->setPlaceholderText(tr("e.g. winbox {ip}; {host} {ip} {port} are filled in"));
  auto* test = new QPushButton(tr("Test"));
  connect(preset_, &QComboBox::activated, this, &ProfileEditor::presetChosen);
  connect(test, &QPushButton::clicked, this, &ProfileEditor::testLaunch);
  auto* launch = new QHBoxLayout;
  launch->addWidget(preset_);
  launch->addWidget(launch_, 1);
  launch->addWidget(test);
  form->addRow(tr("Launch"), launch);
  launchPreview_ = new QLabel;
  launchPreview_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  form->addRow(QString(), launchPreview_);
  keepOpen_ =
      new QCheckBox(tr("Keep the door open while it runs (knock again every third of the access time)"));
  keepOpen_->setChecked(p.keep_open);
  form->addRow(QString(), keepOpen_);
  group_ = new QLineEdit(q(p.group));
  tags_ = new QLineEdit(join(p.tags, ", "));
  form->addRow(tr("&Group"), group_);
  form->addRow(tr("&Tags"), tags_);
  notes_ = new QPlainTextEdit(q(p.notes));
  notes_->setMaximumHeight(60);
  form->addRow(tr("N&otes"), notes_);
  auto* box = new QGroupBox(tr("Check and open"));
  box->setLayout(form);
  return box;
}

QGroupBox* ProfileEditor::routerBox(const profiles::Profile& p) {
  auto* form = new QFormLayout;
  QStringList protect, timeouts;
  for (const auto& x : p.protect)
    protect << q(core::to_string(x));
  for (const auto& x : p.timeouts)
    timeouts << q(core::format_routeros_duration(x));
  protect_ = new QLineEdit(protect.join(", "));
  protect_->setPlaceholderText(tr("tcp:8291, tcp:22"));
  timeouts_ = new QLineEdit(timeouts.join(","));
  timeouts_->setPlaceholderText(tr("15s,3h"));
  list_ = new QLineEdit(q(p.list));
  list_->setPlaceholderText(tr("knock"));
  form->addRow(tr("&Protected ports"), protect_);
  form->addRow(tr("Stage &timeouts"), timeouts_);
  form->addRow(tr("Access &list"), list_);
  auto* script = new QPushButton(tr("Router script…"));
  script->setToolTip(tr("The RouterOS script that matches this profile as edited, to copy or save"));
  connect(script, &QPushButton::clicked, this, &ProfileEditor::showRouterScript);
  form->addRow(QString(), script);
  auto* box = new QGroupBox(tr("Router"));
  box->setLayout(form);
  return box;
}

void ProfileEditor::addRow(const core::Knock& k) {
  const int row = steps_->rowCount();
  steps_->insertRow(row);
  auto* proto = new QComboBox;
  proto->addItems({"tcp", "connect", "udp", "icmp"});
  proto->setCurrentText(QString::fromUtf8(core::to_string(k.protocol).data()));
  connect(proto, &QComboBox::currentTextChanged, this, &ProfileEditor::validate);
  steps_->setCellWidget(row, 0, proto);
  const unsigned number = k.protocol == core::Protocol::icmp ? k.icmp_size : k.port;
  steps_->setItem(row, 1, new QTableWidgetItem(number ? QString::number(number) : QString()));
  std::string payload;
  if (!k.payload.bytes.empty()) {
    const std::string text = core::format_knock(k);
    payload = text.substr(text.find(':', text.find(':') + 1) + 1);
  }
  steps_->setItem(row, 2, new QTableWidgetItem(q(payload)));
  steps_->setItem(
      row, 3,
      new QTableWidgetItem(k.wait_before.count() ? q(core::format_duration(k.wait_before)) : QString()));
}

void ProfileEditor::addStep() {
  core::Knock k;
  k.protocol = core::Protocol::udp;
  addRow(k);
  validate();
}

void ProfileEditor::removeStep() {
  const int row = steps_->currentRow() >= 0 ? steps_->currentRow() : steps_->rowCount() - 1;
  if (row >= 0 && steps_->rowCount() > 1) steps_->removeRow(row);
  validate();
}

core::Expected<std::string> ProfileEditor::sequenceText() const {
  std::vector<std::string> words;
  for (int row = 0; row < steps_->rowCount(); ++row) {
    const auto* proto = qobject_cast<QComboBox*>(steps_->cellWidget(row, 0));
    const auto cell = [&](int c) {
      return steps_->item(row, c) ? s(steps_->item(row, c)->text()) : std::string();
    };
    const std::string wait = cell(3);
    if (!wait.empty()) words.push_back("wait:" + wait);
    std::string word = s(proto->currentText());
    if (word != "icmp" || !cell(1).empty()) word += ":" + cell(1);
    if (!cell(2).empty()) word += ":" + cell(2);
    words.push_back(word);
  }
  auto seq = core::parse_sequence(std::span<const std::string>(words));
  if (!seq) return seq.error();
  return core::format_sequence(*seq);
}

profiles::Profile ProfileEditor::result() const {
  profiles::Profile p = base_;
  p.name = s(name_->text());
  p.host = s(host_->text());
  if (oneTime()) {
    p.sequence.clear();
    p.otp = profiles::OneTime{std::chrono::seconds(otpWindow_->value()), otpKnocks_->value()};
    p.otp_key = otpKey_;
  } else {
    p.otp.reset();
    p.otp_key.clear();
    if (auto seq = sequenceText()) p.sequence = *seq;
  }
  const auto delay = core::parse_duration(delay_->text().trimmed().isEmpty() ? "0" : s(delay_->text()));
  p.delay = delay ? *delay : core::Duration{0};
  p.family = core::family_named(s(family_->currentText())).value_or(core::Family::any);
  p.source = s(source_->text());
  p.verify_port = static_cast<std::uint16_t>(verifyPort_->value());
  if (auto t = core::parse_duration(s(verifyTimeout_->text())); t && t->count()) p.verify_timeout = *t;
  p.retries = retries_->value();
  p.reknock = reknock_->isChecked();
  p.launch = s(launch_->text());
  p.keep_open = keepOpen_->isChecked();
  p.group = s(group_->text());
  p.tags.clear();
  for (const QString& t : split_list(tags_->text()))
    p.tags.push_back(s(t));
  p.protect = protectedPorts().value_or(std::vector<core::ServicePort>{});
  p.timeouts = stageTimeouts().value_or(std::vector<core::Duration>{});
  p.list = s(list_->text());
  p.notes = notes_->toPlainText().toStdString();
  return p;
}

core::Expected<std::vector<core::ServicePort>> ProfileEditor::protectedPorts() const {
  std::vector<core::ServicePort> out;
  for (const QString& t : split_list(protect_->text())) {
    auto port = core::parse_service_port(s(t), tr("Protected ports").toStdString());
    if (!port) return std::move(port).error();
    out.push_back(*port);
  }
  return out;
}

core::Expected<std::vector<core::Duration>> ProfileEditor::stageTimeouts() const {
  std::vector<core::Duration> out;
  for (const QString& t : split_list(timeouts_->text())) {
    auto d = core::parse_routeros_duration(s(t));
    if (!d)
      return core::make_error(core::Errc::bad_input,
                              tr("Stage timeouts: ").toStdString() + d.error().message);
    out.push_back(*d);
  }
  return out;
}

bool ProfileEditor::sealRequested() const {
  return seal_->isChecked();
}

void ProfileEditor::validate() {
  QString problem;
  if (oneTime()) {
    if (otpKey_.empty()) problem = tr("No secret yet: make one");
  } else if (auto seq = sequenceText(); !seq) {
    problem = QString::fromStdString(seq.error().message);
  }
  if (problem.isEmpty() && !delay_->text().trimmed().isEmpty()) {
    if (auto d = core::parse_duration(s(delay_->text())); !d) problem = tr("Delay: ") + q(d.error().message);
  }
  if (auto ports = protectedPorts(); problem.isEmpty() && !ports) problem = q(ports.error().message);
  if (auto timeouts = stageTimeouts(); problem.isEmpty() && !timeouts) problem = q(timeouts.error().message);
  if (problem.isEmpty()) {
    if (auto valid = actions::validate(result()); !valid) problem = q(valid.error().message);
  }
  problem_->setText(problem);
  if (save_) save_->setEnabled(problem.isEmpty());
}

void ProfileEditor::presetChosen(int index) {
  if (index <= 0) return;
  if (index < static_cast<int>(std::size(kPresets))) {
    launch_->setText(preset_command(kPresets[index]));
    return;
  }
  const QString program = QFileDialog::getOpenFileName(this, tr("The program to open after the knock"));
  if (!program.isEmpty()) launch_->setText(command_word(program) + " {ip}");
  preset_->setCurrentIndex(0);
}

void ProfileEditor::testLaunch() {
  auto words = core::split_command(s(launch_->text()));
  if (!words) {
    launchPreview_->setText(q(words.error().message));
    return;
  }
  const std::optional<std::uint16_t> port =
      verifyPort_->value() ? std::optional<std::uint16_t>(static_cast<std::uint16_t>(verifyPort_->value()))
                           : std::nullopt;
  auto argv = core::expand_command(*words, {s(host_->text()), "192.0.2.1", port});
  if (!argv) {
    launchPreview_->setText(q(argv.error().message));
    return;
  }
  QStringList shown;
  for (const auto& w : *argv)
    shown << q(w);
  launchPreview_->setText(
      tr("would run: %1   (with {ip} = the knocked address; 192.0.2.1 here)").arg(shown.join(' ')));
}

}  // namespace knock::gui
