// Private to the codec: structured field paths, UTF-8 checks, the decoder entry points that the
// YAML reader calls with a locator (so shape errors can name the line and column), and the
// readers of JSON text and YAML streams both kinds go through.
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
#include "readinglist/model/microsite.hpp"
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

// A strict decoder of one kind. Paths start at `base` (e.g. `items[2]` in a List); `locate` may
// be empty.
template <typename T>
using DecodeFn = std::expected<T, std::vector<FieldError>> (*)(const nlohmann::json& value,
                                                               const Path& base,
                                                               const Locator& locate);

// The decoders behind from_json and microsite_from_json.
std::expected<ReadingList, std::vector<FieldError>> decode_reading_list(const nlohmann::json& value,
                                                                        const Path& base,
                                                                        const Locator& locate);
std::expected<Microsite, std::vector<FieldError>> decode_microsite(const nlohmann::json& value,
                                                                   const Path& base,
                                                                   const Locator& locate);

// `decode` run on a whole document, its problems as a ParseError naming `source`.
template <typename T>
std::expected<T, ParseError> decode_json_value(const nlohmann::json& value, std::string_view source,
                                               DecodeFn<T> decode) {
  ParseError failure;
  failure.source = std::string(source);
  try {
    auto decoded = decode(value, {}, {});
    if (decoded) return std::move(*decoded);
    failure.fields = std::move(decoded.error());
  } catch (const nlohmann::json::exception& e) {
    // The decoders check every type before reading it; this is the edge's last resort.
    failure.message = make_printable(e.what());
  }
  return std::unexpected(std::move(failure));
}

// JSON text as a value: bounded in size, a key repeated within an object refused at its path,
// syntax errors with line and column.
std::expected<nlohmann::json, ParseError> parse_json_text(std::string_view text,
                                                          std::string_view source);

// One kind a YAML stream may hold: its `kind`, and how to decode one object of it and keep it
// (returning the problems, empty when it was kept).
struct KindReader {
  std::string_view kind;
  std::function<std::vector<FieldError>(const nlohmann::json&, const Path&, const Locator&)> read;
};

// A KindReader's `read` that appends each object `decode` gives to `out` (a vector of that kind,
// or of a variant holding it).
template <typename T, typename Out>
auto keep_into(std::vector<Out>& out, DecodeFn<T> decode) {
  return [&out, decode](const nlohmann::json& value, const Path& base,
                        const Locator& locate) -> std::vector<FieldError> {
    auto decoded = decode(value, base, locate);
    if (!decoded) return std::move(decoded.error());
    out.push_back(std::move(*decoded));
    return {};
  };
}

// Every document of a YAML stream (and every item of a `kind: List`) through the reader of its
// kind, in order. With one reader, an object without a kind goes to it (which then reports it).
std::expected<void, ParseError> read_yaml_stream(std::string_view text, std::string_view source,
                                                 const std::vector<KindReader>& kinds);

// Every object of one kind in a YAML stream.
template <typename T>
std::expected<std::vector<T>, ParseError> read_yaml_objects(std::string_view text,
                                                            std::string_view source,
                                                            std::string_view kind,
                                                            DecodeFn<T> decode) {
  std::vector<T> objects;
  if (auto read = read_yaml_stream(text, source, {{kind, keep_into(objects, decode)}}); !read) {
    return std::unexpected(std::move(read.error()));
  }
  return objects;
}

// "a string", "a number", "a boolean", "an object", "an array", "null".
std::string_view json_type_words(const nlohmann::json& value);

}  // namespace rl::model::detail
