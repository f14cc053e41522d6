// The real environment: getenv and the file system. Kept apart from config.cpp so that the
// configuration logic itself stays testable with a fake Environment.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "readinglist/kube/config.hpp"

namespace rl::kube {

std::optional<std::string> SystemEnvironment::get_env(std::string_view name) const {
  const char* value = std::getenv(std::string(name).c_str());  // NOLINT(concurrency-mt-unsafe)
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::expected<std::string, std::string> SystemEnvironment::read_file(
    const std::string& path) const {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(std::string(std::strerror(errno)));  // NOLINT
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return std::unexpected(std::string("read error"));
  return content.str();
}

}  // namespace rl::kube
