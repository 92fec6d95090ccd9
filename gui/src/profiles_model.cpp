#include "knock/gui/profiles_model.hpp"

#include <QIcon>
#include <QPainter>
#include <QPixmap>

#include <QFileInfo>

#include "knock/actions/lookup.hpp"

namespace knock::gui {
namespace {

// A filled circle in the door's colour: grey never knocked, green open, red no access, orange an error.
QIcon doorMark(ProfilesModel::Door door) {
  static const QColor colours[] = {QColor(0x9e, 0x9e, 0x9e), QColor(0x2e, 0x9d, 0x46),
                                   QColor(0xd3, 0x2f, 0x2f), QColor(0xef, 0x8a, 0x00)};
  QPixmap mark(12, 12);
  mark.fill(Qt::transparent);
  QPainter paint(&mark);
  paint.setRenderHint(QPainter::Antialiasing);
  paint.setPen(Qt::NoPen);
  paint.setBrush(colours[static_cast<int>(door)]);
  paint.drawEllipse(1, 1, 10, 10);
  return QIcon(mark);
}

}  // namespace

ProfilesModel::ProfilesModel(actions::Context& ctx, QObject* parent)
    : QAbstractTableModel(parent), ctx_(ctx) {
  // Editors replace the file by renaming a new one over it: watch the directory as well as the file.
  connect(&watcher_, &QFileSystemWatcher::fileChanged, this, &ProfilesModel::reload);
  connect(&watcher_, &QFileSystemWatcher::directoryChanged, this, &ProfilesModel::reload);
  reload();
}

void ProfilesModel::watch() {
  const QString file = QString::fromStdString(ctx_.store().path().string());
  const QString dir = QFileInfo(file).absolutePath();
  if (QFileInfo::exists(dir) && !watcher_.directories().contains(dir)) watcher_.addPath(dir);
  if (QFileInfo::exists(file) && !watcher_.files().contains(file)) watcher_.addPath(file);
}

void ProfilesModel::reload() {
  auto doc = actions::load(ctx_);
  watch();
  if (!doc) {  // keep showing what we had; say what is wrong
    error_ = QString::fromStdString(doc.error().message);
    emit loadFailed(error_);
    return;
  }
  error_.clear();
  beginResetModel();
  rows_ = std::move(doc->profiles);
  std::sort(rows_.begin(), rows_.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  endResetModel();
}

int ProfilesModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}
int ProfilesModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

const profiles::Profile* ProfilesModel::profile(int row) const {
  return row >= 0 && row < rowCount() ? &rows_[static_cast<std::size_t>(row)] : nullptr;
}

const profiles::Profile* ProfilesModel::find(const QString& name) const {
  return profile(rowOf(name));
}

int ProfilesModel::rowOf(const QString& name) const {
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    if (QString::fromStdString(rows_[i].name) == name) return static_cast<int>(i);
  }
  return -1;
}

QStringList ProfilesModel::groups() const {
  QStringList out;
  for (const auto& p : rows_) {
    const QString g = QString::fromStdString(p.group);
    if (!g.isEmpty() && !out.contains(g)) out << g;
  }
  out.sort();
  return out;
}

QVariant ProfilesModel::data(const QModelIndex& index, int role) const {
  const profiles::Profile* p = profile(index.row());
  if (!p) return {};
  const QString name = QString::fromStdString(p->name);
  if (role == ProfileNameRole) return name;
  if (role == SealedRole) return p->sealed.has_value();
  if (role == Qt::ToolTipRole) return QString::fromStdString(p->notes);
  if (role == DoorRole) return static_cast<int>(doors_.value(name, Door::unknown));
  if (role == Qt::DecorationRole && index.column() == LastResult)
    return doorMark(doors_.value(name, Door::unknown));
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case Name:
      return p->sealed ? name + tr(" (sealed)") : name;
    case Host:
      return QString::fromStdString(p->host);
    case Group:
      return QString::fromStdString(p->group);
    case Tags: {
      QStringList tags;
      for (const auto& t : p->tags)
        tags << QString::fromStdString(t);
      return tags.join(QStringLiteral(", "));
    }
    case Verify:
      return p->verify_port ? QStringLiteral("tcp:%1").arg(p->verify_port) : QStringLiteral("-");
    case LastResult:
      return results_.value(name);
  }
  return {};
}

QVariant ProfilesModel::headerData(int section, Qt::Orientation o, int role) const {
  if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* names[] = {"Name", "Host", "Group", "Tags", "Verify", "Last result"};
  return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant{};
}

void ProfilesModel::setDoor(const QString& name, Door door) {
  doors_[name] = door;
  const int row = rowOf(name);
  if (row >= 0) emit dataChanged(index(row, LastResult), index(row, LastResult));
}

void ProfilesModel::setLastResult(const QString& name, const QString& result) {
  results_[name] = result;
  const int row = rowOf(name);
  if (row >= 0) emit dataChanged(index(row, LastResult), index(row, LastResult));
}

}  // namespace knock::gui
