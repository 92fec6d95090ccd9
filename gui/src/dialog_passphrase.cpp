#include "knock/gui/dialog_passphrase.hpp"

#include <QInputDialog>
#include <QLineEdit>

namespace knock::gui {
namespace {

// The text as wiped memory; the QString is overwritten before it goes (Qt's own copies are beyond reach).
core::SecretString take(QString& text) {
  QByteArray utf8 = text.toUtf8();
  core::SecretString out(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())));
  utf8.fill('\0');
  text.fill(QLatin1Char('\0'));
  return out;
}

}  // namespace

core::Expected<core::SecretString> DialogPassphrase::get(const actions::PassphraseRequest& request) {
  const bool choose = request.purpose == actions::PassphraseRequest::Purpose::choose;
  const QString subject = QString::fromStdString(request.subject);
  const auto ask = [&](const QString& label, bool& ok) {
    return QInputDialog::getText(
        parent_, choose ? QObject::tr("Seal %1").arg(subject) : QObject::tr("Unlock %1").arg(subject), label,
        QLineEdit::Password, {}, &ok);
  };
  bool ok = false;
  QString first = ask(choose ? QObject::tr("New passphrase for %1:").arg(subject)
                             : QObject::tr("Passphrase for %1:").arg(subject),
                      ok);
  if (!ok) return core::make_error(core::Errc::cancelled, "no passphrase given: nothing was changed");
  if (first.isEmpty()) return core::make_error(core::Errc::store, "the passphrase is empty");
  if (choose) {
    QString again = ask(QObject::tr("Repeat the passphrase:"), ok);
    const bool same = ok && again == first;
    take(again);
    if (!same) {
      take(first);
      return core::make_error(core::Errc::store, "the passphrases differ; nothing was changed");
    }
  }
  return take(first);
}

}  // namespace knock::gui
