// Reading and writing Microsites: round trips through JSON and YAML, the strictness shared with
// the ReadingList codec (unknown fields, wrong types, apiVersion and kind, each with its path),
// hostile input, and YAML streams that mix both kinds.
#include "readinglist/model/microsite_codec.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "microsite_fixture.hpp"
#include "readinglist/model/codec.hpp"

namespace rl::model {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::minimal_microsite;
using testing::valid_microsite;

Microsite full_microsite() {
  Microsite site = valid_microsite();
  site.metadata.uid = "u-1";
  site.metadata.generation = 4;
  site.metadata.owner_references = {{"v1", "Namespace", "talks", "u-0", true, std::nullopt}};
  MicrositeStatus& status = site.status.emplace();
  status.observed_generation = 4;
  status.conditions = {
      {"Ready", "True", "Available", "Serving 3 lists.", "2024-03-01T10:00:00Z", 4}};
  status.lists = {5, 3};
  status.url = "https://kubecon.example.com/eu-2024/";
  status.content_hash = std::string(64, 'a');
  status.ready_replicas = 2;
  return site;
}

// The problems of a document that should not parse, as "path: message" (messages may carry
// a position after them).
std::vector<std::string> problems(const json& value) {
  auto parsed = microsite_from_json(value, "test");
  EXPECT_FALSE(parsed.has_value());
  if (parsed) return {};
  std::vector<std::string> out;
  for (const auto& field : parsed.error().fields)
    out.push_back(field.to_string());
  return out;
}

json minimal_json() {
  return to_json(minimal_microsite());
}

TEST(MicrositeCodec, FullMicrositeRoundTripsThroughJsonValueTextAndYaml) {
  const Microsite site = full_microsite();
  auto from_value = microsite_from_json(to_json(site), "test");
  ASSERT_TRUE(from_value.has_value()) << from_value.error().to_string();
  EXPECT_EQ(*from_value, site);
  auto from_text = parse_microsite_json(to_json(site).dump(), "test");
  ASSERT_TRUE(from_text.has_value()) << from_text.error().to_string();
  EXPECT_EQ(*from_text, site);
  auto from_yaml = parse_microsite_yaml(to_yaml(site), "test");
  ASSERT_TRUE(from_yaml.has_value()) << from_yaml.error().to_string();
  EXPECT_THAT(*from_yaml, ElementsAre(site));
}

TEST(MicrositeCodec, MinimalMicrositeGainsNoFields) {
  EXPECT_EQ(minimal_json(), json::parse(R"({"apiVersion": "readinglist.dev/v1alpha1",
      "kind": "Microsite", "metadata": {"name": "minimal"}, "spec": {"title": "Minimal"}})"));
}

TEST(MicrositeCodec, WritesTheApiSpellings) {
  const json out = to_json(full_microsite());
  EXPECT_EQ(out["spec"]["event"]["startDate"], "2024-03-19");
  EXPECT_EQ(out["spec"]["event"]["endDate"], "2024-03-22");
  EXPECT_EQ(out["spec"]["selector"]["matchLabels"]["readinglist.dev/event"], "kubecon-eu-2024");
  EXPECT_EQ(out["spec"]["selector"]["matchExpressions"][0],
            json::parse(R"({"key": "track", "operator": "In", "values": ["rust", "networking"]})"));
  EXPECT_EQ(out["spec"]["selector"]["matchExpressions"][1],
            json::parse(R"({"key": "example.com/draft", "operator": "DoesNotExist"})"));
  EXPECT_EQ(out["spec"]["order"]["by"], "names");
  EXPECT_EQ(out["spec"]["theme"], "dark");
  EXPECT_EQ(out["spec"]["site"]["ingress"]["tlsSecretName"], "kubecon-tls");
  EXPECT_EQ(out["status"]["lists"], json::parse(R"({"selected": 5, "valid": 3})"));
  EXPECT_EQ(out["status"]["contentHash"], std::string(64, 'a'));
}

TEST(MicrositeCodec, StatusCountersAreAlwaysWritten) {
  const json out = to_json(MicrositeStatus{});
  EXPECT_EQ(out, json::parse(R"({"observedGeneration": 0, "conditions": [],
      "lists": {"selected": 0, "valid": 0}, "readyReplicas": 0})"));
}

TEST(MicrositeCodec, OrderBySpellings) {
  for (const auto by :
       {MicrositeOrderBy::Title, MicrositeOrderBy::TalkDate, MicrositeOrderBy::Names}) {
    EXPECT_EQ(microsite_order_by_from_string(to_string(by)), by);
  }
  EXPECT_EQ(to_string(MicrositeOrderBy::TalkDate), "talk.date");
  EXPECT_EQ(microsite_order_by_from_string("Title"), std::nullopt);
}

TEST(MicrositeCodec, YamlKeepsTheReadingOrder) {
  const std::string yaml = to_yaml(full_microsite());
  const auto at = [&](std::string_view key) { return yaml.find(key); };
  EXPECT_TRUE(
      yaml.starts_with("apiVersion: readinglist.dev/v1alpha1\nkind: Microsite\nmetadata:\n"
                       "  name: kubecon-2024\n"))
      << yaml;
  EXPECT_LT(at("spec:"), at("status:"));
  EXPECT_LT(at("  title:"), at("  description:"));
  EXPECT_LT(at("  description:"), at("  event:"));
  EXPECT_LT(at("  event:"), at("  selector:"));
  EXPECT_LT(at("  selector:"), at("  order:"));
  EXPECT_LT(at("  order:"), at("  theme:"));
  EXPECT_LT(at("  theme:"), at("  site:"));
  EXPECT_LT(at("startDate:"), at("endDate:"));
  EXPECT_LT(at("key: track"), at("operator: In"));
}

TEST(MicrositeCodec, UnknownFieldsAreReportedAtTheirPaths) {
  json value = to_json(valid_microsite());
  value["spec"]["sections"] = json::array();
  value["spec"]["event"]["venue"] = "Paris";
  value["spec"]["selector"]["matchExpressions"][0]["value"] = "rust";
  value["spec"]["order"]["reverse"] = true;
  value["spec"]["site"]["enabled"] = true;  // a ReadingList's, not a Microsite's
  value["spec"]["site"]["ingress"]["tls"] = true;
  value["status"]["entryCount"] = 1;
  EXPECT_THAT(
      problems(value),
      ElementsAre("spec.event.venue: unknown field", "spec.order.reverse: unknown field",
                  "spec.sections: unknown field",
                  "spec.selector.matchExpressions[0].value: unknown field",
                  "spec.site.enabled: unknown field", "spec.site.ingress.tls: unknown field",
                  "status.entryCount: unknown field"));
}

TEST(MicrositeCodec, WrongTypesNameWhatWasExpected) {
  json value = minimal_json();
  value["spec"]["event"] = {{"name", "KubeCon"}, {"startDate", 2024}};
  value["spec"]["selector"] = {{"matchLabels", {{"track", 1}}},
                               {"matchExpressions", {{"key", "track"}}}};
  value["spec"]["order"] = {{"by", "names"}, {"names", "keynote"}};
  value["spec"]["site"] = {{"replicas", "2"}};
  value["spec"]["theme"] = true;
  EXPECT_THAT(problems(value),
              ElementsAre("spec.event.startDate: expected a string, got a number (quote it: "
                          "\"2024\")",
                          "spec.order.names: expected an array, got a string",
                          "spec.selector.matchExpressions: expected an array, got an object",
                          "spec.selector.matchLabels[track]: expected a string, got a number "
                          "(quote it: \"1\")",
                          "spec.site.replicas: expected an integer, got a string",
                          "spec.theme: expected a string, got a boolean (quote it: \"true\")"));
}

TEST(MicrositeCodec, UnknownEnumValuesListTheAllowedOnes) {
  json value = minimal_json();
  value["spec"]["order"] = {{"by", "date"}};
  value["spec"]["theme"] = "Sepia";
  EXPECT_THAT(problems(value),
              ElementsAre("spec.order.by: unsupported value \"date\" (expected one of title, "
                          "talk.date, names)",
                          "spec.theme: unsupported value \"Sepia\" (expected one of auto, light, "
                          "dark)"));
}

TEST(MicrositeCodec, OperatorsAreLeftToTheValidator) {
  json value = minimal_json();
  value["spec"]["selector"]["matchExpressions"] = {{{"key", "track"}, {"operator", "Near"}}};
  auto parsed = microsite_from_json(value, "test");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->spec.selector->match_expressions.at(0).operator_, "Near");
}

TEST(MicrositeCodec, EmptySelectorStaysPresent) {
  json value = minimal_json();
  value["spec"]["selector"] = json::object();
  auto parsed = microsite_from_json(value, "test");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->spec.selector, LabelSelector{});
  EXPECT_EQ(to_json(*parsed)["spec"]["selector"], json::object());
}

TEST(MicrositeCodec, ApiVersionAndKindMustBeMicrosite) {
  json value = minimal_json();
  value["kind"] = "ReadingList";
  value["apiVersion"] = "readinglist.dev/v1";
  EXPECT_THAT(problems(value), ElementsAre("apiVersion: must be \"readinglist.dev/v1alpha1\", got "
                                           "\"readinglist.dev/v1\"",
                                           "kind: must be \"Microsite\", got \"ReadingList\""));
  value.erase("kind");
  value.erase("apiVersion");
  EXPECT_THAT(problems(value), ElementsAre("apiVersion: must be \"readinglist.dev/v1alpha1\"",
                                           "kind: must be \"Microsite\""));
  EXPECT_THAT(problems(json::array()), ElementsAre("expected an object, got an array"));
}

TEST(MicrositeCodec, HostileStringsAreRefusedOrKeptVerbatim) {
  json value = minimal_json();
  value["spec"]["title"] = "bad \xC3\x28 utf-8";
  value["spec"]["selector"]["matchLabels"] = {{"ok", "\xFF"}};
  EXPECT_THAT(problems(value), ElementsAre("spec.selector.matchLabels[ok]: invalid UTF-8",
                                           "spec.title: invalid UTF-8"));
  // Control characters are valid JSON strings: the codec keeps them, the validator judges them.
  value = minimal_json();
  value["spec"]["title"] = std::string("nul\0\x1B", 5);
  auto parsed = microsite_from_json(value, "test");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->spec.title, std::string("nul\0\x1B", 5));
}

TEST(MicrositeCodec, JsonTextIsStrictAboutDuplicatesSyntaxAndSize) {
  auto duplicate = parse_microsite_json(
      R"({"kind": "Microsite", "spec": {"title": "a", "title": "b"}})", "ms.json");
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_THAT(duplicate.error().fields, ElementsAre(FieldError{"spec.title", "duplicate key"}));
  auto broken = parse_microsite_json("{\n  \"kind\": }", "ms.json");
  ASSERT_FALSE(broken.has_value());
  EXPECT_EQ(broken.error().line, 2);
  EXPECT_EQ(broken.error().source, "ms.json");
}

TEST(MicrositeYaml, ErrorsCarryTheirLineAndColumn) {
  auto parsed = parse_microsite_yaml(R"(apiVersion: readinglist.dev/v1alpha1
kind: Microsite
metadata:
  name: kubecon
spec:
  title: KubeCon
  event:
    name: KubeCon
    startDate: 2024
  selector:
    matchLabel:
      track: rust
)",
                                     "ms.yaml");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_THAT(
      parsed.error().fields,
      ElementsAre(FieldError{"spec.event.startDate",
                             "expected a string, got a number (quote it: \"2024\") (line 9, "
                             "column 16)"},
                  FieldError{"spec.selector.matchLabel", "unknown field (line 11, column 5)"}));
}

TEST(MicrositeYaml, OtherKindsAreRejectedNamingTheDocument) {
  auto parsed = parse_microsite_yaml(
      "kind: Microsite\napiVersion: readinglist.dev/v1alpha1\nmetadata: {name: a}\nspec: "
      "{title: A}\n---\nkind: ReadingList\n",
      "ms.yaml");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_THAT(parsed.error().message,
              HasSubstr("document 2: kind \"ReadingList\" is not a Microsite (expected apiVersion: "
                        "readinglist.dev/v1alpha1, kind: Microsite)"));
  EXPECT_EQ(parsed.error().line, 6);
}

TEST(MicrositeYaml, RefusesControlCharactersAndInvalidUtf8BeforeParsing) {
  constexpr char kWithNul[] = "kind: Microsite\nspec:\n  title: a\0b\n";
  auto nul = parse_microsite_yaml(std::string(kWithNul, sizeof kWithNul - 1), "x");
  ASSERT_FALSE(nul.has_value());
  EXPECT_THAT(nul.error().message, HasSubstr("control character U+0000"));
  EXPECT_EQ(nul.error().line, 3);
  auto latin1 = parse_microsite_yaml("kind: Microsite\nspec:\n  title: caf\xE9\n", "x");
  ASSERT_FALSE(latin1.has_value());
  EXPECT_THAT(latin1.error().message, HasSubstr("invalid UTF-8"));
}

constexpr std::string_view kMixed = R"(apiVersion: readinglist.dev/v1alpha1
kind: Microsite
metadata:
  name: kubecon
spec:
  title: KubeCon
  selector:
    matchLabels:
      event: kubecon
---
apiVersion: readinglist.dev/v1alpha1
kind: ReadingList
metadata:
  name: rust
  labels:
    event: kubecon
spec:
  title: Rust
  sections:
    - title: Links
      entries:
        - title: Example
          url: https://example.org/
---
apiVersion: v1
kind: List
items:
  - apiVersion: readinglist.dev/v1alpha1
    kind: Microsite
    metadata:
      name: second
    spec:
      title: Second
)";

TEST(ParseManifests, ReadsBothKindsInDocumentOrder) {
  auto parsed = parse_manifests_yaml(kMixed, "mixed.yaml");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().to_string();
  ASSERT_EQ(parsed->size(), 3u);
  ASSERT_TRUE(std::holds_alternative<Microsite>((*parsed)[0]));
  EXPECT_EQ(std::get<Microsite>((*parsed)[0]).spec.selector->match_labels.at("event"), "kubecon");
  ASSERT_TRUE(std::holds_alternative<ReadingList>((*parsed)[1]));
  EXPECT_EQ(std::get<ReadingList>((*parsed)[1]).metadata.name, "rust");
  ASSERT_TRUE(std::holds_alternative<Microsite>((*parsed)[2]));
  EXPECT_EQ(std::get<Microsite>((*parsed)[2]).metadata.name, "second");
}

TEST(ParseManifests, SingleKindReadersStillRefuseTheOtherKind) {
  auto lists = parse_yaml(kMixed, "mixed.yaml");
  ASSERT_FALSE(lists.has_value());
  EXPECT_THAT(lists.error().message,
              HasSubstr("document 1: kind \"Microsite\" is not a ReadingList"));
}

TEST(ParseManifests, OtherKindsNameBothAllowedOnes) {
  auto parsed = parse_manifests_yaml("apiVersion: v1\nkind: ConfigMap\n", "x.yaml");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().message,
            "document 1: kind \"ConfigMap\" is not a ReadingList or a Microsite (expected "
            "apiVersion: readinglist.dev/v1alpha1, kind: ReadingList or Microsite)");
  EXPECT_EQ(parsed.error().line, 2);
}

TEST(ParseManifests, MissingOrMistypedKindIsAFieldError) {
  auto missing = parse_manifests_yaml("apiVersion: readinglist.dev/v1alpha1\nspec: {}\n", "x");
  ASSERT_FALSE(missing.has_value());
  EXPECT_THAT(missing.error().fields,
              ElementsAre(FieldError{"kind", "must be ReadingList or Microsite"}));
  auto number = parse_manifests_yaml("kind: 3\n", "x");
  ASSERT_FALSE(number.has_value());
  EXPECT_THAT(number.error().fields,
              ElementsAre(FieldError{"kind",
                                     "expected a string (ReadingList or Microsite), got a "
                                     "number"}));
  auto scalar = parse_manifests_yaml("just text\n", "x");
  ASSERT_FALSE(scalar.has_value());
  EXPECT_THAT(scalar.error().message,
              HasSubstr("expected a mapping (a ReadingList or a Microsite), got a string"));
}

TEST(ParseManifests, ShapeErrorsOfEitherKindCarryTheirPaths) {
  std::string text(kMixed);
  text.replace(text.find("      event: kubecon"), 20, "      event: [kubecon]");
  auto parsed = parse_manifests_yaml(text, "mixed.yaml");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().document, 1);
  ASSERT_EQ(parsed.error().fields.size(), 1u);
  EXPECT_THAT(parsed.error().fields[0].to_string(),
              HasSubstr("spec.selector.matchLabels[event]: expected a string, got an array"));
}

TEST(ParseManifests, EmptyStreamHasNoManifests) {
  auto parsed = parse_manifests_yaml("---\n# nothing\n---\n", "x");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_THAT(*parsed, IsEmpty());
}

}  // namespace
}  // namespace rl::model
