#pragma once
// The one conversion every widget needs: the layers below speak UTF-8 std::string, Qt speaks QString.
#include <QString>
#include <string>

namespace knock::gui {

inline QString q(const std::string& s) {
  return QString::fromStdString(s);
}

}  // namespace knock::gui
