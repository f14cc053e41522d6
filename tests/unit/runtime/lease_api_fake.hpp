// An in-memory API that stores one kind of object, Leases, with the API server's optimistic
// concurrency: create answers 409 AlreadyExists for an existing name, update needs the current
// resourceVersion (409 Conflict otherwise), a missing Lease is 404 NotFound. Tests check the
// stored Lease (the state of the world), inject failures, and act as a rival candidate.
#pragma once

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "readinglist/kube/api_client.hpp"
#include "readinglist/kube/status_error.hpp"
#include "readinglist/model/lease.hpp"

namespace rl::runtime::testing {

inline kube::Error status_error(int code, std::string_view reason, std::string_view name) {
  return kube::error_from_response(code, nlohmann::json{{"kind", "Status"},
                                                        {"status", "Failure"},
                                                        {"reason", reason},
                                                        {"code", code},
                                                        {"details", {{"name", name}}}}
                                             .dump());
}

class FakeLeaseApi final : public kube::ApiClient {
 public:
  std::optional<nlohmann::json> stored;  // the Lease, as the server holds it
  // Every request fails with this while set (an unreachable or failing server).
  std::optional<kube::Error> failing;
  // Runs before each request is served ("get", "create", "update"): a rival's write goes here.
  std::function<void(std::string_view verb)> before;
  std::vector<std::string> calls;

  model::LeaseRecord record() const {
    return stored ? *model::lease_record_from_json(*stored) : model::LeaseRecord{};
  }
  std::string resource_version() const {
    return stored ? kube::meta_string(*stored, "resourceVersion") : "";
  }
  // Another process writes the Lease (as a rival candidate or a human would).
  void write(const model::LeaseRecord& record) {
    stored = model::with_lease_record(
        stored ? *stored : model::new_lease("ops", "operator-lock", record), record);
    (*stored)["metadata"]["resourceVersion"] = std::to_string(++revision_);
  }

  kube::Result<nlohmann::json> get(const kube::ResourceRef&, std::string_view,
                                   std::string_view name, std::string_view) override {
    if (auto refused = serve("get")) return std::unexpected(*refused);
    if (!stored) return std::unexpected(status_error(404, "NotFound", name));
    return *stored;
  }
  kube::Result<nlohmann::json> create(const kube::ResourceRef&, std::string_view,
                                      const nlohmann::json& object,
                                      const kube::WriteOptions&) override {
    if (auto refused = serve("create")) return std::unexpected(*refused);
    const std::string name = kube::meta_string(object, "name");
    if (stored) return std::unexpected(status_error(409, "AlreadyExists", name));
    stored = object;
    (*stored)["metadata"]["resourceVersion"] = std::to_string(++revision_);
    return *stored;
  }
  kube::Result<nlohmann::json> update(const kube::ResourceRef&, std::string_view,
                                      std::string_view name, const nlohmann::json& object,
                                      const kube::WriteOptions&, std::string_view) override {
    if (auto refused = serve("update")) return std::unexpected(*refused);
    const std::string version = kube::meta_string(object, "resourceVersion");
    if (version.empty()) return std::unexpected(status_error(422, "Invalid", name));
    if (!stored) return std::unexpected(status_error(404, "NotFound", name));
    if (version != resource_version()) return std::unexpected(status_error(409, "Conflict", name));
    stored = object;
    (*stored)["metadata"]["resourceVersion"] = std::to_string(++revision_);
    return *stored;
  }

  kube::Result<nlohmann::json> list(const kube::ResourceRef&, std::string_view,
                                    const kube::ListOptions&) override {
    return unexpected_call();
  }
  kube::Result<nlohmann::json> patch(const kube::ResourceRef&, std::string_view, std::string_view,
                                     kube::PatchType, const nlohmann::json&,
                                     const kube::PatchOptions&, std::string_view) override {
    return unexpected_call();
  }
  kube::Result<nlohmann::json> remove(const kube::ResourceRef&, std::string_view, std::string_view,
                                      const kube::DeleteOptions&) override {
    return unexpected_call();
  }
  kube::Result<void> watch(const kube::ResourceRef&, std::string_view, const kube::WatchOptions&,
                           const kube::WatchEventHandler&, std::stop_token) override {
    return std::unexpected(kube::invalid_request("the elector never watches"));
  }

 private:
  std::optional<kube::Error> serve(std::string_view verb) {
    calls.emplace_back(verb);
    if (before) before(verb);
    return failing;
  }
  static kube::Result<nlohmann::json> unexpected_call() {
    return std::unexpected(kube::invalid_request("the elector only gets, creates and updates"));
  }

  std::int64_t revision_ = 100;
};

}  // namespace rl::runtime::testing
