// The documents of a YAML stream, as yaml-cpp's LoadAll reads them, minus its one way to never
// return (see yaml_documents.cpp), and the check of the stream's characters that comes first.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

#include "readinglist/model/errors.hpp"

namespace rl::model::detail {

// False, with the position and a message in `failure`, when `text` holds anything a YAML stream
// may not: invalid UTF-8, or C0/C1 controls but tab and line breaks.
bool check_characters(std::string_view text, ParseError& failure);

// Throws what YAML::LoadAll throws (YAML::ParserException with a position on bad syntax).
std::vector<YAML::Node> load_documents(const std::string& text);

}  // namespace rl::model::detail
