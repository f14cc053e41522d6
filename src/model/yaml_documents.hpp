// The documents of a YAML stream, as yaml-cpp's LoadAll reads them, minus its one way to never
// return: see yaml_documents.cpp.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace rl::model::detail {

// Throws what YAML::LoadAll throws (YAML::ParserException with a position on bad syntax).
std::vector<YAML::Node> load_documents(const std::string& text);

}  // namespace rl::model::detail
