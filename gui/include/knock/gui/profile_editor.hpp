#pragma once
// The profile editor: every field, the steps as a table checked as you type with the parser's own words,
// launch presets with a Test button, and sealing with a passphrase.
#include <QDialog>

#include "knock/profiles/profile.hpp"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace knock::gui {

class ProfileEditor : public QDialog {
  Q_OBJECT
 public:
  // `existing`: the profile to edit (its sequence unsealed), or a blank one for a new profile.
  ProfileEditor(const profiles::Profile& existing, bool is_new, QWidget* parent = nullptr);
  // The edited profile (sequence in the clear; seal() it when sealRequested()).
  profiles::Profile result() const;
  bool sealRequested() const;
  // The steps table as sequence text, or the parser's message.
  core::Expected<std::string> sequenceText() const;

 private slots:
  void validate();
  void addStep();
  void removeStep();
  void presetChosen(int index);
  void testLaunch();

 private:
  void addRow(const core::Knock& k);
  profiles::Profile base_;
  QLineEdit *name_, *host_, *delay_, *source_, *launch_, *group_, *tags_, *protect_, *timeouts_, *list_, *verifyTimeout_;
  QComboBox *family_, *preset_;
  QSpinBox *verifyPort_, *retries_;
  QCheckBox *reknock_, *seal_;
  QTableWidget* steps_;
  QPlainTextEdit* notes_;
  QLabel *problem_, *launchPreview_;
  QPushButton* save_ = nullptr;
};

}  // namespace knock::gui
