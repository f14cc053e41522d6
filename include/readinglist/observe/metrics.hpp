// Metrics: a registry of counter, gauge and histogram families with label sets, rendered in the
// Prometheus text exposition format 0.0.4. Pure (no I/O, no clock) and thread-safe. There is no
// global registry: the process creates one and passes it to what records into it.
//
// Hot path: a series is looked up once (`with(...)`, a shared-lock map lookup) and then
// updated with relaxed atomics only; keep the returned reference to skip even the lookup.
// Values kept elsewhere (a work queue's depth) are read by a function at scrape time.
// Names and label names that break the Prometheus grammar, a wrong number of label values, or
// one name registered with two shapes are programming errors: they throw std::invalid_argument.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace rl::observe {

inline constexpr std::string_view kTextContentType = "text/plain; version=0.0.4; charset=utf-8";

// Label values of one series, in the order of the family's label names.
using LabelValues = std::vector<std::string>;
// A value computed when the registry is scraped.
using ReadValue = std::function<double()>;

class Counter {
 public:
  void inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void set(double value) { value_.store(value, std::memory_order_relaxed); }
  void add(double delta) { value_.fetch_add(delta, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class Histogram {
 public:
  // `upper_bounds`: strictly increasing, finite; the +Inf bucket is implicit.
  explicit Histogram(std::shared_ptr<const std::vector<double>> upper_bounds);

  // Counts `value` in the first bucket whose bound is >= value (NaN: only in +Inf).
  void observe(double value);

  struct Snapshot {
    std::vector<std::uint64_t> cumulative;  // per bound, then +Inf (== the count)
    double sum = 0;
  };
  // Buckets read one by one: under concurrent observes the sum may lag the counts by a few
  // observations, but the cumulative counts are always monotonic and end in the total.
  Snapshot snapshot() const;
  const std::vector<double>& upper_bounds() const { return *bounds_; }

 private:
  std::shared_ptr<const std::vector<double>> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  // bounds_->size() + 1, not cumulative
  std::atomic<double> sum_{0.0};
};

// Buckets of the conventional metrics (client-go's request latency; controller-runtime's
// reconcile time), so existing dashboards' bucket choices line up.
std::vector<double> request_latency_buckets();
std::vector<double> reconcile_time_buckets();

enum class MetricType { Counter, Gauge, Histogram };

// What every family shares: identity, help text and how its series are written out.
class Family {
 public:
  Family(std::string name, std::string help, MetricType type, std::vector<std::string> labels);
  virtual ~Family() = default;
  Family(const Family&) = delete;
  Family& operator=(const Family&) = delete;

  const std::string& name() const { return name_; }
  MetricType type() const { return type_; }
  const std::vector<std::string>& label_names() const { return label_names_; }
  // Appends "# HELP", "# TYPE" and the sample lines, series sorted by label values.
  void render(std::string& out) const;

 protected:
  void check_arity(const LabelValues& values) const;
  // The sample lines of every series, in order (takes the lock it needs).
  virtual void render_samples(std::string& out) const = 0;
  // `name{a="x",b="y"} value`, with `extra` appended as the last label (histogram's le).
  void sample_line(std::string& out, std::string_view suffix, const LabelValues& values,
                   std::string_view value, std::string_view extra_label = {},
                   std::string_view extra_value = {}) const;

  mutable std::shared_mutex mutex_;

 private:
  std::string name_;
  std::string help_;
  MetricType type_;
  std::vector<std::string> label_names_;
};

// A family of series of one kind, created on first use. References stay valid for the life of
// the registry.
template <typename Metric>
class SeriesFamily : public Family {
 public:
  using Family::Family;

  Metric& with(const LabelValues& values) {
    {
      std::shared_lock lock(mutex_);
      if (const auto it = series_.find(values); it != series_.end()) return *it->second;
    }
    check_arity(values);
    std::unique_lock lock(mutex_);
    check_not_a_function(values);
    auto& slot = series_[values];
    if (!slot) slot = make();
    return *slot;
  }

 protected:
  virtual std::unique_ptr<Metric> make() const = 0;
  virtual void check_not_a_function(const LabelValues&) const {}
  std::map<LabelValues, std::unique_ptr<Metric>> series_;
};

// Counters and gauges may also have series whose value a function reads at scrape time.
template <typename Metric>
class ReadableFamily : public SeriesFamily<Metric> {
 public:
  using SeriesFamily<Metric>::SeriesFamily;

  // The function must stay callable until the registry is no longer scraped, and must not
  // scrape the registry itself.
  void with_function(const LabelValues& values, ReadValue read);

 protected:
  std::unique_ptr<Metric> make() const override { return std::make_unique<Metric>(); }
  void check_not_a_function(const LabelValues& values) const override;
  void render_samples(std::string& out) const override;
  std::map<LabelValues, ReadValue> functions_;
};

using CounterFamily = ReadableFamily<Counter>;
using GaugeFamily = ReadableFamily<Gauge>;

class HistogramFamily final : public SeriesFamily<Histogram> {
 public:
  HistogramFamily(std::string name, std::string help, std::vector<std::string> labels,
                  std::vector<double> upper_bounds);
  const std::vector<double>& upper_bounds() const { return *bounds_; }

 protected:
  std::unique_ptr<Histogram> make() const override;
  void render_samples(std::string& out) const override;

 private:
  std::shared_ptr<const std::vector<double>> bounds_;
};

class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Registering a name again with the same type, labels (and buckets) returns the family that
  // exists; with another shape it throws.
  CounterFamily& counter(std::string_view name, std::string_view help,
                         std::vector<std::string> labels = {});
  GaugeFamily& gauge(std::string_view name, std::string_view help,
                     std::vector<std::string> labels = {});
  HistogramFamily& histogram(std::string_view name, std::string_view help,
                             std::vector<std::string> labels, std::vector<double> upper_bounds);

  // Every family in name order: what /metrics serves.
  std::string render_text() const;

 private:
  template <typename F, typename Make>
  F& find_or_add(std::string_view name, MetricType type, const std::vector<std::string>& labels,
                 Make make);

  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;
};

// The pieces of the text format, public for tests.
bool is_valid_metric_name(std::string_view name);
bool is_valid_label_name(std::string_view name);
std::string escape_label_value(std::string_view value);  // \\, \" and \n
std::string escape_help(std::string_view help);          // \\ and \n
std::string format_value(double value);                  // shortest round-trip; +Inf, NaN

}  // namespace rl::observe
