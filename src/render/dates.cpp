#include "readinglist/render/dates.hpp"

#include <array>
#include <optional>

namespace rl::render {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

struct PartialDate {
  int year = 0;
  int month = 0;  // 0 when absent
  int day = 0;    // 0 when absent
};

std::optional<int> digits(std::string_view text) {
  int value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

// YYYY, YYYY-MM or YYYY-MM-DD naming a real calendar day, month or year.
std::optional<PartialDate> parse(std::string_view text) {
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return std::nullopt;
  PartialDate date;
  const auto year = digits(text.substr(0, 4));
  if (!year) return std::nullopt;
  date.year = *year;
  if (text.size() >= 7) {
    const auto month = digits(text.substr(5, 2));
    if (text[4] != '-' || !month || *month < 1 || *month > 12) return std::nullopt;
    date.month = *month;
  }
  if (text.size() == 10) {
    const auto day = digits(text.substr(8, 2));
    if (text[7] != '-' || !day || *day < 1 || *day > days_in_month(date.year, date.month)) {
      return std::nullopt;
    }
    date.day = *day;
  }
  return date;
}

}  // namespace

bool is_partial_date(std::string_view date) {
  return parse(date).has_value();
}

std::string format_partial_date(std::string_view date) {
  std::string out;
  append_formatted_partial_date(out, date);
  return out;
}

void append_formatted_partial_date(std::string& out, std::string_view date) {
  const auto parsed = parse(date);
  if (!parsed) {
    out += date;
    return;
  }
  const std::string_view year = date.substr(0, 4);
  if (parsed->month != 0) {
    out += kMonths[static_cast<std::size_t>(parsed->month - 1)];
    out += ' ';
    if (parsed->day != 0) {
      // One or two digits: a day of the month.
      if (parsed->day >= 10) out += static_cast<char>('0' + parsed->day / 10);
      out += static_cast<char>('0' + parsed->day % 10);
      out += ", ";
    }
  }
  out += year;
}

std::string partial_date_to_rfc3339(std::string_view date) {
  const auto parsed = parse(date);
  if (!parsed) return {};
  std::string out(date);
  if (parsed->month == 0) out += "-01";
  if (parsed->day == 0) out += "-01";
  out += "T00:00:00Z";
  return out;
}

}  // namespace rl::render
