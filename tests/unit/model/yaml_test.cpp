#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "readinglist/model/codec.hpp"

namespace rl::model {

void PrintTo(const FieldError& error, std::ostream* out) {
  *out << '"' << error.to_string() << '"';
}

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr const char* kHeader = "apiVersion: readinglist.dev/v1alpha1\nkind: ReadingList\n";

// A valid document with `extra` lines appended under `spec.sections[0].entries[0]`.
std::string document(const std::string& title, const std::string& extra = "") {
  return std::string(kHeader) + "metadata:\n  name: " + title + "\nspec:\n  title: " + title +
         "\n  sections:\n    - title: S\n      entries:\n        - title: E\n" +
         "          url: https://example.org\n" + extra;
}

ParseError failure_of(const std::string& text) {
  auto result = parse_yaml(text, "list.yaml");
  if (result) return ParseError{"", 0, 0, 0, "parsed without error", {}};
  return result.error();
}

TEST(ParseYaml, ReadsEveryDocumentAndSkipsEmptyOnes) {
  const std::string text =
      document("one") + "---\n# only a comment\n---\n" + document("two") + "---\n";
  auto lists = parse_yaml(text, "list.yaml");
  ASSERT_TRUE(lists) << lists.error().to_string();
  ASSERT_THAT(*lists, SizeIs(2));
  EXPECT_EQ((*lists)[0].spec.title, "one");
  EXPECT_EQ((*lists)[1].spec.title, "two");
  EXPECT_EQ((*lists)[1].spec.sections.at(0).entries.at(0).url, "https://example.org");
}

TEST(ParseYaml, EmptyStreamHasNoLists) {
  auto lists = parse_yaml("# nothing\n", "empty.yaml");
  ASSERT_TRUE(lists);
  EXPECT_TRUE(lists->empty());
}

TEST(ParseYaml, ListKindContributesItsItems) {
  auto indent = [](const std::string& text) {
    std::string out;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
      out += "    " + line + "\n";
    return out;
  };
  std::string one = document("one");
  std::string two = document("two");
  one.replace(0, 0, "- ");
  two.replace(0, 0, "- ");
  const std::string text =
      "apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: \"\"\nitems:\n" +
      indent(one).substr(2) + indent(two).substr(2);
  auto lists = parse_yaml(text, "list.yaml");
  ASSERT_TRUE(lists) << lists.error().to_string() << "\n" << text;
  ASSERT_THAT(*lists, SizeIs(2));
  EXPECT_EQ((*lists)[1].spec.title, "two");
}

TEST(ParseYaml, ErrorsInListItemsArePrefixedWithTheItem) {
  const std::string list_text =
      "kind: List\nitems:\n  - apiVersion: readinglist.dev/v1alpha1\n"
      "    kind: ReadingList\n"
      "  - apiVersion: readinglist.dev/v1alpha1\n"
      "    kind: ReadingList\n"
      "    spek: {}\n";
  const auto error = failure_of(list_text);
  EXPECT_EQ(error.document, 1);
  EXPECT_THAT(error.fields,
              ElementsAre(FieldError{"items[1].spek", "unknown field (line 7, column 5)"}));
}

TEST(ParseYaml, OtherKindsAreRejectedNamingTheDocument) {
  const auto error = failure_of(document("one") + "---\napiVersion: v1\nkind: Namespace\n");
  EXPECT_EQ(error.document, 2);
  EXPECT_THAT(error.message, HasSubstr("document 2: kind \"Namespace\" is not a ReadingList"));
  EXPECT_EQ(error.line, 14);
  EXPECT_EQ(error.column, 7);
}

TEST(ParseYaml, SyntaxErrorCarriesLineAndColumn) {
  const auto error = failure_of("spec:\n  title: [unclosed\n  other: 1\n");
  EXPECT_GT(error.line, 1);
  EXPECT_GT(error.column, 0);
  EXPECT_FALSE(error.message.empty());
  EXPECT_THAT(error.to_string(), ::testing::StartsWith("list.yaml:" + std::to_string(error.line)));
}

TEST(ParseYaml, DuplicateKeysAreRejectedWithTheirPosition) {
  const auto error = failure_of(document("one") + "          title: again\n");
  EXPECT_EQ(error.message, "duplicate key \"title\"");
  EXPECT_EQ(error.line, 12);
  EXPECT_EQ(error.column, 11);
  EXPECT_EQ(error.document, 1);
}

TEST(ParseYaml, MappingKeysMustBeStrings) {
  const auto error = failure_of(document("one") + "          1: x\n");
  EXPECT_EQ(error.message, "mapping keys must be strings, got a number (quote it: \"1\")");
  EXPECT_EQ(error.line, 12);
}

TEST(ParseYaml, PlainNumberWhereStringExpectedIsReportedWithHintAndPosition) {
  const auto error = failure_of(document("one") + "          published: 2019\n");
  EXPECT_EQ(error.document, 1);
  EXPECT_THAT(error.fields,
              ElementsAre(FieldError{"spec.sections[0].entries[0].published",
                                     "expected a string, got a number (quote it: \"2019\") (line "
                                     "12, column 22)"}));
}

TEST(ParseYaml, HintRepeatsTheNumberAsWritten) {
  const auto error = failure_of(document("one") + "          published: 2019.10\n");
  ASSERT_THAT(error.fields, SizeIs(1));
  EXPECT_THAT(error.fields[0].message, HasSubstr("(quote it: \"2019.10\")"));
}

TEST(ParseYaml, QuotedScalarsStayStringsAndPlainOnesFollowTheCoreSchema) {
  const std::string extra =
      "          published: \"2019\"\n"
      "          note: yes\n"  // YAML 1.2: not a boolean
      "  subtitle: ~\n"
      "  description: 'true'\n"
      "  site:\n"
      "    enabled: False\n"
      "    replicas: 0x3\n"
      "    theme: !!str dark\n"
      "    resources:\n"
      "      limits: {cpu: 0o10, memory: 1e3}\n"
      "      requests: {cpu: \"0.5\"}\n";
  auto lists = parse_yaml(document("one", extra), "list.yaml");
  ASSERT_TRUE(lists) << lists.error().to_string();
  const auto& spec = lists->at(0).spec;
  EXPECT_EQ(spec.sections[0].entries[0].published, "2019");
  EXPECT_EQ(spec.sections[0].entries[0].note, "yes");
  EXPECT_FALSE(spec.subtitle.has_value());
  EXPECT_EQ(spec.description, "true");
  ASSERT_TRUE(spec.site.has_value());
  EXPECT_EQ(spec.site->enabled, false);
  EXPECT_EQ(spec.site->replicas, 3);
  EXPECT_EQ(spec.site->theme, Theme::Dark);
  EXPECT_EQ(spec.site->resources->limits.at("cpu"), "8");
  EXPECT_EQ(spec.site->resources->limits.at("memory"), "1000.0");
  EXPECT_EQ(spec.site->resources->requests.at("cpu"), "0.5");
}

TEST(ParseYaml, CoreSchemaIntegersKeepSignsAndOnlyCoreForms) {
  std::string text = document("one");
  text.replace(text.find("metadata:\n"), 10,
               "metadata:\n  generation: -17\n  deletionGracePeriodSeconds: +30\n"
               "  labels: {a: 1_000, b: 0b11, c: 1:20, d: 0x1F_}\n");
  auto lists = parse_yaml(text, "list.yaml");
  ASSERT_TRUE(lists) << lists.error().to_string();
  const auto& meta = lists->at(0).metadata;
  EXPECT_EQ(meta.generation, -17);
  EXPECT_EQ(meta.deletion_grace_period_seconds, 30);
  const std::map<std::string, std::string> labels = {
      {"a", "1_000"}, {"b", "0b11"}, {"c", "1:20"}, {"d", "0x1F_"}};
  EXPECT_EQ(meta.labels, labels);
}

TEST(ParseYaml, LeadingZeroDecimalIsANumberAndTheHintKeepsItsZero) {
  std::string text = document("one");
  text.replace(text.find("metadata:\n"), 10, "metadata:\n  labels: {zip: 012}\n");
  const auto error = failure_of(text);
  EXPECT_THAT(error.fields, ElementsAre(FieldError{"metadata.labels[zip]",
                                                   "expected a string, got a number (quote it: "
                                                   "\"012\") (line 4, column 17)"}));
}

TEST(ParseYaml, ListItemOfAnotherKindIsRejected) {
  const auto error = failure_of("kind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n");
  EXPECT_THAT(error.message,
              HasSubstr("document 1: items[0]: kind \"ConfigMap\" is not a ReadingList"));
  EXPECT_EQ(error.line, 4);
}

TEST(ParseYaml, NonFiniteNumbersAreNotSilentlyAccepted) {
  const auto error = failure_of(document("one") +
                                "  subtitle: .inf\n  site:\n    replicas: .nan\n"
                                "    resources: {limits: {cpu: -.Inf}}\n");
  EXPECT_THAT(error.fields,
              ::testing::UnorderedElementsAre(
                  FieldError{"spec.subtitle",
                             "expected a string, got a number (quote it: \".inf\") (line 12, "
                             "column 13)"},
                  FieldError{"spec.site.replicas",
                             "expected an integer, got a number (line 14, column 15)"},
                  FieldError{"spec.site.resources.limits[cpu]",
                             "must be a finite number (line 15, column 31)"}));
}

TEST(ParseYaml, UnknownFieldPointsAtTheKey) {
  const auto error = failure_of(document("one") + "          titel: x\n");
  EXPECT_THAT(error.fields, ElementsAre(FieldError{"spec.sections[0].entries[0].titel",
                                                   "unknown field (line 12, column 11)"}));
}

TEST(ParseYaml, UnsupportedTagsAreRejected) {
  const auto error = failure_of(document("one") + "  subtitle: !secret x\n");
  EXPECT_EQ(error.message, "unsupported tag \"!secret\"");
  EXPECT_EQ(error.line, 12);
}

TEST(ParseYaml, AliasBombIsRejectedByTheNodeBudget) {
  std::string text = std::string(kHeader) + "metadata:\n  annotations:\n    a0: &a0 [lol, lol]\n";
  for (int level = 1; level <= 30; ++level) {
    const std::string prev = "*a" + std::to_string(level - 1);
    text += "    a" + std::to_string(level) + ": &a" + std::to_string(level) + " [" + prev + ", " +
            prev + "]\n";
  }
  const auto error = failure_of(text);
  EXPECT_THAT(error.message, HasSubstr("YAML nodes once aliases are expanded"));
}

TEST(ParseYaml, AliasedLongStringsAreRejectedByTheByteBudget) {
  std::string text = std::string(kHeader) + "spec:\n  title: &t " + std::string(1 << 20, 'x') +
                     "\n  x: &l [*t, *t, *t, *t, *t, *t, *t, *t]\n  y: [*l, *l]\n";
  const auto error = failure_of(text);
  EXPECT_THAT(error.message, HasSubstr("bytes of text once aliases are expanded"));
}

TEST(ParseYaml, SelfReferencingAliasIsRejected) {
  const auto error = failure_of(std::string(kHeader) + "spec: &s\n  title: *s\n");
  EXPECT_FALSE(error.message.empty());
}

TEST(ParseYaml, DeepNestingIsRejected) {
  std::string shallow_enough(60, '[');
  shallow_enough += std::string(60, ']');
  EXPECT_EQ(failure_of(document("one") + "  x: " + shallow_enough + "\n").fields,
            (std::vector<FieldError>{{"spec.x", "unknown field (line 12, column 3)"}}));
  std::string deep(100, '[');
  deep += std::string(100, ']');
  EXPECT_THAT(failure_of(document("one") + "  x: " + deep + "\n").message,
              HasSubstr("nested deeper than 64 levels"));
  std::string very_deep(5000, '[');
  very_deep += std::string(5000, ']');
  const auto error = failure_of("x: " + very_deep + "\n");
  EXPECT_FALSE(error.message.empty());
  EXPECT_TRUE(error.fields.empty());
}

TEST(ParseYaml, RejectsInputOverTheSizeLimit) {
  const auto error = failure_of(std::string(9 * 1024 * 1024, '#'));
  EXPECT_THAT(error.message, HasSubstr("more than the limit"));
}

TEST(ParseYaml, ShapeErrorsOfADocumentAreCollectedTogether) {
  const auto error = failure_of(document("one") + "---\n" +
                                document("two", "          type: Blog\n  language: 5\n"));
  EXPECT_EQ(error.document, 2);
  EXPECT_THAT(error.fields, SizeIs(2));
  EXPECT_THAT(error.to_string(), HasSubstr("list.yaml (document 2): spec.language: expected a "
                                           "string, got a number (quote it: \"5\")"));
}

TEST(ParseYaml, YamlToJsonRoundTripIsTheIdentity) {
  const std::string extra =
      "          type: Collection\n"
      "          items:\n"
      "            - {title: Tokio, url: \"https://tokio.rs/\", description: runtime}\n"
      "  talk: {title: T, date: \"2023-11\", speakers: [{name: Eliza, handle: \"@e\"}]}\n"
      "  epigraph: {text: quote, author: {name: A}}\n"
      "  site: {ingress: {host: h.example.org, annotations: {a: b}}, resources: {}}\n";
  auto lists = parse_yaml(document("one", extra), "list.yaml");
  ASSERT_TRUE(lists) << lists.error().to_string();
  auto again = parse_json(to_json(lists->at(0)).dump(), "list.json");
  ASSERT_TRUE(again) << again.error().to_string();
  EXPECT_EQ(*again, lists->at(0));
}

TEST(ParseYaml, TheWorkedExampleParsesWithoutErrors) {
  std::ifstream file(std::string(RL_SOURCE_DIR) + "/examples/five-years-of-cloud-native-rust.yaml");
  ASSERT_TRUE(file) << "example manifest missing";
  std::stringstream text;
  text << file.rdbuf();
  auto lists = parse_yaml(text.str(), "five-years-of-cloud-native-rust.yaml");
  ASSERT_TRUE(lists) << lists.error().to_string();
  ASSERT_THAT(*lists, SizeIs(1));
  EXPECT_EQ(lists->at(0).metadata.name, "five-years-of-cloud-native-rust");
  EXPECT_GE(lists->at(0).spec.sections.size(), 3U);
}

}  // namespace
}  // namespace rl::model
