// Small file-system edge for the commands: read a whole file (or stdin) and write a directory
// of content files, with errors as values that name the path.
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "readinglist/render/render.hpp"

namespace rl::app {

struct ReadError {
  std::string message;     // names the path ("<stdin>" for "-")
  bool too_large = false;  // the input itself is at fault (exit 1), not the path (exit 2)
};

// The file's bytes; "-" reads standard input. Input over `max_bytes` is refused after reading
// at most one byte more, so a pipe or a device that never ends costs bounded memory.
std::expected<std::string, ReadError> read_input(const std::string& path, std::size_t max_bytes);

// Creates `dir` (and parents) and writes each file into it, replacing existing ones.
std::expected<void, std::string> write_content(const std::string& dir,
                                               const render::Content& content);

}  // namespace rl::app
