// Every string field of a ReadingList (types.hpp, in order), set in turn to each hostile payload,
// then every content file rendered. The validator either refuses the value with an error naming
// that field, or the value is shown safely: escaped in index.html and feed.xml, plain text in
// readinglist.md, the exact string in readinglist.json. render() must stay safe even for a list
// the validator refuses (render.hpp), so the markup checks run on every case.
// Not here: status and the server's bookkeeping in metadata (uid, resourceVersion, timestamps,
// owner references, finalizers): the renderer reads none of them.
#include <cmark.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "output_checks.hpp"
#include "page_fixtures.hpp"
#include "readinglist/model/codec.hpp"
#include "readinglist/model/validate.hpp"
#include "readinglist/render/render.hpp"

namespace rl::render {
namespace {

using namespace page_testing;
using model::ReadingList;

enum class Kind { Text, Markdown, Other };  // Other: links, dates, names, patterns, site fields
enum Shown : unsigned { kNowhere = 0, kPage = 1, kFeed = 2 };

struct Field {
  std::string path;          // as the validator names it
  std::string json_pointer;  // where readinglist.json holds it; "" when it does not
  Kind kind;
  unsigned shown;  // where the value must appear (escaped) when accepted
  std::function<void(ReadingList&, const std::string&)> set;
};

void PrintTo(const Field& field, std::ostream* out) {
  *out << field.path;
}

using Set = std::function<void(model::Person&, const std::string&)>;

// name, url, affiliation and handle of the person at `path`.
void add_person(std::vector<Field>& fields, const std::string& path, const std::string& pointer,
                unsigned name_shown, std::function<model::Person&(ReadingList&)> person) {
  const auto at = [person](Set set) {
    return [person, set](ReadingList& l, const std::string& v) { set(person(l), v); };
  };
  const auto pointer_to = [&](const char* member) { return pointer + "/" + member; };
  fields.push_back({path + ".name", pointer_to("name"), Kind::Text, name_shown,
                    at([](model::Person& p, const std::string& v) { p.name = v; })});
  fields.push_back({path + ".url", pointer_to("url"), Kind::Other, kNowhere,
                    at([](model::Person& p, const std::string& v) { p.url = v; })});
  fields.push_back({path + ".affiliation", pointer_to("affiliation"), Kind::Text, kPage,
                    at([](model::Person& p, const std::string& v) { p.affiliation = v; })});
  fields.push_back({path + ".handle", pointer_to("handle"), Kind::Other, kNowhere,
                    at([](model::Person& p, const std::string& v) { p.handle = v; })});
}

model::Entry& entry(ReadingList& l, std::size_t section, std::size_t index) {
  return l.spec.sections.at(section).entries.at(index);
}

// Every string field of example_in_code() (which sets them all).
std::vector<Field> all_fields() {
  using L = ReadingList;
  using S = const std::string&;
  std::vector<Field> f = {
      {"metadata.name", "/metadata/name", Kind::Other, kNowhere,
       [](L& l, S v) { l.metadata.name = v; }},
      {"metadata.namespace", "/metadata/namespace", Kind::Other, kNowhere,
       [](L& l, S v) { l.metadata.namespace_ = v; }},
      {"metadata.labels[team]", "", Kind::Other, kNowhere,
       [](L& l, S v) { l.metadata.labels["team"] = v; }},
      {"metadata.annotations[note]", "", Kind::Other, kNowhere,
       [](L& l, S v) { l.metadata.annotations["note"] = v; }},
      {"spec.title", "/spec/title", Kind::Text, kPage | kFeed, [](L& l, S v) { l.spec.title = v; }},
      {"spec.subtitle", "/spec/subtitle", Kind::Text, kPage | kFeed,
       [](L& l, S v) { l.spec.subtitle = v; }},
      {"spec.description", "/spec/description", Kind::Markdown, kNowhere,
       [](L& l, S v) { l.spec.description = v; }},
      {"spec.language", "/spec/language", Kind::Other, kNowhere,
       [](L& l, S v) { l.spec.language = v; }},
      {"spec.talk.title", "/spec/talk/title", Kind::Text, kPage,
       [](L& l, S v) { l.spec.talk->title = v; }},
      {"spec.talk.url", "/spec/talk/url", Kind::Other, kNowhere,
       [](L& l, S v) { l.spec.talk->url = v; }},
      {"spec.talk.event", "/spec/talk/event", Kind::Text, kPage,
       [](L& l, S v) { l.spec.talk->event = v; }},
      {"spec.talk.date", "/spec/talk/date", Kind::Other, kNowhere,
       [](L& l, S v) { l.spec.talk->date = v; }},
      {"spec.epigraph.text", "/spec/epigraph/text", Kind::Text, kPage,
       [](L& l, S v) { l.spec.epigraph->text = v; }},
      {"spec.sections[0].title", "/spec/sections/0/title", Kind::Text, kPage,
       [](L& l, S v) { l.spec.sections[0].title = v; }},
      {"spec.sections[0].description", "/spec/sections/0/description", Kind::Markdown, kNowhere,
       [](L& l, S v) { l.spec.sections[0].description = v; }},
      {"spec.sections[0].entries[0].title", "/spec/sections/0/entries/0/title", Kind::Text,
       kPage | kFeed, [](L& l, S v) { entry(l, 0, 0).title = v; }},
      {"spec.sections[0].entries[0].url", "/spec/sections/0/entries/0/url", Kind::Other, kNowhere,
       [](L& l, S v) { entry(l, 0, 0).url = v; }},
      {"spec.sections[0].entries[0].source.name", "/spec/sections/0/entries/0/source/name",
       Kind::Text, kPage | kFeed, [](L& l, S v) { entry(l, 0, 0).source->name = v; }},
      {"spec.sections[0].entries[0].source.url", "/spec/sections/0/entries/0/source/url",
       Kind::Other, kNowhere, [](L& l, S v) { entry(l, 0, 0).source->url = v; }},
      {"spec.sections[0].entries[0].published", "/spec/sections/0/entries/0/published", Kind::Other,
       kNowhere, [](L& l, S v) { entry(l, 0, 0).published = v; }},
      {"spec.sections[1].entries[2].note", "/spec/sections/1/entries/2/note", Kind::Markdown,
       kNowhere, [](L& l, S v) { entry(l, 1, 2).note = v; }},
      {"spec.sections[1].entries[1].items[0].title", "/spec/sections/1/entries/1/items/0/title",
       Kind::Text, kPage | kFeed, [](L& l, S v) { entry(l, 1, 1).items[0].title = v; }},
      {"spec.sections[1].entries[1].items[0].url", "/spec/sections/1/entries/1/items/0/url",
       Kind::Other, kNowhere, [](L& l, S v) { entry(l, 1, 1).items[0].url = v; }},
      {"spec.sections[1].entries[1].items[0].description",
       "/spec/sections/1/entries/1/items/0/description", Kind::Text, kPage | kFeed,
       [](L& l, S v) { entry(l, 1, 1).items[0].description = v; }},
      {"spec.site.image", "/spec/site/image", Kind::Other, kNowhere,
       [](L& l, S v) { l.spec.site->image = v; }},
      {"spec.site.resources.limits[cpu]", "/spec/site/resources/limits/cpu", Kind::Other, kNowhere,
       [](L& l, S v) { l.spec.site->resources.emplace().limits["cpu"] = v; }},
      {"spec.site.ingress.host", "/spec/site/ingress/host", Kind::Other, kNowhere,
       [](L& l, S v) { l.spec.site->ingress->host = v; }},
      {"spec.site.ingress.path", "/spec/site/ingress/path", Kind::Other, kNowhere,
       [](L& l, S v) { l.spec.site->ingress->path = "/" + v; }},
      {"spec.site.ingress.className", "/spec/site/ingress/className", Kind::Other, kNowhere,
       [](L& l, S v) { l.spec.site->ingress->class_name = v; }},
      {"spec.site.ingress.tlsSecretName", "/spec/site/ingress/tlsSecretName", Kind::Other, kNowhere,
       [](L& l, S v) { l.spec.site->ingress->tls_secret_name = v; }},
      {"spec.site.ingress.annotations[example.com/note]",
       "/spec/site/ingress/annotations/example.com~1note", Kind::Other, kNowhere,
       [](L& l, S v) { l.spec.site->ingress->annotations["example.com/note"] = v; }},
  };
  add_person(f, "spec.talk.speakers[0]", "/spec/talk/speakers/0", kPage | kFeed,
             [](L& l) -> model::Person& { return l.spec.talk->speakers[0]; });
  add_person(f, "spec.epigraph.author", "/spec/epigraph/author", kPage,
             [](L& l) -> model::Person& { return *l.spec.epigraph->author; });
  add_person(f, "spec.sections[1].entries[0].authors[0]", "/spec/sections/1/entries/0/authors/0",
             kPage | kFeed, [](L& l) -> model::Person& { return entry(l, 1, 0).authors[0]; });
  return f;
}

constexpr const char* kPayloads[] = {
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "javascript:alert(1)",
    "{{7*7}}",
    "]]></x>",
    "</style><style>*{display:none}</style>",
    "-->",
    "<!--",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "a\xE2\x80\xA8"
    "b",  // U+2028, a line break to JavaScript
};

bool has_markup_characters(std::string_view text) {
  return text.find_first_of("<>&\"'") != std::string_view::npos;
}

// readinglist.md through a renderer that passes raw HTML (as Jekyll's does): plain text must
// stay text.
std::string permissive_markdown_html(const std::string& markdown) {
  const auto body = markdown.find("\n---\n", 4);  // after the front matter
  const std::string text = markdown.substr(body == std::string::npos ? 0 : body + 5);
  char* html = cmark_markdown_to_html(text.data(), text.size(), CMARK_OPT_UNSAFE);
  std::string out(html);
  std::free(html);
  return out;
}

const std::set<std::string>& markdown_tags() {
  static const std::set<std::string> tags = {"p",  "h1",   "h2",     "h3", "h4", "h5",
                                             "h6", "em",   "strong", "a",  "ul", "ol",
                                             "li", "code", "pre",    "br", "hr", "blockquote"};
  return tags;
}

// The checks every rendering must pass, whatever the validator said.
void expect_safe(const Content& content, const std::string& context) {
  const std::string& page = content.find("index.html")->data;
  EXPECT_THAT(html_problems(page, page_tags(), 1), ::testing::IsEmpty()) << context;
  const HtmlScan scan = scan_html(page);
  ASSERT_EQ(scan.scripts.size(), 1U) << context;
  EXPECT_TRUE(nlohmann::json::accept(scan.scripts[0])) << context;
  EXPECT_EQ(scan.scripts[0].find("\xE2\x80\xA8"), std::string::npos) << context;
  const std::string& feed = content.find("feed.xml")->data;
  EXPECT_EQ(xml_problem(feed), "") << context;
  EXPECT_EQ(feed.find("type=\"html\""), std::string::npos) << context;
  EXPECT_TRUE(nlohmann::json::accept(content.find("readinglist.json")->data)) << context;
}

// A value the validator accepted: escaped where it is shown, exact in readinglist.json.
void expect_faithful(const Field& field, const std::string& payload, const ReadingList& list,
                     const Content& content, const std::string& context) {
  const std::string& page = content.find("index.html")->data;
  const std::string& feed = content.find("feed.xml")->data;
  // In Markdown "&lt;" is already an escape, and the page rightly shows it as "<".
  if (field.kind != Kind::Markdown && has_markup_characters(payload)) {
    EXPECT_EQ(page.find(payload), std::string::npos) << context << ": unescaped in index.html";
    EXPECT_EQ(feed.find(payload), std::string::npos) << context << ": unescaped in feed.xml";
  }
  if (field.shown & kPage) {
    EXPECT_NE(decode_entities(page).find(payload), std::string::npos) << context << ": not shown";
  }
  if (field.shown & kFeed) {
    EXPECT_NE(decode_entities(feed).find(payload), std::string::npos) << context << ": not in feed";
  }
  const auto json = nlohmann::json::parse(content.find("readinglist.json")->data);
  if (!field.json_pointer.empty()) {
    EXPECT_EQ(json.at(nlohmann::json::json_pointer(field.json_pointer)), payload) << context;
  }
  auto back = model::from_json(json, "readinglist.json");
  ASSERT_TRUE(back) << context << ": " << back.error().to_string();
  EXPECT_EQ(back->spec, list.spec) << context;

  const std::string& markdown = content.find("readinglist.md")->data;
  if (field.kind == Kind::Text) {
    EXPECT_THAT(html_problems(permissive_markdown_html(markdown), markdown_tags(), 0),
                ::testing::IsEmpty())
        << context << "\n"
        << markdown;
  }
  const auto front_matter = YAML::Load(markdown.substr(4, markdown.find("\n---\n", 4) - 4));
  EXPECT_EQ(front_matter["title"].as<std::string>(), list.spec.title) << context;
}

class HostileField : public ::testing::TestWithParam<Field> {};

TEST_P(HostileField, IsRefusedByNameOrRenderedSafely) {
  const Field& field = GetParam();
  ASSERT_THAT(model::validate(example_in_code()), ::testing::IsEmpty());
  int accepted = 0;
  for (const std::string payload : kPayloads) {
    ReadingList list = example_in_code();
    field.set(list, payload);
    const std::string context = field.path + " = " + payload;
    const auto errors = model::validate(list);
    for (const model::FieldError& error : errors) {
      EXPECT_THAT(error.path, ::testing::StartsWith(field.path)) << error.to_string();
    }
    const Content content = render(list);
    expect_safe(content, context);
    // Every payload holds a character that could end an nginx directive, block or string.
    EXPECT_EQ(content.find("nginx.conf")->data.find(payload), std::string::npos) << context;
    if (errors.empty()) {
      ++accepted;
      expect_faithful(field, payload, list, content, context);
    }
  }
  // Text must be free text: most payloads are words a title may legitimately hold.
  if (field.kind != Kind::Other) {
    EXPECT_GE(accepted, 10) << field.path;
  }
}

INSTANTIATE_TEST_SUITE_P(EveryStringField, HostileField, ::testing::ValuesIn(all_fields()),
                         [](const ::testing::TestParamInfo<Field>& param) {
                           std::string name;
                           for (const char c : param.param.path) {
                             name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           }
                           return name;
                         });

// Links in the Markdown fields, in every form CommonMark has, to script and disguised URLs: the
// page and the feed get their text, never the link (a control character is refused outright).
TEST(HostileMarkdownLinks, ScriptUrlsNeverBecomeLinksInAnyForm) {
  constexpr const char* kUrls[] = {
      "javascript:alert(1)",       "JaVaScRiPt:alert(1)",
      "vbscript:msgbox(1)",        "data:text/html;base64,PHNjcmlwdD4=",
      "\x01javascript:alert(1)",   " javascript:alert(1)",
      "java\tscript:alert(1)",     "\njavascript:alert(1)",
      "&#106;avascript:alert(1)",  "jav&#x09;ascript:alert(1)",
      "javascript&colon;alert(1)", "%6Aavascript:alert(1)",
      "javascript%3Aalert(1)",     "//evil.example/x",
      "file:///etc/passwd",
  };
  constexpr const char* kForms[] = {
      "[click](URL)", "[click](<URL>)",         "[click](URL \"t\")",    "![img](URL)",
      "<URL>",        "[click][r]\n\n[r]: URL", "<a href=\"URL\">x</a>", "<img src=\"URL\">",
  };
  int checked = 0;
  for (const Field& field : all_fields()) {
    if (field.kind != Kind::Markdown) continue;
    for (const std::string url : kUrls) {
      for (std::string text : kForms) {
        text.replace(text.find("URL"), 3, url);
        ReadingList list = example_in_code();
        field.set(list, text);
        const std::string context = field.path + " = " + text;
        for (const model::FieldError& error : model::validate(list)) {
          EXPECT_EQ(error.path, field.path) << error.to_string();
        }
        expect_safe(render(list), context);
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 3 * 15 * 8);
}

}  // namespace
}  // namespace rl::render
