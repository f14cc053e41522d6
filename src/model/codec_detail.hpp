// Private to the codec: structured field paths, UTF-8 checks, and the decoder entry point that
// the YAML reader calls with a locator, so shape errors can name the line and column.
#pragma once

#include <cstddef>
#include <expected>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "readinglist/model/errors.hpp"
#include "readinglist/model/types.hpp"
#include "readinglist/model/utf8.hpp"

namespace rl::model::detail {

// One step of a field path: `.name` (a field), `[3]` (an array index) or `[key]` (a map key).
struct PathSegment {
  enum class Kind { Field, Index, Key };
  Kind kind = Kind::Field;
  std::string name;
  std::size_t index = 0;
};
using Path = std::vector<PathSegment>;

Path append_field(const Path& path, std::string_view name);
Path append_index(const Path& path, std::size_t index);
Path append_key(const Path& path, std::string_view key);

// "spec.sections[2].entries[0].url"; names are made printable (valid UTF-8, bounded length).
std::string path_to_string(const Path& path);

using model::is_valid_utf8;

// User text quoted for a message: invalid UTF-8 replaced, long text cut.
std::string quote_for_message(std::string_view text);

// Library messages may echo input bytes: keep them valid UTF-8 (bad bytes become U+FFFD).
std::string make_printable(std::string_view text);

// Where a node came from in the source text (1-based; 0 when unknown). `key_*` is the position
// of the mapping key for the last path step, `scalar` the node's text as written when it is a
// scalar (so hints repeat what the user wrote: `2019.10`, not `2019.1`).
struct Origin {
  int line = 0;
  int column = 0;
  int key_line = 0;
  int key_column = 0;
  std::optional<std::string> scalar;
};
using Locator = std::function<std::optional<Origin>(const Path&)>;

// The strict decoder behind from_json. Paths start at `base` (e.g. `items[2]` in a List);
// `locate` may be empty.
std::expected<ReadingList, std::vector<FieldError>> decode_reading_list(const nlohmann::json& value,
                                                                        const Path& base,
                                                                        const Locator& locate);

// "a string", "a number", "a boolean", "an object", "an array", "null".
std::string_view json_type_words(const nlohmann::json& value);

}  // namespace rl::model::detail
