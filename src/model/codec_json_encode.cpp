// ReadingList -> JSON. Only present fields are written (required arrays always), so decoding the
// result gives back the same value.
#include <nlohmann/json.hpp>

#include "codec_encode.hpp"
#include "readinglist/model/codec.hpp"

namespace rl::model {

namespace {

using nlohmann::json;

using detail::encode;
using detail::put;
using detail::put_list;

json encode(const OwnerReference& ref) {
  json out = {
      {"apiVersion", ref.api_version}, {"kind", ref.kind}, {"name", ref.name}, {"uid", ref.uid}};
  put(out, "controller", ref.controller);
  put(out, "blockOwnerDeletion", ref.block_owner_deletion);
  return out;
}

json encode(const Person& person) {
  json out = {{"name", person.name}};
  put(out, "url", person.url);
  put(out, "affiliation", person.affiliation);
  put(out, "handle", person.handle);
  return out;
}

json encode(const Source& source) {
  json out = {{"name", source.name}};
  put(out, "url", source.url);
  return out;
}

json encode(const Item& item) {
  json out = {{"title", item.title}, {"url", item.url}};
  put(out, "description", item.description);
  return out;
}

json encode(const Entry& entry) {
  json out = json::object();
  if (entry.type) out["type"] = to_string(*entry.type);
  out["title"] = entry.title;
  put(out, "url", entry.url);
  put_list(
      out, "authors", entry.authors, [](const Person& p) { return encode(p); }, false);
  if (entry.source) out["source"] = encode(*entry.source);
  put(out, "published", entry.published);
  put(out, "note", entry.note);
  put_list(
      out, "items", entry.items, [](const Item& i) { return encode(i); }, false);
  return out;
}

json encode(const Section& section) {
  json out = {{"title", section.title}};
  put(out, "description", section.description);
  put_list(
      out, "entries", section.entries, [](const Entry& e) { return encode(e); }, true);
  return out;
}

json encode(const Talk& talk) {
  json out = json::object();
  put(out, "title", talk.title);
  put(out, "url", talk.url);
  put(out, "event", talk.event);
  put(out, "date", talk.date);
  put_list(
      out, "speakers", talk.speakers, [](const Person& p) { return encode(p); }, false);
  return out;
}

json encode(const Epigraph& epigraph) {
  json out = {{"text", epigraph.text}};
  if (epigraph.author) out["author"] = encode(*epigraph.author);
  return out;
}

json encode(const SiteSpec& site) {
  json out = json::object();
  put(out, "enabled", site.enabled);
  put(out, "replicas", site.replicas);
  put(out, "image", site.image);
  if (site.resources) out["resources"] = encode(*site.resources);
  if (site.theme) out["theme"] = to_string(*site.theme);
  if (site.ingress) out["ingress"] = encode(*site.ingress);
  return out;
}

}  // namespace

namespace detail {

json encode(const ResourceRequirements& resources) {
  json out = json::object();
  put(out, "limits", resources.limits);
  put(out, "requests", resources.requests);
  return out;
}

json encode(const IngressSpec& ingress) {
  json out = {{"host", ingress.host}};
  put(out, "path", ingress.path);
  put(out, "className", ingress.class_name);
  put(out, "tlsSecretName", ingress.tls_secret_name);
  put(out, "annotations", ingress.annotations);
  return out;
}

json encode(const Condition& condition) {
  return {{"type", condition.type},
          {"status", condition.status},
          {"reason", condition.reason},
          {"message", condition.message},
          {"lastTransitionTime", condition.last_transition_time},
          {"observedGeneration", condition.observed_generation}};
}

}  // namespace detail

json to_json(const ObjectMeta& metadata) {
  json out = json::object();
  put(out, "name", metadata.name);
  put(out, "generateName", metadata.generate_name);
  put(out, "namespace", metadata.namespace_);
  put(out, "uid", metadata.uid);
  put(out, "resourceVersion", metadata.resource_version);
  if (metadata.generation != 0) out["generation"] = metadata.generation;
  put(out, "creationTimestamp", metadata.creation_timestamp);
  put(out, "deletionTimestamp", metadata.deletion_timestamp);
  put(out, "deletionGracePeriodSeconds", metadata.deletion_grace_period_seconds);
  put(out, "labels", metadata.labels);
  put(out, "annotations", metadata.annotations);
  put_list(
      out, "ownerReferences", metadata.owner_references,
      [](const OwnerReference& r) { return encode(r); }, false);
  put_list(
      out, "finalizers", metadata.finalizers, [](const std::string& f) { return json(f); }, false);
  return out;
}

json to_json(const ReadingListSpec& spec) {
  json out = {{"title", spec.title}};
  put(out, "subtitle", spec.subtitle);
  put(out, "description", spec.description);
  put(out, "language", spec.language);
  if (spec.talk) out["talk"] = encode(*spec.talk);
  if (spec.epigraph) out["epigraph"] = encode(*spec.epigraph);
  put_list(
      out, "sections", spec.sections, [](const Section& s) { return encode(s); }, true);
  if (spec.site) out["site"] = encode(*spec.site);
  return out;
}

json to_json(const ReadingListStatus& status) {
  json out = detail::encode_status(status);
  out["entryCount"] = status.entry_count;
  out["sectionCount"] = status.section_count;
  return out;
}

json to_json(const ReadingList& list) {
  return detail::encode_object(kKind, list);
}

}  // namespace rl::model
