// ReadingList -> YAML for people (the import command prints it), and the key ordering both kinds'
// to_yaml use. The bytes come from the CRD's emitter so all outputs quote alike; this file only
// chooses the key order a reader expects.
#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <string_view>

#include "codec_encode.hpp"
#include "crd_detail.hpp"
#include "readinglist/model/codec.hpp"

namespace rl::model {
namespace {

// The order fields appear in the API document and the worked example; keys not listed follow
// in alphabetical order (the order nlohmann::json keeps).
constexpr std::array<std::string_view, 28> kReadingOrder = {
    "apiVersion", "kind",        "metadata", "name",    "namespace", "spec",        "status",
    "type",       "title",       "subtitle", "url",     "event",     "date",        "speakers",
    "text",       "author",      "handle",   "authors", "source",    "published",   "note",
    "items",      "description", "language", "talk",    "epigraph",  "affiliation", "sections",
};

std::size_t rank(std::string_view key, std::span<const std::string_view> order) {
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (order[i] == key) return i;
  }
  return order.size();
}

nlohmann::ordered_json in_reading_order(const nlohmann::json& value,
                                        std::span<const std::string_view> order) {
  if (value.is_array()) {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const auto& element : value)
      array.push_back(in_reading_order(element, order));
    return array;
  }
  if (!value.is_object()) return nlohmann::ordered_json(value);
  std::vector<std::string> keys;
  for (const auto& [key, member] : value.items())
    keys.push_back(key);
  std::ranges::stable_sort(keys, {}, [order](const std::string& key) { return rank(key, order); });
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (const auto& key : keys)
    object[key] = in_reading_order(value.at(key), order);
  return object;
}

}  // namespace

std::string detail::to_yaml_in_order(const nlohmann::json& value,
                                     std::span<const std::string_view> order) {
  return crd_detail::to_yaml(in_reading_order(value, order));
}

std::string to_yaml(const ReadingList& list) {
  return detail::to_yaml_in_order(to_json(list), kReadingOrder);
}

std::string to_yaml(const nlohmann::ordered_json& value) {
  return crd_detail::to_yaml(value);
}

}  // namespace rl::model
