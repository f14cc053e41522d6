// The leader-election record a coordination.k8s.io/v1 Lease carries in its spec (holder,
// duration, acquire/renew times, transitions), read from and written into the Lease's JSON, and
// the MicroTime form of its timestamps. Pure: the elector in runtime/ decides what to write.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace rl::model {

inline constexpr std::string_view kLeaseApiVersion = "coordination.k8s.io/v1";
inline constexpr std::string_view kLeaseKind = "Lease";

struct LeaseRecord {
  std::string holder_identity;  // "": nobody holds the lease (released, or never taken)
  std::int64_t lease_duration_seconds = 0;
  std::string acquire_time;  // MicroTime text as stored; "" when unset
  std::string renew_time;
  std::int64_t lease_transitions = 0;
  friend bool operator==(const LeaseRecord&, const LeaseRecord&) = default;
};

// "2026-11-29T12:00:00.123456Z": metav1.MicroTime on the wire (always six fractional digits).
std::string micro_time(std::chrono::system_clock::time_point time);

// The record in `lease.spec`; absent fields read as empty/zero. Fails when `lease` is not an
// object or a field has the wrong type.
std::expected<LeaseRecord, std::string> lease_record_from_json(const nlohmann::json& lease);

// `lease` with the record written into its spec. Every other field (labels, strategy,
// preferredHolder, resourceVersion) is kept, so a PUT of the result changes only the record.
nlohmann::json with_lease_record(nlohmann::json lease, const LeaseRecord& record);

// A new Lease object holding `record`, for a create.
nlohmann::json new_lease(std::string_view ns, std::string_view name, const LeaseRecord& record);

}  // namespace rl::model
