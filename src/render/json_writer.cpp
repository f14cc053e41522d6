#include "json_writer.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "readinglist/model/utf8.hpp"
#include "readinglist/render/escape.hpp"

namespace rl::render::json_detail {
namespace {

constexpr std::string_view kHex = "0123456789abcdef";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Appends the escape nlohmann writes for an ASCII byte; false when the byte needs none.
bool append_json_escape(std::string& out, unsigned char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      return true;
    case '\\':
      out += "\\\\";
      return true;
    case '\b':
      out += "\\b";
      return true;
    case '\f':
      out += "\\f";
      return true;
    case '\n':
      out += "\\n";
      return true;
    case '\r':
      out += "\\r";
      return true;
    case '\t':
      out += "\\t";
      return true;
    default:
      if (c >= 0x20) return false;
      out += "\\u00";
      out += kHex[c >> 4U];
      out += kHex[c & 0x0fU];
      return true;
  }
}

// json_for_script's escapes for the bytes that could end a <script> element.
bool append_script_escape(std::string& out, unsigned char c) {
  switch (c) {
    case '<':
      out += "\\u003c";
      return true;
    case '>':
      out += "\\u003e";
      return true;
    case '&':
      out += "\\u0026";
      return true;
    default:
      return false;
  }
}

// Bytes a JSON string holds as they are: printable ASCII other than '"' and '\\' (DEL included,
// as nlohmann writes it). Non-ASCII bytes are checked as UTF-8 sequences instead.
constexpr std::array<bool, 256> plain_bytes(std::string_view also_escaped) {
  std::array<bool, 256> table{};
  for (std::size_t c = 0x20; c < 0x80; ++c)
    table[c] = also_escaped.find(static_cast<char>(c)) == std::string_view::npos;
  return table;
}
constexpr std::array<bool, 256> kPlainJson = plain_bytes("\"\\");
// Inside <script>, '<', '>' and '&' are escaped as well.
constexpr std::array<bool, 256> kPlainScript = plain_bytes("\"\\<>&");

}  // namespace

void JsonWriter::next_line(std::size_t depth) {
  // One append for the usual depths instead of two.
  static constexpr std::string_view kBreakAndIndent =
      "\n                                                                ";
  if (1 + 2 * depth <= kBreakAndIndent.size()) {
    out_.append(kBreakAndIndent.data(), 1 + 2 * depth);
    return;
  }
  out_ += '\n';
  out_.append(2 * depth, ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (open_.empty() || !open_.back().array) return;  // the document itself
  Open& array = open_.back();
  if (!array.empty) out_ += ',';
  array.empty = false;
  if (layout_ == Layout::Pretty) next_line(open_.size());
}

void JsonWriter::open(char bracket) {
  before_value();
  out_ += bracket;
  open_.push_back({.array = bracket == '[', .empty = true});
}

void JsonWriter::close(char bracket) {
  const bool empty = open_.back().empty;
  open_.pop_back();
  if (!empty && layout_ == Layout::Pretty) next_line(open_.size());
  out_ += bracket;
}

void JsonWriter::before_key() {
  Open& object = open_.back();
  if (!object.empty) out_ += ',';
  object.empty = false;
  if (layout_ == Layout::Pretty) next_line(open_.size());
}

void JsonWriter::after_key() {
  out_ += layout_ == Layout::Pretty ? ": " : ":";
  after_key_ = true;
}

void JsonWriter::key(std::string_view name) {
  // Keys are most of the calls: everything from the comma to the colon is put together on the
  // stack and appended at once.
  std::array<char, 128> text;
  const std::size_t indent = layout_ == Layout::Pretty ? 2 * open_.size() : 0;
  if (name.size() + indent + 6 > text.size()) {
    before_key();
    out_ += '"';
    out_ += name;
    out_ += '"';
    after_key();
    return;
  }
  Open& object = open_.back();
  std::size_t length = 0;
  if (!object.empty) text[length++] = ',';
  object.empty = false;
  if (layout_ == Layout::Pretty) {
    text[length++] = '\n';
    std::fill_n(text.data() + length, indent, ' ');
    length += indent;
  }
  text[length++] = '"';
  std::copy(name.begin(), name.end(), text.data() + length);
  length += name.size();
  text[length++] = '"';
  text[length++] = ':';
  if (layout_ == Layout::Pretty) text[length++] = ' ';
  out_.append(text.data(), length);
  after_key_ = true;
}

void JsonWriter::key_text(std::string_view name) {
  before_key();
  write_string(name);
  after_key();
}

void JsonWriter::boolean(bool value) {
  before_value();
  out_ += value ? "true" : "false";
}

void JsonWriter::integer(std::int64_t value) {
  before_value();
  out_ += std::to_string(value);
}

void JsonWriter::string(std::string_view text) {
  before_value();
  write_string(text);
}

void JsonWriter::write_string(std::string_view text) {
  if (strings_ == Strings::ReplaceInvalidBytes) {
    replace_invalid_bytes(text);
  } else {
    script_safe(text);
  }
}

void JsonWriter::replace_invalid_bytes(std::string_view text) {
  out_ += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (kPlainJson[c]) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (const std::size_t length = model::utf8_sequence_length(text, i); length != 0) {
        i += length;
        continue;
      }
      out_.append(text, run, i - run);
      out_ += kReplacement;
      run = ++i;
      continue;
    }
    out_.append(text, run, i - run);
    append_json_escape(out_, c);
    run = ++i;
  }
  out_.append(text, run, i - run);
  out_ += '"';
}

void JsonWriter::script_safe(std::string_view text) {
  const std::size_t start = out_.size();
  out_ += '"';
  std::size_t run = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (kPlainScript[c]) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const std::size_t length = model::utf8_sequence_length(text, i);
      if (length == 0) {
        // Only a list the validator refuses gets here: let nlohmann decide where each U+FFFD
        // goes, for the whole string.
        out_.resize(start);
        out_ += json_for_script(
            nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        return;
      }
      // U+2028 and U+2029 (E2 80 A8/A9) end a line in JavaScript.
      if (length == 3 && c == 0xE2 && text[i + 1] == '\x80' &&
          (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
        out_.append(text, run, i - run);
        out_ += text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
        run = i + length;
      }
      i += length;
      continue;
    }
    out_.append(text, run, i - run);
    if (!append_script_escape(out_, c)) append_json_escape(out_, c);
    run = ++i;
  }
  out_.append(text, run, text.size() - run);
  out_ += '"';
}

}  // namespace rl::render::json_detail
