#include "readinglist/kube/token_source.hpp"

#include <gtest/gtest.h>

#include <map>

namespace rl::kube {
namespace {

using std::chrono::seconds;

struct Files {
  std::map<std::string, std::string> content;
  int reads = 0;
  TokenSource::ReadFile reader() {
    return [this](const std::string& path) -> std::expected<std::string, std::string> {
      ++reads;
      const auto it = content.find(path);
      if (it == content.end()) return std::unexpected(std::string("No such file"));
      return it->second;
    };
  }
};

TEST(TokenSource, StaticTokenNeverReadsFiles) {
  ManualClock clock;
  Files files;
  TokenSource source("abc", "", files.reader(), clock);
  EXPECT_EQ(source.token().value(), "abc");
  EXPECT_FALSE(source.refreshable());
  EXPECT_EQ(files.reads, 0);
}

TEST(TokenSource, RereadsTheFileAfterAMinute) {
  ManualClock clock;
  Files files;
  files.content["/t"] = "one\n";
  TokenSource source("", "/t", files.reader(), clock);
  EXPECT_EQ(source.token().value(), "one");
  files.content["/t"] = "two";
  clock.advance(seconds(59));
  EXPECT_EQ(source.token().value(), "one");
  EXPECT_EQ(files.reads, 1);
  clock.advance(seconds(1));
  EXPECT_EQ(source.token().value(), "two");
  EXPECT_EQ(files.reads, 2);
}

TEST(TokenSource, ARereadTokenOfTwoLinesIsNotSentAndTheLastGoodOneStays) {
  ManualClock clock;
  Files files;
  files.content["/t"] = "good\n";
  TokenSource source("", "/t", files.reader(), clock);
  EXPECT_EQ(source.token().value(), "good");
  files.content["/t"] = "first-line\nAuthorization: smuggled";
  clock.advance(seconds(60));
  EXPECT_EQ(source.token().value(), "good");
}

TEST(TokenSource, OnlyTokensWithoutControlCharactersAreSendable) {
  EXPECT_TRUE(is_sendable_token("eyJhbGciOi.J9-_x~+/="));
  EXPECT_FALSE(is_sendable_token("a\nb"));
  EXPECT_FALSE(is_sendable_token("a\rb"));
  EXPECT_FALSE(is_sendable_token(std::string("a\0b", 3)));
  EXPECT_FALSE(is_sendable_token("a\x7f"));
}

TEST(TokenSource, InitialTokenCountsAsAFreshRead) {
  ManualClock clock;
  Files files;
  files.content["/t"] = "newer";
  TokenSource source("initial", "/t", files.reader(), clock);
  EXPECT_EQ(source.token().value(), "initial");
  EXPECT_EQ(files.reads, 0);
}

TEST(TokenSource, InvalidateForcesAnImmediateReread) {
  ManualClock clock;
  Files files;
  files.content["/t"] = "old";
  TokenSource source("", "/t", files.reader(), clock);
  EXPECT_EQ(source.token().value(), "old");
  files.content["/t"] = "rotated";
  source.invalidate();
  EXPECT_EQ(source.token().value(), "rotated");
}

TEST(TokenSource, KeepsTheLastGoodTokenWhenTheFileDisappears) {
  ManualClock clock;
  Files files;
  files.content["/t"] = "good";
  TokenSource source("", "/t", files.reader(), clock);
  EXPECT_EQ(source.token().value(), "good");
  files.content.clear();
  clock.advance(seconds(61));
  EXPECT_EQ(source.token().value(), "good");
  // It keeps trying: the file is read again on the next call.
  files.content["/t"] = "back";
  EXPECT_EQ(source.token().value(), "back");
}

TEST(TokenSource, NoTokenAtAllIsAConfigError) {
  ManualClock clock;
  Files files;
  TokenSource source("", "/missing", files.reader(), clock);
  const auto token = source.token();
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().kind, ErrorKind::Config);
  EXPECT_NE(token.error().message.find("/missing"), std::string::npos);
}

}  // namespace
}  // namespace rl::kube
