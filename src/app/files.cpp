#include "readinglist/app/files.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>

namespace rl::app {

namespace fs = std::filesystem;

namespace {

// Reads until the end or until `max_bytes` + 1 bytes are in: enough to know it is too much.
std::string read_bounded(std::istream& in, std::size_t max_bytes) {
  std::string data;
  std::array<char, 64 * 1024> chunk{};
  while (data.size() <= max_bytes && in) {
    const auto wanted = std::min(chunk.size(), max_bytes + 1 - data.size());
    in.read(chunk.data(), static_cast<std::streamsize>(wanted));
    data.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
  }
  return data;
}

}  // namespace

std::expected<std::string, ReadError> read_input(const std::string& path, std::size_t max_bytes) {
  const std::string name = path == "-" ? std::string("<stdin>") : path;
  std::string data;
  if (path == "-") {
    data = read_bounded(std::cin, max_bytes);
    if (std::cin.bad()) return std::unexpected(ReadError{name + ": read error"});
  } else {
    std::error_code ec;
    if (fs::is_directory(path, ec)) return std::unexpected(ReadError{path + ": is a directory"});
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return std::unexpected(ReadError{path + ": cannot open: " + std::strerror(errno)});
    }
    const auto size = fs::file_size(path, ec);
    if (!ec && size > max_bytes) {
      return std::unexpected(ReadError{path + ": file is " + std::to_string(size) +
                                           " bytes, over the limit of " + std::to_string(max_bytes),
                                       true});
    }
    data = read_bounded(in, max_bytes);
    if (in.bad()) return std::unexpected(ReadError{path + ": read error"});
  }
  if (data.size() > max_bytes) {
    return std::unexpected(
        ReadError{name + ": input is over " + std::to_string(max_bytes) + " bytes", true});
  }
  return data;
}

std::expected<void, std::string> write_content(const std::string& dir,
                                               const render::Content& content) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return std::unexpected(dir + ": cannot create directory: " + ec.message());
  for (const auto& file : content.files) {
    const fs::path target = fs::path(dir) / file.name;
    std::ofstream output(target, std::ios::binary | std::ios::trunc);
    output.write(file.data.data(), static_cast<std::streamsize>(file.data.size()));
    output.close();
    if (!output) return std::unexpected(target.string() + ": write failed");
  }
  return {};
}

}  // namespace rl::app
