// The subcommands that need no API server: render, validate, crd, import, export. Each reads and
// writes files (the edge) and leaves every decision to the pure model/render layers.
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

struct CrdOptions {
  std::string resource;  // "readinglists" or "microsites"; empty: both, as a two-document stream
};

struct ImportOptions {
  std::string file;  // a Markdown document; "-" for standard input
  std::string name;  // metadata.name; empty: from the file name, else the title
  std::string namespace_;
};

struct ExportOptions {
  std::string file;  // a manifest; "-" for standard input
};

int render_command(const RenderOptions& options, std::ostream& out, std::ostream& err);
// Checks every ReadingList and Microsite of the manifests.
int validate_command(const ValidateOptions& options, std::ostream& out, std::ostream& err);
int crd_command(const CrdOptions& options, std::ostream& out);
// Prints the ReadingList manifest a Markdown reading list describes.
int import_command(const ImportOptions& options, std::ostream& out, std::ostream& err);
// Prints each list of the manifest as Markdown (readinglist.md), separated by blank lines.
int export_command(const ExportOptions& options, std::ostream& out, std::ostream& err);

}  // namespace rl::app
