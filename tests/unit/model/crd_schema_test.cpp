// The CRDs' OpenAPI schemas: both structural and documented at every depth, bounded everywhere
// (so CEL cost estimates pass); the ReadingList's with the limits, enums and patterns its
// validator uses (the Microsite's: microsite_crd_schema_test.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <string>

#include "crd_fixture.hpp"
#include "readinglist/model/limits.hpp"
#include "readinglist/model/patterns.hpp"
#include "readinglist/model/types.hpp"
#include "readinglist/model/validate.hpp"

namespace rl::model {
namespace {

using testing::is_envelope;
using testing::json;
using testing::schema;
using testing::spec_property;
using testing::walk;

// The rules every generated CRD keeps, whatever its kind.
struct CrdCase {
  const char* name;
  json (*schema)();
  int min_strings;
  int min_arrays;
  int min_patterns;
};

class EveryCrd : public ::testing::TestWithParam<CrdCase> {};

INSTANTIATE_TEST_SUITE_P(CrdSchema, EveryCrd,
                         ::testing::Values(CrdCase{"ReadingList", schema, 40, 6, 10},
                                           CrdCase{"Microsite", testing::microsite_schema, 20, 4,
                                                   10}),
                         [](const auto& test) { return std::string(test.param.name); });

TEST_P(EveryCrd, EveryPropertyHasADescriptionAndAType) {
  walk(GetParam().schema(), "", [](const std::string& path, const json& node) {
    if (path == ".metadata") {
      // The API server refuses anything but the type here, a description included.
      EXPECT_EQ(node, (json{{"type", "object"}}));
      return;
    }
    if (!path.ends_with("[]") && !path.ends_with("{}")) {
      EXPECT_TRUE(node.contains("description") && node["description"].is_string() &&
                  !node["description"].get<std::string>().empty())
          << path << " has no description";
    }
    EXPECT_TRUE(node.contains("type") || node.value("x-kubernetes-int-or-string", false))
        << path << " has no type";
  });
}

TEST_P(EveryCrd, EveryStringAndArrayIsBounded) {
  int strings = 0;
  int arrays = 0;
  walk(GetParam().schema(), "", [&](const std::string& path, const json& node) {
    const std::string type = node.value("type", "");
    if ((type == "string" || node.value("x-kubernetes-int-or-string", false)) &&
        !is_envelope(path)) {
      ++strings;
      EXPECT_TRUE(node.contains("maxLength") || node.contains("enum") || node.contains("format"))
          << path << " is an unbounded string";
    }
    if (type == "array") {
      ++arrays;
      EXPECT_TRUE(node.contains("maxItems")) << path << " has no maxItems";
      EXPECT_TRUE(node.contains("items")) << path << " has no items";
    }
  });
  EXPECT_GT(strings, GetParam().min_strings);
  EXPECT_GE(arrays, GetParam().min_arrays);
}

TEST_P(EveryCrd, UsesOnlyStructuralKeywordsAndRequiresOnlyDeclaredProperties) {
  static const std::set<std::string> kAllowed = {"description",
                                                 "type",
                                                 "format",
                                                 "default",
                                                 "enum",
                                                 "minimum",
                                                 "maximum",
                                                 "minLength",
                                                 "maxLength",
                                                 "minItems",
                                                 "maxItems",
                                                 "maxProperties",
                                                 "pattern",
                                                 "required",
                                                 "properties",
                                                 "items",
                                                 "additionalProperties",
                                                 "anyOf",
                                                 "x-kubernetes-int-or-string",
                                                 "x-kubernetes-list-type",
                                                 "x-kubernetes-list-map-keys",
                                                 "x-kubernetes-validations"};
  walk(GetParam().schema(), "", [](const std::string& path, const json& node) {
    for (const auto& [key, value] : node.items()) {
      EXPECT_TRUE(kAllowed.contains(key)) << path << " uses " << key;
    }
    for (const auto& name : node.value("required", json::array())) {
      EXPECT_TRUE(node["properties"].contains(name)) << path << " requires unknown " << name;
    }
    for (const auto& key : node.value("x-kubernetes-list-map-keys", json::array())) {
      const json& required = node["items"]["required"];
      EXPECT_NE(std::find(required.begin(), required.end(), key), required.end())
          << path << ": map key " << key;
    }
  });
}

TEST(CrdSchema, DefaultsSatisfyTheirOwnSchema) {
  int defaults = 0;
  walk(schema(), "", [&](const std::string& path, const json& node) {
    if (!node.contains("default")) return;
    ++defaults;
    const json& value = node["default"];
    if (node.contains("pattern")) {
      EXPECT_TRUE(std::regex_search(value.get<std::string>(),
                                    std::regex(node["pattern"].get<std::string>())))
          << path;
    }
    if (node.contains("enum")) {
      EXPECT_NE(std::find(node["enum"].begin(), node["enum"].end(), value), node["enum"].end())
          << path;
    }
    if (node.contains("maxLength")) {
      EXPECT_LE(value.get<std::string>().size(), node["maxLength"].get<std::size_t>()) << path;
    }
    if (node.contains("maximum")) {
      EXPECT_LE(value, node["maximum"]) << path;
    }
    if (node.contains("minimum")) {
      EXPECT_GE(value, node["minimum"]) << path;
    }
  });
  EXPECT_EQ(defaults, 7);  // language, type, enabled, replicas, image, theme, ingress.path
  EXPECT_EQ(spec_property("/properties/language/default"), kDefaultLanguage);
  EXPECT_EQ(spec_property("/properties/site/properties/image/default"), kDefaultImage);
  EXPECT_EQ(spec_property("/properties/site/properties/replicas/default"), 1);
  EXPECT_EQ(spec_property("/properties/site/properties/enabled/default"), true);
  EXPECT_EQ(spec_property("/properties/site/properties/theme/default"), "auto");
  EXPECT_EQ(spec_property("/properties/site/properties/ingress/properties/path/default"), "/");
  EXPECT_EQ(
      spec_property("/properties/sections/items/properties/entries/items/properties/type/default"),
      "Website");
}

TEST(CrdSchema, LimitsAreTheOnesInLimitsHpp) {
  EXPECT_EQ(spec_property("/properties/title/maxLength"), limits::kTitleMax);
  EXPECT_EQ(spec_property("/properties/title/minLength"), 1);
  EXPECT_EQ(spec_property("/properties/description/maxLength"), limits::kDescriptionMax);
  EXPECT_EQ(spec_property("/properties/sections/maxItems"), limits::kSectionsMax);
  EXPECT_EQ(spec_property("/properties/sections/minItems"), limits::kSectionsMin);
  const std::string entries = "/properties/sections/items/properties/entries";
  EXPECT_EQ(spec_property(entries + "/maxItems"), limits::kEntriesMax);
  EXPECT_EQ(spec_property(entries + "/minItems"), limits::kEntriesMin);
  EXPECT_EQ(spec_property(entries + "/items/properties/items/maxItems"), limits::kItemsMax);
  EXPECT_EQ(spec_property(entries + "/items/properties/url/maxLength"), limits::kUrlMax);
  EXPECT_EQ(spec_property(entries + "/items/properties/authors/maxItems"), limits::kAuthorsMax);
  EXPECT_EQ(spec_property("/properties/talk/properties/speakers/maxItems"), limits::kSpeakersMax);
  EXPECT_EQ(spec_property("/properties/site/properties/replicas/maximum"), limits::kReplicasMax);
  EXPECT_EQ(spec_property("/properties/site/properties/replicas/minimum"), limits::kReplicasMin);
  EXPECT_EQ(spec_property("/properties/site/properties/ingress/properties/host/maxLength"),
            limits::kHostMax);
  // The description says the same as the schema.
  EXPECT_NE(spec_property("/properties/title/description")
                .get<std::string>()
                .find("1 to " + std::to_string(limits::kTitleMax) + " characters."),
            std::string::npos);
}

TEST(CrdSchema, EnumsAreTheModelsSpellings) {
  json entry_types = json::array();
  for (const auto name : kEntryTypeNames)
    entry_types.push_back(name);
  EXPECT_EQ(
      spec_property("/properties/sections/items/properties/entries/items/properties/type/enum"),
      entry_types);
  json themes = json::array();
  for (const auto theme : {Theme::Auto, Theme::Light, Theme::Dark})
    themes.push_back(to_string(theme));
  EXPECT_EQ(spec_property("/properties/site/properties/theme/enum"), themes);
  EXPECT_EQ(schema()["properties"]["status"]["properties"]["conditions"]["items"]["properties"]
                    ["status"]["enum"],
            (json{"True", "False", "Unknown"}));
}

TEST(CrdSchema, CrossFieldRulesAreCel) {
  const json entry = spec_property("/properties/sections/items/properties/entries/items");
  ASSERT_EQ(entry["x-kubernetes-validations"].size(), 1u);
  EXPECT_EQ(entry["x-kubernetes-validations"][0]["rule"],
            "has(self.url) || (has(self.items) && size(self.items) > 0)");
  EXPECT_EQ(entry["x-kubernetes-validations"][0]["message"],
            "an entry needs a url unless it has items");
  EXPECT_EQ(entry["required"], (json{"title"}));

  const json root_rules = schema()["x-kubernetes-validations"];
  ASSERT_EQ(root_rules.size(), 2u);
  EXPECT_EQ(root_rules[0]["rule"],
            "size(self.metadata.name) <= " + std::to_string(limits::kNameMax));
  EXPECT_EQ(root_rules[1]["rule"],
            "self.metadata.name.matches('" + std::string(patterns::kListName) + "')");

  for (const std::string date : {"/properties/talk/properties/date",
                                 "/properties/sections/items/properties/entries/items/properties/"
                                 "published"}) {
    const json node = spec_property(date);
    EXPECT_EQ(node["pattern"], patterns::kPartialDate) << date;
    ASSERT_EQ(node["x-kubernetes-validations"].size(), 1u) << date;
    EXPECT_EQ(node["x-kubernetes-validations"][0]["message"], "must be a real calendar date");
  }
}

bool matches(const json& pattern, const std::string& value) {
  return std::regex_search(value, std::regex(pattern.get<std::string>()));
}

TEST_P(EveryCrd, EveryPatternCompilesAsEcmaScript) {
  int patterns = 0;
  walk(GetParam().schema(), "", [&](const std::string& path, const json& node) {
    if (!node.contains("pattern")) return;
    ++patterns;
    EXPECT_NO_THROW(std::regex(node["pattern"].get<std::string>())) << path;
  });
  EXPECT_GE(patterns, GetParam().min_patterns);
}

TEST(CrdSchema, UrlPatternsAcceptWebLinksAndRejectWhatTheValidatorRejects) {
  const std::string entry = "/properties/sections/items/properties/entries/items/properties";
  for (const std::string& pointer :
       {entry + "/url/pattern", entry + "/items/items/properties/url/pattern",
        entry + "/source/properties/url/pattern", entry + "/authors/items/properties/url/pattern",
        std::string("/properties/talk/properties/url/pattern")}) {
    const json pattern = spec_property(pointer);
    EXPECT_EQ(pattern, patterns::kWebUrl) << pointer;
    for (const std::string good : {"https://x", "http://example.com/a?b=c#d"}) {
      EXPECT_TRUE(matches(pattern, good)) << good;
      EXPECT_EQ(check_url(good, UrlKind::Web), "") << good;
    }
    // The validator may be stricter than the API server, never looser.
    for (const std::string bad : {"javascript:alert(1)", "ftp://example.com", "https://a b",
                                  "HTTPS://example.com", "//example.com", "mailto:a@b.c", ""}) {
      EXPECT_FALSE(matches(pattern, bad)) << bad;
      EXPECT_NE(check_url(bad, UrlKind::Web), "") << bad;
    }
  }
}

TEST(CrdSchema, OtherPatternsAgreeWithTheValidator) {
  const json date = spec_property("/properties/talk/properties/date/pattern");
  for (const std::string good : {"2018", "2023-01", "2019-05-09", "2024-02-29"}) {
    EXPECT_TRUE(matches(date, good)) << good;
    EXPECT_TRUE(is_partial_date(good)) << good;
  }
  for (const std::string bad : {"23", "2023-1", "2023-13", "2023-01-32", "2023/01/01", ""}) {
    EXPECT_FALSE(matches(date, bad)) << bad;
    EXPECT_FALSE(is_partial_date(bad)) << bad;
  }
  const json language = spec_property("/properties/language/pattern");
  for (const std::string good : {"en", "pt-BR", "zh-Hant-TW", "sr-Latn"}) {
    EXPECT_TRUE(matches(language, good)) << good;
  }
  for (const std::string bad : {"e", "en_US", "english!", "-en", ""}) {
    EXPECT_FALSE(matches(language, bad)) << bad;
  }
  const json handle = spec_property(
      "/properties/talk/properties/speakers/items/properties/"
      "handle/pattern");
  for (const std::string good : {"@alpeb", "alpeb", "@user@host.social"}) {
    EXPECT_TRUE(matches(handle, good)) << good;
  }
  for (const std::string bad : {"@", "two words", "<b>"})
    EXPECT_FALSE(matches(handle, bad)) << bad;
  const std::string ingress = "/properties/site/properties/ingress/properties";
  const json host = spec_property(ingress + "/host/pattern");
  for (const std::string good : {"lists.example.com", "*.example.com", "localhost"}) {
    EXPECT_TRUE(matches(host, good)) << good;
  }
  for (const std::string bad : {"Example.com", "-a.com", "a..b", "a.com.", "http://a.com"}) {
    EXPECT_FALSE(matches(host, bad)) << bad;
  }
  const json path = spec_property(ingress + "/path/pattern");
  EXPECT_TRUE(matches(path, "/"));
  EXPECT_TRUE(matches(path, "/lists/rust"));
  EXPECT_FALSE(matches(path, "lists"));
  EXPECT_FALSE(matches(path, "/a b"));
  const std::regex name(std::string(patterns::kListName));
  for (const std::string good : {"rust", "five-years-of-rust", "a1"}) {
    EXPECT_TRUE(std::regex_match(good, name)) << good;
    EXPECT_TRUE(is_dns1123_label(good)) << good;
  }
  for (const std::string bad : {"1rust", "rust-", "Rust", "a.b"}) {
    EXPECT_FALSE(std::regex_match(bad, name)) << bad;
  }
}
}  // namespace
}  // namespace rl::model
