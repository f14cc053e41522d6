#include "table.hpp"

#include <algorithm>
#include <functional>

namespace rl::test_apiserver {

using nlohmann::json;

bool wants_table(const std::string& accept) {
  // The first acceptable type wins; kubectl lists Table first and plain JSON as the fallback.
  auto first = accept.substr(0, accept.find(','));
  return first.find("as=Table") != std::string::npos;
}

bool wants_partial_metadata(const std::string& accept) {
  auto first = accept.substr(0, accept.find(','));
  return first.find("as=PartialObjectMetadata") != std::string::npos;
}

json partial_metadata(const json& object) {
  return {{"kind", "PartialObjectMetadata"},
          {"apiVersion", "meta.k8s.io/v1"},
          {"metadata", object.value("metadata", json::object())}};
}

std::string human_duration(std::chrono::seconds d) {
  long long s = d.count();
  if (s < -1) return "<invalid>";
  if (s < 0) return "0s";
  if (s < 120) return std::to_string(s) + "s";
  long long m = s / 60;
  if (m < 10) return std::to_string(m) + "m" + (s % 60 ? std::to_string(s % 60) + "s" : "");
  if (m < 180) return std::to_string(m) + "m";
  long long h = s / 3600;
  if (h < 8) return std::to_string(h) + "h" + (m % 60 ? std::to_string(m % 60) + "m" : "");
  if (h < 48) return std::to_string(h) + "h";
  if (h < 24 * 8)
    return std::to_string(h / 24) + "d" + (h % 24 ? std::to_string(h % 24) + "h" : "");
  if (h < 24 * 365 * 2) return std::to_string(h / 24) + "d";
  long long days = h / 24;
  if (h < 24 * 365 * 8) {
    return std::to_string(days / 365) + "y" + (days % 365 ? std::to_string(days % 365) + "d" : "");
  }
  return std::to_string(days / 365) + "y";
}

namespace {

struct Step {
  enum class Kind { Field, Index, All, Filter } kind = Kind::Field;
  std::string name;
  long long index = 0;
  std::vector<std::string> filter_path;
  bool filter_equal = true;
  json literal;
};

Step field_step(std::string name) {
  Step s;
  s.name = std::move(name);
  return s;
}
Step kind_step(Step::Kind kind) {
  Step s;
  s.kind = kind;
  return s;
}

std::vector<Step> parse_path(std::string p) {
  if (p.starts_with("{") && p.ends_with("}")) p = p.substr(1, p.size() - 2);
  std::vector<Step> steps;
  std::size_t i = 0;
  while (i < p.size()) {
    if (p[i] == '.') {
      ++i;
      std::size_t end = p.find_first_of(".[", i);
      if (end == std::string::npos) end = p.size();
      if (end > i) steps.push_back(field_step(p.substr(i, end - i)));
      i = end;
    } else if (p[i] == '[') {
      std::size_t end = p.find(']', i);
      if (p.compare(i, 3, "[?(") == 0) end = p.find(")]", i) + 1;
      if (end == std::string::npos || end < i) break;
      std::string inner = p.substr(i + 1, end - i - 1);
      i = end + 1;
      if (inner == "*") {
        steps.push_back(kind_step(Step::Kind::All));
      } else if (inner.starts_with("'") || inner.starts_with("\"")) {
        steps.push_back(field_step(inner.substr(1, inner.size() - 2)));
      } else if (inner.starts_with("?(")) {
        std::string expr = inner.substr(2, inner.size() - 3);  // @.type=="Ready"
        Step s = kind_step(Step::Kind::Filter);
        auto op = expr.find("==");
        std::size_t op_len = 2;
        if (auto ne = expr.find("!="); ne != std::string::npos) op = ne, s.filter_equal = false;
        std::string lhs = op == std::string::npos ? expr : expr.substr(0, op);
        std::string rhs = op == std::string::npos ? "" : expr.substr(op + op_len);
        auto trim = [](std::string v) {
          v.erase(0, v.find_first_not_of(' '));
          v.erase(v.find_last_not_of(' ') + 1);
          return v;
        };
        lhs = trim(lhs);
        rhs = trim(rhs);
        if (lhs.starts_with("@")) lhs.erase(0, 1);
        std::size_t start = 0;
        while (start < lhs.size()) {
          if (lhs[start] == '.') ++start;
          std::size_t dot = lhs.find('.', start);
          if (dot == std::string::npos) dot = lhs.size();
          if (dot > start) s.filter_path.push_back(lhs.substr(start, dot - start));
          start = dot;
        }
        if (rhs.size() >= 2 && (rhs.front() == '"' || rhs.front() == '\'')) {
          s.literal = rhs.substr(1, rhs.size() - 2);
        } else {
          s.literal = json::parse(rhs, nullptr, false);
          if (s.literal.is_discarded()) s.literal = rhs;
        }
        steps.push_back(std::move(s));
      } else {
        Step s = kind_step(Step::Kind::Index);
        s.index = std::stoll(inner);
        steps.push_back(std::move(s));
      }
    } else {
      std::size_t end = p.find_first_of(".[", i);
      if (end == std::string::npos) end = p.size();
      steps.push_back(field_step(p.substr(i, end - i)));
      i = end;
    }
  }
  return steps;
}

}  // namespace

std::vector<json> json_path(const json& object, const std::string& path) {
  std::vector<const json*> current{&object};
  for (const auto& step : parse_path(path)) {
    std::vector<const json*> next;
    for (const json* node : current) {
      switch (step.kind) {
        case Step::Kind::Field:
          if (node->is_object() && node->contains(step.name)) next.push_back(&(*node)[step.name]);
          break;
        case Step::Kind::Index:
          if (node->is_array()) {
            long long n = static_cast<long long>(node->size());
            long long i = step.index < 0 ? n + step.index : step.index;
            if (i >= 0 && i < n) next.push_back(&(*node)[static_cast<std::size_t>(i)]);
          }
          break;
        case Step::Kind::All:
          if (node->is_array() || node->is_object()) {
            for (const auto& item : *node)
              next.push_back(&item);
          }
          break;
        case Step::Kind::Filter:
          if (!node->is_array()) break;
          for (const auto& item : *node) {
            const json* v = &item;
            for (const auto& part : step.filter_path) {
              v = v->is_object() && v->contains(part) ? &(*v)[part] : nullptr;
              if (v == nullptr) break;
            }
            if (v != nullptr && ((*v == step.literal) == step.filter_equal)) next.push_back(&item);
          }
          break;
      }
    }
    current = std::move(next);
  }
  std::vector<json> out;
  for (const json* node : current)
    out.push_back(*node);
  return out;
}

namespace {

using Cell = std::function<json(const json&, TimePoint)>;

struct Column {
  std::string name;
  std::string type;
  std::string format;
  int priority = 0;
  Cell cell;
};

std::string age(const json& object, TimePoint now) {
  auto created = parse_time(object["metadata"].value("creationTimestamp", ""));
  if (!created) return "<unknown>";
  return human_duration(std::chrono::duration_cast<std::chrono::seconds>(now - *created));
}

json path_cell(const json& object, const std::string& path, const std::string& type,
               TimePoint now) {
  auto values = json_path(object, path);
  if (values.empty()) return nullptr;
  if (values.size() == 1) {
    const json& v = values[0];
    if (type == "date" && v.is_string()) {
      auto t = parse_time(v.get<std::string>());
      return t ? json(human_duration(std::chrono::duration_cast<std::chrono::seconds>(now - *t)))
               : v;
    }
    if (type == "string" && !v.is_string()) return v.dump();
    return v;
  }
  std::string joined;
  for (const auto& v : values) {
    joined += (joined.empty() ? "" : ",") + (v.is_string() ? v.get<std::string>() : v.dump());
  }
  return joined;
}

Column age_column() {
  return {"Age", "string", "", 0, [](const json& o, TimePoint now) { return json(age(o, now)); }};
}

Column path_column(std::string name, std::string path, std::string type = "string",
                   int priority = 0) {
  return {std::move(name), type == "date" ? "string" : type, "", priority,
          [path, type](const json& o, TimePoint now) { return path_cell(o, path, type, now); }};
}

std::vector<Column> builtin_columns(const ResourceType& type) {
  std::vector<Column> cols;
  const std::string& k = type.kind;
  if (k == "Deployment") {
    cols.push_back({"Ready", "string", "", 0, [](const json& o, TimePoint) {
                      const auto& st = o.value("status", json::object());
                      return json(std::to_string(st.value("readyReplicas", 0)) + "/" +
                                  std::to_string(o["spec"].value("replicas", 1)));
                    }});
    cols.push_back(path_column("Up-to-date", ".status.updatedReplicas", "integer"));
    cols.push_back(path_column("Available", ".status.availableReplicas", "integer"));
    cols.push_back(age_column());
    cols.push_back(path_column("Images", ".spec.template.spec.containers[*].image", "string", 1));
  } else if (k == "ConfigMap") {
    cols.push_back({"Data", "integer", "", 0, [](const json& o, TimePoint) {
                      return json(o.value("data", json::object()).size() +
                                  o.value("binaryData", json::object()).size());
                    }});
    cols.push_back(age_column());
  } else if (k == "Secret") {
    cols.push_back(path_column("Type", ".type"));
    cols.push_back({"Data", "integer", "", 0, [](const json& o, TimePoint) {
                      return json(o.value("data", json::object()).size());
                    }});
    cols.push_back(age_column());
  } else if (k == "Service") {
    cols.push_back(path_column("Type", ".spec.type"));
    cols.push_back(path_column("Cluster-IP", ".spec.clusterIP"));
    cols.push_back(
        {"External-IP", "string", "", 0, [](const json&, TimePoint) { return json("<none>"); }});
    cols.push_back({"Port(s)", "string", "", 0, [](const json& o, TimePoint) {
                      std::string out;
                      for (const auto& p : o["spec"].value("ports", json::array())) {
                        out += (out.empty() ? "" : ",") + std::to_string(p.value("port", 0)) + "/" +
                               p.value("protocol", "TCP");
                      }
                      return json(out);
                    }});
    cols.push_back(age_column());
  } else if (k == "Namespace") {
    cols.push_back(path_column("Status", ".status.phase"));
    cols.push_back(age_column());
  } else if (k == "CustomResourceDefinition") {
    cols.push_back(path_column("Created At", ".metadata.creationTimestamp"));
  } else if (k == "Lease") {
    cols.push_back(path_column("Holder", ".spec.holderIdentity"));
    cols.push_back(age_column());
  } else if (k == "Ingress") {
    cols.push_back(path_column("Class", ".spec.ingressClassName"));
    cols.push_back(path_column("Hosts", ".spec.rules[*].host"));
    cols.push_back(age_column());
  } else {
    cols.push_back(age_column());
  }
  return cols;
}

}  // namespace

json make_table(const ResourceType& type, const std::vector<json>& items, const json& list_metadata,
                const std::string& include_object, TimePoint now) {
  std::vector<Column> cols;
  cols.push_back({"Name", "string", "name", 0,
                  [](const json& o, TimePoint) { return o["metadata"].value("name", ""); }});
  if (type.custom && !type.columns.empty()) {
    for (const auto& c : type.columns) {
      Column col = path_column(c.name, c.json_path, c.type, c.priority);
      col.format = c.format;
      cols.push_back(std::move(col));
    }
  } else if (type.custom) {
    cols.push_back(age_column());
  } else {
    auto more = builtin_columns(type);
    cols.insert(cols.end(), more.begin(), more.end());
  }
  json definitions = json::array();
  for (const auto& c : cols) {
    definitions.push_back({{"name", c.name},
                           {"type", c.type},
                           {"format", c.format},
                           {"description", c.name == "Name" ? "Name must be unique within a "
                                                              "namespace."
                                                            : c.name},
                           {"priority", c.priority}});
  }
  json rows = json::array();
  for (const auto& item : items) {
    json cells = json::array();
    for (const auto& c : cols)
      cells.push_back(c.cell(item, now));
    json row = {{"cells", cells}};
    if (include_object == "Object") {
      row["object"] = item;
    } else if (include_object != "None") {
      json meta = item.value("metadata", json::object());
      meta.erase("managedFields");
      row["object"] = {
          {"kind", "PartialObjectMetadata"}, {"apiVersion", "meta.k8s.io/v1"}, {"metadata", meta}};
    }
    rows.push_back(std::move(row));
  }
  return {{"kind", "Table"},
          {"apiVersion", "meta.k8s.io/v1"},
          {"metadata", list_metadata},
          {"columnDefinitions", definitions},
          {"rows", rows}};
}

}  // namespace rl::test_apiserver
