// Field paths, UTF-8 checks and the words the codec's messages are made of.
#include <cstdint>

#include "codec_detail.hpp"
#include "readinglist/model/utf8.hpp"

namespace rl::model::detail {

namespace {

// Field names and map keys come from the user: bound what they add to a message.
constexpr std::size_t kMaxNameInMessage = 64;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Valid UTF-8 of at most about `limit` bytes; bad bytes become U+FFFD.
std::string printable(std::string_view text, std::size_t limit) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (out.size() >= limit) {
      out += "...";
      break;
    }
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

Path with(const Path& path, PathSegment segment) {
  Path out = path;
  out.push_back(std::move(segment));
  return out;
}

}  // namespace

Path append_field(const Path& path, std::string_view name) {
  return with(path, {PathSegment::Kind::Field, std::string(name), 0});
}

Path append_index(const Path& path, std::size_t index) {
  return with(path, {PathSegment::Kind::Index, {}, index});
}

Path append_key(const Path& path, std::string_view key) {
  return with(path, {PathSegment::Kind::Key, std::string(key), 0});
}

std::string path_to_string(const Path& path) {
  std::string out;
  for (const auto& segment : path) {
    switch (segment.kind) {
      case PathSegment::Kind::Field:
        if (!out.empty()) out += '.';
        out += printable(segment.name, kMaxNameInMessage);
        break;
      case PathSegment::Kind::Index:
        out += '[' + std::to_string(segment.index) + ']';
        break;
      case PathSegment::Kind::Key:
        out += '[' + printable(segment.name, kMaxNameInMessage) + ']';
        break;
    }
  }
  return out;
}

std::string quote_for_message(std::string_view text) {
  std::string out = "\"";
  for (const char c : printable(text, kMaxNameInMessage)) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      out += '?';
    } else {
      out += c;
    }
  }
  return out + '"';
}

std::string make_printable(std::string_view text) {
  return printable(text, text.size() + 1);
}

std::string_view json_type_words(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return "a number";
    case nlohmann::json::value_t::binary:
    case nlohmann::json::value_t::discarded:
      break;
  }
  return "binary data";
}

}  // namespace rl::model::detail
