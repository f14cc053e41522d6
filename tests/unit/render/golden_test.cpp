// The rendered worked example, byte for byte, against tests/golden/ (reviewed by eye once).
// After an intended change to the output: scripts/update-golden, then review `git diff`.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "../read_file.hpp"
#include "readinglist/model/codec.hpp"
#include "readinglist/render/render.hpp"

namespace rl::render {
namespace {

namespace fs = std::filesystem;

const fs::path kGoldenDir =
    fs::path(RL_SOURCE_DIR) / "tests/golden/five-years-of-cloud-native-rust";

using rl::testing::read_file;

Content render_example() {
  const auto text =
      read_file(fs::path(RL_SOURCE_DIR) / "examples/five-years-of-cloud-native-rust.yaml");
  auto lists = model::parse_yaml(text, "five-years-of-cloud-native-rust.yaml");
  if (!lists) throw std::runtime_error(lists.error().to_string());
  auto content = render_checked(lists->at(0));
  if (!content) throw std::runtime_error(content.error().at(0).to_string());
  return *content;
}

// The line where two texts first differ, to make a failure readable.
std::string first_difference(const std::string& expected, const std::string& actual) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < std::min(expected.size(), actual.size()); ++i) {
    if (expected[i] != actual[i]) {
      const auto start =
          expected.rfind('\n', i) == std::string::npos ? 0 : expected.rfind('\n', i) + 1;
      return "line " + std::to_string(line) +
             ":\n  golden: " + expected.substr(start, expected.find('\n', i) - start) +
             "\n  actual: " + actual.substr(start, actual.find('\n', i) - start);
    }
    if (expected[i] == '\n') ++line;
  }
  return "one is a prefix of the other (golden " + std::to_string(expected.size()) +
         " bytes, actual " + std::to_string(actual.size()) + " bytes)";
}

TEST(Golden, RenderedExampleMatchesTheReviewedFiles) {
  const auto content = render_example();
  const bool update = std::getenv("RL_UPDATE_GOLDEN") != nullptr;
  if (update) {
    fs::remove_all(kGoldenDir);
    fs::create_directories(kGoldenDir);
  }
  for (const auto& file : content.files) {
    const auto path = kGoldenDir / file.name;
    if (update) {
      std::ofstream(path, std::ios::binary) << file.data;
      continue;
    }
    ASSERT_TRUE(fs::exists(path)) << path << " is missing: run scripts/update-golden";
    const auto golden = read_file(path);
    EXPECT_EQ(golden, file.data) << file.name << " differs from " << path << " at "
                                 << first_difference(golden, file.data)
                                 << "\nIf the change is intended: scripts/update-golden";
  }
  if (!update) {
    std::size_t golden_files = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(kGoldenDir))
      ++golden_files;
    EXPECT_EQ(golden_files, content.files.size()) << "golden files no longer rendered";
  }
}

}  // namespace
}  // namespace rl::render
