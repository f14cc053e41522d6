// validate(const Microsite&): every rule of the Microsite API with the path it reports, the
// label selector as the API server checks it, and hostile text.
#include "readinglist/model/microsite_validate.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "microsite_fixture.hpp"
#include "readinglist/model/limits.hpp"
#include "validate_fixture.hpp"

namespace rl::model {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::minimal_microsite;
using testing::only_problem;
using testing::problems;
using testing::repeat;
using testing::valid_microsite;

LabelSelectorRequirement requirement(std::string key, std::string op,
                                     std::vector<std::string> values = {}) {
  LabelSelectorRequirement out;
  out.key = std::move(key);
  out.operator_ = std::move(op);
  out.values = std::move(values);
  return out;
}

Microsite with_expression(LabelSelectorRequirement expression) {
  Microsite site = minimal_microsite();
  site.spec.selector.emplace().match_expressions = {std::move(expression)};
  return site;
}

Microsite with_label(std::string key, std::string value) {
  Microsite site = minimal_microsite();
  site.spec.selector.emplace().match_labels = {{std::move(key), std::move(value)}};
  return site;
}

Microsite with_event(std::optional<std::string> start, std::optional<std::string> end) {
  Microsite site = minimal_microsite();
  EventSpec& event = site.spec.event.emplace();
  event.name = "KubeCon";
  event.start_date = std::move(start);
  event.end_date = std::move(end);
  return site;
}

TEST(ValidateMicrosite, AcceptsAFullAndAMinimalMicrosite) {
  EXPECT_THAT(problems(valid_microsite()), IsEmpty());
  EXPECT_THAT(problems(minimal_microsite()), IsEmpty());
}

TEST(ValidateMicrosite, RequiresNameAndTitle) {
  Microsite site;
  EXPECT_THAT(problems(site), ElementsAre("metadata.name: is required", "spec.title: is required"));
}

TEST(ValidateMicrosite, NameLeavesRoomForTheMicrositeSuffix) {
  Microsite site = minimal_microsite();
  site.metadata.name = repeat("a", limits::kMicrositeNameMax);
  EXPECT_THAT(problems(site), IsEmpty());
  site.metadata.name += "b";
  EXPECT_EQ(only_problem(site),
            "metadata.name: must be at most 53 characters (got 54), so that \"NAME-microsite\" is "
            "a valid Service name");
  site.metadata.name = "Kubecon";
  EXPECT_THAT(only_problem(site), HasSubstr("metadata.name: must consist of lower-case"));
}

TEST(ValidateMicrosite, BoundsTitleDescriptionAndLanguage) {
  Microsite site = minimal_microsite();
  site.spec.title = repeat("t", limits::kTitleMax + 1);
  EXPECT_EQ(only_problem(site), "spec.title: must be at most 200 characters (got 201)");
  site = minimal_microsite();
  site.spec.description = repeat("d", limits::kDescriptionMax + 1);
  EXPECT_THAT(only_problem(site), HasSubstr("spec.description: must be at most 16384"));
  site = minimal_microsite();
  site.spec.language = "english please";
  EXPECT_EQ(only_problem(site),
            "spec.language: must be a BCP 47 language tag such as \"en\" or \"pt-BR\"");
}

TEST(ValidateMicrosite, RejectsHostileText) {
  Microsite site = minimal_microsite();
  site.spec.title =
      "Kube\xE2\x80\xAE"
      "Con";  // U+202E RIGHT-TO-LEFT OVERRIDE
  EXPECT_THAT(only_problem(site), HasSubstr("spec.title: must not contain bidirectional control"));
  site.spec.title = "Kube\xC3\x28";
  EXPECT_THAT(only_problem(site), HasSubstr("spec.title: must be valid UTF-8"));
  site.spec.title = "Line\nbreak";
  EXPECT_THAT(only_problem(site), HasSubstr("spec.title: must be a single line"));
  site = minimal_microsite();
  site.spec.description = std::string("nul\0byte", 8);
  EXPECT_THAT(only_problem(site), HasSubstr("spec.description: must not contain control"));
  site = with_event(std::nullopt, std::nullopt);
  site.spec.event->location = "Paris\x1B[2J";
  EXPECT_THAT(only_problem(site), HasSubstr("spec.event.location: must not contain control"));
}

TEST(ValidateMicrosite, EventNeedsANameAndAWebUrl) {
  Microsite site = with_event(std::nullopt, std::nullopt);
  site.spec.event->name.clear();
  site.spec.event->url = "javascript:alert(1)";
  EXPECT_THAT(problems(site), ElementsAre("spec.event.name: is required",
                                          "spec.event.url: scheme \"javascript\" is not allowed"));
}

TEST(ValidateMicrosite, EventDatesArePartialDatesThatExist) {
  EXPECT_THAT(problems(with_event("2024", "2024-03-22")), IsEmpty());
  EXPECT_THAT(only_problem(with_event("2024-02-30", std::nullopt)),
              HasSubstr("spec.event.startDate: is not a real calendar date"));
  EXPECT_THAT(only_problem(with_event(std::nullopt, "22/03/2024")),
              HasSubstr("spec.event.endDate: must be a date written YYYY"));
}

TEST(ValidateMicrosite, EndDateMustNotBeBeforeStartDate) {
  EXPECT_EQ(only_problem(with_event("2024-03-19", "2024-03-18")),
            "spec.event.endDate: must not be before startDate (\"2024-03-19\")");
  EXPECT_THAT(only_problem(with_event("2024-04", "2024-03-31")),
              HasSubstr("spec.event.endDate: must not be before"));
  EXPECT_THAT(problems(with_event("2024-03-19", "2024-03-19")), IsEmpty());
  // Dates of different precision overlap when they agree on the part both have.
  EXPECT_THAT(problems(with_event("2024-03-19", "2024-03")), IsEmpty());
  EXPECT_THAT(problems(with_event("2024", "2024-01-01")), IsEmpty());
  // A date that is itself wrong is reported once, not compared.
  EXPECT_THAT(problems(with_event("2024-13", "2024-01")), ::testing::SizeIs(1));
}

TEST(ValidateMicrosite, SelectorLabelKeysAreQualifiedNames) {
  EXPECT_THAT(problems(with_label("app.kubernetes.io/part-of", "kubecon")), IsEmpty());
  EXPECT_THAT(problems(with_label(repeat("k", 63), "v")), IsEmpty());
  for (const std::string& key :
       {std::string("-track"), std::string("Example.com/x"), std::string("example.com/"),
        std::string("a/b/c"), repeat("k", 64), std::string("tr ack"), std::string("\xFF")}) {
    EXPECT_THAT(only_problem(with_label(key, "v")), HasSubstr("must be a label key")) << key;
  }
  EXPECT_THAT(only_problem(with_label("a/b/c", "v")),
              HasSubstr("spec.selector.matchLabels[a/b/c]: must be a label key"));
  EXPECT_THAT(only_problem(with_label("\xFF", "v")),
              HasSubstr("spec.selector.matchLabels[\\xFF]: must be a label key"));
}

TEST(ValidateMicrosite, SelectorLabelValuesAreKubernetesLabelValues) {
  EXPECT_THAT(problems(with_label("track", "")), IsEmpty());
  EXPECT_THAT(problems(with_label("track", "Rust_2024.v1")), IsEmpty());
  EXPECT_THAT(problems(with_label("track", repeat("v", 63))), IsEmpty());
  EXPECT_EQ(only_problem(with_label("track", repeat("v", 64))),
            "spec.selector.matchLabels[track]: must be at most 63 characters (got 64)");
  for (const char* value : {"-rust", "rust.", "r ust", "r/ust", "caf\xC3\xA9"}) {
    EXPECT_THAT(only_problem(with_label("track", value)),
                HasSubstr("spec.selector.matchLabels[track]: must be a label value"))
        << value;
  }
}

TEST(ValidateMicrosite, InAndNotInNeedValues) {
  EXPECT_EQ(only_problem(with_expression(requirement("track", "In"))),
            "spec.selector.matchExpressions[0].values: must not be empty when operator is In");
  EXPECT_EQ(only_problem(with_expression(requirement("track", "NotIn"))),
            "spec.selector.matchExpressions[0].values: must not be empty when operator is NotIn");
  EXPECT_THAT(problems(with_expression(requirement("track", "NotIn", {"rust"}))), IsEmpty());
}

TEST(ValidateMicrosite, ExistsAndDoesNotExistTakeNoValues) {
  EXPECT_THAT(problems(with_expression(requirement("track", "Exists"))), IsEmpty());
  EXPECT_EQ(only_problem(with_expression(requirement("track", "DoesNotExist", {"rust"}))),
            "spec.selector.matchExpressions[0].values: must be empty when operator is "
            "DoesNotExist");
}

TEST(ValidateMicrosite, RejectsUnknownOrMissingOperatorsAndBadKeysAndValues) {
  // Operators are case-sensitive, as the API server has them.
  EXPECT_EQ(only_problem(with_expression(requirement("track", "in", {"rust"}))),
            "spec.selector.matchExpressions[0].operator: must be In, NotIn, Exists or "
            "DoesNotExist (got \"in\")");
  EXPECT_EQ(only_problem(with_expression(requirement("track", ""))),
            "spec.selector.matchExpressions[0].operator: is required");
  EXPECT_EQ(only_problem(with_expression(requirement("", "Exists"))),
            "spec.selector.matchExpressions[0].key: must not be empty");
  EXPECT_THAT(only_problem(with_expression(requirement("track", "In", {"ok", "not ok"}))),
              HasSubstr("spec.selector.matchExpressions[0].values[1]: must be a label value"));
}

TEST(ValidateMicrosite, BoundsSelectorCounts) {
  Microsite site = with_expression(
      requirement("track", "In", std::vector<std::string>(limits::kMatchValuesMax + 1, "v")));
  EXPECT_EQ(only_problem(site),
            "spec.selector.matchExpressions[0].values: must have at most 64 items (got 65)");
  site = minimal_microsite();
  site.spec.selector.emplace().match_expressions.assign(limits::kMatchExpressionsMax + 1,
                                                        requirement("track", "Exists"));
  EXPECT_EQ(only_problem(site),
            "spec.selector.matchExpressions: must have at most 32 items (got 33)");
}

TEST(ValidateMicrosite, OrderNamesOnlyWithByNames) {
  Microsite site = minimal_microsite();
  site.spec.order.emplace().names = {"keynote"};
  EXPECT_EQ(only_problem(site),
            "spec.order.names: is only allowed when by is \"names\" (by is \"title\")");
  site.spec.order->by = MicrositeOrderBy::TalkDate;
  EXPECT_THAT(only_problem(site), HasSubstr("(by is \"talk.date\")"));
  site.spec.order->by = MicrositeOrderBy::Names;
  EXPECT_THAT(problems(site), IsEmpty());
  site.spec.order->names.clear();
  EXPECT_EQ(only_problem(site), "spec.order.names: is required when by is \"names\"");
}

TEST(ValidateMicrosite, OrderNamesAreDistinctSubdomains) {
  Microsite site = minimal_microsite();
  MicrositeOrder& order = site.spec.order.emplace();
  order.by = MicrositeOrderBy::Names;
  order.names = {"keynote", "Keynote", "keynote", "", "a.b"};
  EXPECT_THAT(problems(site),
              ElementsAre(HasSubstr("spec.order.names[1]: must be the name of a ReadingList"),
                          "spec.order.names[2]: duplicate name \"keynote\"",
                          HasSubstr("spec.order.names[3]: must be the name of a ReadingList"
                                    ": a DNS-1123 subdomain")));
}

TEST(ValidateMicrosite, SiteUsesTheReadingListSiteRules) {
  Microsite site = valid_microsite();
  site.spec.site->replicas = 11;
  site.spec.site->image = "nginx; rm -rf /";
  site.spec.site->resources->limits["cpu"] = "lots";
  site.spec.site->ingress->host = "Kubecon.Example.com";
  site.spec.site->ingress->path = "/a;b";
  site.spec.site->ingress->tls_secret_name = "TLS";
  site.spec.site->ingress->annotations["bad key"] = "x";
  EXPECT_THAT(problems(site),
              ElementsAre(HasSubstr("spec.site.replicas: must be between 0 and 10 (got 11)"),
                          HasSubstr("spec.site.image: must be a container image reference"),
                          HasSubstr("spec.site.resources.limits[cpu]: must be a quantity"),
                          HasSubstr("spec.site.ingress.host: must be a lower-case DNS name"),
                          HasSubstr("spec.site.ingress.path: must be an absolute path"),
                          HasSubstr("spec.site.ingress.tlsSecretName: must be a DNS-1123"),
                          HasSubstr("spec.site.ingress.annotations[bad key]: must be an")));
}

TEST(ValidateMicrosite, ReportsEveryProblemInDocumentOrder) {
  Microsite site = valid_microsite();
  site.metadata.name = "";
  site.spec.title = "";
  site.spec.event->url = "ftp://example.com";
  site.spec.selector->match_expressions[0].operator_ = "Maybe";
  site.spec.order->names.push_back("keynote");
  site.spec.site->replicas = -1;
  EXPECT_THAT(problems(site), ElementsAre("metadata.name: is required", "spec.title: is required",
                                          HasSubstr("spec.event.url:"),
                                          HasSubstr("spec.selector.matchExpressions[0].operator:"),
                                          HasSubstr("spec.order.names[2]: duplicate"),
                                          HasSubstr("spec.site.replicas:")));
}

}  // namespace
}  // namespace rl::model
