// A strict parser of the Prometheus text exposition format 0.0.4, for tests: what the operator
// serves on /metrics must parse here exactly. Beyond the grammar (names, escapes, numbers) it
// checks what a scraper relies on: every sample belongs to a family declared by # TYPE before
// it, a family's samples are contiguous, no series appears twice, counters are non-negative, and
// each histogram series has cumulative buckets in increasing `le` ending in +Inf, a _sum, and a
// _count equal to the +Inf bucket. Header-only: the unit and integration tests both use it.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace rl::testing {

struct PromSample {
  std::string name;  // as written: for histograms with its _bucket/_sum/_count suffix
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct PromFamily {
  std::string name;
  std::string help;
  std::string type;
  std::vector<PromSample> samples;
};

struct PromExposition {
  std::map<std::string, PromFamily> families;

  // The sum of the samples called `name` whose labels include every pair of `match`.
  double sum(const std::string& name, const std::map<std::string, std::string>& match = {}) const {
    double total = 0;
    for (const auto& [family_name, family] : families) {
      for (const auto& sample : family.samples) {
        if (sample.name != name) continue;
        bool matches = true;
        for (const auto& [k, v] : match) {
          const auto it = sample.labels.find(k);
          matches = matches && it != sample.labels.end() && it->second == v;
        }
        if (matches) total += sample.value;
      }
    }
    return total;
  }
  bool has_sample(const std::string& name) const {
    for (const auto& [family_name, family] : families) {
      for (const auto& sample : family.samples) {
        if (sample.name == name) return true;
      }
    }
    return false;
  }
};

namespace prom_detail {

inline bool name_char(char c, bool first, bool colon) {
  const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  const bool digit = c >= '0' && c <= '9';
  return letter || (colon && c == ':') || (!first && digit);
}

inline bool valid_name(std::string_view s, bool metric) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!name_char(s[i], i == 0, metric)) return false;
  }
  return true;
}

inline std::expected<double, std::string> number(std::string_view s) {
  if (s == "+Inf") return HUGE_VAL;
  if (s == "-Inf") return -HUGE_VAL;
  if (s == "NaN") return std::nan("");
  double value = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error != std::errc() || end != s.data() + s.size()) {
    return std::unexpected("not a number: '" + std::string(s) + "'");
  }
  return value;
}

// Reads `"..."` at s[pos] with the escapes \\, \" and \n only; moves pos past the quote.
inline std::expected<std::string, std::string> quoted(std::string_view s, std::size_t& pos) {
  if (pos >= s.size() || s[pos] != '"') return std::unexpected("expected '\"'");
  std::string out;
  for (++pos; pos < s.size(); ++pos) {
    const char c = s[pos];
    if (c == '"') {
      ++pos;
      return out;
    }
    if (c == '\n') return std::unexpected("raw newline in a label value");
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++pos >= s.size()) break;
    if (s[pos] == '\\' || s[pos] == '"') {
      out += s[pos];
    } else if (s[pos] == 'n') {
      out += '\n';
    } else {
      return std::unexpected(std::string("unknown escape \\") + s[pos]);
    }
  }
  return std::unexpected("unterminated label value");
}

inline std::expected<PromSample, std::string> sample(std::string_view line) {
  PromSample out;
  std::size_t pos = 0;
  while (pos < line.size() && line[pos] != '{' && line[pos] != ' ')
    ++pos;
  out.name = std::string(line.substr(0, pos));
  if (!valid_name(out.name, true)) return std::unexpected("invalid metric name '" + out.name + "'");
  if (pos < line.size() && line[pos] == '{') {
    ++pos;
    while (pos < line.size() && line[pos] != '}') {
      const auto eq = line.find('=', pos);
      if (eq == std::string_view::npos) return std::unexpected("label without '='");
      const std::string label(line.substr(pos, eq - pos));
      if (!valid_name(label, false)) return std::unexpected("invalid label name '" + label + "'");
      pos = eq + 1;
      auto value = quoted(line, pos);
      if (!value) return std::unexpected(value.error());
      if (!out.labels.emplace(label, *value).second) {
        return std::unexpected("label " + label + " given twice");
      }
      if (pos < line.size() && line[pos] == ',') ++pos;
    }
    if (pos >= line.size()) return std::unexpected("unterminated label set");
    ++pos;  // '}'
  }
  if (pos >= line.size() || line[pos] != ' ') return std::unexpected("expected ' ' before value");
  auto rest = line.substr(pos + 1);
  const auto space = rest.find(' ');
  auto value = number(rest.substr(0, space));
  if (!value) return std::unexpected(value.error());
  out.value = *value;
  if (space != std::string_view::npos) {
    std::int64_t timestamp = 0;
    const auto ts = rest.substr(space + 1);
    const auto [end, error] = std::from_chars(ts.data(), ts.data() + ts.size(), timestamp);
    if (error != std::errc() || end != ts.data() + ts.size()) {
      return std::unexpected("bad timestamp");
    }
  }
  return out;
}

// The family a sample belongs to, given the declared types.
inline std::string family_of(const std::string& name,
                             const std::map<std::string, PromFamily>& families) {
  if (families.contains(name)) return name;
  for (const std::string suffix : {"_bucket", "_sum", "_count"}) {
    if (name.ends_with(suffix)) {
      const auto base = name.substr(0, name.size() - suffix.size());
      const auto it = families.find(base);
      if (it != families.end() && (it->second.type == "histogram" || it->second.type == "summary"))
        return base;
    }
  }
  return {};
}

inline std::expected<void, std::string> check_histogram(const PromFamily& family) {
  struct Series {
    std::vector<std::pair<double, double>> buckets;  // (le, cumulative count)
    std::optional<double> sum, count;
  };
  std::map<std::map<std::string, std::string>, Series> series;
  for (const auto& s : family.samples) {
    auto labels = s.labels;
    if (s.name == family.name + "_bucket") {
      const auto le = labels.find("le");
      if (le == labels.end()) return std::unexpected(family.name + ": bucket without le");
      auto bound = number(le->second);
      if (!bound) return std::unexpected(family.name + ": le " + bound.error());
      labels.erase(le);
      series[labels].buckets.emplace_back(*bound, s.value);
    } else if (s.name == family.name + "_sum") {
      series[labels].sum = s.value;
    } else if (s.name == family.name + "_count") {
      series[labels].count = s.value;
    } else {
      return std::unexpected(family.name + ": unexpected sample " + s.name);
    }
  }
  for (const auto& [labels, h] : series) {
    if (h.buckets.empty() || !std::isinf(h.buckets.back().first)) {
      return std::unexpected(family.name + ": buckets must end with le=\"+Inf\"");
    }
    for (std::size_t i = 1; i < h.buckets.size(); ++i) {
      if (h.buckets[i].first <= h.buckets[i - 1].first)
        return std::unexpected(family.name + ": le not increasing");
      if (h.buckets[i].second < h.buckets[i - 1].second)
        return std::unexpected(family.name + ": buckets not cumulative");
    }
    if (!h.sum || !h.count) return std::unexpected(family.name + ": _sum or _count missing");
    if (*h.count != h.buckets.back().second)
      return std::unexpected(family.name + ": _count differs from the +Inf bucket");
  }
  return {};
}

}  // namespace prom_detail

inline std::expected<PromExposition, std::string> parse_prometheus_text(std::string_view text) {
  using namespace prom_detail;
  PromExposition out;
  std::set<std::string> closed;  // families whose samples ended
  std::set<std::pair<std::string, std::map<std::string, std::string>>> seen;
  std::string current;
  if (!text.empty() && !text.ends_with('\n')) return std::unexpected("no final newline");
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const auto nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl + 1);
    const auto fail = [&](const std::string& why) {
      return std::unexpected("line " + std::to_string(line_number) + ": " + why + ": " +
                             std::string(line));
    };
    if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) {
      const auto rest = line.substr(7);
      const auto space = rest.find(' ');
      if (space == std::string_view::npos) return fail("missing text");
      const std::string name(rest.substr(0, space));
      const std::string value(rest.substr(space + 1));
      if (!valid_name(name, true)) return fail("invalid metric name");
      if (closed.contains(name) ||
          (current != name && out.families.contains(name) && !out.families[name].samples.empty()))
        return fail("family declared after its samples");
      if (current != name && !current.empty()) closed.insert(current);
      current = name;
      auto& family = out.families[name];
      family.name = name;
      if (line[2] == 'H') {
        if (!family.help.empty()) return fail("second HELP");
        std::size_t pos = 0;
        for (; pos < value.size(); ++pos) {
          if (value[pos] != '\\') continue;
          if (pos + 1 >= value.size() || (value[pos + 1] != '\\' && value[pos + 1] != 'n'))
            return fail("bad escape in HELP");
          ++pos;
        }
        family.help = value;
      } else {
        if (!family.type.empty()) return fail("second TYPE");
        if (!family.samples.empty()) return fail("TYPE after samples");
        static const std::set<std::string> kTypes = {"counter", "gauge", "histogram", "summary",
                                                     "untyped"};
        if (!kTypes.contains(value)) return fail("unknown type");
        family.type = value;
      }
      continue;
    }
    if (line.empty() || line.starts_with('#')) return fail("blank line or stray comment");
    auto parsed = sample(line);
    if (!parsed) return fail(parsed.error());
    const auto family_name = family_of(parsed->name, out.families);
    if (family_name.empty() || out.families[family_name].type.empty())
      return fail("sample of an undeclared family");
    if (family_name != current) return fail("samples of a family are not contiguous");
    if (!seen.emplace(parsed->name, parsed->labels).second) return fail("duplicate series");
    auto& family = out.families[family_name];
    if (family.type == "counter" && !(parsed->value >= 0)) return fail("negative counter");
    family.samples.push_back(std::move(*parsed));
  }
  for (const auto& [name, family] : out.families) {
    if (family.type.empty()) return std::unexpected(name + ": HELP without TYPE");
    if (family.type == "histogram") {
      if (auto ok = check_histogram(family); !ok) return std::unexpected(ok.error());
    }
  }
  return out;
}

}  // namespace rl::testing
