#include "readinglist/observe/metrics.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <thread>

#include "prometheus_text.hpp"

namespace rl::observe {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(Metrics, CounterFamilyRendersHelpTypeAndOneLinePerSeriesSortedByLabels) {
  Registry registry;
  auto& reconciles = registry.counter("controller_runtime_reconcile_total",
                                      "Total number of reconciliations", {"controller", "result"});
  reconciles.with({"readinglist", "success"}).inc(3);
  reconciles.with({"readinglist", "error"}).inc();
  EXPECT_EQ(registry.render_text(),
            "# HELP controller_runtime_reconcile_total Total number of reconciliations\n"
            "# TYPE controller_runtime_reconcile_total counter\n"
            "controller_runtime_reconcile_total{controller=\"readinglist\",result=\"error\"} 1\n"
            "controller_runtime_reconcile_total{controller=\"readinglist\",result=\"success\"} "
            "3\n");
}

TEST(Metrics, FamiliesAppearInNameOrderWhateverTheRegistrationOrder) {
  Registry registry;
  registry.gauge("zeta", "z").with({}).set(1);
  registry.counter("alpha_total", "a").with({}).inc();
  const auto text = registry.render_text();
  EXPECT_LT(text.find("alpha_total"), text.find("zeta"));
  EXPECT_EQ(text, registry.render_text()) << "same state, same bytes";
}

TEST(Metrics, SeriesWithoutLabelsHasNoBraces) {
  Registry registry;
  registry.gauge("up", "1 when up").with({}).set(1);
  EXPECT_THAT(registry.render_text(), HasSubstr("\nup 1\n"));
}

TEST(Metrics, LabelValuesEscapeBackslashQuoteAndNewline) {
  EXPECT_EQ(escape_label_value(R"(a\b"c)"
                               "\nd"),
            R"(a\\b\"c\nd)");
  Registry registry;
  registry.counter("odd_total", "odd", {"path"}).with({"C:\\x \"y\"\nz"}).inc();
  EXPECT_THAT(registry.render_text(), HasSubstr(R"(odd_total{path="C:\\x \"y\"\nz"} 1)"));
}

TEST(Metrics, HelpEscapesBackslashAndNewlineButNotQuotes) {
  EXPECT_EQ(escape_help("a \"quoted\" \\ and\nmore"), "a \"quoted\" \\\\ and\\nmore");
}

TEST(Metrics, ValuesUseShortestRoundTripAndPrometheusSpellingsOfSpecialValues) {
  EXPECT_EQ(format_value(0), "0");
  EXPECT_EQ(format_value(1), "1");
  EXPECT_EQ(format_value(0.005), "0.005");
  EXPECT_EQ(format_value(-2.5), "-2.5");
  EXPECT_EQ(format_value(HUGE_VAL), "+Inf");
  EXPECT_EQ(format_value(-HUGE_VAL), "-Inf");
  EXPECT_EQ(format_value(std::nan("")), "NaN");
}

TEST(Metrics, HistogramBucketsAreCumulativeAndEndInInfWithSumAndCount) {
  Registry registry;
  auto& latency = registry.histogram("req_seconds", "latency", {"verb"}, {0.1, 1});
  auto& get = latency.with({"GET"});
  get.observe(0.05);
  get.observe(0.1);  // on the bound: le is "less or equal"
  get.observe(0.5);
  get.observe(7);
  EXPECT_THAT(registry.render_text(), HasSubstr("req_seconds_bucket{verb=\"GET\",le=\"0.1\"} 2\n"
                                                "req_seconds_bucket{verb=\"GET\",le=\"1\"} 3\n"
                                                "req_seconds_bucket{verb=\"GET\",le=\"+Inf\"} 4\n"
                                                "req_seconds_sum{verb=\"GET\"} 7.65\n"
                                                "req_seconds_count{verb=\"GET\"} 4\n"));
}

TEST(Metrics, NanObservationsGoToTheInfBucketOnly) {
  Histogram histogram(std::make_shared<const std::vector<double>>(std::vector<double>{1.0}));
  histogram.observe(std::nan(""));
  const auto snapshot = histogram.snapshot();
  EXPECT_EQ(snapshot.cumulative, (std::vector<std::uint64_t>{0, 1}));
}

TEST(Metrics, FunctionSeriesAreReadAtScrapeTime) {
  Registry registry;
  double depth = 1;
  registry.gauge("workqueue_depth", "depth", {"name"}).with_function({"q"}, [&] { return depth; });
  EXPECT_THAT(registry.render_text(), HasSubstr("workqueue_depth{name=\"q\"} 1\n"));
  depth = 42;
  EXPECT_THAT(registry.render_text(), HasSubstr("workqueue_depth{name=\"q\"} 42\n"));
}

TEST(Metrics, RegisteringTheSameShapeTwiceReturnsTheSameFamily) {
  Registry registry;
  auto& a = registry.counter("x_total", "x", {"a"});
  auto& b = registry.counter("x_total", "x", {"a"});
  EXPECT_EQ(&a, &b);
  a.with({"1"}).inc();
  EXPECT_EQ(b.with({"1"}).value(), 1u);
}

TEST(Metrics, ProgrammingErrorsThrow) {
  Registry registry;
  registry.counter("x_total", "x", {"a"});
  EXPECT_THROW(registry.gauge("x_total", "x", {"a"}), std::invalid_argument);
  EXPECT_THROW(registry.counter("x_total", "x", {"b"}), std::invalid_argument);
  EXPECT_THROW(registry.counter("x_total", "x", {"a"}).with({"1", "2"}), std::invalid_argument);
  EXPECT_THROW(registry.counter("9lives", "x"), std::invalid_argument);
  EXPECT_THROW(registry.counter("y_total", "x", {"__reserved"}), std::invalid_argument);
  EXPECT_THROW(registry.counter("y_total", "x", {"a", "a"}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("h", "x", {"le"}, {1}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("h2", "x", {}, {2, 1}), std::invalid_argument);
  registry.histogram("h3", "x", {}, {1});
  EXPECT_THROW(registry.histogram("h3", "x", {}, {1, 2}), std::invalid_argument);
  auto& gauge = registry.gauge("g", "x", {"k"});
  gauge.with({"direct"}).set(1);
  EXPECT_THROW(gauge.with_function({"direct"}, [] { return 0.0; }), std::invalid_argument);
  gauge.with_function({"read"}, [] { return 0.0; });
  EXPECT_THROW(gauge.with({"read"}), std::invalid_argument);
}

TEST(Metrics, NameGrammar) {
  EXPECT_TRUE(is_valid_metric_name("rest_client_requests_total"));
  EXPECT_TRUE(is_valid_metric_name("ns:rule:rate5m"));
  EXPECT_FALSE(is_valid_metric_name(""));
  EXPECT_FALSE(is_valid_metric_name("has-dash"));
  EXPECT_TRUE(is_valid_label_name("le"));
  EXPECT_FALSE(is_valid_label_name("with:colon"));
  EXPECT_FALSE(is_valid_label_name("__name__"));
}

TEST(Metrics, ConcurrentIncrementsAreAllCounted) {
  Registry registry;
  auto& family = registry.counter("hits_total", "hits", {"worker"});
  auto& histogram = registry.histogram("lat", "lat", {}, {1}).with({});
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 10000; ++i) {
          family.with({std::to_string(t % 2)}).inc();
          histogram.observe(0.5);
          if (i % 1000 == 0) (void)registry.render_text();  // scrapes while recording
        }
      });
    }
  }
  EXPECT_EQ(family.with({"0"}).value() + family.with({"1"}).value(), 40000u);
  EXPECT_EQ(histogram.snapshot().cumulative.back(), 40000u);
}

TEST(Metrics, OutputRoundTripsThroughAStrictParser) {
  Registry registry;
  auto& requests = registry.counter("rest_client_requests_total", "Requests, by code.",
                                    {"code", "host", "method"});
  requests.with({"200", "127.0.0.1:6443", "GET"}).inc(5);
  requests.with({"<error>", "127.0.0.1:6443", "PUT"}).inc();
  registry.gauge("weird", "Help with \\ and\nnewline", {"v"}).with({"a\"b\\c\nd"}).set(-1.5);
  registry.gauge("empty_family", "no series yet", {"name"});
  auto& latency = registry.histogram("rest_client_request_duration_seconds", "Latency.",
                                     {"host", "verb"}, request_latency_buckets());
  for (const double v : {0.001, 0.02, 0.3, 3.0, 100.0})
    latency.with({"h", "GET"}).observe(v);
  latency.with({"h", "PATCH"});  // a series with no observation yet

  const auto text = registry.render_text();
  const auto parsed = rl::testing::parse_prometheus_text(text);
  ASSERT_TRUE(parsed) << parsed.error() << "\n" << text;
  EXPECT_EQ(parsed->families.at("rest_client_requests_total").type, "counter");
  EXPECT_EQ(parsed->sum("rest_client_requests_total", {{"code", "200"}}), 5);
  EXPECT_EQ(parsed->sum("rest_client_requests_total", {{"code", "<error>"}}), 1);
  EXPECT_EQ(parsed->sum("weird", {{"v", "a\"b\\c\nd"}}), -1.5) << "label value unescapes";
  EXPECT_EQ(parsed->sum("rest_client_request_duration_seconds_count", {{"verb", "GET"}}), 5);
  EXPECT_EQ(parsed->sum("rest_client_request_duration_seconds_bucket",
                        {{"verb", "GET"}, {"le", "0.025"}}),
            2);
  EXPECT_EQ(parsed->sum("rest_client_request_duration_seconds_count", {{"verb", "PATCH"}}), 0);
  EXPECT_TRUE(parsed->families.at("empty_family").samples.empty());
}

TEST(PrometheusTextParser, RejectsWhatAScraperWouldReject) {
  using rl::testing::parse_prometheus_text;
  EXPECT_FALSE(parse_prometheus_text("x 1\n")) << "no TYPE";
  EXPECT_FALSE(parse_prometheus_text("# TYPE x counter\nx 1")) << "no final newline";
  EXPECT_FALSE(parse_prometheus_text("# TYPE x counter\nx{a=\"b\\t\"} 1\n")) << "bad escape";
  EXPECT_FALSE(parse_prometheus_text("# TYPE x counter\nx -1\n")) << "negative counter";
  EXPECT_FALSE(parse_prometheus_text("# TYPE x counter\nx 1\nx 2\n")) << "duplicate";
  EXPECT_FALSE(
      parse_prometheus_text("# TYPE h histogram\nh_bucket{le=\"1\"} 2\n"
                            "h_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"))
      << "not cumulative";
  EXPECT_FALSE(
      parse_prometheus_text("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\n"
                            "h_count 1\n"))
      << "count differs";
  EXPECT_FALSE(
      parse_prometheus_text("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_sum 1\n"
                            "h_count 2\n"))
      << "no +Inf";
  EXPECT_FALSE(parse_prometheus_text("# TYPE a counter\n# TYPE b counter\na 1\n"))
      << "not contiguous";
  EXPECT_TRUE(parse_prometheus_text("# HELP a x\n# TYPE a counter\na{k=\"v\"} 1 1700000000\n"));
}

}  // namespace
}  // namespace rl::observe
