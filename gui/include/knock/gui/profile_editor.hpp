#pragma once
// The profile editor: every field, grouped as Client (host, the knock, timing, family, source), Check and
// open (verify, launch) and Router (protected ports, timeouts, list, and the router script of the profile as
// edited); the knock is a fixed sequence (a table of steps checked as you type with the parser's own words)
// or a one-time knock (a secret made here, its window and knocks); launch presets with a Test button, and
// sealing with a passphrase.
#include <QDialog>

#include "knock/core/sequence.hpp"
#include "knock/profiles/profile.hpp"

class QCheckBox;
class QComboBox;
class QFormLayout;
class QGroupBox;
class QLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableWidget;

namespace knock::gui {

class ProfileEditor : public QDialog {
  Q_OBJECT
 public:
  // `existing`: the profile to edit (its sequence unsealed), or a blank one for a new profile.
  ProfileEditor(const profiles::Profile& existing, bool is_new, QWidget* parent = nullptr);
  // The edited profile, its sequence in the clear; sealRequested(): the "seal" box is ticked.
  profiles::Profile result() const;
  bool sealRequested() const;
  // The steps table as sequence text, or the parser's message.
  core::Expected<std::string> sequenceText() const;
  core::Expected<std::vector<core::ServicePort>> protectedPorts() const;
  core::Expected<std::vector<core::Duration>> stageTimeouts() const;
  // "One-time knock" is chosen; makeSecret() gives the profile a new secret, without asking.
  bool oneTime() const;
  void makeSecret();
  // The RouterOS script of the profile as edited (what "Router script" shows), or why there is none.
  core::Expected<std::string> routerScript() const;

 private slots:
  void validate();
  void addStep();
  void removeStep();
  void presetChosen(int index);
  void testLaunch();
  void kindChosen(int index);
  void newSecretClicked();
  void showRouterScript();

 private:
  void addRow(const core::Knock& k);
  QGroupBox* clientBox(const profiles::Profile& p, bool is_new);
  QGroupBox* checkBox(const profiles::Profile& p);
  QGroupBox* routerBox(const profiles::Profile& p);
  QLayout* stepsBox(const profiles::Profile& p);
  QWidget* oneTimeBox(const profiles::Profile& p);
  void showSecretState();
  profiles::Profile base_;
  QLineEdit *name_, *host_, *delay_, *source_, *launch_, *group_, *tags_, *protect_, *timeouts_, *list_,
      *verifyTimeout_;
  QComboBox *family_, *preset_, *kind_;
  QStackedWidget* kinds_;
  QSpinBox *verifyPort_, *retries_, *otpWindow_, *otpKnocks_;
  QLabel* secretState_;
  core::SecretString otpKey_;
  QCheckBox *reknock_, *seal_, *keepOpen_;
  QTableWidget* steps_;
  QPlainTextEdit* notes_;
  QLabel *problem_, *launchPreview_;
  QPushButton* save_ = nullptr;
};

}  // namespace knock::gui
