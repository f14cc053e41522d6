#include "input_check.hpp"

#include <cstdint>

#include "readinglist/model/utf8.hpp"

namespace rl::import::detail {
namespace {

std::string where(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1) +
         " (byte " + std::to_string(offset) + ")";
}

std::string hex_byte(unsigned char byte) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  return std::string("0x") + kHex[byte >> 4U] + kHex[byte & 0x0fU];
}

}  // namespace

std::optional<std::string> input_problem(std::string_view text, std::size_t max_bytes) {
  if (text.size() > max_bytes) {
    return "input is " + std::to_string(text.size()) + " bytes, over the limit of " +
           std::to_string(max_bytes) + " bytes for a Markdown reading list";
  }
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    // Tab, newline, carriage return and form feed occur in text; any other control byte means
    // a binary file (and the importer uses two of them as private markers).
    if ((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r' && byte != '\f') ||
        byte == 0x7F) {
      return "binary data, not a text document: control byte " + hex_byte(byte) + " at " +
             where(text, i);
    }
    const std::size_t length = model::utf8_sequence_length(text, i);
    if (length == 0) {
      return "invalid UTF-8: byte " + hex_byte(byte) + " at " + where(text, i) +
             " (convert the file to UTF-8)";
    }
    i += length;
  }
  return std::nullopt;
}

}  // namespace rl::import::detail
