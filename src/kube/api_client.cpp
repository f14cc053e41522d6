#include "readinglist/kube/api_client.hpp"

namespace rl::kube {

std::string meta_string(const nlohmann::json& object, std::string_view field) {
  if (!object.is_object()) return {};
  const auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) return {};
  const auto value = meta->find(field);
  return value != meta->end() && value->is_string() ? value->get<std::string>() : std::string{};
}

Result<nlohmann::json> apply(ApiClient& api, const ResourceRef& resource, std::string_view ns,
                             const nlohmann::json& object, std::string_view field_manager,
                             bool force, std::string_view subresource) {
  const auto name = meta_string(object, "name");
  if (name.empty()) return std::unexpected(invalid_request("apply: metadata.name is required"));
  PatchOptions options;
  options.field_manager = field_manager;
  options.force = force;
  return api.patch(resource, ns, name, PatchType::Apply, object, options, subresource);
}

Result<ListResult> list_all(ApiClient& api, const ResourceRef& resource, std::string_view ns,
                            ListOptions options) {
  const ListOptions first = options;
  bool restarted = false;
  ListResult result;
  while (true) {
    auto page = api.list(resource, ns, options);
    if (!page) {
      if (page.error().is_expired() && !options.continue_token.empty() && !restarted) {
        // The snapshot behind the token is gone: start again from the beginning.
        restarted = true;
        options = first;
        result = {};
        continue;
      }
      return std::unexpected(page.error());
    }
    if (result.resource_version.empty())
      result.resource_version = meta_string(*page, "resourceVersion");
    if (auto items = page->find("items"); items != page->end() && items->is_array()) {
      for (auto& item : *items)
        result.items.push_back(std::move(item));
    }
    const auto next = meta_string(*page, "continue");
    if (next.empty()) return result;
    options.continue_token = next;
    // All pages belong to the first page's snapshot; the token carries it.
    options.resource_version.reset();
    options.resource_version_match.clear();
  }
}

}  // namespace rl::kube
