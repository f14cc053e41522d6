#include "readinglist/model/types.hpp"

#include <gtest/gtest.h>

namespace rl::model {
namespace {

TEST(EntryTypeNames, RoundTripEveryType) {
  for (const auto name : kEntryTypeNames) {
    const auto type = entry_type_from_string(name);
    ASSERT_TRUE(type.has_value()) << name;
    EXPECT_EQ(to_string(*type), name);
  }
  EXPECT_EQ(to_string(EntryType::BlogPost), "BlogPost");
  EXPECT_EQ(to_string(EntryType::Collection), "Collection");
}

TEST(EntryTypeNames, UnknownOrWrongCaseIsRejected) {
  EXPECT_FALSE(entry_type_from_string("blogpost").has_value());
  EXPECT_FALSE(entry_type_from_string("Blog post").has_value());
  EXPECT_FALSE(entry_type_from_string("").has_value());
}

TEST(ThemeNames, AreLowerCaseAndRoundTrip) {
  EXPECT_EQ(to_string(Theme::Auto), "auto");
  EXPECT_EQ(to_string(Theme::Light), "light");
  EXPECT_EQ(to_string(Theme::Dark), "dark");
  for (const auto theme : {Theme::Auto, Theme::Light, Theme::Dark}) {
    EXPECT_EQ(theme_from_string(to_string(theme)), theme);
  }
  EXPECT_FALSE(theme_from_string("Dark").has_value());
}

TEST(CountEntries, CountsEntriesOfEverySectionButNotTheirItems) {
  ReadingListSpec spec;
  spec.sections.resize(2);
  spec.sections[0].entries.resize(3);
  spec.sections[1].entries.resize(2);
  spec.sections[1].entries[0].items.resize(7);
  EXPECT_EQ(count_entries(spec), 5);
  EXPECT_EQ(count_entries(ReadingListSpec{}), 0);
}

}  // namespace
}  // namespace rl::model
