#include "knock/gui/app.hpp"

int main(int argc, char** argv) {
  knock::gui::App app(argc, argv, knock::core::process_environment());
  if (auto status = app.answered()) return *status;
  app.show();
  return app.exec();
}
