// validate(): required fields, lengths, counts, "url or items", and that every problem is
// reported with its path, in document order.
#include "readinglist/model/validate.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "readinglist/model/limits.hpp"
#include "validate_fixture.hpp"

namespace rl::model {
namespace {

using ::testing::ElementsAre;
using testing::first_entry;
using ::testing::IsEmpty;
using testing::minimal_list;
using testing::only_problem;
using testing::problems;
using testing::repeat;
using testing::valid_list;

TEST(Validate, AcceptsFullValidList) {
  EXPECT_THAT(problems(valid_list()), IsEmpty());
}

TEST(Validate, AcceptsMinimalList) {
  EXPECT_THAT(problems(minimal_list()), IsEmpty());
}

TEST(Validate, PrintsFieldErrorAsPathColonMessage) {
  EXPECT_EQ((FieldError{"spec.title", "is required"}).to_string(), "spec.title: is required");
}

TEST(Validate, ReportsEveryProblemInDocumentOrder) {
  ReadingList list = valid_list();
  list.metadata.name = "";
  list.spec.title = "";
  list.spec.talk->url = "javascript:alert(1)";
  list.spec.talk->speakers[0].name = "";
  first_entry(list).url.reset();
  first_entry(list).authors[1].url = "ftp://example.com";
  list.spec.sections[1].entries[0].items[1].title = "";
  list.spec.sections[1].title = repeat("x", limits::kSectionTitleMax + 1);
  list.spec.site->replicas = 11;
  list.spec.site->ingress->host = "";
  EXPECT_THAT(
      problems(list),
      ElementsAre("metadata.name: is required", "spec.title: is required",
                  "spec.talk.url: scheme \"javascript\" is not allowed",
                  "spec.talk.speakers[0].name: is required",
                  "spec.sections[0].entries[0].url: is required unless the entry has items",
                  "spec.sections[0].entries[0].authors[1].url: scheme \"ftp\" is not allowed",
                  "spec.sections[1].title: must be at most 200 characters (got 201)",
                  "spec.sections[1].entries[0].items[1].title: is required",
                  "spec.site.replicas: must be between 0 and 10 (got 11)",
                  "spec.site.ingress.host: is required"));
}

TEST(Validate, ReportsEachProblemOfOneField) {
  ReadingList list = minimal_list();
  list.spec.title = repeat("x", limits::kTitleMax) + "\a";
  EXPECT_THAT(problems(list),
              ElementsAre("spec.title: must be at most 200 characters (got 201)",
                          "spec.title: must not contain control characters (U+0007 at "
                          "character 201)"));
}

// --- required fields -------------------------------------------------------------------------

TEST(Validate, ReportsMissingTitle) {
  ReadingList list = minimal_list();
  list.spec.title = "";
  EXPECT_EQ(only_problem(list), "spec.title: is required");
}

TEST(Validate, ReportsMissingSections) {
  ReadingList list = minimal_list();
  list.spec.sections.clear();
  EXPECT_EQ(only_problem(list), "spec.sections: is required");
}

TEST(Validate, ReportsMissingSectionTitle) {
  ReadingList list = minimal_list();
  list.spec.sections[0].title = "";
  EXPECT_EQ(only_problem(list), "spec.sections[0].title: is required");
}

TEST(Validate, ReportsSectionWithoutEntries) {
  ReadingList list = minimal_list();
  list.spec.sections[0].entries.clear();
  EXPECT_EQ(only_problem(list), "spec.sections[0].entries: is required");
}

TEST(Validate, ReportsMissingEntryTitle) {
  ReadingList list = minimal_list();
  first_entry(list).title = "";
  EXPECT_EQ(only_problem(list), "spec.sections[0].entries[0].title: is required");
}

TEST(Validate, ReportsEntryWithoutUrlOrItems) {
  ReadingList list = minimal_list();
  first_entry(list).url.reset();
  EXPECT_EQ(only_problem(list),
            "spec.sections[0].entries[0].url: is required unless the entry has items");
}

TEST(Validate, ReportsEntryWithEmptyUrlAndNoItems) {
  ReadingList list = minimal_list();
  first_entry(list).url = "";
  EXPECT_EQ(only_problem(list),
            "spec.sections[0].entries[0].url: is required unless the entry has items");
}

TEST(Validate, AcceptsEntryWithItemsAndNoUrl) {
  ReadingList list = minimal_list();
  first_entry(list).url.reset();
  first_entry(list).items = {testing::item("Tokio", "https://tokio.rs")};
  EXPECT_THAT(problems(list), IsEmpty());
}

TEST(Validate, ReportsEmptyUrlOnEntryWithItems) {
  ReadingList list = minimal_list();
  first_entry(list).url = "";
  first_entry(list).items = {testing::item("Tokio", "https://tokio.rs")};
  EXPECT_EQ(only_problem(list), "spec.sections[0].entries[0].url: must not be empty");
}

TEST(Validate, ReportsItemWithoutTitleOrUrl) {
  ReadingList list = valid_list();
  list.spec.sections[1].entries[0].items[0] = Item{};
  EXPECT_THAT(problems(list), ElementsAre("spec.sections[1].entries[0].items[0].title: is required",
                                          "spec.sections[1].entries[0].items[0].url: is required"));
}

TEST(Validate, ReportsAuthorWithoutName) {
  ReadingList list = valid_list();
  first_entry(list).authors[1].name = "";
  EXPECT_EQ(only_problem(list), "spec.sections[0].entries[0].authors[1].name: is required");
}

TEST(Validate, ReportsSourceWithoutName) {
  ReadingList list = valid_list();
  first_entry(list).source->name = "";
  EXPECT_EQ(only_problem(list), "spec.sections[0].entries[0].source.name: is required");
}

TEST(Validate, ReportsEpigraphWithoutText) {
  ReadingList list = valid_list();
  list.spec.epigraph->text = "";
  EXPECT_EQ(only_problem(list), "spec.epigraph.text: is required");
}

TEST(Validate, ReportsEpigraphAuthorWithoutName) {
  ReadingList list = valid_list();
  list.spec.epigraph->author->name = "";
  EXPECT_EQ(only_problem(list), "spec.epigraph.author.name: is required");
}

TEST(Validate, AcceptsEmptyTalkAndEpigraphWithoutAuthor) {
  ReadingList list = minimal_list();
  list.spec.talk = Talk{};
  list.spec.epigraph = Epigraph{};
  list.spec.epigraph->text = "Quote.";
  EXPECT_THAT(problems(list), IsEmpty());
}

// --- lengths: exactly at the limit passes, one over fails --------------------------------------

struct LengthCase {
  const char* path;
  std::size_t max;
  void (*set)(ReadingList&, std::string);
};

class ValidateLength : public ::testing::TestWithParam<LengthCase> {};

TEST_P(ValidateLength, AcceptsValueAtLimit) {
  ReadingList list = valid_list();
  GetParam().set(list, repeat("a", GetParam().max));
  EXPECT_THAT(problems(list), IsEmpty());
}

TEST_P(ValidateLength, RejectsValueOneOverLimit) {
  ReadingList list = valid_list();
  GetParam().set(list, repeat("a", GetParam().max + 1));
  EXPECT_EQ(only_problem(list), std::string(GetParam().path) + ": must be at most " +
                                    std::to_string(GetParam().max) + " characters (got " +
                                    std::to_string(GetParam().max + 1) + ")");
}

// clang-format off
INSTANTIATE_TEST_SUITE_P(Fields, ValidateLength, ::testing::Values(
    LengthCase{"spec.title", 200, [](ReadingList& l, std::string v) { l.spec.title = v; }},
    LengthCase{"spec.subtitle", 200, [](ReadingList& l, std::string v) { l.spec.subtitle = v; }},
    LengthCase{"spec.description", 16384,
               [](ReadingList& l, std::string v) { l.spec.description = v; }},
    LengthCase{"spec.talk.title", 300, [](ReadingList& l, std::string v) { l.spec.talk->title = v; }},
    LengthCase{"spec.talk.event", 200, [](ReadingList& l, std::string v) { l.spec.talk->event = v; }},
    LengthCase{"spec.talk.speakers[0].name", 200,
               [](ReadingList& l, std::string v) { l.spec.talk->speakers[0].name = v; }},
    LengthCase{"spec.talk.speakers[0].affiliation", 200,
               [](ReadingList& l, std::string v) { l.spec.talk->speakers[0].affiliation = v; }},
    LengthCase{"spec.talk.speakers[0].handle", 100,
               [](ReadingList& l, std::string v) { l.spec.talk->speakers[0].handle = v; }},
    LengthCase{"spec.epigraph.text", 2048,
               [](ReadingList& l, std::string v) { l.spec.epigraph->text = v; }},
    LengthCase{"spec.sections[0].title", 200,
               [](ReadingList& l, std::string v) { l.spec.sections[0].title = v; }},
    LengthCase{"spec.sections[0].description", 4096,
               [](ReadingList& l, std::string v) { l.spec.sections[0].description = v; }},
    LengthCase{"spec.sections[0].entries[0].title", 300,
               [](ReadingList& l, std::string v) { first_entry(l).title = v; }},
    LengthCase{"spec.sections[0].entries[0].url", 2048,
               [](ReadingList& l, std::string v) {
                 first_entry(l).url = "https://example.com/" + v.substr(20);
               }},
    LengthCase{"spec.sections[0].entries[0].source.name", 200,
               [](ReadingList& l, std::string v) { first_entry(l).source->name = v; }},
    LengthCase{"spec.sections[0].entries[0].note", 4096,
               [](ReadingList& l, std::string v) { first_entry(l).note = v; }},
    LengthCase{"spec.sections[1].entries[0].items[0].title", 300,
               [](ReadingList& l, std::string v) { l.spec.sections[1].entries[0].items[0].title = v; }},
    LengthCase{"spec.sections[1].entries[0].items[0].description", 500,
               [](ReadingList& l, std::string v) {
                 l.spec.sections[1].entries[0].items[0].description = v;
               }}));
// clang-format on

TEST(Validate, CountsLengthInCodePointsNotBytes) {
  ReadingList list = minimal_list();
  list.spec.title = repeat("\xC3\xA9", limits::kTitleMax);  // "é", two bytes each
  EXPECT_THAT(problems(list), IsEmpty());
  list.spec.title = repeat("\xF0\x9F\xA6\x80", limits::kTitleMax + 1);  // crab emoji, four bytes
  EXPECT_EQ(only_problem(list), "spec.title: must be at most 200 characters (got 201)");
}

// --- counts ------------------------------------------------------------------------------------

TEST(Validate, AcceptsSectionCountAtLimit) {
  ReadingList list = minimal_list();
  list.spec.sections.resize(limits::kSectionsMax, list.spec.sections[0]);
  EXPECT_THAT(problems(list), IsEmpty());
}

TEST(Validate, RejectsSectionCountOneOverLimit) {
  ReadingList list = minimal_list();
  list.spec.sections.resize(limits::kSectionsMax + 1, list.spec.sections[0]);
  EXPECT_EQ(only_problem(list), "spec.sections: must have at most 100 items (got 101)");
}

TEST(Validate, RejectsEntryCountOneOverLimit) {
  ReadingList list = minimal_list();
  auto& entries = list.spec.sections[0].entries;
  entries.resize(limits::kEntriesMax, entries[0]);
  EXPECT_THAT(problems(list), IsEmpty());
  entries.push_back(entries[0]);
  EXPECT_EQ(only_problem(list), "spec.sections[0].entries: must have at most 500 items (got 501)");
}

TEST(Validate, RejectsAuthorCountOneOverLimit) {
  ReadingList list = minimal_list();
  first_entry(list).authors.resize(limits::kAuthorsMax, testing::person("A"));
  EXPECT_THAT(problems(list), IsEmpty());
  first_entry(list).authors.push_back(testing::person("A"));
  EXPECT_EQ(only_problem(list),
            "spec.sections[0].entries[0].authors: must have at most 50 items (got 51)");
}

TEST(Validate, RejectsItemCountOneOverLimit) {
  ReadingList list = minimal_list();
  first_entry(list).items.resize(limits::kItemsMax, testing::item("T", "https://t.io"));
  EXPECT_THAT(problems(list), IsEmpty());
  first_entry(list).items.push_back(testing::item("T", "https://t.io"));
  EXPECT_EQ(only_problem(list),
            "spec.sections[0].entries[0].items: must have at most 200 items (got 201)");
}

TEST(Validate, RejectsSpeakerCountOneOverLimit) {
  ReadingList list = minimal_list();
  list.spec.talk = Talk{};
  list.spec.talk->speakers.resize(limits::kSpeakersMax, testing::person("S"));
  EXPECT_THAT(problems(list), IsEmpty());
  list.spec.talk->speakers.push_back(testing::person("S"));
  EXPECT_EQ(only_problem(list), "spec.talk.speakers: must have at most 20 items (got 21)");
}

// --- patterns ----------------------------------------------------------------------------------

TEST(Validate, AcceptsCommonLanguageTags) {
  ReadingList list = minimal_list();
  for (const char* tag : {"en", "pt-BR", "zh-Hant-TW", "sr-Latn", "gsw"}) {
    list.spec.language = tag;
    EXPECT_THAT(problems(list), IsEmpty()) << tag;
  }
}

TEST(Validate, RejectsMalformedLanguage) {
  ReadingList list = minimal_list();
  for (const char* tag : {"", "e", "english", "en_US", "en-", "en\nx", "1en"}) {
    list.spec.language = tag;
    EXPECT_EQ(only_problem(list),
              "spec.language: must be a BCP 47 language tag such as \"en\" or \"pt-BR\"")
        << tag;
  }
}

TEST(Validate, RejectsLanguageOverLimit) {
  ReadingList list = minimal_list();
  list.spec.language = "en-" + repeat("abcdefgh-", 4);  // 39 characters
  list.spec.language->pop_back();
  EXPECT_EQ(only_problem(list), "spec.language: must be at most 35 characters (got 38)");
}

TEST(Validate, AcceptsHandleForms) {
  ReadingList list = valid_list();
  for (const char* handle : {"@alpeb", "alpeb", "@user@host.social", "_x.y-z"}) {
    list.spec.talk->speakers[0].handle = handle;
    EXPECT_THAT(problems(list), IsEmpty()) << handle;
  }
}

TEST(Validate, RejectsMalformedHandle) {
  ReadingList list = valid_list();
  for (const char* handle : {"", "@", "@al peb", "@-x", "<b>", "@x\n"}) {
    list.spec.talk->speakers[0].handle = handle;
    EXPECT_EQ(only_problem(list),
              "spec.talk.speakers[0].handle: must be a handle such as \"@alpeb\" or "
              "\"@user@host.social\"")
        << handle;
  }
}

TEST(Validate, RejectsHugeHandleByLengthWithoutRunningThePattern) {
  ReadingList list = valid_list();
  list.spec.talk->speakers[0].handle = repeat("a", 1'000'000);
  EXPECT_EQ(only_problem(list),
            "spec.talk.speakers[0].handle: must be at most 100 characters (got 1000000)");
}

}  // namespace
}  // namespace rl::model
