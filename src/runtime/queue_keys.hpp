// Private to the runtime: the work queue's keys for both kinds, and which cache events are
// worth a reconcile. A ReadingList's key is "ns/name"; a Microsite's carries a prefix, so one
// queue, one set of workers and one backoff serve both.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "readinglist/model/types.hpp"
#include "readinglist/reconcile/observed.hpp"
#include "readinglist/runtime/microsite_reconciler.hpp"
#include "readinglist/runtime/reconciler.hpp"

namespace rl::runtime::detail {

// No namespace or name can contain ':'.
inline constexpr std::string_view kMicrositeKeyPrefix = "microsite:";

inline std::string key_of(const model::ObjectMeta& meta) {
  return meta.namespace_ + "/" + meta.name;
}

inline std::string microsite_key_of(const model::ObjectMeta& meta) {
  return std::string(kMicrositeKeyPrefix) + key_of(meta);
}

// The ReadingList or Microsite that controls a child, as a queue key.
inline std::optional<std::string> owner_key(const reconcile::CachedChild& child) {
  if (!child.controller_name) return std::nullopt;
  const std::string key = child.namespace_ + "/" + *child.controller_name;
  if (child.controller_kind == model::kMicrositeKind) return std::string(kMicrositeKeyPrefix) + key;
  return key;
}

// What a Microsite's index reads of a list: its spec (generation), labels (selection),
// whether it decodes, and its existence.
inline bool changes_indexes(const CachedList& old, const CachedList& now) {
  return old.metadata.generation != now.metadata.generation ||
         old.metadata.uid != now.metadata.uid || old.metadata.labels != now.metadata.labels ||
         old.decode_error != now.decode_error;
}

// A Microsite's reconcile reads its spec and the status it compares its own with.
inline bool worth_reconciling(const CachedMicrosite& old, const CachedMicrosite& now) {
  const auto& a = old.microsite.metadata;
  const auto& b = now.microsite.metadata;
  return a.generation != b.generation || a.uid != b.uid ||
         a.deletion_timestamp != b.deletion_timestamp || old.decode_error != now.decode_error ||
         old.microsite.status != now.microsite.status;
}

// What reconcile reads: the spec (generation), deletion, identity, a decode problem, and the
// status it compares its own with. A status change (mostly our own write coming back) queues
// the list once more: a reconcile that ran while the cache still held the status before that
// write skipped a write it needed (the status it wanted was the stale one), and nothing else
// would correct it. The extra reconcile reads the cache only and writes nothing when current.
inline bool worth_reconciling(const CachedList& old, const CachedList& now) {
  const auto& a = old.metadata;
  const auto& b = now.metadata;
  return a.generation != b.generation || a.uid != b.uid ||
         a.deletion_timestamp != b.deletion_timestamp || old.decode_error != now.decode_error ||
         old.status != now.status;
}

// The log field naming what a key is ("readinglist" or "microsite"), and its "ns/name".
inline std::string subject_field(std::string_view key) {
  return key.starts_with(kMicrositeKeyPrefix) ? "microsite" : "readinglist";
}
inline std::string subject_of(std::string_view key) {
  return std::string(key.starts_with(kMicrositeKeyPrefix) ? key.substr(kMicrositeKeyPrefix.size())
                                                          : key);
}

}  // namespace rl::runtime::detail
