// Go duration syntax: parsing and formatting.
#include "readinglist/app/duration.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

namespace rl::app {
namespace {

using std::chrono::nanoseconds;

struct Unit {
  std::string_view name;
  std::int64_t nanos;
};

// Longest names first, so "ms" is not read as "m" followed by garbage.
constexpr std::array kUnits{Unit{"ns", 1},
                            Unit{"us", 1'000},
                            Unit{"\u00b5s", 1'000},  // micro sign
                            Unit{"\u03bcs", 1'000},  // Greek mu
                            Unit{"ms", 1'000'000},
                            Unit{"s", 1'000'000'000},
                            Unit{"m", 60'000'000'000},
                            Unit{"h", 3'600'000'000'000}};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

// The number at the start of `rest` as whole and fractional parts; advances `rest`.
bool read_number(std::string_view& rest, std::string& whole, std::string& fraction) {
  std::size_t i = 0;
  while (i < rest.size() && is_digit(rest[i]))
    ++i;
  whole = rest.substr(0, i);
  if (i < rest.size() && rest[i] == '.') {
    const std::size_t start = ++i;
    while (i < rest.size() && is_digit(rest[i]))
      ++i;
    fraction = rest.substr(start, i - start);
  }
  rest.remove_prefix(i);
  // More digits than any int64 count of nanoseconds has cannot be a usable duration.
  return (!whole.empty() || !fraction.empty()) && whole.size() <= 20 && fraction.size() <= 20;
}

}  // namespace

std::expected<nanoseconds, std::string> parse_go_duration(std::string_view text) {
  const std::string_view original = text;
  const auto invalid = [&] { return std::unexpected("invalid duration " + quoted(original)); };
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text == "0") return nanoseconds(0);
  if (text.empty()) return invalid();

  constexpr auto kMax = static_cast<long double>(std::numeric_limits<std::int64_t>::max());
  long double total = 0;
  while (!text.empty()) {
    std::string whole;
    std::string fraction;
    if (!read_number(text, whole, fraction)) return invalid();
    const auto unit =
        std::ranges::find_if(kUnits, [&](const Unit& u) { return text.starts_with(u.name); });
    if (unit == kUnits.end()) {
      return std::unexpected(text.empty() || is_digit(text.front())
                                 ? "missing unit in duration " + quoted(original)
                                 : "unknown unit in duration " + quoted(original));
    }
    text.remove_prefix(unit->name.size());
    const long double number =
        std::stold((whole.empty() ? "0" : whole) + "." + (fraction.empty() ? "0" : fraction));
    total += number * static_cast<long double>(unit->nanos);
    if (total > kMax) return std::unexpected("duration out of range " + quoted(original));
  }
  const auto nanos = static_cast<std::int64_t>(std::llround(total));
  return nanoseconds(negative ? -nanos : nanos);
}

std::expected<nanoseconds, std::string> parse_flag_duration(std::string_view text) {
  std::string_view rest = text;
  std::string whole;
  std::string fraction;
  if (read_number(rest, whole, fraction) && rest.empty()) {
    const long double seconds =
        std::stold((whole.empty() ? "0" : whole) + "." + (fraction.empty() ? "0" : fraction));
    if (seconds * 1e9L > static_cast<long double>(std::numeric_limits<std::int64_t>::max())) {
      return std::unexpected("duration out of range " + quoted(text));
    }
    return nanoseconds(static_cast<std::int64_t>(std::llround(seconds * 1e9L)));
  }
  return parse_go_duration(text);
}

std::string format_go_duration(nanoseconds duration) {
  using namespace std::chrono;
  if (duration == nanoseconds(0)) return "0s";
  std::string sign = duration < nanoseconds(0) ? "-" : "";
  const auto abs = duration < nanoseconds(0) ? -duration : duration;
  // Below a second Go picks the largest unit that keeps a whole-or-fractional number.
  const auto fractional = [](std::int64_t count, std::int64_t per_unit, std::string_view unit) {
    std::string text = std::to_string(count / per_unit);
    if (const auto rest = count % per_unit; rest != 0) {
      std::string digits = std::to_string(per_unit + rest).substr(1);  // zero-padded
      while (digits.back() == '0')
        digits.pop_back();
      text += "." + digits;
    }
    return text + std::string(unit);
  };
  if (abs < microseconds(1)) return sign + std::to_string(abs.count()) + "ns";
  if (abs < milliseconds(1)) return sign + fractional(abs.count(), 1'000, "\u00b5s");
  if (abs < seconds(1)) return sign + fractional(abs.count(), 1'000'000, "ms");
  const auto h = duration_cast<hours>(abs);
  const auto m = duration_cast<minutes>(abs - h);
  const auto s = abs - h - m;
  std::string text = fractional(s.count(), 1'000'000'000, "s");
  if (h.count() > 0)
    return sign + std::to_string(h.count()) + "h" + std::to_string(m.count()) + "m" + text;
  if (m.count() > 0) return sign + std::to_string(m.count()) + "m" + text;
  return sign + text;
}

}  // namespace rl::app
