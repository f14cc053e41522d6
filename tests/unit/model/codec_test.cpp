#include "readinglist/model/codec.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace rl::model {

void PrintTo(const FieldError& error, std::ostream* out) {
  *out << '"' << error.to_string() << '"';
}

namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

ReadingList full_list() {
  ReadingList list;
  auto& meta = list.metadata;
  meta.name = "rust";
  meta.namespace_ = "talks";
  meta.uid = "0b7c1f4e-1111-2222-3333-444455556666";
  meta.resource_version = "4711";
  meta.generation = 3;
  meta.creation_timestamp = "2024-01-02T03:04:05Z";
  meta.deletion_timestamp = "2024-02-02T03:04:05Z";
  meta.deletion_grace_period_seconds = 0;
  meta.labels = {{"team", "web"}};
  meta.annotations = {{"note", "é ✓"}};
  meta.owner_references = {{"v1", "Namespace", "talks", "u-1", true, false}};
  meta.finalizers = {"readinglist.dev/cleanup"};

  auto& spec = list.spec;
  spec.title = "Five Years of Cloud-Native Rust";
  spec.subtitle = "A reading list";
  spec.description = "Intro *with* Markdown.";
  spec.language = "en-US";
  spec.talk = Talk{"Five Years",
                   "https://example.org/talk",
                   "KubeCon",
                   "2023-11",
                   {{"Eliza Weisman", std::nullopt, "Buoyant, Inc.", std::nullopt}}};
  spec.epigraph = Epigraph{"It works.", Person{"Alejandro Pedraza", "https://github.com/alpeb",
                                               "Linkerd maintainer", "@alpeb"}};
  Entry post;
  post.type = EntryType::BlogPost;
  post.title = "Queue the Hardening Enhancements";
  post.url = "https://security.googleblog.com/2019/05/queue-hardening-enhancements.html";
  post.authors = {{"Jeff Vander Stoep", std::nullopt, "Android", std::nullopt}};
  post.source = Source{"Google Security Blog", "https://security.googleblog.com/"};
  post.published = "2019-05-09";
  post.note = "Why memory safety matters.";
  Entry projects;
  projects.type = EntryType::Collection;
  projects.title = "Open Source Projects";
  projects.items = {{"Tokio", "https://tokio.rs/", "Rust's async runtime"},
                    {"Hyper", "https://hyper.rs", std::nullopt}};
  Entry bare;
  bare.title = "rust-lang.org";
  bare.url = "https://www.rust-lang.org/";
  spec.sections = {Section{"Why Rust?", "Section *intro*", {post, bare}},
                   Section{"Linkerd", std::nullopt, {projects}}};
  SiteSpec site;
  site.enabled = true;
  site.replicas = 2;
  site.image = "mirror.example.org/nginx:1.27";
  site.resources = ResourceRequirements{{{"cpu", "1"}, {"memory", "64Mi"}}, {{"cpu", "0.5"}}};
  site.theme = Theme::Dark;
  site.ingress = IngressSpec{"rust.example.org",
                             "/talks",
                             "nginx",
                             "rust-tls",
                             {{"cert-manager.io/cluster-issuer", "letsencrypt"}}};
  spec.site = site;

  ReadingListStatus status;
  status.observed_generation = 3;
  status.conditions = {{"Ready", "True", "Available", "Serving", "2024-01-02T03:04:06Z", 3}};
  status.entry_count = 3;
  status.section_count = 2;
  status.url = "https://rust.example.org/talks";
  status.content_hash = "sha256:abc";
  status.ready_replicas = 2;
  list.status = status;
  return list;
}

// A minimal valid object to which a test adds one problem.
json minimal() {
  return json::parse(R"({
    "apiVersion": "readinglist.dev/v1alpha1", "kind": "ReadingList",
    "metadata": {"name": "rust"},
    "spec": {"title": "T", "sections": [{"title": "S", "entries": [
      {"title": "E0", "url": "https://a.example"}, {"title": "E1", "url": "https://b.example"}]}]}
  })");
}

std::vector<FieldError> errors_of(const json& value) {
  auto result = from_json(value, "test.json");
  if (result) return {};
  EXPECT_EQ(result.error().source, "test.json");
  return result.error().fields;
}

TEST(JsonCodec, FullListRoundTripsThroughJsonValueAndText) {
  const ReadingList list = full_list();
  const json encoded = to_json(list);
  auto decoded = from_json(encoded, "x");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, list);
  auto reparsed = parse_json(encoded.dump(), "x");
  ASSERT_TRUE(reparsed) << reparsed.error().to_string();
  EXPECT_EQ(*reparsed, list);
  EXPECT_EQ(to_json(*reparsed), encoded);
}

TEST(JsonCodec, WritesCamelCaseNames) {
  const json encoded = to_json(full_list());
  EXPECT_EQ(encoded["apiVersion"], "readinglist.dev/v1alpha1");
  EXPECT_EQ(encoded["kind"], "ReadingList");
  EXPECT_EQ(encoded["metadata"]["ownerReferences"][0]["blockOwnerDeletion"], false);
  EXPECT_EQ(encoded["metadata"]["deletionGracePeriodSeconds"], 0);
  EXPECT_EQ(encoded["spec"]["site"]["ingress"]["className"], "nginx");
  EXPECT_EQ(encoded["spec"]["site"]["ingress"]["tlsSecretName"], "rust-tls");
  EXPECT_EQ(encoded["spec"]["site"]["theme"], "dark");
  EXPECT_EQ(encoded["spec"]["sections"][0]["entries"][0]["type"], "BlogPost");
  EXPECT_EQ(encoded["status"]["observedGeneration"], 3);
  EXPECT_EQ(encoded["status"]["entryCount"], 3);
  EXPECT_EQ(encoded["status"]["sectionCount"], 2);
  EXPECT_EQ(encoded["status"]["contentHash"], "sha256:abc");
  EXPECT_EQ(encoded["status"]["readyReplicas"], 2);
  EXPECT_EQ(encoded["status"]["conditions"][0]["lastTransitionTime"], "2024-01-02T03:04:06Z");
}

TEST(JsonCodec, WritesOnlyPresentFieldsButAlwaysRequiredArrays) {
  ReadingList list;
  list.spec.title = "T";
  list.spec.sections = {Section{"S", std::nullopt, {}}};
  const json expected = {
      {"apiVersion", "readinglist.dev/v1alpha1"},
      {"kind", "ReadingList"},
      {"metadata", json::object()},
      {"spec", {{"title", "T"}, {"sections", {{{"title", "S"}, {"entries", json::array()}}}}}}};
  EXPECT_EQ(to_json(list), expected);
}

TEST(JsonCodec, JsonTextRoundTripsToTheSameJson) {
  const json text = minimal();
  auto decoded = from_json(text, "x");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(to_json(*decoded), text);
}

TEST(JsonCodec, AcceptsWhatTheApiServerSendsAndDropsManagedFields) {
  json object = minimal();
  object["metadata"] = json::parse(R"({
    "name": "rust", "namespace": "talks", "uid": "u", "resourceVersion": "12",
    "generation": 2, "creationTimestamp": "2024-01-01T00:00:00Z", "selfLink": "/apis/x",
    "generateName": "rust-", "labels": {"a": "b"}, "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}"},
    "finalizers": ["f"], "deletionTimestamp": null,
    "managedFields": [{"manager": "kubectl", "operation": "Apply", "fieldsType": "FieldsV1",
                       "fieldsV1": {"f:spec": {}}, "time": "2024-01-01T00:00:00Z"}]})");
  object["status"] = json::parse(R"({"observedGeneration": 1, "conditions": [
    {"type": "Ready", "status": "False", "reason": "Progressing", "message": "",
     "lastTransitionTime": "2024-01-01T00:00:00Z", "observedGeneration": 1}]})");
  auto decoded = parse_json(object.dump(), "<api>");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->metadata.generation, 2);
  EXPECT_EQ(decoded->metadata.generate_name, "rust-");
  EXPECT_FALSE(decoded->metadata.deletion_timestamp.has_value());
  ASSERT_TRUE(decoded->status.has_value());
  EXPECT_EQ(decoded->status->conditions.at(0).reason, "Progressing");
  const json encoded = to_json(*decoded);
  EXPECT_FALSE(encoded["metadata"].contains("managedFields"));
  EXPECT_FALSE(encoded["metadata"].contains("selfLink"));
}

TEST(JsonCodec, StatusIsWrittenOnlyWhenPresent) {
  auto decoded = from_json(minimal(), "x");
  ASSERT_TRUE(decoded);
  EXPECT_FALSE(decoded->status.has_value());
  EXPECT_FALSE(to_json(*decoded).contains("status"));
}

TEST(JsonCodec, NullMeansAbsent) {
  json object = minimal();
  object["spec"]["subtitle"] = nullptr;
  object["spec"]["site"] = nullptr;
  object["spec"]["sections"][0]["entries"][0]["type"] = nullptr;
  auto decoded = from_json(object, "x");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_FALSE(decoded->spec.subtitle.has_value());
  EXPECT_FALSE(decoded->spec.site.has_value());
  EXPECT_FALSE(decoded->spec.sections[0].entries[0].type.has_value());
}

TEST(JsonCodec, MissingRequiredFieldsAreLeftToTheValidator) {
  json object = minimal();
  object["spec"].erase("title");
  object["spec"]["sections"][0]["entries"][0].erase("title");
  auto decoded = from_json(object, "x");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->spec.title, "");
}

TEST(JsonCodec, QuantitiesAcceptStringsAndNumbersAsText) {
  json object = minimal();
  object["spec"]["site"] = json::parse(
      R"({"resources": {"limits": {"cpu": 1, "memory": "64Mi"}, "requests": {"cpu": 0.5}}})");
  auto decoded = from_json(object, "x");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  const auto& resources = decoded->spec.site->resources;
  ASSERT_TRUE(resources.has_value());
  EXPECT_EQ(resources->limits.at("cpu"), "1");
  EXPECT_EQ(resources->limits.at("memory"), "64Mi");
  EXPECT_EQ(resources->requests.at("cpu"), "0.5");
  object["spec"]["site"]["resources"]["limits"]["cpu"] = true;
  EXPECT_THAT(errors_of(object),
              ElementsAre(FieldError{"spec.site.resources.limits[cpu]",
                                     "expected a string or a number, got a boolean"}));
}

TEST(JsonCodec, UnknownFieldIsReportedAtItsOwnPath) {
  json object = minimal();
  object["spec"]["sections"][0]["entries"][1]["titel"] = "typo";
  EXPECT_THAT(errors_of(object),
              ElementsAre(FieldError{"spec.sections[0].entries[1].titel", "unknown field"}));
}

TEST(JsonCodec, UnknownMetadataAndTopLevelFieldsAreRejected) {
  json object = minimal();
  object["metadata"]["clusterName"] = "x";
  object["extra"] = 1;
  EXPECT_THAT(errors_of(object),
              UnorderedElementsAre(FieldError{"extra", "unknown field"},
                                   FieldError{"metadata.clusterName", "unknown field"}));
}

TEST(JsonCodec, NumberWhereStringExpectedSuggestsQuoting) {
  json object = minimal();
  object["spec"]["sections"][0]["entries"][0]["published"] = 2019;
  object["spec"]["subtitle"] = true;
  EXPECT_THAT(
      errors_of(object),
      UnorderedElementsAre(
          FieldError{"spec.sections[0].entries[0].published",
                     "expected a string, got a number (quote it: \"2019\")"},
          FieldError{"spec.subtitle", "expected a string, got a boolean (quote it: \"true\")"}));
}

TEST(JsonCodec, WrongTypesNameWhatWasExpectedAndWhatCame) {
  const auto one_error = [](const char* pointer, json value) {
    json object = minimal();
    object[json::json_pointer(pointer)] = std::move(value);
    const auto errors = errors_of(object);
    return errors.size() == 1 ? errors[0] : FieldError{"", "not exactly one error"};
  };
  EXPECT_EQ(one_error("/spec", json::array()),
            (FieldError{"spec", "expected an object, got an array"}));
  EXPECT_EQ(one_error("/spec/sections", json::object()),
            (FieldError{"spec.sections", "expected an array, got an object"}));
  EXPECT_EQ(one_error("/spec/sections/0/entries/1", nullptr),
            (FieldError{"spec.sections[0].entries[1]", "expected an object, got null"}));
  EXPECT_EQ(one_error("/spec/title", json::array()),
            (FieldError{"spec.title", "expected a string, got an array"}));
  EXPECT_EQ(one_error("/spec/site", {{"replicas", "3"}}),
            (FieldError{"spec.site.replicas", "expected an integer, got a string"}));
  EXPECT_EQ(one_error("/spec/site", {{"replicas", 1.5}}),
            (FieldError{"spec.site.replicas", "expected an integer, got a number"}));
  EXPECT_EQ(one_error("/spec/site", {{"enabled", "yes"}}),
            (FieldError{"spec.site.enabled", "expected a boolean, got a string"}));
  EXPECT_EQ(one_error("/metadata/generation", 18446744073709551615ULL),
            (FieldError{"metadata.generation", "integer out of range"}));
  EXPECT_EQ(
      one_error("/metadata/labels", {{"app", 1}}),
      (FieldError{"metadata.labels[app]", "expected a string, got a number (quote it: \"1\")"}));
  EXPECT_EQ(
      one_error("/metadata/finalizers", {"ok", 2}),
      (FieldError{"metadata.finalizers[1]", "expected a string, got a number (quote it: \"2\")"}));
}

TEST(JsonCodec, UnknownEnumValuesListTheAllowedOnes) {
  json object = minimal();
  object["spec"]["sections"][0]["entries"][0]["type"] = "Blog";
  object["spec"]["site"] = {{"theme", "blue"}};
  EXPECT_THAT(
      errors_of(object),
      UnorderedElementsAre(
          FieldError{"spec.sections[0].entries[0].type",
                     "unsupported value \"Blog\" (expected one of BlogPost, Article, Talk, Video, "
                     "Podcast, Paper, Book, Website, Project, Collection)"},
          FieldError{"spec.site.theme",
                     "unsupported value \"blue\" (expected one of auto, light, dark)"}));
}

TEST(JsonCodec, ApiVersionAndKindMustBeReadingList) {
  json object = minimal();
  object["apiVersion"] = "v1";
  object.erase("kind");
  EXPECT_THAT(
      errors_of(object),
      ElementsAre(FieldError{"apiVersion", "must be \"readinglist.dev/v1alpha1\", got \"v1\""},
                  FieldError{"kind", "must be \"ReadingList\""}));
  object = minimal();
  object["kind"] = 7;
  EXPECT_THAT(errors_of(object),
              ElementsAre(FieldError{"kind", "expected a string, got a number (quote it: \"7\")"}));
}

TEST(JsonCodec, TopLevelMustBeAnObject) {
  EXPECT_THAT(errors_of(json::array()),
              ElementsAre(FieldError{"", "expected an object, got an array"}));
}

TEST(JsonCodec, InvalidUtf8IsRejectedSoEncodingCannotThrow) {
  json object = minimal();
  object["spec"]["title"] = std::string("bad \xC3\x28 text");
  object["metadata"]["annotations"] = {{std::string("k\xFF"), "v"}};
  EXPECT_THAT(errors_of(object),
              UnorderedElementsAre(
                  FieldError{"spec.title", "invalid UTF-8"},
                  FieldError{"metadata.annotations[k\xEF\xBF\xBD]", "invalid UTF-8 in key"}));
  object = minimal();
  object["spec"][std::string("\xFF")] = 1;
  const auto errors = errors_of(object);
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_NO_THROW((void)json(errors[0].to_string()).dump());
}

TEST(JsonCodec, AllErrorsAreCollectedAtOnce) {
  json object = minimal();
  object["spec"]["title"] = 1;
  object["spec"]["sections"][0]["entries"][0]["url"] = false;
  object["spec"]["sections"][0]["entries"][1]["authors"] = {{{"name", "A"}, {"nmae", "B"}}};
  object["metadata"]["name"] = json::object();
  EXPECT_THAT(errors_of(object),
              UnorderedElementsAre(
                  FieldError{"spec.title", "expected a string, got a number (quote it: \"1\")"},
                  FieldError{"spec.sections[0].entries[0].url",
                             "expected a string, got a boolean (quote it: \"false\")"},
                  FieldError{"spec.sections[0].entries[1].authors[0].nmae", "unknown field"},
                  FieldError{"metadata.name", "expected a string, got an object"}));
}

TEST(ParseJson, SyntaxErrorCarriesLineAndColumn) {
  auto result = parse_json("{\n  \"spec\": x\n}", "list.json");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().line, 2);
  EXPECT_EQ(result.error().column, 11);
  EXPECT_THAT(result.error().message, ::testing::HasSubstr("syntax error"));
  EXPECT_THAT(result.error().to_string(), ::testing::StartsWith("list.json:2:11: syntax error"));
}

TEST(ParseJson, RejectsInputOverTheSizeLimit) {
  const std::string huge(9 * 1024 * 1024, ' ');
  auto result = parse_json(huge, "big.json");
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, ::testing::HasSubstr("more than the limit"));
}

TEST(ParseErrorText, PrintsSyntaxErrorsLikeACompiler) {
  ParseError error{"list.yaml", 12, 5, 0, "mapping values are not allowed here", {}};
  EXPECT_EQ(error.to_string(), "list.yaml:12:5: mapping values are not allowed here");
  error.column = 0;
  EXPECT_EQ(error.to_string(), "list.yaml:12: mapping values are not allowed here");
}

TEST(ParseErrorText, PrintsOneLinePerFieldWithTheDocument) {
  ParseError error{"list.yaml", 0, 0, 2, "", {{"spec.title", "bad"}, {"", "whole"}}};
  EXPECT_EQ(error.to_string(),
            "list.yaml (document 2): spec.title: bad\nlist.yaml (document 2): whole");
  error.document = 0;
  EXPECT_EQ(error.to_string(), "list.yaml: spec.title: bad\nlist.yaml: whole");
}

}  // namespace
}  // namespace rl::model
