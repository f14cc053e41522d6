// YAML 1.2 core schema resolution of plain scalars.
#include "yaml_scalar.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>

namespace rl::model::detail {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_octal(char c) {
  return c >= '0' && c <= '7';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool all_of(std::string_view text, bool (*predicate)(char)) {
  return !text.empty() && std::ranges::all_of(text, predicate);
}

std::string_view without_sign(std::string_view text) {
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) text.remove_prefix(1);
  return text;
}

// [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
bool is_core_float(std::string_view text) {
  text = without_sign(text);
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < text.size() && is_digit(text[i]))
      ++i;
    return i - start;
  };
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  } else {
    if (digits() == 0) return false;
    if (i < text.size() && text[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == text.size();
}

nlohmann::json parse_float(std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  const std::string_view body = without_sign(text);
  double value = 0;
  const auto [end, error] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (error == std::errc::result_out_of_range) {
    const bool tiny =
        body.find("e-") != std::string_view::npos || body.find("E-") != std::string_view::npos;
    value = tiny ? 0.0 : std::numeric_limits<double>::infinity();
  } else if (error != std::errc{} || end != body.data() + body.size()) {
    return std::string(text);
  }
  return negative ? -value : value;
}

// Digits in `base` after any prefix; past 64 bits the value is kept as text, which the decoder
// then reports where a number was wanted.
nlohmann::json parse_unsigned(std::string_view text, std::string_view digits, int base) {
  std::uint64_t value = 0;
  const auto [end, error] =
      std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  if (error != std::errc{} || end != digits.data() + digits.size()) return std::string(text);
  return value;
}

nlohmann::json parse_decimal(std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  const std::string_view digits = without_sign(text);
  std::uint64_t magnitude = 0;
  const auto [end, error] =
      std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
  if (error != std::errc{} || end != digits.data() + digits.size()) return parse_float(text);
  if (!negative) {
    if (magnitude <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return static_cast<std::int64_t>(magnitude);
    }
    return magnitude;
  }
  constexpr auto kMinMagnitude =
      static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1;
  if (magnitude < kMinMagnitude) return -static_cast<std::int64_t>(magnitude);
  if (magnitude == kMinMagnitude) return std::numeric_limits<std::int64_t>::min();
  return parse_float(text);
}

}  // namespace

nlohmann::json resolve_plain_scalar(std::string_view text) {
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") {
    return nullptr;
  }
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  if (all_of(without_sign(text), is_digit)) return parse_decimal(text);
  if (text.starts_with("0o") && all_of(text.substr(2), is_octal)) {
    return parse_unsigned(text, text.substr(2), 8);
  }
  if (text.starts_with("0x") && all_of(text.substr(2), is_hex)) {
    return parse_unsigned(text, text.substr(2), 16);
  }
  if (is_core_float(text)) return parse_float(text);
  const std::string_view unsigned_text = without_sign(text);
  if (unsigned_text == ".inf" || unsigned_text == ".Inf" || unsigned_text == ".INF") {
    const double infinity = std::numeric_limits<double>::infinity();
    return text.front() == '-' ? -infinity : infinity;
  }
  if (text == ".nan" || text == ".NaN" || text == ".NAN") {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return std::string(text);
}

}  // namespace rl::model::detail
