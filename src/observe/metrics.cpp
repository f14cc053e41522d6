// Registry, families and series; rendering of each family's sample lines.
#include "readinglist/observe/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace rl::observe {
namespace {

std::string_view type_name(MetricType type) {
  switch (type) {
    case MetricType::Counter:
      return "counter";
    case MetricType::Gauge:
      return "gauge";
    case MetricType::Histogram:
      return "histogram";
  }
  return "untyped";
}

std::string format_metric(const Counter& counter) {
  return std::to_string(counter.value());
}
std::string format_metric(const Gauge& gauge) {
  return format_value(gauge.value());
}

void check_bounds(const std::string& name, const std::vector<double>& bounds) {
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
      throw std::invalid_argument("histogram " + name +
                                  ": bucket bounds must be finite and strictly increasing");
    }
  }
}

}  // namespace

Histogram::Histogram(std::shared_ptr<const std::vector<double>> upper_bounds)
    : bounds_(std::move(upper_bounds)),
      counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_->size() + 1)) {}

void Histogram::observe(double value) {
  const auto& bounds = *bounds_;
  const std::size_t bucket =
      std::isnan(value)
          ? bounds.size()
          : static_cast<std::size_t>(std::lower_bound(bounds.begin(), bounds.end(), value) -
                                     bounds.begin());
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot snapshot;
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_->size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    snapshot.cumulative.push_back(running);
  }
  return snapshot;
}

std::vector<double> request_latency_buckets() {
  return {0.005, 0.025, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 60.0};
}

std::vector<double> reconcile_time_buckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1,  0.15, 0.2,  0.25, 0.3,  0.35, 0.4,  0.45, 0.5, 0.6,
          0.7,   0.8,  0.9,   1.0,  1.25, 1.5,  1.75, 2.0,  2.5,  3.0,  3.5,  4.0,  4.5, 5.0,
          6.0,   7.0,  8.0,   9.0,  10.0, 15.0, 20.0, 25.0, 30.0, 40.0, 50.0, 60.0};
}

Family::Family(std::string name, std::string help, MetricType type, std::vector<std::string> labels)
    : name_(std::move(name)), help_(std::move(help)), type_(type), label_names_(std::move(labels)) {
  if (!is_valid_metric_name(name_)) throw std::invalid_argument("invalid metric name: " + name_);
  for (const auto& label : label_names_) {
    if (!is_valid_label_name(label) || (type_ == MetricType::Histogram && label == "le")) {
      throw std::invalid_argument("metric " + name_ + ": invalid label name: " + label);
    }
    if (std::count(label_names_.begin(), label_names_.end(), label) > 1) {
      throw std::invalid_argument("metric " + name_ + ": label " + label + " given twice");
    }
  }
}

void Family::render(std::string& out) const {
  out += "# HELP " + name_ + " " + escape_help(help_) + "\n";
  out += "# TYPE " + name_ + " " + std::string(type_name(type_)) + "\n";
  render_samples(out);
}

void Family::check_arity(const LabelValues& values) const {
  if (values.size() != label_names_.size()) {
    throw std::invalid_argument("metric " + name_ + ": " + std::to_string(label_names_.size()) +
                                " label values expected, got " + std::to_string(values.size()));
  }
}

void Family::sample_line(std::string& out, std::string_view suffix, const LabelValues& values,
                         std::string_view value, std::string_view extra_label,
                         std::string_view extra_value) const {
  out += name_;
  out += suffix;
  if (!label_names_.empty() || !extra_label.empty()) {
    out += '{';
    const char* separator = "";
    for (std::size_t i = 0; i < label_names_.size(); ++i) {
      out += separator;
      out += label_names_[i] + "=\"" + escape_label_value(values[i]) + "\"";
      separator = ",";
    }
    if (!extra_label.empty()) {
      out += separator;
      out += std::string(extra_label) + "=\"" + escape_label_value(extra_value) + "\"";
    }
    out += '}';
  }
  out += ' ';
  out += value;
  out += '\n';
}

template <typename Metric>
void ReadableFamily<Metric>::with_function(const LabelValues& values, ReadValue read) {
  this->check_arity(values);
  std::unique_lock lock(this->mutex_);
  if (this->series_.contains(values)) {
    throw std::invalid_argument("metric " + this->name() +
                                ": a series with these labels is already recorded directly");
  }
  functions_[values] = std::move(read);
}

template <typename Metric>
void ReadableFamily<Metric>::check_not_a_function(const LabelValues& values) const {
  if (functions_.contains(values)) {
    throw std::invalid_argument("metric " + this->name() +
                                ": a series with these labels is read by a function");
  }
}

template <typename Metric>
void ReadableFamily<Metric>::render_samples(std::string& out) const {
  std::map<LabelValues, std::string> values;
  std::map<LabelValues, ReadValue> functions;
  {
    std::shared_lock lock(this->mutex_);
    for (const auto& [labels, metric] : this->series_)
      values[labels] = format_metric(*metric);
    functions = functions_;
  }
  // Outside the lock: a function may take locks of its own (a work queue's).
  for (const auto& [labels, read] : functions)
    values[labels] = format_value(read());
  for (const auto& [labels, value] : values)
    this->sample_line(out, "", labels, value);
}

template class ReadableFamily<Counter>;
template class ReadableFamily<Gauge>;

HistogramFamily::HistogramFamily(std::string name, std::string help,
                                 std::vector<std::string> labels, std::vector<double> upper_bounds)
    : SeriesFamily(std::move(name), std::move(help), MetricType::Histogram, std::move(labels)),
      bounds_(std::make_shared<const std::vector<double>>(std::move(upper_bounds))) {
  check_bounds(this->name(), *bounds_);
}

std::unique_ptr<Histogram> HistogramFamily::make() const {
  return std::make_unique<Histogram>(bounds_);
}

void HistogramFamily::render_samples(std::string& out) const {
  std::vector<std::pair<LabelValues, Histogram::Snapshot>> snapshots;
  {
    std::shared_lock lock(mutex_);
    for (const auto& [labels, histogram] : series_)
      snapshots.emplace_back(labels, histogram->snapshot());
  }
  std::vector<std::string> bound_labels;
  for (const double bound : *bounds_)
    bound_labels.push_back(format_value(bound));
  for (const auto& [labels, snapshot] : snapshots) {
    for (std::size_t i = 0; i < bound_labels.size(); ++i) {
      sample_line(out, "_bucket", labels, std::to_string(snapshot.cumulative[i]), "le",
                  bound_labels[i]);
    }
    const std::string count = std::to_string(snapshot.cumulative.back());
    sample_line(out, "_bucket", labels, count, "le", "+Inf");
    sample_line(out, "_sum", labels, format_value(snapshot.sum));
    sample_line(out, "_count", labels, count);
  }
}

template <typename F, typename Make>
F& Registry::find_or_add(std::string_view name, MetricType type,
                         const std::vector<std::string>& labels, Make make) {
  std::lock_guard lock(mutex_);
  if (const auto it = families_.find(name); it != families_.end()) {
    auto* existing = dynamic_cast<F*>(it->second.get());
    if (existing == nullptr || existing->type() != type || existing->label_names() != labels) {
      throw std::invalid_argument("metric " + std::string(name) +
                                  " is already registered with another type or labels");
    }
    return *existing;
  }
  auto family = make();
  F& ref = *family;
  families_.emplace(std::string(name), std::move(family));
  return ref;
}

CounterFamily& Registry::counter(std::string_view name, std::string_view help,
                                 std::vector<std::string> labels) {
  return find_or_add<CounterFamily>(name, MetricType::Counter, labels, [&] {
    return std::make_unique<CounterFamily>(std::string(name), std::string(help),
                                           MetricType::Counter, labels);
  });
}

GaugeFamily& Registry::gauge(std::string_view name, std::string_view help,
                             std::vector<std::string> labels) {
  return find_or_add<GaugeFamily>(name, MetricType::Gauge, labels, [&] {
    return std::make_unique<GaugeFamily>(std::string(name), std::string(help), MetricType::Gauge,
                                         labels);
  });
}

HistogramFamily& Registry::histogram(std::string_view name, std::string_view help,
                                     std::vector<std::string> labels,
                                     std::vector<double> upper_bounds) {
  auto& family = find_or_add<HistogramFamily>(name, MetricType::Histogram, labels, [&] {
    return std::make_unique<HistogramFamily>(std::string(name), std::string(help), labels,
                                             upper_bounds);
  });
  if (family.upper_bounds() != upper_bounds) {
    throw std::invalid_argument("histogram " + std::string(name) +
                                " is already registered with other buckets");
  }
  return family;
}

std::string Registry::render_text() const {
  std::string out;
  std::lock_guard lock(mutex_);
  for (const auto& [name, family] : families_)
    family->render(out);
  return out;
}

}  // namespace rl::observe
