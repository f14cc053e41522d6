#include "readinglist/render/dates.hpp"

#include <gtest/gtest.h>

namespace rl::render {
namespace {

TEST(FormatPartialDate, WritesYearsMonthsAndDaysAsEnglishReadersExpect) {
  EXPECT_EQ(format_partial_date("2018"), "2018");
  EXPECT_EQ(format_partial_date("2023-01"), "January 2023");
  EXPECT_EQ(format_partial_date("2023-11"), "November 2023");
  EXPECT_EQ(format_partial_date("2019-05-09"), "May 9, 2019");
  EXPECT_EQ(format_partial_date("2019-07-23"), "July 23, 2019");
  EXPECT_EQ(format_partial_date("2020-12-31"), "December 31, 2020");
}

TEST(FormatPartialDate, KnowsLeapYears) {
  EXPECT_EQ(format_partial_date("2024-02-29"), "February 29, 2024");
  EXPECT_EQ(format_partial_date("2000-02-29"), "February 29, 2000");
  EXPECT_EQ(format_partial_date("2023-02-29"), "2023-02-29");
  EXPECT_EQ(format_partial_date("1900-02-29"), "1900-02-29");
}

TEST(FormatPartialDate, ReturnsAnythingElseUnchanged) {
  for (const std::string text :
       {"", "18", "2019-5", "2019-5-9", "2019-13", "2019-00", "2019-04-31", "2019-05-00",
        "2019/05/09", "2019-05-09T10:00", "May 2019", "２０１９", "20x9"}) {
    EXPECT_EQ(format_partial_date(text), text) << text;
  }
}

TEST(PartialDateToRfc3339, StartsAtMidnightUtcOfTheFirstDayCovered) {
  EXPECT_EQ(partial_date_to_rfc3339("2018"), "2018-01-01T00:00:00Z");
  EXPECT_EQ(partial_date_to_rfc3339("2019-05"), "2019-05-01T00:00:00Z");
  EXPECT_EQ(partial_date_to_rfc3339("2019-05-09"), "2019-05-09T00:00:00Z");
}

TEST(PartialDateToRfc3339, IsEmptyForWhatIsNotAPartialDate) {
  EXPECT_EQ(partial_date_to_rfc3339(""), "");
  EXPECT_EQ(partial_date_to_rfc3339("2019-02-30"), "");
  EXPECT_EQ(partial_date_to_rfc3339("yesterday"), "");
}

TEST(AppendFormattedPartialDate, AppendsWhatFormatPartialDateReturns) {
  for (const std::string date :
       {"2018", "2019-05", "2019-05-09", "2023-11-30", "2019-02-30", "yesterday", ""}) {
    std::string out = "before ";
    append_formatted_partial_date(out, date);
    EXPECT_EQ(out, "before " + format_partial_date(date)) << date;
  }
  EXPECT_EQ(format_partial_date("2019-05-09"), "May 9, 2019");
  EXPECT_EQ(format_partial_date("2023-11-30"), "November 30, 2023");
}

}  // namespace
}  // namespace rl::render
