// Cached children and the subset comparison against a desired object.
#include "readinglist/reconcile/observed.hpp"

#include "readinglist/model/microsite.hpp"
#include "readinglist/model/types.hpp"
#include "readinglist/reconcile/children.hpp"

namespace rl::reconcile {
namespace {

const nlohmann::json kEmptyObject = nlohmann::json::object();

// The hash the renderer gives a set of files, so an observed ConfigMap compares with the
// desired content without keeping the content.
std::string hash_of_data(const nlohmann::json& data) {
  render::Content content;
  if (data.is_object()) {
    for (const auto& [name, value] : data.items()) {
      content.files.push_back({name, value.is_string() ? value.get<std::string>() : value.dump()});
    }
  }
  return content.hash();
}

// A ConfigMap watched as metadata only: its data is what our last apply wrote, whose hash the
// annotation records, unless another field manager has written to the data since (managedFields
// then name it). Either way no byte of the page is needed.
std::string data_digest_from_metadata(const nlohmann::json& metadata) {
  if (const auto fields = metadata.find("managedFields");
      fields != metadata.end() && fields->is_array()) {
    for (const auto& entry : *fields) {
      const std::string manager = entry.value("manager", "");
      if (manager == kFieldManager && entry.value("operation", "") == "Apply") continue;
      const auto owned = entry.find("fieldsV1");
      if (owned != entry.end() && owned->is_object() &&
          (owned->contains("f:data") || owned->contains("f:binaryData"))) {
        return "data written by " + manager;  // never equal to a content hash
      }
    }
  }
  const auto annotations = metadata.find("annotations");
  if (annotations == metadata.end() || !annotations->is_object()) return {};
  const auto hash = annotations->find(kContentHashAnnotation);
  return hash != annotations->end() && hash->is_string() ? hash->get<std::string>() : "";
}

const nlohmann::json* our_applied_fields(const nlohmann::json& metadata) {
  const auto fields = metadata.find("managedFields");
  if (fields == metadata.end() || !fields->is_array()) return nullptr;
  for (const auto& entry : *fields) {
    if (entry.value("manager", "") != kFieldManager || entry.value("operation", "") != "Apply" ||
        !entry.value("subresource", "").empty()) {
      continue;
    }
    const auto owned = entry.find("fieldsV1");
    return owned != entry.end() && owned->is_object() ? &*owned : nullptr;
  }
  return nullptr;
}

// What the cache keeps of an object our apply wrote: see ObservedChild.
nlohmann::json compact(nlohmann::json& object, const nlohmann::json& ours) {
  nlohmann::json kept = owned_fields(object, ours);
  for (const char* key : {"apiVersion", "kind", "status"}) {
    if (const auto it = object.find(key); it != object.end()) kept[key] = std::move(*it);
  }
  auto& metadata = object["metadata"];
  auto& kept_metadata = kept["metadata"];
  if (!kept_metadata.is_object()) kept_metadata = nlohmann::json::object();
  // Identity (never in managedFields) and the generation the Deployment's status refers to;
  // the owners whole when our own reference is gone, so that a takeover shows.
  for (const char* key : {"name", "namespace", "uid", "generation", "ownerReferences"}) {
    if (kept_metadata.contains(key)) continue;
    if (const auto it = metadata.find(key); it != metadata.end()) kept_metadata[key] = *it;
  }
  return kept;
}

// The ownerReference marked controller, when it names one of our kinds, a ReadingList or a
// Microsite (an object has at most one controller).
const nlohmann::json* controlling_owner(const nlohmann::json& metadata) {
  const auto refs = metadata.find("ownerReferences");
  if (refs == metadata.end() || !refs->is_array()) return nullptr;
  for (const auto& ref : *refs) {
    if (!ref.value("controller", false)) continue;
    const std::string kind = ref.value("kind", "");
    if (kind == model::kKind || kind == model::kMicrositeKind) return &ref;
  }
  return nullptr;
}

}  // namespace

const nlohmann::json& ObservedChild::metadata() const {
  const auto it = object.find("metadata");
  return it != object.end() && it->is_object() ? *it : kEmptyObject;
}

std::string ObservedChild::uid() const {
  return metadata().value("uid", std::string());
}

std::optional<std::string> ObservedChild::controller_uid() const {
  const auto* ref = controlling_owner(metadata());
  if (!ref || ref->value("apiVersion", "") != model::kApiVersion) return std::nullopt;
  return ref->value("uid", std::string());
}

ObservedChild CachedChild::observed() const {
  return {nlohmann::json::parse(object_json.unpack()), data_hash};
}

CachedChild cache(const ObservedChild& child, model::TextPacker& packer) {
  CachedChild cached{packer.pack(child.object.dump()),
                     child.data_hash,
                     child.metadata().value("namespace", std::string()),
                     std::nullopt,
                     {}};
  if (const auto* ref = controlling_owner(child.metadata())) {
    cached.controller_name = ref->value("name", std::string());
    cached.controller_kind = ref->value("kind", std::string());
  }
  return cached;
}

ObservedChild observe(ChildKind kind, nlohmann::json object) {
  ObservedChild child;
  const auto metadata = object.find("metadata");
  const bool has_metadata = metadata != object.end() && metadata->is_object();
  if (kind == ChildKind::ConfigMap) {
    if (object.value("kind", "") == "PartialObjectMetadata") {
      child.data_hash = has_metadata ? data_digest_from_metadata(*metadata) : "";
      object["apiVersion"] = "v1";
      object["kind"] = "ConfigMap";
    } else {
      const auto data = object.find("data");
      child.data_hash = hash_of_data(data != object.end() ? *data : kEmptyObject);
      object.erase("data");
      object.erase("binaryData");
    }
  }
  if (const auto* ours = has_metadata ? our_applied_fields(*metadata) : nullptr) {
    child.object = compact(object, *ours);
    return child;
  }
  if (has_metadata) object["metadata"].erase("managedFields");
  child.object = std::move(object);
  return child;
}

bool satisfies(const nlohmann::json& observed, const nlohmann::json& desired) {
  if (desired.is_object()) {
    if (!observed.is_object()) return false;
    for (const auto& [key, value] : desired.items()) {
      const auto it = observed.find(key);
      if (it == observed.end() || !satisfies(*it, value)) return false;
    }
    return true;
  }
  if (desired.is_array()) {
    if (!observed.is_array() || observed.size() != desired.size()) return false;
    for (std::size_t i = 0; i < desired.size(); ++i) {
      if (!satisfies(observed[i], desired[i])) return false;
    }
    return true;
  }
  // The API server may send an integer we wrote as unsigned as signed; compare numbers as
  // numbers.
  if (desired.is_number() && observed.is_number()) {
    return desired.is_number_float() || observed.is_number_float()
               ? desired.get<double>() == observed.get<double>()
               : desired.get<std::int64_t>() == observed.get<std::int64_t>();
  }
  return observed == desired;
}

bool up_to_date(const ObservedChild& observed, const nlohmann::json& desired) {
  if (!observed.data_hash) return satisfies(observed.object, desired);
  // Field by field rather than on a copy: the desired data can be close to 1 MiB.
  for (const auto& [key, value] : desired.items()) {
    if (key == "data") continue;
    const auto it = observed.object.find(key);
    if (it == observed.object.end() || !satisfies(*it, value)) return false;
  }
  const auto data = desired.find("data");
  return *observed.data_hash == hash_of_data(data != desired.end() ? *data : kEmptyObject);
}

}  // namespace rl::reconcile
