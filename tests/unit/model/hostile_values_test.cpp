// validate() with hostile values in every field of their kind: script and disguised URLs in every
// link field, bidi and control characters in every single-line and multi-line text field,
// impossible dates in every date field. Each is refused with an error naming exactly that field.
// (The single checks behind these are tested one by one in validate_url/_text/_date_test.cpp;
// these tables make sure no field skips them.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "readinglist/model/validate.hpp"
#include "validate_fixture.hpp"

namespace rl::model {
namespace {

using testing::first_entry;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;
using testing::valid_list;

struct Field {
  const char* path;
  std::function<void(ReadingList&, const std::string&)> set;
};

Entry& collection(ReadingList& list) {
  return list.spec.sections.at(1).entries.at(0);
}

// Every problem reported, after checking that each names `path`.
std::vector<std::string> messages_at(const ReadingList& list, const std::string& path) {
  std::vector<std::string> out;
  for (const FieldError& error : validate(list)) {
    EXPECT_EQ(error.path, path) << error.to_string();
    out.push_back(error.message);
  }
  return out;
}

// --- links --------------------------------------------------------------------------------------

const std::vector<Field>& url_fields() {
  static const std::vector<Field> fields = {
      {"spec.talk.url", [](ReadingList& l, const std::string& v) { l.spec.talk->url = v; }},
      {"spec.talk.speakers[0].url",
       [](ReadingList& l, const std::string& v) { l.spec.talk->speakers[0].url = v; }},
      {"spec.epigraph.author.url",
       [](ReadingList& l, const std::string& v) { l.spec.epigraph->author->url = v; }},
      {"spec.sections[0].entries[0].url",
       [](ReadingList& l, const std::string& v) { first_entry(l).url = v; }},
      {"spec.sections[0].entries[0].authors[0].url",
       [](ReadingList& l, const std::string& v) { first_entry(l).authors[0].url = v; }},
      {"spec.sections[0].entries[0].source.url",
       [](ReadingList& l, const std::string& v) { first_entry(l).source->url = v; }},
      {"spec.sections[1].entries[0].url",  // an entry with items may still have a link
       [](ReadingList& l, const std::string& v) { collection(l).url = v; }},
      {"spec.sections[1].entries[0].items[1].url",
       [](ReadingList& l, const std::string& v) { collection(l).items[1].url = v; }},
  };
  return fields;
}

constexpr const char* kHostileUrls[] = {
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "javascript://example.com/%0Aalert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "vbscript:msgbox(1)",
    "\x01javascript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "\njavascript:alert(1)",
    "\r\njavascript:alert(1)",
    "\xE2\x80\x8Bjavascript:alert(1)",  // zero-width space
    "\xEF\xBB\xBFjavascript:alert(1)",  // byte-order mark
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "%6Aavascript:alert(1)",
    "javascript%3Aalert(1)",
    "https:javascript:alert(1)",
    "//evil.example/x",
    "file:///etc/passwd",
    "https://example.org\\@evil.example/",
};

TEST(HostileUrls, EveryLinkFieldRefusesEveryScriptOrDisguisedUrl) {
  for (const Field& field : url_fields()) {
    ReadingList list = valid_list();
    ASSERT_THAT(validate(list), IsEmpty());
    for (const char* url : kHostileUrls) {
      field.set(list, url);
      EXPECT_THAT(messages_at(list, field.path), Not(IsEmpty())) << field.path << " = " << url;
    }
  }
}

TEST(HostileUrls, TheMessageSaysWhatIsWrong) {
  const std::pair<const char*, const char*> cases[] = {
      {"javascript:alert(1)", "scheme \"javascript\" is not allowed"},
      {"JaVaScRiPt:alert(1)", "scheme \"JaVaScRiPt\" is not allowed"},
      {"data:text/html,x", "scheme \"data\" is not allowed"},
      {"vbscript:msgbox(1)", "scheme \"vbscript\" is not allowed"},
      {"\x01javascript:alert(1)", "must not contain control characters (U+0001 at character 1)"},
      {" javascript:alert(1)", "must not contain whitespace (U+0020 at character 1)"},
      {"java\tscript:alert(1)", "must not contain control characters (U+0009 at character 5)"},
      {"\njavascript:alert(1)", "must not contain control characters (U+000A at character 1)"},
      {"&#106;avascript:alert(1)",
       "must be an absolute URL starting with \"http://\" or \"https://\""},
      {"%6Aavascript:alert(1)",
       "must be an absolute URL starting with \"http://\" or \"https://\""},
  };
  for (const Field& field : url_fields()) {
    for (const auto& [url, message] : cases) {
      ReadingList list = valid_list();
      field.set(list, url);
      EXPECT_THAT(messages_at(list, field.path), ::testing::ElementsAre(message))
          << field.path << " = " << url;
    }
  }
}

// --- characters in text -------------------------------------------------------------------------

const std::vector<Field>& single_line_fields() {
  static const std::vector<Field> fields = {
      {"spec.title", [](ReadingList& l, const std::string& v) { l.spec.title = v; }},
      {"spec.subtitle", [](ReadingList& l, const std::string& v) { l.spec.subtitle = v; }},
      {"spec.talk.title", [](ReadingList& l, const std::string& v) { l.spec.talk->title = v; }},
      {"spec.talk.event", [](ReadingList& l, const std::string& v) { l.spec.talk->event = v; }},
      {"spec.talk.speakers[0].name",
       [](ReadingList& l, const std::string& v) { l.spec.talk->speakers[0].name = v; }},
      {"spec.talk.speakers[0].affiliation",
       [](ReadingList& l, const std::string& v) { l.spec.talk->speakers[0].affiliation = v; }},
      {"spec.talk.speakers[0].handle",
       [](ReadingList& l, const std::string& v) { l.spec.talk->speakers[0].handle = "@a" + v; }},
      {"spec.epigraph.author.name",
       [](ReadingList& l, const std::string& v) { l.spec.epigraph->author->name = v; }},
      {"spec.epigraph.author.affiliation",
       [](ReadingList& l, const std::string& v) { l.spec.epigraph->author->affiliation = v; }},
      {"spec.sections[0].title",
       [](ReadingList& l, const std::string& v) { l.spec.sections[0].title = v; }},
      {"spec.sections[0].entries[0].title",
       [](ReadingList& l, const std::string& v) { first_entry(l).title = v; }},
      {"spec.sections[0].entries[0].authors[1].name",
       [](ReadingList& l, const std::string& v) { first_entry(l).authors[1].name = v; }},
      {"spec.sections[0].entries[0].authors[1].affiliation",
       [](ReadingList& l, const std::string& v) { first_entry(l).authors[1].affiliation = v; }},
      {"spec.sections[0].entries[0].source.name",
       [](ReadingList& l, const std::string& v) { first_entry(l).source->name = v; }},
      {"spec.sections[1].entries[0].items[0].title",
       [](ReadingList& l, const std::string& v) { collection(l).items[0].title = v; }},
  };
  return fields;
}

const std::vector<Field>& multi_line_fields() {
  static const std::vector<Field> fields = {
      {"spec.description", [](ReadingList& l, const std::string& v) { l.spec.description = v; }},
      {"spec.epigraph.text",
       [](ReadingList& l, const std::string& v) { l.spec.epigraph->text = v; }},
      {"spec.sections[0].description",
       [](ReadingList& l, const std::string& v) { l.spec.sections[0].description = v; }},
      {"spec.sections[0].entries[0].note",
       [](ReadingList& l, const std::string& v) { first_entry(l).note = v; }},
      {"spec.sections[1].entries[0].items[0].description",
       [](ReadingList& l, const std::string& v) { collection(l).items[0].description = v; }},
  };
  return fields;
}

std::string utf8(char32_t cp) {
  if (cp < 0x80) return std::string(1, static_cast<char>(cp));
  if (cp < 0x800) {
    return {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
  }
  return {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
          static_cast<char>(0x80 | (cp & 0x3F))};
}

// C0 (but tab and newline), DEL and C1: refused in every text field, one line or many.
constexpr char32_t kControls[] = {0x00, 0x01, 0x08, 0x0B, 0x0C, 0x0D, 0x1B,
                                  0x1F, 0x7F, 0x80, 0x85, 0x9B, 0x9F};
// Embeddings, overrides and isolates: they can make a title read as something else.
constexpr char32_t kBidiControls[] = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                                      0x2066, 0x2067, 0x2068, 0x2069};

TEST(HostileText, SingleLineFieldsRefuseControlBidiAndLineBreakCharacters) {
  std::vector<char32_t> refused(std::begin(kControls), std::end(kControls));
  refused.insert(refused.end(), std::begin(kBidiControls), std::end(kBidiControls));
  for (const char32_t cp : {U'\t', U'\n', U'\u2028', U'\u2029'})
    refused.push_back(cp);
  for (const Field& field : single_line_fields()) {
    for (const char32_t cp : refused) {
      ReadingList list = valid_list();
      field.set(list, "abc" + utf8(cp) + "txt.exe");
      const auto messages = messages_at(list, field.path);
      EXPECT_THAT(messages, Not(IsEmpty())) << field.path << " U+" << std::hex << +cp;
    }
  }
}

TEST(HostileText, MultiLineFieldsRefuseControlCharactersButKeepTabsAndNewlines) {
  for (const Field& field : multi_line_fields()) {
    for (const char32_t cp : kControls) {
      ReadingList list = valid_list();
      field.set(list, "line one\n" + utf8(cp) + "line two");
      EXPECT_THAT(messages_at(list, field.path),
                  ::testing::ElementsAre(StartsWith("must not contain control characters")))
          << field.path << " U+" << std::hex << +cp;
    }
    ReadingList list = valid_list();
    field.set(list, "line one\n\tline two\n");
    EXPECT_THAT(validate(list), IsEmpty()) << field.path;
  }
}

// Zero-width joiners build emoji and the marks order right-to-left text: both stay allowed.
TEST(HostileText, JoinersAndDirectionMarksThatTextNeedsAreAccepted) {
  for (const Field& field : single_line_fields()) {
    if (std::string_view(field.path).ends_with(".handle")) continue;  // a pattern of its own
    ReadingList list = valid_list();
    field.set(list, "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB \xE2\x80\x8F(x)");
    EXPECT_THAT(validate(list), IsEmpty()) << field.path;
  }
}

// --- dates --------------------------------------------------------------------------------------

TEST(HostileDates, EveryDateFieldRefusesImpossibleAndMisshapenDates) {
  const std::string not_real = "is not a real calendar date";
  const std::string shape = "must be a date written YYYY, YYYY-MM or YYYY-MM-DD";
  const std::pair<std::string, const std::string&> cases[] = {
      {"2026-02-30", not_real},
      {"2026-02-29", not_real},
      {"2026-13-01", not_real},
      {"2026-00", not_real},
      {"2026-04-31", not_real},
      {"0000-01-01", not_real},
      {"0000", not_real},
      {"2026-1-1", shape},
      {"9999999-01-01", shape},
      {"2026-01-01x", shape},
      {"2026-01-01 ", shape},
      {"2026-01-01\n", shape},
      {"2026-01-01T00:00:00Z", shape},
      {"-2026", shape},
      {"２０２６", shape},
      {std::string("2026\0", 5), shape},
  };
  const Field fields[] = {
      {"spec.talk.date", [](ReadingList& l, const std::string& v) { l.spec.talk->date = v; }},
      {"spec.sections[0].entries[0].published",
       [](ReadingList& l, const std::string& v) { first_entry(l).published = v; }},
  };
  for (const Field& field : fields) {
    for (const auto& [date, message] : cases) {
      ReadingList list = valid_list();
      field.set(list, date);
      EXPECT_THAT(messages_at(list, field.path), ::testing::ElementsAre(StartsWith(message)))
          << field.path << " = " << date;
    }
  }
}

}  // namespace
}  // namespace rl::model
