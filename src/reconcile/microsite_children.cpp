// The children of a Microsite as server-side apply bodies: the index ConfigMap NAME-index, and
// the Deployment, Service and Ingress NAME-microsite, built by the same code as a list's site.
// The pods serve every selected list from the list's own content ConfigMap, so a microsite
// copies no page and each list keeps one source of truth.
#include <array>
#include <stdexcept>
#include <string_view>

#include "readinglist/model/microsite_names.hpp"
#include "readinglist/model/names.hpp"
#include "readinglist/reconcile/microsite.hpp"
#include "reconcile_detail.hpp"

namespace rl::reconcile {
namespace {

// What a list's content ConfigMap serves; its nginx.conf is the list's own server and stays out.
constexpr std::array<std::string_view, 5> kListFiles = {
    "index.html", "style.css", "readinglist.json", "readinglist.md", "feed.xml"};

detail::ChildIdentity microsite_identity(const model::ObjectMeta& microsite) {
  return {model::microsite_child_name(microsite), microsite.namespace_,
          model::microsite_child_labels(microsite),
          owner_reference(microsite, model::kMicrositeKind)};
}

nlohmann::json items(std::string_view directory, const auto& keys) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& key : keys) {
    out.push_back({{"key", key}, {"path", std::string(directory) + std::string(key)}});
  }
  return out;
}

// The web root: the index's files at the top, then each list's files under "<list-name>/", in
// index order. A list's ConfigMap is optional: its own controller writes it, and until then (or
// while the list is being fixed) the rest of the site still starts.
nlohmann::json web_volume(const model::Microsite& microsite, const render::Content& content,
                          const Selection& selection) {
  std::vector<std::string_view> index_files;
  for (const auto& file : content.files) {
    if (file.name != "nginx.conf") index_files.push_back(file.name);
  }
  nlohmann::json sources =
      nlohmann::json::array({{{"configMap",
                               {{"name", model::microsite_index_name(microsite.metadata)},
                                {"items", items("", index_files)}}}}});
  for (const model::ReadingList* list : selection.lists) {
    sources.push_back({{"configMap",
                        {{"name", model::child_name(list->metadata)},
                         {"optional", true},
                         {"items", items(list->metadata.name + "/", kListFiles)}}}});
  }
  return {{"name", "content"}, {"projected", {{"sources", std::move(sources)}}}};
}

}  // namespace

nlohmann::json desired_microsite_config_map(const model::Microsite& microsite,
                                            const render::Content& content) {
  auto identity = microsite_identity(microsite.metadata);
  identity.name = model::microsite_index_name(microsite.metadata);
  return detail::content_config_map(identity, content);
}

nlohmann::json desired_microsite_deployment(const model::Microsite& microsite,
                                            const render::Content& content,
                                            const Selection& selection) {
  const auto site = microsite.spec.effective_site();
  return detail::site_deployment(
      microsite_identity(microsite.metadata),
      {site.effective_image(), site.resources, site.effective_replicas()}, content.hash(),
      web_volume(microsite, content, selection), model::microsite_index_name(microsite.metadata));
}

nlohmann::json desired_microsite_service(const model::Microsite& microsite) {
  return detail::site_service(microsite_identity(microsite.metadata));
}

nlohmann::json desired_microsite_ingress(const model::Microsite& microsite) {
  const auto site = microsite.spec.effective_site();
  if (!site.ingress) throw std::logic_error("desired_microsite_ingress without spec.site.ingress");
  return detail::site_ingress(microsite_identity(microsite.metadata), *site.ingress);
}

}  // namespace rl::reconcile
