// Go duration syntax for flags, and bare numbers as seconds.
#include "readinglist/app/duration.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rl::app {
namespace {

using namespace std::chrono_literals;
using std::chrono::nanoseconds;
using ::testing::HasSubstr;

nanoseconds go(std::string_view text) {
  const auto parsed = parse_go_duration(text);
  EXPECT_TRUE(parsed) << text << ": " << parsed.error();
  return parsed.value_or(nanoseconds(-1));
}

TEST(GoDuration, ReadsEveryUnitAndCombination) {
  EXPECT_EQ(go("15s"), 15s);
  EXPECT_EQ(go("500ms"), 500ms);
  EXPECT_EQ(go("1m"), 1min);
  EXPECT_EQ(go("2h"), 2h);
  EXPECT_EQ(go("1m30s"), 90s);
  EXPECT_EQ(go("1h2m3s4ms5us6ns"), 1h + 2min + 3s + 4ms + 5us + 6ns);
  EXPECT_EQ(go("7\u00b5s"), 7us);
  EXPECT_EQ(go("7\u03bcs"), 7us);
  EXPECT_EQ(go("1.5s"), 1500ms);
  EXPECT_EQ(go(".5m"), 30s);
  EXPECT_EQ(go("0"), 0s);
  EXPECT_EQ(go("0s"), 0s);
  EXPECT_EQ(go("-2s"), -2s);
  EXPECT_EQ(go("+2s"), 2s);
}

TEST(GoDuration, RefusesWhatGoRefuses) {
  EXPECT_THAT(parse_go_duration("15").error(), HasSubstr("missing unit"));
  EXPECT_THAT(parse_go_duration("15 s").error(), HasSubstr("unknown unit"));
  EXPECT_THAT(parse_go_duration("3d").error(), HasSubstr("unknown unit"));
  for (const char* text : {"", "s", ".", "-", "1s2", "1h-2m", "abc", "1e3s"}) {
    EXPECT_FALSE(parse_go_duration(text)) << text;
  }
  EXPECT_THAT(parse_go_duration("3000000h").error(), HasSubstr("out of range"));
  EXPECT_FALSE(parse_go_duration(std::string(400, '9') + "s"));
}

TEST(FlagDuration, TakesABareNumberAsSecondsAndGoSyntaxOtherwise) {
  EXPECT_EQ(parse_flag_duration("600").value(), 600s);
  EXPECT_EQ(parse_flag_duration("2.5").value(), 2500ms);
  EXPECT_EQ(parse_flag_duration("10m").value(), 10min);
  EXPECT_EQ(parse_flag_duration("500ms").value(), 500ms);
  EXPECT_FALSE(parse_flag_duration("ten"));
  EXPECT_FALSE(parse_flag_duration(""));
}

TEST(GoDuration, FormatsAsGoDoesAndRoundTrips) {
  EXPECT_EQ(format_go_duration(0s), "0s");
  EXPECT_EQ(format_go_duration(15s), "15s");
  EXPECT_EQ(format_go_duration(500ms), "500ms");
  EXPECT_EQ(format_go_duration(1500us), "1.5ms");
  EXPECT_EQ(format_go_duration(90s), "1m30s");
  EXPECT_EQ(format_go_duration(10min), "10m0s");
  EXPECT_EQ(format_go_duration(1h), "1h0m0s");
  EXPECT_EQ(format_go_duration(2500ms), "2.5s");
  EXPECT_EQ(format_go_duration(-2s), "-2s");
  EXPECT_EQ(format_go_duration(7ns), "7ns");
  for (const nanoseconds d : {nanoseconds(15s), nanoseconds(1h + 1ns), nanoseconds(1234567ns)}) {
    EXPECT_EQ(go(format_go_duration(d)), d);
  }
}

}  // namespace
}  // namespace rl::app
