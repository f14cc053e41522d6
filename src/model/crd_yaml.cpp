// JSON -> block-style YAML for the generated CRD. yaml-cpp picks plain or double-quoted style for
// each string; we force quotes on the strings that kubectl's YAML 1.1 reader would otherwise turn
// into booleans, numbers or null (the condition status enum "True"/"False" is one).
#include <yaml-cpp/yaml.h>

#include <array>
#include <stdexcept>

#include "crd_detail.hpp"
#include "readinglist/model/codec.hpp"

namespace rl::model {
namespace {

// YAML 1.1 booleans and nulls (go-yaml v2, which sigs.k8s.io/yaml uses).
constexpr std::array<std::string_view, 26> kSpecialWords = {
    "y",    "Y",     "yes",   "Yes",   "YES",  "n",    "N",    "no",   "No",
    "NO",   "on",    "On",    "ON",    "off",  "Off",  "OFF",  "true", "True",
    "TRUE", "false", "False", "FALSE", "null", "Null", "NULL", "~",
};

}  // namespace

bool yaml_may_read_as_non_string(std::string_view text) {
  if (text.empty()) return true;
  for (const auto word : kSpecialWords) {
    if (text == word) return true;
  }
  // Numbers, .inf/.nan, dates and sexagesimals all start like this; quoting a few strings that
  // would have been read as strings anyway costs nothing.
  const char first = text.front();
  return (first >= '0' && first <= '9') || first == '+' || first == '-' || first == '.';
}

}  // namespace rl::model

namespace rl::model::crd_detail {
namespace {

void emit_string(YAML::Emitter& out, const std::string& text) {
  if (yaml_may_read_as_non_string(text)) out << YAML::DoubleQuoted;
  out << text;
}

void emit(YAML::Emitter& out, const nlohmann::ordered_json& value) {
  switch (value.type()) {
    case nlohmann::ordered_json::value_t::object:
      if (value.empty()) out << YAML::Flow;
      out << YAML::BeginMap;
      for (const auto& [key, member] : value.items()) {
        out << YAML::Key;
        emit_string(out, key);
        out << YAML::Value;
        emit(out, member);
      }
      out << YAML::EndMap;
      break;
    case nlohmann::ordered_json::value_t::array:
      if (value.empty()) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const auto& element : value)
        emit(out, element);
      out << YAML::EndSeq;
      break;
    case nlohmann::ordered_json::value_t::string:
      emit_string(out, value.get_ref<const std::string&>());
      break;
    case nlohmann::ordered_json::value_t::boolean:
      out << value.get<bool>();
      break;
    case nlohmann::ordered_json::value_t::number_integer:
      out << value.get<std::int64_t>();
      break;
    case nlohmann::ordered_json::value_t::number_unsigned:
      out << value.get<std::uint64_t>();
      break;
    case nlohmann::ordered_json::value_t::null:
      out << YAML::Null;
      break;
    default:
      // The CRD has no floats or binary values; a change that adds one must extend this.
      throw std::logic_error("crd: cannot emit JSON type " + std::string(value.type_name()));
  }
}

}  // namespace

std::string to_yaml(const nlohmann::ordered_json& document) {
  YAML::Emitter out;
  out.SetIndent(2);
  out.SetSeqFormat(YAML::Block);
  out.SetMapFormat(YAML::Block);
  emit(out, document);
  if (!out.good()) throw std::logic_error("crd: YAML emitter: " + out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

}  // namespace rl::model::crd_detail
