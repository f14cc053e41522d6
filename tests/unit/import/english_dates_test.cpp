// English dates -> partial dates.
#include "readinglist/import/english_dates.hpp"

#include <gtest/gtest.h>

namespace rl::import {
namespace {

TEST(EnglishDates, ReadsTheUsualForms) {
  EXPECT_EQ(parse_english_date("May 9, 2019"), "2019-05-09");
  EXPECT_EQ(parse_english_date("July 23rd, 2019"), "2019-07-23");
  EXPECT_EQ(parse_english_date("9 May 2019"), "2019-05-09");
  EXPECT_EQ(parse_english_date("23rd of July 2019"), "2019-07-23");
  EXPECT_EQ(parse_english_date("January 2023"), "2023-01");
  EXPECT_EQ(parse_english_date("Sept. 2019"), "2019-09");
  EXPECT_EQ(parse_english_date("Jan 2023"), "2023-01");
  EXPECT_EQ(parse_english_date("2018"), "2018");
  EXPECT_EQ(parse_english_date("2019-05-09"), "2019-05-09");
  EXPECT_EQ(parse_english_date(" 2019. "), "2019");
}

TEST(EnglishDates, RefusesWhatIsNotOneRealDate) {
  EXPECT_FALSE(parse_english_date("May 32, 2019"));
  EXPECT_FALSE(parse_english_date("February 29, 2023"));
  EXPECT_FALSE(parse_english_date("ServiceMeshCon 2022"));
  EXPECT_FALSE(parse_english_date("soon"));
  EXPECT_FALSE(parse_english_date(""));
  EXPECT_FALSE(parse_english_date("99999"));
}

}  // namespace
}  // namespace rl::import
