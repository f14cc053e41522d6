// is_partial_date() and the date fields of validate(): YYYY, YYYY-MM or YYYY-MM-DD naming a day
// of the proleptic Gregorian calendar, year 0001 onwards.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <regex>

#include "readinglist/model/patterns.hpp"
#include "readinglist/model/validate.hpp"
#include "validate_fixture.hpp"

namespace rl::model {
namespace {

using testing::first_entry;
using ::testing::IsEmpty;
using testing::only_problem;
using testing::problems;
using testing::valid_list;

TEST(PartialDate, AcceptsYearYearMonthAndFullDate) {
  EXPECT_TRUE(is_partial_date("2018"));
  EXPECT_TRUE(is_partial_date("2023-01"));
  EXPECT_TRUE(is_partial_date("2019-05-09"));
  EXPECT_TRUE(is_partial_date("0001-01-01"));
  EXPECT_TRUE(is_partial_date("9999-12-31"));
}

TEST(PartialDate, KnowsLeapYears) {
  EXPECT_TRUE(is_partial_date("2024-02-29"));   // divisible by 4
  EXPECT_FALSE(is_partial_date("2023-02-29"));  // not
  EXPECT_TRUE(is_partial_date("2000-02-29"));   // divisible by 400
  EXPECT_FALSE(is_partial_date("1900-02-29"));  // by 100 but not 400
  EXPECT_FALSE(is_partial_date("2024-02-30"));
  EXPECT_TRUE(is_partial_date("2023-02-28"));
}

TEST(PartialDate, KnowsMonthLengths) {
  EXPECT_TRUE(is_partial_date("2023-01-31"));
  EXPECT_FALSE(is_partial_date("2023-04-31"));
  EXPECT_TRUE(is_partial_date("2023-04-30"));
  EXPECT_FALSE(is_partial_date("2023-06-31"));
  EXPECT_FALSE(is_partial_date("2023-09-31"));
  EXPECT_FALSE(is_partial_date("2023-11-31"));
  EXPECT_TRUE(is_partial_date("2023-12-31"));
}

TEST(PartialDate, RejectsImpossibleMonthsAndDays) {
  for (const char* text : {"2023-00", "2023-13", "2023-01-00", "2023-01-32", "2023-99-99"}) {
    EXPECT_FALSE(is_partial_date(text)) << text;
  }
}

// HTML's <time datetime> needs a year greater than zero.
TEST(PartialDate, RejectsYearZero) {
  EXPECT_FALSE(is_partial_date("0000"));
  EXPECT_FALSE(is_partial_date("0000-01"));
  EXPECT_FALSE(is_partial_date("0000-02-29"));
}

TEST(PartialDate, RejectsOtherShapes) {
  for (const char* text : {"", "23", "20233", "2023-1", "2023-1-01", "2023/01", "2023-01-01T00:00",
                           " 2023", "2023 ", "2023-", "2023-01-", "+2023", "-2023", "May 2019",
                           "\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x93"}) {  // fullwidth
    EXPECT_FALSE(is_partial_date(text)) << text;
  }
}

// Every year-month-day in a window around the tricky cases agrees with std::chrono's calendar.
TEST(PartialDate, AgreesWithStdChronoCalendar) {
  for (int year : {1, 4, 100, 400, 1900, 1999, 2000, 2023, 2024, 2100, 9999}) {
    for (unsigned month = 0; month <= 13; ++month) {
      for (unsigned day = 0; day <= 32; ++day) {
        char text[48];
        std::snprintf(text, sizeof text, "%04d-%02u-%02u", year, month, day);
        const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                               std::chrono::day{day}};
        EXPECT_EQ(is_partial_date(text), date.ok()) << text;
      }
    }
  }
}

// What the API server accepts by pattern is a superset of what is_partial_date accepts.
TEST(PartialDate, EveryAcceptedDateMatchesTheCrdPattern) {
  const std::regex pattern(std::string(patterns::kPartialDate));
  for (const char* text :
       {"2018", "2023-01", "2019-05-09", "2024-02-29", "0001-12-31", "2023-02-29", "2023-13"}) {
    if (is_partial_date(text)) {
      EXPECT_TRUE(std::regex_match(text, pattern)) << text;
    }
  }
  EXPECT_FALSE(std::regex_match("2023-13", pattern));
}

TEST(ValidateDate, ReportsNonExistentPublishedDate) {
  ReadingList list = valid_list();
  first_entry(list).published = "2023-02-29";
  EXPECT_EQ(only_problem(list),
            "spec.sections[0].entries[0].published: is not a real calendar date (got "
            "\"2023-02-29\")");
}

TEST(ValidateDate, AcceptsLeapDayPublishedDate) {
  ReadingList list = valid_list();
  first_entry(list).published = "2024-02-29";
  EXPECT_THAT(problems(list), IsEmpty());
}

TEST(ValidateDate, ReportsMalformedTalkDate) {
  ReadingList list = valid_list();
  list.spec.talk->date = "May 2019";
  EXPECT_EQ(only_problem(list),
            "spec.talk.date: must be a date written YYYY, YYYY-MM or YYYY-MM-DD (got \"May "
            "2019\")");
}

TEST(ValidateDate, ReportsYearZeroAsNotARealDate) {
  ReadingList list = valid_list();
  list.spec.talk->date = "0000";
  EXPECT_EQ(only_problem(list), "spec.talk.date: is not a real calendar date (got \"0000\")");
}

TEST(ValidateDate, ReportsEmptyDate) {
  ReadingList list = valid_list();
  first_entry(list).published = "";
  EXPECT_EQ(only_problem(list),
            "spec.sections[0].entries[0].published: must be a date written YYYY, YYYY-MM or "
            "YYYY-MM-DD (got \"\")");
}

}  // namespace
}  // namespace rl::model
