#pragma once
// The main window only wires things up: the profiles model, the knock controller, the editor, the
// RouterOS tab; what they do is the shared layer's (actions). Errors are shown in place (a line under the
// table), never as a storm of dialogs.
#include <QDateTime>
#include <QElapsedTimer>
#include <QMainWindow>
#include <map>
#include <set>

#include "knock/actions/context.hpp"
#include "knock/gui/knock_controller.hpp"
#include "knock/gui/profiles_model.hpp"

class QAction;
class QComboBox;
class QImage;
class QDialog;
class QTimer;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QSystemTrayIcon;
class QTabWidget;
class QTableView;

namespace knock::actions {
struct QrCode;
}

namespace knock::gui {

// A QR code as a picture, `scale` pixels a module, with its quiet zone: black on white.
QImage qr_image(const actions::QrCode& code, int scale);

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  MainWindow(actions::Context& ctx, ProfilesModel& model, KnockController& controller,
             QWidget* parent = nullptr);
  QTableView* table() const { return table_; }
  QTabWidget* tabs() const { return tabs_; }
  QString problem() const;
  QString progressText() const;
  QDialog* shareDialog() const { return share_; }

 public slots:
  void knockSelected(bool open = false);
  void knockProfile(const QString& name, bool open);
  void newProfile();
  void editSelected();
  void deleteSelected();
  // The selected profile as a knock:// link and its QR code, in a dialog (Copy); `shareDialog()` is it while
  // open (tests read its QR code).
  void shareSelected();
  // A knock:// link's profile added to the store; `ask`: after a question that names it.
  void importLink(const QString& link, bool ask);

 protected:
  void closeEvent(QCloseEvent* e) override;
  bool eventFilter(QObject* watched, QEvent* e) override;

 private slots:
  void selectionChanged();
  void showProblem(const QString& text);
  void onStarted(const QString& profile, const QString& host);
  void onStep(const QString& profile, int index, int count, const QString& protocol, const QString& target,
              double atMs, const QString& error);
  void onVerify(const QString& profile, int attempt, int of, bool granted, const QString& detail);
  void onFinished(const QString& profile, knock::core::Result result, const QString& message,
                  const QString& address, double elapsedMs);
  void onLaunch(const QString& profile, const QStringList& argv, qint64 keepOpenMs);
  // Every second: knocks again for the programs launched with keep-open while they run, and says when a
  // door's access has run out.
  void keepOpenTick();
  void copyRules();
  void saveRules();
  void checkExport();
  void rebuildTrayMenu();
  void onModelReset();

 private:
  QString selectedName() const;
  // The named profile with its sequence in the clear (the passphrase asked when needed), or nullopt (said in
  // place).
  std::optional<profiles::Profile> unlocked(const QString& name);
  void updateRules();
  // Whatever a change of the store returned: said in place when it failed, else logged and the model
  // reloaded.
  void afterChange(const core::Status& done, const QString& logLine);
  void log(const QString& line);
  void buildToolbar();
  QWidget* buildRouterosTab();
  QWidget* buildCentre();
  void connectController();
  void setUpTray();
  void showLastResult(const QString& profile, const QString& result);

  actions::Context& ctx_;
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
  QDialog* share_ = nullptr;
  struct Kept {
    qint64 pid = 0;
    QString program;
    qint64 everyMs = 0;
    QElapsedTimer since;  // the last knock
  };
  std::map<QString, Kept> kept_;            // profiles whose launched program keeps the door open
  std::map<QString, QDateTime> openUntil_;  // when each door's access runs out, by the profile's timeouts
  std::map<QString, QString> lastResult_;   // "access granted 14:00", before the open-until part
  std::set<QString> warned_;                // told (tray) that access runs out soon
  QTimer* keepTimer_;
};

}  // namespace knock::gui
