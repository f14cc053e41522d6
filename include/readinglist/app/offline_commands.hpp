// The subcommands that need no API server: render, validate, crd. Each reads and writes files
// (the edge) and leaves every decision to the pure model/render layers.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace rl::app {

struct RenderOptions {
  std::string file;        // "-" for standard input
  std::string output_dir;  // empty: a directory named after the list (one per list)
};

struct ValidateOptions {
  std::vector<std::string> files;  // "-" for standard input
};

int render_command(const RenderOptions& options, std::ostream& out, std::ostream& err);
int validate_command(const ValidateOptions& options, std::ostream& out, std::ostream& err);
int crd_command(std::ostream& out);

}  // namespace rl::app
