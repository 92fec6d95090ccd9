#pragma once
// The profiles of the shared store as a table, reloaded when the file changes on disk (the CLI may edit it
// while the GUI runs), with the last knock result of each row.
#include <QAbstractTableModel>
#include <QFileSystemWatcher>
#include <QHash>

#include "knock/actions/context.hpp"
#include "knock/profiles/profile.hpp"

namespace knock::gui {

class ProfilesModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Name, Host, Group, Tags, Verify, LastResult, ColumnCount };
  enum Role { ProfileNameRole = Qt::UserRole + 1, SealedRole, DoorRole };
  // What the last knock says of each profile's door, shown as a coloured mark beside its last result.
  enum class Door { unknown, open, shut, error };

  explicit ProfilesModel(actions::Context& ctx, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation o, int role) const override;

  const profiles::Profile* profile(int row) const;
  const profiles::Profile* find(const QString& name) const;
  int rowOf(const QString& name) const;
  QStringList groups() const;
  // The message of the last load failure (a corrupt file), empty when it loaded.
  QString loadError() const { return error_; }

 public slots:
  void reload();
  void setLastResult(const QString& name, const QString& result);
  void setDoor(const QString& name, Door door);

 signals:
  void loadFailed(const QString& message);

 private:
  void watch();
  actions::Context& ctx_;
  std::vector<profiles::Profile> rows_;
  QHash<QString, QString> results_;
  QHash<QString, Door> doors_;
  QString error_;
  QFileSystemWatcher watcher_;
};

}  // namespace knock::gui
