#include "patch.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

namespace rl::test_apiserver {

using nlohmann::json;

json merge_patch(json target, const json& patch) {
  target.merge_patch(patch);
  return target;
}

Result<json> json_patch(json target, const json& operations) {
  if (!operations.is_array()) {
    return std::unexpected(
        bad_request("json: cannot unmarshal object into Go value of type "
                    "jsonpatch.Patch"));
  }
  if (operations.size() > 10000) {
    return std::unexpected(ApiError{.code = 413,
                                    .reason = "RequestEntityTooLarge",
                                    .message = "The allowed maximum operations in a JSON patch is "
                                               "10000, got " +
                                               std::to_string(operations.size())});
  }
  static constexpr std::string_view kOps[] = {"add", "remove", "replace", "move", "copy", "test"};
  for (const auto& op : operations) {
    if (!op.is_object() || !op.contains("op") || !op["op"].is_string() || !op.contains("path") ||
        !op["path"].is_string() ||
        std::ranges::find(kOps, op["op"].get<std::string>()) == std::end(kOps)) {
      return std::unexpected(bad_request("invalid JSON patch operation: " + op.dump()));
    }
  }
  try {
    return target.patch(operations);
  } catch (const json::exception& e) {
    return std::unexpected(ApiError{.code = 422,
                                    .reason = "Invalid",
                                    .message = std::string("the server rejected our request due "
                                                           "to an error in our request: ") +
                                               e.what()});
  }
}

namespace {

// patchMergeKey of the list fields the built-in kinds use (k8s.io/api struct tags).
std::optional<std::string> merge_key(std::string_view field, const json& items) {
  if (field == "containers" || field == "initContainers" || field == "ephemeralContainers" ||
      field == "env" || field == "volumes" || field == "imagePullSecrets" ||
      field == "resourceClaims") {
    return "name";
  }
  if (field == "volumeMounts") return "mountPath";
  if (field == "volumeDevices") return "devicePath";
  if (field == "conditions") return "type";
  if (field == "ownerReferences") return "uid";
  if (field == "hostAliases") return "ip";
  if (field == "topologySpreadConstraints") return "topologyKey";
  if (field == "ports") {
    // Container ports merge on containerPort, Service ports on port.
    for (const auto& item : items) {
      if (item.is_object() && item.contains("containerPort")) return "containerPort";
    }
    return "port";
  }
  return std::nullopt;
}

// Primitive lists with patchStrategy=merge: the patch adds to the set.
bool merged_primitive_list(std::string_view field) {
  return field == "finalizers";
}

Result<json> merge_map(json target, const json& patch);

Result<json> merge_list(std::string_view field, json target, const json& patch) {
  // A {"$patch":"replace"} element replaces the whole list with the other elements.
  json plain = json::array();
  bool replace = false;
  for (const auto& item : patch) {
    if (item.is_object() && item.contains("$patch") && item.size() == 1) {
      if (item["$patch"] == "replace") {
        replace = true;
        continue;
      }
    }
    plain.push_back(item);
  }
  if (replace || !target.is_array()) return plain;
  if (merged_primitive_list(field)) {
    for (const auto& item : plain) {
      if (std::ranges::find(target, item) == target.end()) target.push_back(item);
    }
    return target;
  }
  auto key = merge_key(field, plain.empty() ? target : plain);
  if (!key) return plain;
  for (const auto& item : plain) {
    if (!item.is_object() || !item.contains(*key)) return plain;
    auto it = std::ranges::find_if(target, [&](const json& t) {
      return t.is_object() && t.contains(*key) && t[*key] == item[*key];
    });
    std::string directive = item.value("$patch", "");
    if (directive == "delete") {
      if (it != target.end()) target.erase(it);
      continue;
    }
    if (it == target.end()) {
      json clean = item;
      clean.erase("$patch");
      target.push_back(clean);
    } else if (directive == "replace") {
      json clean = item;
      clean.erase("$patch");
      *it = clean;
    } else {
      auto merged = merge_map(*it, item);
      if (!merged) return merged;
      *it = std::move(*merged);
    }
  }
  return target;
}

void apply_element_order(json& list, const json& order, const std::string& key) {
  if (!list.is_array() || !order.is_array()) return;
  json sorted = json::array();
  for (const auto& want : order) {
    for (auto& item : list) {
      bool same = key.empty() ? item == want
                              : item.is_object() && want.is_object() && item.contains(key) &&
                                    want.contains(key) && item[key] == want[key];
      if (same && !item.is_null()) {
        sorted.push_back(std::move(item));
        item = nullptr;
        break;
      }
    }
  }
  for (auto& item : list) {
    if (!item.is_null()) sorted.push_back(std::move(item));
  }
  list = std::move(sorted);
}

Result<json> merge_map(json target, const json& patch) {
  if (!patch.is_object()) return patch;
  if (!target.is_object()) target = json::object();
  if (auto d = patch.find("$patch"); d != patch.end()) {
    if (*d == "delete") return json(nullptr);
    if (*d == "replace") {
      json out = patch;
      out.erase("$patch");
      return out;
    }
    if (*d != "merge") return std::unexpected(bad_request("unknown patch type: " + d->dump()));
  }
  for (const auto& [k, v] : patch.items()) {
    if (k == "$patch" || k == "$retainKeys" || k.starts_with("$setElementOrder/")) continue;
    if (k.starts_with("$deleteFromPrimitiveList/")) {
      std::string field = k.substr(std::string_view("$deleteFromPrimitiveList/").size());
      if (target.contains(field) && target[field].is_array() && v.is_array()) {
        json& list = target[field];
        for (const auto& gone : v) {
          auto it = std::ranges::find(list, gone);
          if (it != list.end()) list.erase(it);
        }
      }
      continue;
    }
    if (k.starts_with("$")) return std::unexpected(bad_request("unknown directive " + k));
    if (v.is_null()) {
      target.erase(k);
    } else if (v.is_object()) {
      auto merged = merge_map(target.contains(k) ? target[k] : json(nullptr), v);
      if (!merged) return merged;
      if (merged->is_null()) {
        target.erase(k);
      } else {
        target[k] = std::move(*merged);
      }
    } else if (v.is_array()) {
      auto merged = merge_list(k, target.contains(k) ? target[k] : json(nullptr), v);
      if (!merged) return merged;
      target[k] = std::move(*merged);
    } else {
      target[k] = v;
    }
  }
  for (const auto& [k, v] : patch.items()) {
    if (!k.starts_with("$setElementOrder/")) continue;
    std::string field = k.substr(std::string_view("$setElementOrder/").size());
    if (!target.contains(field)) continue;
    auto key = merge_key(field, target[field]);
    apply_element_order(target[field], v, key.value_or(""));
  }
  if (auto keep = patch.find("$retainKeys"); keep != patch.end() && keep->is_array()) {
    for (auto it = target.begin(); it != target.end();) {
      if (std::ranges::find(*keep, json(it.key())) == keep->end()) {
        it = target.erase(it);
      } else {
        ++it;
      }
    }
  }
  return target;
}

}  // namespace

Result<json> strategic_merge_patch(json target, const json& patch) {
  if (!patch.is_object()) {
    return std::unexpected(bad_request("a strategic merge patch must be a JSON object"));
  }
  auto merged = merge_map(std::move(target), patch);
  if (merged && merged->is_null()) return json::object();
  return merged;
}

}  // namespace rl::test_apiserver
