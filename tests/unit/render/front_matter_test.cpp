// readinglist.md's front matter is written without yaml-cpp when its output is certain
// (src/render/front_matter.cpp). Whichever way it goes, it must be byte for byte what
// model::to_yaml prints: checked here for every tricky string we could think of, in every field
// the front matter carries, and for many seeded random strings over YAML's special characters.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "readinglist/model/codec.hpp"
#include "readinglist/render/files.hpp"
#include "sample_lists.hpp"

namespace rl::render {
namespace {

// What render_readinglist_md starts with: the front matter as model::to_yaml prints it.
std::string expected_front_matter(const model::ReadingList& list) {
  nlohmann::ordered_json matter = nlohmann::ordered_json::object();
  matter["layout"] = "post";
  matter["title"] = list.spec.title;
  if (list.spec.language) matter["lang"] = *list.spec.language;
  model::ReadingListSpec talk_and_site;
  talk_and_site.talk = list.spec.talk;
  talk_and_site.site = list.spec.site;
  const nlohmann::json spec = model::to_json(talk_and_site);
  if (spec.contains("talk")) matter["talk"] = nlohmann::ordered_json(spec.at("talk"));
  if (spec.contains("site")) matter["site"] = nlohmann::ordered_json(spec.at("site"));
  return "---\n" + model::to_yaml(matter) + "---\n";
}

// A list carrying `a` and `b` in every string field of the front matter, map keys included.
model::ReadingList list_with(const std::string& a, const std::string& b, bool numbers) {
  model::ReadingList list = testing::sample_list();
  list.spec.title = a;
  list.spec.language = b;
  model::Talk talk;
  talk.title = a;
  talk.url = b;
  talk.event = a + b;
  talk.date = b;
  model::Person speaker = testing::person(a);
  speaker.affiliation = b;
  speaker.handle = a;
  speaker.url = b;
  talk.speakers = {speaker, testing::person(b)};
  list.spec.talk = talk;
  model::SiteSpec site;
  site.image = b;
  site.theme = model::Theme::Dark;
  model::IngressSpec ingress;
  ingress.host = a;
  ingress.path = b;
  ingress.annotations = {{a, b}, {b + "x", a}};
  site.ingress = ingress;
  if (numbers) {
    site.enabled = true;
    site.replicas = 2;
  }
  list.spec.site = site;
  return list;
}

void expect_same_front_matter(const model::ReadingList& list) {
  std::string expected;
  try {
    expected = expected_front_matter(list);
  } catch (const std::exception&) {
    EXPECT_ANY_THROW(render_readinglist_md(list));
    return;
  }
  const std::string markdown = render_readinglist_md(list);
  EXPECT_EQ(markdown.substr(0, expected.size()), expected)
      << "title: '" << list.spec.title << "' language: '" << *list.spec.language << "'";
}

const std::vector<std::string>& tricky_strings() {
  static const std::vector<std::string> strings = {
      "",
      " ",
      "a",
      "post",
      "Five Years of Cloud-Native Rust: A Reading List",
      "Buoyant, Inc.",
      "https://kccncna2023.sched.com/event/1R2qn/x",
      "2023-11",
      "2023",
      "1.5",
      ".inf",
      "+1",
      "-a",
      "- a",
      "-",
      "?",
      "? a",
      "?a",
      ":",
      ":a",
      "a:",
      "a:b",
      "a: b",
      "a :b",
      "a:\tb",
      "a #b",
      "a#b",
      "a# b",
      "#a",
      "a ",
      " a",
      "a  b",
      "a,b",
      ",a",
      "[a]",
      "a[b]",
      "{a}",
      "a{b}",
      "&a",
      "a&b",
      "*a",
      "a*b",
      "!a",
      "a!b",
      "|a",
      "a|b",
      ">a",
      "a>b",
      "'a",
      "a'b",
      "\"a",
      "a\"b",
      "%a",
      "a%b",
      "@alpeb",
      "a@b",
      "`a",
      "a`b",
      "a\\b",
      "a\tb",
      "a\nb",
      "a\rb",
      "a\x7f",
      "a\x01",
      "a\x1f",
      "=",
      "<<",
      "~",
      "~a",
      "a~",
      "y",
      "Y",
      "yes",
      "Yes",
      "YES",
      "n",
      "N",
      "no",
      "No",
      "NO",
      "on",
      "On",
      "ON",
      "off",
      "Off",
      "OFF",
      "true",
      "True",
      "TRUE",
      "false",
      "False",
      "FALSE",
      "null",
      "Null",
      "NULL",
      "yes ",
      "nulls",
      "Yess",
      "caf\xC3\xA9",
      "\xC3\xA9t\xC3\xA9",
      "a\xC2\xA0",
      "a\xC2\x85",
      "\xEF\xBB\xBF"
      "a",
      "a\xE2\x80\xA8",
      "a\xFF",
      "\xC3",
      "a b: c # d",
      "a-b_c/d.e",
      "KubeCon + CloudNativeCon North America 2023",
      "A (b) c",
      "a; b",
      "a=b",
      "a?b",
      "a/b:",
  };
  return strings;
}

TEST(FrontMatter, MatchesYamlCppForTrickyStringsInEveryField) {
  for (const auto& a : tricky_strings()) {
    for (const auto& b : {std::string("plain"), std::string("a: b"), std::string("1")}) {
      expect_same_front_matter(list_with(a, b, false));
      expect_same_front_matter(list_with(b, a, false));
    }
  }
}

TEST(FrontMatter, MatchesYamlCppForSeededRandomStrings) {
  // Mostly characters YAML gives a meaning to, so that each rule is hit in every position.
  static constexpr std::string_view kAlphabet = "aZ09 :#-?,[]{}&*!|>'\"%@`.+~/\\\t\n_=<";
  std::mt19937 random(20231106);  // fixed seed: the same strings every run
  const auto random_string = [&] {
    std::string text;
    const std::size_t length = random() % 9;
    for (std::size_t i = 0; i < length; ++i) {
      const std::size_t pick = random() % (kAlphabet.size() + 3);
      if (pick < kAlphabet.size()) {
        text += kAlphabet[pick];
      } else {
        text += pick == kAlphabet.size() ? "\xC3\xA9" : pick == kAlphabet.size() + 1 ? "y" : "es";
      }
    }
    return text;
  };
  // The other field plain, so that the whole front matter takes the direct path when the random
  // string allows it.
  for (int i = 0; i < 2000; ++i) {
    expect_same_front_matter(list_with("Ab" + random_string(), "plain", false));
    expect_same_front_matter(list_with("Title", random_string(), false));
  }
}

TEST(FrontMatter, MatchesYamlCppForOtherScalarsAndAbsentParts) {
  expect_same_front_matter(list_with("Title", "en", true));
  model::ReadingList bare = testing::sample_list();
  bare.spec.talk.reset();
  bare.spec.language = "en";
  expect_same_front_matter(bare);
  model::ReadingList site_only = list_with("Title", "de", false);
  site_only.spec.talk.reset();
  expect_same_front_matter(site_only);
}

}  // namespace
}  // namespace rl::render
