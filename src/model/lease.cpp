// Lease record <-> JSON, MicroTime formatting.
#include "readinglist/model/lease.hpp"

#include <cstdio>

namespace rl::model {
namespace {

std::expected<std::string, std::string> string_field(const nlohmann::json& spec,
                                                     std::string_view name) {
  const auto it = spec.find(name);
  if (it == spec.end() || it->is_null()) return std::string();
  if (!it->is_string()) return std::unexpected("spec." + std::string(name) + ": not a string");
  return it->get<std::string>();
}

std::expected<std::int64_t, std::string> integer_field(const nlohmann::json& spec,
                                                       std::string_view name) {
  const auto it = spec.find(name);
  if (it == spec.end() || it->is_null()) return 0;
  if (!it->is_number_integer()) {
    return std::unexpected("spec." + std::string(name) + ": not an integer");
  }
  return it->get<std::int64_t>();
}

}  // namespace

std::string micro_time(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto micros = floor<microseconds>(time);
  const auto day = floor<days>(micros);
  const year_month_day date{day};
  const hh_mm_ss clock{micros - day};
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02lld.%06lldZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<long>(clock.hours().count()),
                static_cast<long>(clock.minutes().count()),
                static_cast<long long>(clock.seconds().count()),
                static_cast<long long>(clock.subseconds().count()));
  return text;
}

std::expected<LeaseRecord, std::string> lease_record_from_json(const nlohmann::json& lease) {
  if (!lease.is_object()) return std::unexpected("a Lease must be an object");
  const auto spec_it = lease.find("spec");
  if (spec_it == lease.end() || spec_it->is_null()) return LeaseRecord{};
  if (!spec_it->is_object()) return std::unexpected("spec: not an object");
  const auto& spec = *spec_it;
  LeaseRecord record;
  auto holder = string_field(spec, "holderIdentity");
  if (!holder) return std::unexpected(holder.error());
  record.holder_identity = std::move(*holder);
  auto duration = integer_field(spec, "leaseDurationSeconds");
  if (!duration) return std::unexpected(duration.error());
  record.lease_duration_seconds = *duration;
  auto acquired = string_field(spec, "acquireTime");
  if (!acquired) return std::unexpected(acquired.error());
  record.acquire_time = std::move(*acquired);
  auto renewed = string_field(spec, "renewTime");
  if (!renewed) return std::unexpected(renewed.error());
  record.renew_time = std::move(*renewed);
  auto transitions = integer_field(spec, "leaseTransitions");
  if (!transitions) return std::unexpected(transitions.error());
  record.lease_transitions = *transitions;
  return record;
}

nlohmann::json with_lease_record(nlohmann::json lease, const LeaseRecord& record) {
  auto& spec = lease["spec"];
  if (!spec.is_object()) spec = nlohmann::json::object();
  spec["holderIdentity"] = record.holder_identity;
  spec["leaseDurationSeconds"] = record.lease_duration_seconds;
  spec["leaseTransitions"] = record.lease_transitions;
  // An unset time is left out: the API server refuses "" as a MicroTime.
  for (const auto& [name, value] :
       {std::pair{"acquireTime", &record.acquire_time}, {"renewTime", &record.renew_time}}) {
    if (value->empty()) {
      spec.erase(name);
    } else {
      spec[name] = *value;
    }
  }
  return lease;
}

nlohmann::json new_lease(std::string_view ns, std::string_view name, const LeaseRecord& record) {
  return with_lease_record({{"apiVersion", kLeaseApiVersion},
                            {"kind", kLeaseKind},
                            {"metadata", {{"name", name}, {"namespace", ns}}}},
                           record);
}

}  // namespace rl::model
