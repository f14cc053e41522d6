// Reading and writing Microsites, with the same strictness as the ReadingList codec (codec.hpp):
// unknown fields, wrong types and missing required fields are reported with their paths, all at
// once. Also the reading of a YAML stream that mixes both kinds, as a conference's manifests do.
#pragma once

#include <expected>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "readinglist/model/errors.hpp"
#include "readinglist/model/microsite.hpp"
#include "readinglist/model/types.hpp"

namespace rl::model {

// Every Microsite document of a YAML stream (`kind: List` contributes its items).
std::expected<std::vector<Microsite>, ParseError> parse_microsite_yaml(std::string_view text,
                                                                       std::string_view source);

// One Microsite from JSON text or an already-parsed value (a watch event's object).
std::expected<Microsite, ParseError> parse_microsite_json(std::string_view text,
                                                          std::string_view source);
std::expected<Microsite, ParseError> microsite_from_json(const nlohmann::json& value,
                                                         std::string_view source);

// The whole object; absent optionals stay absent, so parse -> to_json -> parse is the identity.
nlohmann::json to_json(const Microsite& microsite);
nlohmann::json to_json(const MicrositeSpec& spec);
nlohmann::json to_json(const MicrositeStatus& status);

// A manifest as a person would write it (see to_yaml(const ReadingList&)).
std::string to_yaml(const Microsite& microsite);

// A document of either kind, as a YAML stream of both gives them, in document order.
using Manifest = std::variant<ReadingList, Microsite>;

// Every document of a YAML stream, each decoded by its kind; any other kind is an error that
// names the document.
std::expected<std::vector<Manifest>, ParseError> parse_manifests_yaml(std::string_view text,
                                                                      std::string_view source);

}  // namespace rl::model
