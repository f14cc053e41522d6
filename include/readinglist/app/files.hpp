// Small file-system edge for the commands: read a whole file (or stdin) and write a directory
// of content files, with errors as values that name the path.
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "readinglist/render/render.hpp"

namespace rl::app {

// The file's bytes; "-" reads standard input. Files over `max_bytes` are refused.
std::expected<std::string, std::string> read_input(const std::string& path, std::size_t max_bytes);

// Creates `dir` (and parents) and writes each file into it, replacing existing ones.
std::expected<void, std::string> write_content(const std::string& dir,
                                               const render::Content& content);

}  // namespace rl::app
