#include "readinglist/import/english_dates.hpp"

#include <array>
#include <charconv>
#include <vector>

#include "inline_text.hpp"
#include "readinglist/model/validate.hpp"

namespace rl::import {
namespace {

// 1..12 for a month's full name or its usual abbreviation ("Sep", "Sept", "Sept.").
std::optional<int> month_number(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december",
  };
  std::string lower = detail::lower_ascii(word);
  if (lower.ends_with('.')) lower.pop_back();
  if (lower.size() < 3) return std::nullopt;
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (lower == kMonths[i] || lower == kMonths[i].substr(0, 3) || (i == 8 && lower == "sept")) {
      return static_cast<int>(i + 1);
    }
  }
  return std::nullopt;
}

std::optional<int> number(std::string_view text, std::size_t min_digits, std::size_t max_digits) {
  if (text.size() < min_digits || text.size() > max_digits) return std::nullopt;
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// "9", "09", "23rd", "1st", "2nd", "4th".
std::optional<int> day_number(std::string_view word) {
  std::string lower = detail::lower_ascii(word);
  for (const std::string_view suffix : {"st", "nd", "rd", "th"}) {
    if (lower.size() > 2 && lower.ends_with(suffix)) {
      lower.resize(lower.size() - 2);
      break;
    }
  }
  return number(lower, 1, 2);
}

std::optional<int> year_number(std::string_view word) {
  return number(word, 4, 4);
}

std::string two_digits(int value) {
  return (value < 10 ? "0" : "") + std::to_string(value);
}

std::optional<std::string> checked(int year, int month, int day) {
  std::string date = std::to_string(year);
  if (month > 0) date += "-" + two_digits(month);
  if (day > 0) date += "-" + two_digits(day);
  if (!model::is_partial_date(date)) return std::nullopt;
  return date;
}

std::vector<std::string_view> words_of(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == ',' || text[i] == '\t'))
      ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != ',' && text[i] != '\t')
      ++i;
    if (i > start) {
      const auto word = text.substr(start, i - start);
      if (detail::lower_ascii(word) != "of" && detail::lower_ascii(word) != "the")
        words.push_back(word);
    }
  }
  return words;
}

}  // namespace

std::optional<std::string> parse_english_date(std::string_view text) {
  while (!text.empty() && (text.back() == '.' || text.back() == ' ')) {
    // "2019." at the end of a sentence, but keep "Sept." whole by checking the month first.
    if (text.back() == '.' && month_number(text.substr(text.rfind(' ') + 1))) break;
    text.remove_suffix(1);
  }
  const auto words = words_of(text);
  if (words.size() == 1) {
    if (model::is_partial_date(words[0])) return std::string(words[0]);
    return std::nullopt;
  }
  if (words.size() == 2) {  // January 2023
    const auto month = month_number(words[0]);
    const auto year = year_number(words[1]);
    if (month && year) return checked(*year, *month, 0);
    return std::nullopt;
  }
  if (words.size() == 3) {
    const auto year = year_number(words[2]);
    if (!year) return std::nullopt;
    if (const auto month = month_number(words[0]); month) {  // May 9, 2019
      const auto day = day_number(words[1]);
      return day ? checked(*year, *month, *day) : std::nullopt;
    }
    if (const auto month = month_number(words[1]); month) {  // 9 May 2019
      const auto day = day_number(words[0]);
      return day ? checked(*year, *month, *day) : std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace rl::import
