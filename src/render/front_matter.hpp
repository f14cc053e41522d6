// readinglist.md's front matter as YAML: byte for byte what model::to_yaml prints through
// yaml-cpp's emitter, which cost about a third of rendering a typical list. Private to render/.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace rl::render::detail {

// The YAML text of `matter` (an object), ending in a line break.
std::string front_matter_yaml(const nlohmann::ordered_json& matter);

}  // namespace rl::render::detail
