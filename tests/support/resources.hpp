// The kinds the test API server serves: the built-in ones the operator and kubectl use, and
// every resource of each CustomResourceDefinition stored in it. Pure data plus the two
// conversions a kind may need between its wire form and its stored form.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "status.hpp"

namespace rl::test_apiserver {

struct PrinterColumn {
  std::string name;
  std::string type;  // string, integer, number, boolean, date
  std::string format;
  std::string description;
  std::string json_path;
  int priority = 0;
};

struct ResourceType {
  std::string group;
  std::string version;
  std::string plural;
  std::string singular;
  std::string kind;
  std::string list_kind;
  bool namespaced = true;
  bool status_subresource = false;
  bool custom = false;                     // served from a CRD: no strategic merge patch, CR rules
  bool uses_generation = false;            // metadata.generation: 1 on create, +1 on a spec change
  bool allow_unconditional_update = true;  // PUT without metadata.resourceVersion
  bool allow_create_on_update = false;     // PUT of a missing object creates it
  std::string storage;                     // objects are shared by the views with the same storage
  std::vector<std::string> short_names;
  std::vector<std::string> categories;
  std::vector<std::string> selectable_fields;  // field selectors beyond metadata.name/namespace
  std::vector<PrinterColumn> columns;          // CRD additionalPrinterColumns
  nlohmann::json schema;                       // CRD openAPIV3Schema (null for built-ins)

  std::string api_version() const { return group.empty() ? version : group + "/" + version; }
  std::string group_version_path() const {
    return group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
  }
};

using TypePtr = std::shared_ptr<const ResourceType>;

class Registry {
 public:
  Registry();  // the built-in kinds

  TypePtr find(std::string_view group, std::string_view version, std::string_view plural) const;
  TypePtr find_kind(std::string_view api_version, std::string_view kind) const;
  std::vector<TypePtr> all() const;
  // Group/versions served, in discovery order (core first).
  std::vector<std::pair<std::string, std::string>> group_versions() const;

  // Serves (or stops serving) the versions of a stored CRD object.
  Result<void> add_crd(const nlohmann::json& crd);
  void remove_crd(const nlohmann::json& crd);

 private:
  void add(ResourceType type);
  std::map<std::string, TypePtr> types_;  // "group/version/plural"
  std::vector<std::string> order_;        // insertion order, for discovery
};

// Wire form -> stored form (events.k8s.io/v1 Events are stored as core/v1 Events) and back.
nlohmann::json to_storage(const ResourceType& type, nlohmann::json object);
nlohmann::json from_storage(const ResourceType& type, nlohmann::json object);
// Whether from_storage would return `stored` unchanged, so it can be served (and its cached
// text sent) as it is.
bool served_as_stored(const ResourceType& type, const nlohmann::json& stored);

// The CRD checks the real server does that matter here (name = plural.group, a storage version).
Result<void> validate_crd(const ResourceType& crd_type, const nlohmann::json& crd);

}  // namespace rl::test_apiserver
