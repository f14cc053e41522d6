// What the operator keeps of a child it saw in the cache, and "does this child already have
// every field we would apply?", the question that makes a converged list cost zero writes.
// Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "readinglist/model/packed_text.hpp"
#include "readinglist/reconcile/children.hpp"

namespace rl::reconcile {

// A child as cached: of an object our apply wrote, the fields our apply owns (as managedFields
// say; what client-go's Extract functions give), its identity, ownerReferences and status;
// otherwise the object without managedFields. Neither server defaults nor other managers' fields
// are kept, so a Deployment costs about what we applied. A ConfigMap is cached without its
// data: the operator watches ConfigMaps as metadata only, and their data is known by a digest
// (the content-hash annotation our apply wrote, unless managedFields show that someone else has
// written to the data since), so no page is downloaded or held.
struct ObservedChild {
  nlohmann::json object;
  std::optional<std::string> data_hash;  // ConfigMaps only

  const nlohmann::json& metadata() const;
  std::string uid() const;
  // The uid of its controller ownerReference when that names a readinglist.dev owner (a
  // ReadingList or a Microsite; uids are unique across kinds), if any.
  std::optional<std::string> controller_uid() const;
};

// A child as the informer holds it: the ObservedChild's object as compact JSON text, packed
// (an eighth of the memory of the parsed tree), parsed again for each reconcile (which reads
// three children at most); and what the work queue reads on every event, parsed once.
struct CachedChild {
  model::PackedText object_json;
  std::optional<std::string> data_hash;
  std::string namespace_;
  // The readinglist.dev owner of its controller ownerReference, if any: its name, and its kind
  // ("ReadingList" or "Microsite"; empty when there is none), which the work queue keys by.
  std::optional<std::string> controller_name;
  std::string controller_kind;

  ObservedChild observed() const;
};

// `packer` is the informer's own, used on its thread only.
CachedChild cache(const ObservedChild& child, model::TextPacker& packer);

// `object` is a whole child (with managedFields: they tell which fields are still ours), or for
// a ConfigMap also its PartialObjectMetadata.
ObservedChild observe(ChildKind kind, nlohmann::json object);

// The part of `object` a managedFields entry's fieldsV1 names: fields ("f:"), elements of
// associative lists by key ("k:"), of sets by value ("v:") and by position ("i:"); a leaf owns
// everything under it. A field another manager has since changed is no longer named, so a
// comparison with what we would apply sees it as missing.
nlohmann::json owned_fields(const nlohmann::json& object, const nlohmann::json& fields_v1);

// True when every field `desired` sets holds the same value in `observed`; fields the server
// or other managers added are ignored. Lists must match element by element.
bool satisfies(const nlohmann::json& observed, const nlohmann::json& desired);

// satisfies() for a whole child; a ConfigMap's data is compared through its hash.
bool up_to_date(const ObservedChild& observed, const nlohmann::json& desired);

}  // namespace rl::reconcile
