#include "managed_fields.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace rl::test_apiserver {

using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 11> kServerMetadata = {"name",
                                                              "namespace",
                                                              "uid",
                                                              "resourceVersion",
                                                              "generation",
                                                              "creationTimestamp",
                                                              "managedFields",
                                                              "deletionTimestamp",
                                                              "deletionGracePeriodSeconds",
                                                              "selfLink",
                                                              "generateName"};

void walk(const json& value, FieldPath& path, FieldSet& out) {
  if (value.is_object() && !value.empty()) {
    for (const auto& [k, v] : value.items()) {
      path.push_back(k);
      walk(v, path, out);
      path.pop_back();
    }
  } else {
    out.insert(path);
  }
}

bool in_scope(std::string_view top, Scope scope) {
  if (top == "apiVersion" || top == "kind") return false;
  if (scope == Scope::StatusOnly) return top == "status";
  if (scope == Scope::MainOnly) return top != "status";
  return true;
}

const json* value_at(const json& object, const FieldPath& path) {
  const json* node = &object;
  for (const auto& part : path) {
    if (!node->is_object()) return nullptr;
    auto it = node->find(part);
    if (it == node->end()) return nullptr;
    node = &*it;
  }
  return node;
}

bool is_prefix(const FieldPath& a, const FieldPath& b) {
  return a.size() <= b.size() && std::equal(a.begin(), a.end(), b.begin());
}
bool overlaps(const FieldPath& a, const FieldPath& b) {
  return is_prefix(a, b) || is_prefix(b, a);
}

bool overlaps_any(const FieldPath& p, const FieldSet& set) {
  FieldPath prefix;
  for (const auto& part : p) {
    prefix.push_back(part);
    if (set.contains(prefix)) return true;
  }
  auto it = set.lower_bound(p);
  return it != set.end() && is_prefix(p, *it);
}

void erase_at(json& object, const FieldPath& path) {
  if (path.empty()) return;
  std::vector<json*> chain{&object};
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    json* node = chain.back();
    if (!node->is_object() || !node->contains(path[i])) return;
    chain.push_back(&(*node)[path[i]]);
  }
  if (!chain.back()->is_object()) return;
  chain.back()->erase(path.back());
  // Maps the removal left empty go too, up to (not including) the top-level fields.
  for (std::size_t i = chain.size() - 1; i >= 2; --i) {
    if (!chain[i]->empty()) break;
    chain[i - 1]->erase(path[i - 1]);
  }
}

void deep_merge(json& base, const json& patch) {
  for (const auto& [k, v] : patch.items()) {
    if (v.is_null()) {
      base.erase(k);
    } else if (v.is_object() && base.contains(k) && base[k].is_object()) {
      deep_merge(base[k], v);
    } else {
      base[k] = v;
    }
  }
}

struct Entry {
  json raw;  // the managedFields entry without fieldsV1
  FieldSet fields;
  bool touched = false;
};

std::vector<Entry> read_entries(const json& object) {
  std::vector<Entry> out;
  const json* list = value_at(object, {"metadata", "managedFields"});
  if (list == nullptr || !list->is_array()) return out;
  for (const auto& e : *list) {
    if (!e.is_object()) continue;
    Entry entry{.raw = e, .fields = from_fields_v1(e.value("fieldsV1", json::object()))};
    entry.raw.erase("fieldsV1");
    out.push_back(std::move(entry));
  }
  return out;
}

void write_entries(json& object, std::vector<Entry>& entries, const Writer& writer) {
  json list = json::array();
  for (auto& e : entries) {
    if (e.fields.empty()) continue;
    if (e.touched) {
      e.raw["time"] = writer.time;
      e.raw["apiVersion"] = writer.api_version;
    }
    json out = e.raw;
    out["fieldsType"] = "FieldsV1";
    out["fieldsV1"] = to_fields_v1(e.fields);
    list.push_back(std::move(out));
  }
  if (list.empty()) {
    object["metadata"].erase("managedFields");
  } else {
    object["metadata"]["managedFields"] = std::move(list);
  }
}

std::string subresource_of(const Entry& e) {
  return e.raw.value("subresource", "");
}

Entry& entry_for(std::vector<Entry>& entries, const Writer& writer, std::string_view operation) {
  for (auto& e : entries) {
    if (e.raw.value("manager", "") == writer.manager && e.raw.value("operation", "") == operation &&
        subresource_of(e) == writer.subresource) {
      return e;
    }
  }
  Entry e;
  e.raw = {{"manager", writer.manager}, {"operation", operation}};
  if (!writer.subresource.empty()) e.raw["subresource"] = writer.subresource;
  e.touched = true;
  entries.push_back(std::move(e));
  return entries.back();
}

}  // namespace

FieldSet leaf_fields(const json& object, Scope scope) {
  FieldSet out;
  if (!object.is_object()) return out;
  FieldPath path;
  for (const auto& [k, v] : object.items()) {
    if (!in_scope(k, scope)) continue;
    path.push_back(k);
    if (k == "metadata" && v.is_object()) {
      for (const auto& [mk, mv] : v.items()) {
        if (std::ranges::find(kServerMetadata, mk) != kServerMetadata.end()) continue;
        path.push_back(mk);
        walk(mv, path, out);
        path.pop_back();
      }
    } else {
      walk(v, path, out);
    }
    path.pop_back();
  }
  return out;
}

json to_fields_v1(const FieldSet& fields) {
  json root = json::object();
  for (const auto& path : fields) {
    json* node = &root;
    for (const auto& part : path)
      node = &(*node)["f:" + part];
    if (node->is_null()) *node = json::object();
  }
  return root;
}

namespace {
void read_fields(const json& node, FieldPath& path, FieldSet& out) {
  bool has_child = false;
  for (const auto& [k, v] : node.items()) {
    if (k == ".") continue;
    has_child = true;
    path.push_back(k.starts_with("f:") ? k.substr(2) : k);
    read_fields(v, path, out);
    path.pop_back();
  }
  if (!has_child && !path.empty()) out.insert(path);
}
}  // namespace

FieldSet from_fields_v1(const json& fields_v1) {
  FieldSet out;
  FieldPath path;
  if (fields_v1.is_object()) read_fields(fields_v1, path, out);
  return out;
}

std::string render_path(const FieldPath& path) {
  std::string out;
  for (const auto& part : path)
    out += "." + part;
  return out;
}

void record_update(json& updated, const json& old, const Writer& writer, Scope scope) {
  auto entries = read_entries(old);
  FieldSet changed;
  for (const auto& p : leaf_fields(updated, scope)) {
    const json* before = old.is_object() ? value_at(old, p) : nullptr;
    const json* after = value_at(updated, p);
    if (before == nullptr || *before != *after) changed.insert(p);
  }
  for (auto& e : entries) {
    std::erase_if(e.fields, [&](const FieldPath& p) {
      return value_at(updated, p) == nullptr || overlaps_any(p, changed);
    });
  }
  if (!changed.empty()) {
    Entry& mine = entry_for(entries, writer, "Update");
    mine.fields.insert(changed.begin(), changed.end());
    mine.touched = true;
  }
  write_entries(updated, entries, writer);
}

Result<json> server_side_apply(const json& live, const json& applied, const Writer& writer,
                               bool force, Scope scope) {
  json scoped = json::object();
  for (const auto& [k, v] : applied.items()) {
    if (k == "apiVersion" || k == "kind" || k == "metadata" || in_scope(k, scope)) scoped[k] = v;
  }
  if (scope == Scope::StatusOnly) scoped.erase("metadata");
  FieldSet wanted = leaf_fields(scoped, scope);
  json base = live.is_object() ? live : json::object();
  auto entries = read_entries(base);

  std::vector<std::pair<std::string, FieldPath>> conflicts;
  for (auto& e : entries) {
    if (e.raw.value("manager", "") == writer.manager || subresource_of(e) != writer.subresource) {
      continue;
    }
    std::string who = "\"" + e.raw.value("manager", "") + "\"";
    if (e.raw.value("operation", "") == "Update") who += " using " + e.raw.value("apiVersion", "");
    std::vector<FieldPath> lost;
    for (const auto& q : e.fields) {
      for (const auto& p : wanted) {
        if (!overlaps(p, q)) continue;
        const FieldPath& deeper = p.size() >= q.size() ? p : q;
        const json* have = value_at(base, deeper);
        const json* want = value_at(scoped, deeper);
        if (have != nullptr && want != nullptr && *have == *want) continue;
        conflicts.emplace_back(who, q);
        lost.push_back(q);
        break;
      }
    }
    if (force) {
      for (const auto& q : lost)
        e.fields.erase(q);
    }
  }
  if (!conflicts.empty() && !force) {
    json causes = json::array();
    std::string messages;
    for (const auto& [who, path] : conflicts) {
      std::string msg = "conflict with " + who;
      causes.push_back(
          {{"reason", "FieldManagerConflict"}, {"message", msg}, {"field", render_path(path)}});
      if (!messages.empty()) messages += "\n";
      messages += msg + ": " + render_path(path);
    }
    return std::unexpected(ApiError{.code = 409,
                                    .reason = "Conflict",
                                    .message = "Apply failed with " +
                                               std::to_string(conflicts.size()) + " conflict" +
                                               (conflicts.size() == 1 ? "" : "s") + ": " + messages,
                                    .details = {{"causes", causes}}});
  }

  Entry& mine = entry_for(entries, writer, "Apply");
  FieldSet others;
  for (const auto& e : entries) {
    if (&e != &mine) others.insert(e.fields.begin(), e.fields.end());
  }
  for (const auto& gone : mine.fields) {
    if (!wanted.contains(gone) && !overlaps_any(gone, others)) erase_at(base, gone);
  }
  deep_merge(base, scoped);
  if (mine.fields != wanted) {
    mine.fields = wanted;
    mine.touched = true;
  }
  write_entries(base, entries, writer);
  return base;
}

}  // namespace rl::test_apiserver
