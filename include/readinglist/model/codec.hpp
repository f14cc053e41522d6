// Reading and writing ReadingLists: YAML manifests (one or many documents, as users write them)
// and JSON (as the API server sends it). Decoding is strict: an unknown field, a wrong type or
// a missing required field is reported with its path, all at once.
#pragma once

#include <expected>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "readinglist/model/errors.hpp"
#include "readinglist/model/types.hpp"

namespace rl::model {

// Every document of a YAML stream (`---` separated; empty documents are skipped). A document
// of `kind: List` contributes its items. `source` names the input in errors (a file name).
// Syntax errors carry line and column; shape errors carry field paths. The text must be UTF-8
// without C0/C1 controls but tab and line breaks (escapes may still write them; the validator
// judges those).
// Aliases, depth and size are bounded (limits.hpp) so a hostile document cannot exhaust memory.
std::expected<std::vector<ReadingList>, ParseError> parse_yaml(std::string_view text,
                                                               std::string_view source);

// One ReadingList from JSON text (a watch event's object, a GET body). A key repeated within an
// object is an error at its path, as in YAML (nlohmann alone would keep the last value).
std::expected<ReadingList, ParseError> parse_json(std::string_view text, std::string_view source);

// One ReadingList from an already-parsed JSON value.
std::expected<ReadingList, ParseError> from_json(const nlohmann::json& value,
                                                 std::string_view source);

// The whole object (apiVersion, kind, metadata, spec, status when present). Absent optionals
// stay absent, so parse -> to_json -> parse is the identity.
nlohmann::json to_json(const ReadingList& list);
nlohmann::json to_json(const ReadingListSpec& spec);
nlohmann::json to_json(const ReadingListStatus& status);
nlohmann::json to_json(const ObjectMeta& metadata);

// A manifest as a person would write it: block-style YAML, keys in reading order (apiVersion,
// kind, metadata, spec; title before sections), strings that YAML 1.1 readers would take for
// something else quoted. parse_yaml(to_yaml(list)) gives back the list.
std::string to_yaml(const ReadingList& list);

// Any JSON value as block-style YAML with the same quoting, keys in the value's own order.
std::string to_yaml(const nlohmann::ordered_json& value);

// True when a YAML 1.1 reader (go-yaml v2, which kubectl uses) could take this string, written
// plain, for something else (a boolean, null, a number); to_yaml double-quotes those.
bool yaml_may_read_as_non_string(std::string_view text);

}  // namespace rl::model
