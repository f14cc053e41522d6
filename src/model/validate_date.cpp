// Partial dates: YYYY, YYYY-MM or YYYY-MM-DD naming a day that exists in the proleptic
// Gregorian calendar. Year 0000 is rejected: the page puts the date in <time datetime>, and
// HTML's date strings need a year greater than zero.
#include "readinglist/model/validate.hpp"
#include "validate_detail.hpp"

namespace rl::model {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int number(std::string_view digits) {
  int value = 0;
  for (const char c : digits)
    value = value * 10 + (c - '0');
  return value;
}

bool has_date_shape(std::string_view text) {
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash_here = i == 4 || i == 7;
    if (dash_here ? text[i] != '-' : !is_digit(text[i])) return false;
  }
  return true;
}

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

bool names_real_day(std::string_view text) {
  const int year = number(text.substr(0, 4));
  if (year == 0) return false;
  if (text.size() == 4) return true;
  const int month = number(text.substr(5, 2));
  if (month < 1 || month > 12) return false;
  if (text.size() == 7) return true;
  const int day = number(text.substr(8, 2));
  return day >= 1 && day <= days_in_month(year, month);
}

}  // namespace

bool is_partial_date(std::string_view text) {
  return has_date_shape(text) && names_real_day(text);
}

namespace detail {

std::string date_problem(std::string_view text) {
  if (!has_date_shape(text)) {
    return "must be a date written YYYY, YYYY-MM or YYYY-MM-DD (got " + quoted(text) + ")";
  }
  if (!names_real_day(text)) return "is not a real calendar date (got " + quoted(text) + ")";
  return "";
}

void check_date(Errors& errors, const std::string& path, const std::optional<std::string>& date) {
  if (!date) return;
  if (auto problem = date_problem(*date); !problem.empty()) add(errors, path, std::move(problem));
}

}  // namespace detail
}  // namespace rl::model
