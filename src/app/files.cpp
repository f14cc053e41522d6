#include "readinglist/app/files.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <system_error>

namespace rl::app {

namespace fs = std::filesystem;

std::expected<std::string, std::string> read_input(const std::string& path, std::size_t max_bytes) {
  std::string data;
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    data = std::move(buffer).str();
  } else {
    std::error_code ec;
    if (fs::is_directory(path, ec)) return std::unexpected(path + ": is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::unexpected(path + ": cannot open: " + std::strerror(errno));
    const auto size = fs::file_size(path, ec);
    if (!ec && size > max_bytes) {
      return std::unexpected(path + ": file is " + std::to_string(size) +
                             " bytes, over the limit of " + std::to_string(max_bytes));
    }
    data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) return std::unexpected(path + ": read error");
  }
  if (data.size() > max_bytes) {
    return std::unexpected((path == "-" ? std::string("<stdin>") : path) + ": input is over " +
                           std::to_string(max_bytes) + " bytes");
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
