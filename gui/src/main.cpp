#include <QApplication>
#include <QMetaType>

#include "knock/gui/main_window.hpp"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("knock-gui");
  QApplication::setOrganizationName("knock");
  QApplication::setApplicationDisplayName("knock");
  knock::profiles::Store store(knock::profiles::default_store_path());
  knock::gui::ProfilesModel model(store);
  knock::gui::KnockController controller;
  knock::gui::MainWindow window(model, controller);
  window.show();
  return app.exec();
}
