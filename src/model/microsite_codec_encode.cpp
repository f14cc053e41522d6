// Microsite -> JSON and YAML, with the same conventions as the ReadingList's (codec_encode.hpp):
// only present fields are written, so parse -> to_json -> parse is the identity.
#include <array>
#include <nlohmann/json.hpp>

#include "codec_encode.hpp"
#include "readinglist/model/codec.hpp"
#include "readinglist/model/microsite_codec.hpp"

namespace rl::model {

namespace {

using detail::encode;
using detail::put;
using detail::put_list;
using nlohmann::json;

// The order of the API page: what the site is, which event, which lists, how they are shown and
// served. Keys not listed follow alphabetically.
constexpr std::array<std::string_view, 27> kReadingOrder = {
    "apiVersion",  "kind",     "metadata", "name",      "namespace",   "spec",
    "status",      "title",    "url",      "startDate", "endDate",     "location",
    "description", "language", "event",    "selector",  "matchLabels", "matchExpressions",
    "key",         "operator", "values",   "order",     "by",          "names",
    "theme",       "site",     "replicas",
};

json encode(const EventSpec& event) {
  json out = {{"name", event.name}};
  put(out, "url", event.url);
  put(out, "startDate", event.start_date);
  put(out, "endDate", event.end_date);
  put(out, "location", event.location);
  return out;
}

json encode(const LabelSelectorRequirement& requirement) {
  json out = {{"key", requirement.key}, {"operator", requirement.operator_}};
  put_list(
      out, "values", requirement.values, [](const std::string& v) { return json(v); }, false);
  return out;
}

json encode(const LabelSelector& selector) {
  json out = json::object();
  put(out, "matchLabels", selector.match_labels);
  put_list(
      out, "matchExpressions", selector.match_expressions,
      [](const LabelSelectorRequirement& r) { return encode(r); }, false);
  return out;
}

json encode(const MicrositeOrder& order) {
  json out = json::object();
  if (order.by) out["by"] = to_string(*order.by);
  put_list(
      out, "names", order.names, [](const std::string& name) { return json(name); }, false);
  return out;
}

json encode(const MicrositeSiteSpec& site) {
  json out = json::object();
  put(out, "replicas", site.replicas);
  put(out, "image", site.image);
  if (site.resources) out["resources"] = encode(*site.resources);
  if (site.ingress) out["ingress"] = encode(*site.ingress);
  return out;
}

}  // namespace

json to_json(const MicrositeSpec& spec) {
  json out = {{"title", spec.title}};
  put(out, "description", spec.description);
  put(out, "language", spec.language);
  if (spec.event) out["event"] = encode(*spec.event);
  if (spec.selector) out["selector"] = encode(*spec.selector);
  if (spec.order) out["order"] = encode(*spec.order);
  if (spec.theme) out["theme"] = to_string(*spec.theme);
  if (spec.site) out["site"] = encode(*spec.site);
  return out;
}

json to_json(const MicrositeStatus& status) {
  json out = detail::encode_status(status);
  out["lists"] = {{"selected", status.lists.selected}, {"valid", status.lists.valid}};
  return out;
}

json to_json(const Microsite& microsite) {
  return detail::encode_object(kMicrositeKind, microsite);
}

std::string to_yaml(const Microsite& microsite) {
  return detail::to_yaml_in_order(to_json(microsite), kReadingOrder);
}

}  // namespace rl::model
