// The OpenAPI schema builders of the CRD generator. Each one states its limits in the description
// as well as in the schema, from the same number, so `kubectl explain` tells what the API server
// enforces.
#include <algorithm>
#include <array>

#include "crd_detail.hpp"

namespace rl::model::crd_detail {
namespace {

std::string sentence(std::string_view description, std::string_view addition) {
  std::string out(description);
  if (!out.empty() && !addition.empty()) out += ' ';
  out += addition;
  return out;
}

std::string characters(std::size_t min_length, std::size_t max_length) {
  if (min_length == 0) return "At most " + std::to_string(max_length) + " characters.";
  return std::to_string(min_length) + " to " + std::to_string(max_length) + " characters.";
}

// The order a reader wants: what it is, its type and bounds, then what it holds, then rules.
constexpr std::array<std::string_view, 22> kKeyOrder = {
    "description",
    "type",
    "format",
    "default",
    "enum",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "pattern",
    "required",
    "properties",
    "items",
    "additionalProperties",
    "anyOf",
    "x-kubernetes-int-or-string",
    "x-kubernetes-list-type",
    "x-kubernetes-list-map-keys",
    "x-kubernetes-validations",
    "x-kubernetes-preserve-unknown-fields",
};

std::size_t rank(std::string_view key) {
  for (std::size_t i = 0; i < kKeyOrder.size(); ++i) {
    if (kKeyOrder[i] == key) return i;
  }
  return kKeyOrder.size();
}

}  // namespace

Schema text(std::string_view description, std::size_t max_length, std::size_t min_length) {
  Schema schema;
  schema["description"] = sentence(description, characters(min_length, max_length));
  schema["type"] = "string";
  if (min_length > 0) schema["minLength"] = min_length;
  schema["maxLength"] = max_length;
  return schema;
}

Schema matching(std::string_view description, std::size_t max_length, std::string_view pattern) {
  Schema schema;
  schema["description"] = sentence(description, characters(0, max_length));
  schema["type"] = "string";
  schema["maxLength"] = max_length;
  schema["pattern"] = pattern;
  return schema;
}

Schema one_of(std::string_view description, const std::vector<std::string_view>& values) {
  Schema schema;
  schema["description"] = sentence(description, "One of " + or_list(values) + ".");
  schema["type"] = "string";
  schema["enum"] = Schema::array();
  for (const auto value : values)
    schema["enum"].push_back(value);
  return schema;
}

Schema integer(std::string_view description, std::int64_t minimum, std::int64_t maximum) {
  Schema schema;
  schema["description"] = sentence(
      description, "From " + std::to_string(minimum) + " to " + std::to_string(maximum) + ".");
  schema["type"] = "integer";
  schema["minimum"] = minimum;
  schema["maximum"] = maximum;
  return schema;
}

Schema counter(std::string_view description) {
  return Schema{
      {"description", description}, {"type", "integer"}, {"format", "int64"}, {"minimum", 0}};
}

Schema boolean(std::string_view description) {
  return Schema{{"description", description}, {"type", "boolean"}};
}

Schema object(std::string_view description, std::initializer_list<Property> properties,
              std::initializer_list<std::string_view> required) {
  Schema schema;
  schema["description"] = description;
  schema["type"] = "object";
  if (required.size() > 0) {
    schema["required"] = Schema::array();
    for (const auto name : required)
      schema["required"].push_back(name);
  }
  schema["properties"] = Schema::object();
  for (const auto& [name, property] : properties)
    schema["properties"][std::string(name)] = property;
  return schema;
}

Schema array(std::string_view description, Schema items, std::size_t min_items,
             std::size_t max_items) {
  const std::string count =
      min_items == 0 ? "At most " + std::to_string(max_items) + " items."
                     : std::to_string(min_items) + " to " + std::to_string(max_items) + " items.";
  Schema schema;
  schema["description"] = sentence(description, count);
  schema["type"] = "array";
  if (min_items > 0) schema["minItems"] = min_items;
  schema["maxItems"] = max_items;
  schema["items"] = std::move(items);
  return schema;
}

Schema map_of(std::string_view description, Schema values) {
  Schema schema;
  schema["description"] = description;
  schema["type"] = "object";
  schema["additionalProperties"] = std::move(values);
  return schema;
}

Schema with_default(Schema schema, const Schema& value) {
  schema["description"] =
      sentence(schema["description"].get<std::string>(), "Default: " + value.dump() + ".");
  schema["default"] = value;
  return schema;
}

Schema with_rule(Schema schema, std::string_view rule, std::string_view message) {
  schema["x-kubernetes-validations"].push_back(Schema{{"rule", rule}, {"message", message}});
  return schema;
}

std::string or_list(const std::vector<std::string_view>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += i + 1 == values.size() ? " or " : ", ";
    out += values[i];
  }
  return out;
}

std::string real_date_rule() {
  // Guarded by the full-date shape so int() only ever sees digits: a CEL error would reach the
  // user as "failed to evaluate" instead of the rule's message.
  const std::string year = "int(self.substring(0, 4))";
  const std::string month = "self.substring(5, 7)";
  const std::string day = "int(self.substring(8, 10))";
  const std::string leap =
      "(" + year + " % 4 == 0 && " + year + " % 100 != 0) || " + year + " % 400 == 0";
  return "!self.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}$') || " + day + " <= (" + month +
         " == '02' ? ((" + leap + ") ? 29 : 28) : (" + month +
         " in ['04', '06', '09', '11'] ? 30 : 31))";
}

Schema in_reading_order(const Schema& schema) {
  if (!schema.is_object()) return schema;
  std::vector<std::string> keys;
  for (const auto& [key, value] : schema.items())
    keys.push_back(key);
  std::stable_sort(keys.begin(), keys.end(),
                   [](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
  Schema out = Schema::object();
  for (const auto& key : keys) {
    const Schema& value = schema.at(key);
    if (key == "properties") {
      out[key] = Schema::object();
      for (const auto& [name, property] : value.items())
        out[key][name] = in_reading_order(property);
    } else if (key == "items" || key == "additionalProperties") {
      out[key] = in_reading_order(value);
    } else if (key == "anyOf") {
      out[key] = Schema::array();
      for (const auto& member : value)
        out[key].push_back(in_reading_order(member));
    } else {
      out[key] = value;
    }
  }
  return out;
}

}  // namespace rl::model::crd_detail
