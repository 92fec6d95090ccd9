#pragma once
// The main window only wires things up: the profiles model, the knock controller, the editor, the
// RouterOS tab. Errors are shown in place (a line under the table), never as a storm of dialogs.
#include <QMainWindow>

#include "knock/gui/knock_controller.hpp"
#include "knock/gui/profiles_model.hpp"

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QSystemTrayIcon;
class QTabWidget;
class QTableView;

namespace knock::gui {

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  MainWindow(ProfilesModel& model, KnockController& controller, QWidget* parent = nullptr);
  QTableView* table() const { return table_; }
  QTabWidget* tabs() const { return tabs_; }
  QString problem() const;
  QString progressText() const;

 public slots:
  void knockSelected(bool open = false);
  void knockProfile(const QString& name, bool open);
  void newProfile();
  void editSelected();
  void deleteSelected();

 protected:
  void closeEvent(QCloseEvent* e) override;
  bool eventFilter(QObject* watched, QEvent* e) override;

 private slots:
  void selectionChanged();
  void showProblem(const QString& text);
  void onStarted(const QString& profile, const QString& host);
  void onStep(const QString& profile, int index, int count, const QString& protocol, const QString& target, double atMs,
              const QString& error);
  void onVerify(const QString& profile, int attempt, int of, bool granted, const QString& detail);
  void onFinished(const QString& profile, const QString& status, const QString& message, const QString& address,
                  double elapsedMs);
  void onLaunch(const QString& profile, const QStringList& argv);
  void copyRules();
  void saveRules();
  void checkExport();
  void rebuildTrayMenu();
  void onModelReset();

 private:
  QString selectedName() const;
  // The selected profile with its sequence unsealed (asks for the passphrase when needed), or nullopt.
  std::optional<profiles::Profile> unlocked(const QString& name);
  void updateRules();
  // Seals p's sequence with a passphrase asked for now; false when cancelled or failed (said in place).
  bool seal(profiles::Profile& p);
  void log(const QString& line);

  ProfilesModel& model_;
  KnockController& controller_;
  QSortFilterProxyModel* proxy_;
  QTableView* table_;
  QLineEdit* search_;
  QComboBox* group_;
  QLabel* problem_;
  QTabWidget* tabs_;
  QPlainTextEdit *progress_, *history_, *rules_, *checkResult_;
  QAction *knock_, *knockOpen_, *cancel_, *edit_, *delete_;
  QSystemTrayIcon* tray_ = nullptr;
};

}  // namespace knock::gui
