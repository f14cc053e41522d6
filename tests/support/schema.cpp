#include "schema.hpp"

#include <algorithm>
#include <regex>

#include "json_access.hpp"

namespace rl::test_apiserver {

using nlohmann::json;

namespace {

// libstdc++'s std::regex recurses per character; very long strings could exhaust the stack.
constexpr std::size_t kMaxPatternInput = 4096;

std::size_t utf8_length(const std::string& s) {
  return static_cast<std::size_t>(std::ranges::count_if(
      s, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

class Walker {
 public:
  Walker(SchemaOutcome& out, PatternCache& patterns) : out_(out), patterns_(patterns) {}

  void process(json& value, const json& schema, const std::string& path, bool root) {
    if (!schema.is_object()) return;
    if (!check_type(value, schema, path)) return;
    if (value.is_object()) process_object(value, schema, path, root);
    if (value.is_array()) process_array(value, schema, path);
    if (value.is_string()) check_string(value.get_ref<const std::string&>(), schema, path);
    if (value.is_number()) check_number(value, schema, path);
    if (schema.contains("enum") && schema["enum"].is_array()) {
      const auto& allowed = schema["enum"];
      if (std::ranges::find(allowed, value) == allowed.end()) {
        std::string list;
        for (const auto& a : allowed)
          list += (list.empty() ? "" : ", ") + a.dump();
        out_.causes.push_back(
            {"FieldValueNotSupported", path,
             "Unsupported value: " + value.dump() + ": supported values: " + list});
      }
    }
  }

 private:
  bool check_type(const json& value, const json& schema, const std::string& path) {
    std::string type = schema.value("type", "");
    bool ok = true;
    if (schema.value("x-kubernetes-int-or-string", false)) {
      ok = value.is_string() || value.is_number_integer();
      type = "integer or string";
    } else if (type == "object") {
      ok = value.is_object();
    } else if (type == "array") {
      ok = value.is_array();
    } else if (type == "string") {
      ok = value.is_string();
    } else if (type == "integer") {
      ok =
          value.is_number_integer() ||
          (value.is_number_float() &&
           value.get<double>() == static_cast<double>(static_cast<long long>(value.get<double>())));
    } else if (type == "number") {
      ok = value.is_number();
    } else if (type == "boolean") {
      ok = value.is_boolean();
    }
    if (!ok) {
      std::string got = value.is_object()           ? "object"
                        : value.is_array()          ? "array"
                        : value.is_string()         ? "string"
                        : value.is_boolean()        ? "boolean"
                        : value.is_null()           ? "null"
                        : value.is_number_integer() ? "integer"
                                                    : "number";
      out_.causes.push_back({"FieldValueTypeInvalid", path,
                             "Invalid value: \"" + got + "\": " + path +
                                 " in body must be of type " + type + ": \"" + got + "\""});
    }
    return ok;
  }

  void process_object(json& value, const json& schema, const std::string& path, bool root) {
    const json& props = member_or(schema, "properties", kEmptyObject);
    const json& additional = member_or(schema, "additionalProperties", kNullJson);
    bool preserve = schema.value("x-kubernetes-preserve-unknown-fields", false) ||
                    schema.value("x-kubernetes-embedded-resource", false);
    for (auto it = value.begin(); it != value.end();) {
      const std::string key = it.key();
      if (root && (key == "apiVersion" || key == "kind" || key == "metadata")) {
        ++it;
        continue;
      }
      const json* child = nullptr;
      if (props.is_object() && props.contains(key)) {
        child = &props[key];
      } else if (additional.is_object()) {
        child = &additional;
      }
      if (child == nullptr && !preserve && !(additional.is_boolean() && additional.get<bool>())) {
        out_.unknown_fields.push_back("." + join(path, key));
        it = value.erase(it);
        continue;
      }
      if (child != nullptr && it->is_null() && !child->value("nullable", false)) {
        it = value.erase(it);  // null in a non-nullable field is dropped, as the server does
        continue;
      }
      if (child != nullptr) process(*it, *child, join(path, key), false);
      ++it;
    }
    if (props.is_object()) {
      for (const auto& [key, child] : props.items()) {
        if (!value.contains(key) && child.is_object() && child.contains("default")) {
          value[key] = child["default"];
          process(value[key], child, join(path, key), false);
        }
      }
    }
    for (const auto& r : member_or(schema, "required", kEmptyArray)) {
      if (r.is_string() && !value.contains(r.get<std::string>())) {
        out_.causes.push_back(
            {"FieldValueRequired", join(path, r.get<std::string>()), "Required value"});
      }
    }
    if (schema.contains("maxProperties") &&
        value.size() > schema["maxProperties"].get<std::size_t>()) {
      out_.causes.push_back({"FieldValueTooMany", path,
                             "Too many: " + std::to_string(value.size()) + ": must have at most " +
                                 schema["maxProperties"].dump() + " items"});
    }
  }

  void process_array(json& value, const json& schema, const std::string& path) {
    if (schema.contains("maxItems") && value.size() > schema["maxItems"].get<std::size_t>()) {
      out_.causes.push_back({"FieldValueTooMany", path,
                             "Too many: " + std::to_string(value.size()) + ": must have at most " +
                                 schema["maxItems"].dump() + " items"});
    }
    if (schema.contains("minItems") && value.size() < schema["minItems"].get<std::size_t>()) {
      out_.causes.push_back({"FieldValueInvalid", path,
                             "Invalid value: " + std::to_string(value.size()) + ": " + path +
                                 " in body should have at least " + schema["minItems"].dump() +
                                 " items"});
    }
    if (!schema.contains("items")) return;
    for (std::size_t i = 0; i < value.size(); ++i) {
      process(value[i], schema["items"], path + "[" + std::to_string(i) + "]", false);
    }
  }

  void check_string(const std::string& s, const json& schema, const std::string& path) {
    std::size_t len = utf8_length(s);
    if (schema.contains("maxLength") && len > schema["maxLength"].get<std::size_t>()) {
      out_.causes.push_back(
          {"FieldValueTooLong", path,
           "Too long: may not be more than " + schema["maxLength"].dump() + " bytes"});
    }
    if (schema.contains("minLength") && len < schema["minLength"].get<std::size_t>()) {
      out_.causes.push_back({"FieldValueInvalid", path,
                             "Invalid value: " + json(s).dump() + ": " + path +
                                 " in body should be at least " + schema["minLength"].dump() +
                                 " chars long"});
    }
    if (schema.contains("pattern") && schema["pattern"].is_string() &&
        s.size() <= kMaxPatternInput) {
      const auto& pattern = schema["pattern"].get_ref<const std::string&>();
      const std::regex* compiled = patterns_.find(pattern);
      if (compiled && !std::regex_search(s, *compiled)) {
        out_.causes.push_back({"FieldValueInvalid", path,
                               "Invalid value: " + json(s).dump() + ": " + path +
                                   " in body should match '" + pattern + "'"});
      }
    }
  }

  void check_number(const json& value, const json& schema, const std::string& path) {
    double v = value.get<double>();
    if (schema.contains("minimum")) {
      double min = schema["minimum"].get<double>();
      bool exclusive = schema.value("exclusiveMinimum", false);
      if (exclusive ? v <= min : v < min) {
        out_.causes.push_back({"FieldValueInvalid", path,
                               "Invalid value: " + value.dump() + ": " + path +
                                   " in body should be greater than " +
                                   (exclusive ? "" : "or equal to ") + schema["minimum"].dump()});
      }
    }
    if (schema.contains("maximum")) {
      double max = schema["maximum"].get<double>();
      bool exclusive = schema.value("exclusiveMaximum", false);
      if (exclusive ? v >= max : v > max) {
        out_.causes.push_back({"FieldValueInvalid", path,
                               "Invalid value: " + value.dump() + ": " + path +
                                   " in body should be less than " +
                                   (exclusive ? "" : "or equal to ") + schema["maximum"].dump()});
      }
    }
  }

  SchemaOutcome& out_;
  PatternCache& patterns_;
};

}  // namespace

const std::regex* PatternCache::find(const std::string& pattern) {
  auto it = compiled_.find(pattern);
  if (it == compiled_.end()) {
    std::optional<std::regex> compiled;
    try {
      compiled.emplace(pattern);
    } catch (const std::regex_error&) {
      // RE2-only syntax: left unchecked, as before.
    }
    it = compiled_.emplace(pattern, std::move(compiled)).first;
  }
  return it->second ? &*it->second : nullptr;
}

SchemaOutcome apply_schema(const json& schema, json& object, PatternCache& patterns) {
  SchemaOutcome out;
  Walker(out, patterns).process(object, schema, "", true);
  return out;
}

}  // namespace rl::test_apiserver
