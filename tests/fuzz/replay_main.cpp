// Runs a fuzz target over files, without libFuzzer: how the ordinary test build (and the
// sanitizer build) replays the seed corpus and every past crash as regression tests.
//   fuzz_<target>_replay FILE_OR_DIRECTORY...
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

void run_one(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::vector<char> bytes{std::istreambuf_iterator<char>(in), {}};
  // A copy of exactly `size` bytes, as libFuzzer hands inputs, so a read past the end is
  // caught by AddressSanitizer in the sanitizer build.
  const std::vector<std::uint8_t> input(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(input.data(), input.size());
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path path = argv[i];
    if (std::filesystem::is_directory(path)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(path)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());
      for (const auto& file : files) {
        run_one(file);
        ++count;
      }
    } else {
      run_one(path);
      ++count;
    }
  }
  if (count == 0) {
    std::cerr << "no input files given\n";
    return 2;
  }
  std::cout << "ran " << count << " inputs\n";
  return 0;
}
