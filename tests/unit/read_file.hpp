// A test's fixture file, whole and byte for byte (examples, golden files, the CRD).
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace rl::testing {

// "" when the file cannot be read: the comparison that follows then fails and shows it.
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace rl::testing
