// The front matter is a few short strings in nested block mappings and sequences. For the shapes
// and strings whose yaml-cpp output is certain, it is written here directly; anything else (other
// scalar types, empty containers, strings with characters or positions whose style takes
// yaml-cpp's full plain-scalar rules to decide) goes to model::to_yaml whole, so the output never
// depends on this file guessing. tests/unit/render/front_matter_test.cpp checks both paths
// against model::to_yaml.
#include "front_matter.hpp"

#include <string_view>

#include "readinglist/model/codec.hpp"

namespace rl::render::detail {
namespace {

using Json = nlohmann::ordered_json;

bool is_ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Appends a string scalar in the style yaml-cpp gives it, or returns false when that is not
// certain. Only printable ASCII without '"' and '\' qualifies: yaml-cpp writes such a string
// between double quotes unchanged. It double-quotes what to_yaml forces to, and (in block
// context) a string containing ": ", which cannot be plain. A string starting with a letter, not
// ending in a space or ':' and without ": " or " #" is a valid plain scalar, written as it is.
bool append_scalar(std::string& out, std::string_view text) {
  for (const char c : text) {
    if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') return false;
  }
  bool quoted = model::yaml_may_read_as_non_string(text);
  if (!quoted) {
    if (!is_ascii_letter(text.front()) || text.back() == ' ' || text.back() == ':' ||
        text.find(" #") != std::string_view::npos) {
      return false;
    }
    quoted = text.find(": ") != std::string_view::npos;
  }
  if (quoted) out += '"';
  out += text;
  if (quoted) out += '"';
  return true;
}

bool append_block(std::string& out, const Json& value, std::size_t indent, bool after_dash);

// "key: scalar" on one line, or "key:" and the nested block two spaces further in.
bool append_member(std::string& out, std::string_view key, const Json& value, std::size_t indent) {
  if (!append_scalar(out, key)) return false;
  if (value.is_string()) {
    out += ": ";
    if (!append_scalar(out, value.get_ref<const std::string&>())) return false;
    out += '\n';
    return true;
  }
  out += ":\n";
  return append_block(out, value, indent + 2, false);
}

// A non-empty block mapping or sequence at `indent`; `after_dash` when its first line continues
// a sequence item's "- ". Sequences directly inside sequences are left to yaml-cpp.
bool append_block(std::string& out, const Json& value, std::size_t indent, bool after_dash) {
  if (value.is_object() && !value.empty()) {
    bool first = true;
    for (const auto& [key, member] : value.items()) {
      if (!first || !after_dash) out.append(indent, ' ');
      first = false;
      if (!append_member(out, key, member, indent)) return false;
    }
    return true;
  }
  if (value.is_array() && !value.empty() && !after_dash) {
    for (const auto& item : value) {
      out.append(indent, ' ');
      out += "- ";
      if (item.is_string()) {
        if (!append_scalar(out, item.get_ref<const std::string&>())) return false;
        out += '\n';
      } else if (!item.is_object() || !append_block(out, item, indent + 2, true)) {
        return false;
      }
    }
    return true;
  }
  return false;  // other scalars and empty containers
}

}  // namespace

std::string front_matter_yaml(const nlohmann::ordered_json& matter) {
  std::string yaml;
  yaml.reserve(512);
  if (append_block(yaml, matter, 0, false)) return yaml;
  return model::to_yaml(matter);
}

}  // namespace rl::render::detail
