// Entry point: everything lives in app/.
#include "readinglist/app/cli.hpp"

int main(int argc, char** argv) {
  return rl::app::run_cli(argc, argv);
}
