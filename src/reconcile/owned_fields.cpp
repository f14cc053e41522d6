// The part of an object one field manager owns, read from its managedFields entry.
#include <string_view>
#include <utility>
#include <vector>

#include "readinglist/reconcile/observed.hpp"

namespace rl::reconcile {
namespace {

using nlohmann::json;

// One member of a list's field set: "k:{...}" (an element of an associative list, by its key
// fields), "v:..." (an element of a set, by value) or "i:N" (by position).
struct ElementSelector {
  enum class By { Key, Value, Index } by = By::Key;
  json match;  // Key: the key fields; Value: the element; Index: the position
  const json* fields = nullptr;
};

std::vector<ElementSelector> element_selectors(const json& fields) {
  std::vector<ElementSelector> out;
  for (const auto& [name, sub] : fields.items()) {
    if (name.size() < 2 || name[1] != ':') continue;
    ElementSelector selector;
    selector.fields = &sub;
    const std::string_view rest = std::string_view(name).substr(2);
    selector.match = json::parse(rest, nullptr, /*allow_exceptions=*/false);
    if (selector.match.is_discarded()) continue;
    switch (name[0]) {
      case 'k':
        if (!selector.match.is_object()) continue;
        selector.by = ElementSelector::By::Key;
        break;
      case 'v':
        selector.by = ElementSelector::By::Value;
        break;
      case 'i':
        if (!selector.match.is_number_unsigned()) continue;
        selector.by = ElementSelector::By::Index;
        break;
      default:
        continue;
    }
    out.push_back(std::move(selector));
  }
  return out;
}

bool selects(const ElementSelector& selector, const json& element, std::size_t index) {
  switch (selector.by) {
    case ElementSelector::By::Key:
      if (!element.is_object()) return false;
      for (const auto& [key, value] : selector.match.items()) {
        const auto it = element.find(key);
        if (it == element.end() || *it != value) return false;
      }
      return true;
    case ElementSelector::By::Value:
      return element == selector.match;
    case ElementSelector::By::Index:
      return selector.match.get<std::size_t>() == index;
  }
  return false;
}

json extract(const json& value, const json& fields);

bool names_elements(const json& fields) {
  for (const auto& [name, sub] : fields.items()) {
    if (name.size() >= 2 && name[1] == ':' && (name[0] == 'k' || name[0] == 'v' || name[0] == 'i'))
      return true;
  }
  return false;
}

json extract_list(const json& list, const json& fields) {
  // No element named: the list is atomic (owned whole), as the fields say by their absence.
  if (!names_elements(fields)) return list;
  const auto selectors = element_selectors(fields);
  json out = json::array();
  for (std::size_t i = 0; i < list.size(); ++i) {
    for (const auto& selector : selectors) {
      if (!selects(selector, list[i], i)) continue;
      out.push_back(extract(list[i], *selector.fields));
      break;
    }
  }
  return out;
}

json extract(const json& value, const json& fields) {
  // A leaf of the field set owns the whole value under it.
  if (!fields.is_object() || fields.empty()) return value;
  if (value.is_array()) return extract_list(value, fields);
  if (!value.is_object()) return value;
  json out = json::object();
  for (const auto& [name, sub] : fields.items()) {
    if (!name.starts_with("f:")) continue;  // "." (the node itself) adds nothing to extract
    const auto it = value.find(name.substr(2));
    if (it != value.end()) out[it.key()] = extract(*it, sub);
  }
  return out;
}

}  // namespace

nlohmann::json owned_fields(const nlohmann::json& object, const nlohmann::json& fields_v1) {
  return extract(object, fields_v1);
}

}  // namespace rl::reconcile
