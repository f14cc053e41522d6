// Text checks of the validator: UTF-8 decoding, lengths in code points (as the API server's
// maxLength counts them), forbidden characters, counts.
#include <cstdio>

#include "validate_detail.hpp"

namespace rl::model::detail {

std::optional<char32_t> next_code_point(std::string_view text, std::size_t& pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  std::size_t length = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if (lead < 0x80) {
    ++pos;
    return lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return std::nullopt;
  }
  if (pos + length > text.size()) return std::nullopt;
  for (std::size_t i = 1; i < length; ++i) {
    const unsigned char next = byte(pos + i);
    if ((next & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (next & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  pos += length;
  return cp;
}

std::optional<std::size_t> utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < text.size(); ++count) {
    if (!next_code_point(text, pos)) return std::nullopt;
  }
  return count;
}

bool is_control(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

bool is_bidi_control(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

bool is_url_space(char32_t cp) {
  return cp == 0x20 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 ||
         cp == 0xFEFF;
}

std::string code_point_name(char32_t cp) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(cp));
  return buffer;
}

std::string printable(std::string_view text) {
  constexpr std::size_t kShown = 64;
  std::string out;
  for (std::size_t i = 0; i < text.size() && i < kShown; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F && c != '\\' && c != '"') {
      out += static_cast<char>(c);
    } else {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\x%02X", static_cast<unsigned>(c));
      out += buffer;
    }
  }
  if (text.size() > kShown) out += "...";
  return out;
}

std::string quoted(std::string_view text) {
  return "\"" + printable(text) + "\"";
}

std::string indexed(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

std::string keyed(const std::string& path, std::string_view key) {
  return path + "[" + printable(key) + "]";
}

std::string too_long(std::size_t max, std::size_t got) {
  return "must be at most " + std::to_string(max) + " characters (got " + std::to_string(got) + ")";
}

std::string text_problem(std::string_view text, Lines lines) {
  std::size_t index = 0;  // 1-based character number of the code point just read
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t start = pos;
    const auto cp = next_code_point(text, pos);
    ++index;
    if (!cp) return "must be valid UTF-8 (invalid byte at offset " + std::to_string(start) + ")";
    const std::string where = " at character " + std::to_string(index);
    if (lines == Lines::Multi) {
      if (is_control(*cp) && *cp != '\t' && *cp != '\n') {
        return "must not contain control characters (" + code_point_name(*cp) + where + ")";
      }
      continue;
    }
    if (*cp == '\n' || *cp == '\r' || *cp == 0x2028 || *cp == 0x2029) {
      return "must be a single line (line break" + where + ")";
    }
    if (is_control(*cp)) {
      return "must not contain control characters (" + code_point_name(*cp) + where + ")";
    }
    if (is_bidi_control(*cp)) {
      return "must not contain bidirectional control characters, which can disguise text (" +
             code_point_name(*cp) + where + ")";
    }
  }
  return "";
}

namespace {

void check_present_text(Errors& errors, const std::string& path, std::string_view value,
                        std::size_t max, Lines lines) {
  const auto length = utf8_length(value);
  if (length && *length > max) add(errors, path, too_long(max, *length));
  if (auto problem = text_problem(value, lines); !problem.empty()) {
    add(errors, path, std::move(problem));
  }
}

}  // namespace

void check_required_text(Errors& errors, const std::string& path, std::string_view value,
                         std::size_t max, Lines lines) {
  if (value.empty()) {
    add(errors, path, "is required");
    return;
  }
  check_present_text(errors, path, value, max, lines);
}

void check_optional_text(Errors& errors, const std::string& path,
                         const std::optional<std::string>& value, std::size_t max, Lines lines) {
  if (value) check_present_text(errors, path, *value, max, lines);
}

void check_count(Errors& errors, const std::string& path, std::size_t size, std::size_t min,
                 std::size_t max) {
  if (size == 0 && min > 0) {
    add(errors, path, "is required");
  } else if (size < min) {
    add(errors, path,
        "must have at least " + std::to_string(min) + (min == 1 ? " item" : " items") + " (got " +
            std::to_string(size) + ")");
  } else if (size > max) {
    add(errors, path,
        "must have at most " + std::to_string(max) + " items (got " + std::to_string(size) + ")");
  }
}

}  // namespace rl::model::detail
