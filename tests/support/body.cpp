// Request bodies: JSON, or YAML for server-side apply (JSON is valid YAML too).
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <utility>

#include "api_internal.hpp"

namespace rl::test_apiserver {

using nlohmann::json;

namespace {

// A plain (unquoted) YAML 1.2 core-schema scalar: null, bool, int, float, or a string.
json plain_scalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  std::int64_t i = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
  if (ec == std::errc() && p == s.data() + s.size()) return i;
  bool numeric = s.find_first_not_of("0123456789+-.eE") == std::string::npos &&
                 s.find_first_of("0123456789") != std::string::npos;
  if (numeric) {
    double d = 0;
    auto [q, ec2] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec2 == std::errc() && q == s.data() + s.size() && std::isfinite(d)) return d;
  }
  return s;
}

json to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar:
      return node.Tag() == "!" ? json(node.Scalar()) : plain_scalar(node.Scalar());
    case YAML::NodeType::Sequence: {
      json out = json::array();
      for (const auto& item : node)
        out.push_back(to_json(item));
      return out;
    }
    case YAML::NodeType::Map: {
      json out = json::object();
      for (const auto& item : node)
        out[item.first.as<std::string>()] = to_json(item.second);
      return out;
    }
  }
  return nullptr;
}

}  // namespace

Result<json> parse_body(const std::string& body, bool yaml) {
  if (!yaml) {
    auto parsed = json::parse(body, nullptr, false);
    if (parsed.is_discarded()) {
      return std::unexpected(
          bad_request("the body of the request was in an unknown format - "
                      "accepted media types include: application/json, "
                      "application/yaml"));
    }
    return parsed;
  }
  auto first = body.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && body[first] == '{') {
    auto parsed = json::parse(body, nullptr, false);
    if (!parsed.is_discarded()) return parsed;
  }
  try {
    return to_json(YAML::Load(body));
  } catch (const YAML::Exception& e) {
    return std::unexpected(bad_request(std::string("error decoding YAML: ") + e.what()));
  }
}

Result<json> parse_body(const Request& request, bool yaml) {
  // A JSON document parses the same as JSON and as YAML (parse_body tries JSON first).
  if (request.parsed_body && *request.parsed_body) {
    return *std::exchange(*request.parsed_body, std::nullopt);
  }
  return parse_body(request.body, yaml);
}

}  // namespace rl::test_apiserver
