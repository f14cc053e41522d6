// JSON written straight into the output string, for readinglist.json (pretty) and the page's
// JSON-LD block (compact, script-safe). Byte-for-byte what nlohmann's dump() printed from a DOM,
// without building one: the DOM cost more than everything else in those files together. Callers
// write object members in nlohmann's (sorted) key order. Private to render/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rl::render::json_detail {

enum class Layout {
  Pretty,  // dump(2): one member or element per line, two spaces per level
  Compact  // dump(): no whitespace at all
};

enum class Strings {
  // readinglist.json: each byte of invalid UTF-8 becomes U+FFFD.
  ReplaceInvalidBytes,
  // Inside <script>: '<', '>', '&', U+2028 and U+2029 as \u escapes (json_for_script), invalid
  // UTF-8 replaced as nlohmann's error_handler_t::replace does.
  ScriptSafe,
};

class JsonWriter {
 public:
  JsonWriter(std::string& out, Layout layout, Strings strings)
      : out_(out), layout_(layout), strings_(strings) {
    open_.reserve(16);
  }

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  // A member's name; its value follows. `name` is plain ASCII needing no escapes.
  void key(std::string_view name);
  // A member's name taken from user text (a map key), escaped like a string.
  void key_text(std::string_view name);

  void string(std::string_view text);
  void boolean(bool value);
  void integer(std::int64_t value);

  // Shorthands for a member.
  void member(std::string_view name, std::string_view text) {
    key(name);
    string(text);
  }

 private:
  struct Open {
    bool array = false;
    bool empty = true;
  };

  void open(char bracket);
  void close(char bracket);
  void before_value();
  void before_key();
  void after_key();
  void write_string(std::string_view text);
  void next_line(std::size_t depth);
  void replace_invalid_bytes(std::string_view text);
  void script_safe(std::string_view text);

  std::string& out_;
  Layout layout_;
  Strings strings_;
  std::vector<Open> open_;
  bool after_key_ = false;
};

}  // namespace rl::render::json_detail
