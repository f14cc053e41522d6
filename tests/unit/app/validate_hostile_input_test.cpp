// `readinglist-operator validate` on hostile manifests: each exits 1 (invalid input, not a usage
// error or a crash) and says which field, or which line and column, is at fault.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "../billion_laughs.hpp"
#include "readinglist/app/cli.hpp"

namespace rl::app {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr const char* kList = R"(apiVersion: readinglist.dev/v1alpha1
kind: ReadingList
metadata:
  name: hostile
spec:
  title: TITLE
  talk:
    url: https://example.org/talk
  sections:
    - title: Links
      entries:
        - title: Example
          url: https://example.org/
          published: "2024-02-29"
)";

// kList with `from` replaced by `to`.
std::string with(const std::string& from, const std::string& to) {
  std::string text = kList;
  text.replace(text.find(from), from.size(), to);
  return text;
}

struct Result {
  int code;
  std::string err;
};

Result validate_text(const std::string& text) {
  const fs::path file =
      fs::temp_directory_path() /
      ("rl-hostile-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
       ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".yaml");
  std::ofstream(file, std::ios::binary) << text;
  std::ostringstream out;
  std::ostringstream err;
  const std::vector<std::string> args = {"readinglist-operator", "validate", "-f", file.string()};
  const int code = run_cli(args, out, err);
  fs::remove(file);
  return {code, err.str()};
}

TEST(ValidateHostileInput, ScriptUrlsAreRefusedNamingTheField) {
  for (const std::string url :
       {"javascript:alert(1)", "JaVaScRiPt:alert(1)", "\"\\x01javascript:alert(1)\"",
        "\" javascript:alert(1)\"", "\"java\\tscript:alert(1)\"", "data:text/html,x"}) {
    const Result result = validate_text(with("https://example.org/talk", url));
    EXPECT_EQ(result.code, kExitInvalid) << url;
    EXPECT_THAT(result.err, HasSubstr("hostile: spec.talk.url: ")) << url;
  }
}

TEST(ValidateHostileInput, BidiOverrideInTheTitleIsRefusedNamingTheField) {
  const Result result = validate_text(with("TITLE", "\"abc\\u202Etxt.exe\""));
  EXPECT_EQ(result.code, kExitInvalid);
  EXPECT_THAT(result.err, HasSubstr("hostile: spec.title: must not contain bidirectional control "
                                    "characters, which can disguise text (U+202E at character "
                                    "4)"));
}

TEST(ValidateHostileInput, ImpossibleDatesAreRefusedNamingTheField) {
  for (const std::string date : {"2026-02-30", "2026-13-01", "0000-01-01", "2026-1-1",
                                 "9999999-01-01", "2025-02-29", "2026-01-01x"}) {
    const Result result = validate_text(with("2024-02-29", date));
    EXPECT_EQ(result.code, kExitInvalid) << date;
    EXPECT_THAT(result.err, HasSubstr("hostile: spec.sections[0].entries[0].published: ")) << date;
  }
}

TEST(ValidateHostileInput, MalformedBytesAreRefusedWithLineAndColumn) {
  const Result utf8 = validate_text(with("TITLE", "T # \xC0\xAF"));
  EXPECT_EQ(utf8.code, kExitInvalid);
  EXPECT_THAT(utf8.err, HasSubstr(".yaml:6:14: invalid UTF-8: byte 0xc0"));
  const Result nul = validate_text(with("TITLE", std::string("T\0x", 3)));
  EXPECT_EQ(nul.code, kExitInvalid);
  EXPECT_THAT(nul.err, HasSubstr(".yaml:6:11: control character U+0000"));
}

TEST(ValidateHostileInput, BombsDeepNestingAndRepeatedKeysAreRefused) {
  const std::string laughs = "x:\n" + rl::testing::billion_laughs("  ");
  const std::pair<std::string, const char*> cases[] = {
      {laughs + kList, "YAML nodes once aliases are expanded"},
      {with("TITLE", std::string(100'000, '[') + std::string(100'000, ']')),
       "nested deeper than 64 levels"},
      {with("TITLE", "One\n  title: Two"), ".yaml:7:3: duplicate key \"title\""},
  };
  for (const auto& [text, message] : cases) {
    const Result result = validate_text(text);
    EXPECT_EQ(result.code, kExitInvalid) << message;
    EXPECT_THAT(result.err, HasSubstr(message));
  }
}

TEST(ValidateHostileInput, ATenMegabyteFileIsInvalidInputNotAUsageError) {
  const Result result = validate_text(with("TITLE", std::string(10 * 1024 * 1024, 'x')));
  EXPECT_EQ(result.code, kExitInvalid);
  EXPECT_THAT(result.err, HasSubstr("over the limit of"));
}

// Standard input that never ends (`yes | validate -f -`).
class EndlessInput : public std::streambuf {
 protected:
  int_type underflow() override {
    setg(chunk_.data(), chunk_.data(), chunk_.data() + chunk_.size());
    return traits_type::to_int_type(chunk_.front());
  }

 private:
  std::array<char, 4096> chunk_ = [] {
    std::array<char, 4096> filled{};
    filled.fill('y');
    return filled;
  }();
};

TEST(ValidateHostileInput, EndlessStandardInputIsRefusedAfterTheLimit) {
  EndlessInput endless;
  auto* const saved = std::cin.rdbuf(&endless);
  std::ostringstream out;
  std::ostringstream err;
  const std::vector<std::string> args = {"readinglist-operator", "validate", "-f", "-"};
  const int code = run_cli(args, out, err);
  std::cin.rdbuf(saved);
  EXPECT_EQ(code, kExitInvalid);
  EXPECT_THAT(err.str(), HasSubstr("<stdin>: input is over"));
}

}  // namespace
}  // namespace rl::app
