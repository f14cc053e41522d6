// The Kubernetes API the test server serves, as a pure function of requests: routing,
// CRUD/patch/apply/delete with the real server's rules, list/watch, discovery, OpenAPI,
// Tables, and the controllers it emulates (garbage collection, namespaces, Deployment
// status, CRD status). The HTTP layer only moves bytes; tests drive this class directly.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "resources.hpp"
#include "schema.hpp"
#include "status.hpp"
#include "store.hpp"
#include "watch.hpp"

namespace rl::test_apiserver {

using TimePoint = std::chrono::system_clock::time_point;

struct Request {
  std::string method;  // GET, POST, PUT, PATCH, DELETE
  std::string path;    // decoded, without the query
  std::map<std::string, std::string> query;
  std::string content_type;
  std::string accept;
  std::string user_agent;
  std::string authorization;  // the Authorization header
  std::string body;
  // The body as JSON, parsed by ApiServer::handle before it takes its lock (null when the body
  // is not a JSON document); the first parse_body(request) takes it, later ones parse again.
  std::shared_ptr<std::optional<nlohmann::json>> parsed_body;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Set for a watch: the HTTP layer streams its lines until it closes or the deadline.
  std::shared_ptr<Watch> watch;
  std::chrono::seconds watch_timeout{0};
  // Set instead of `body` when the body is made from immutable revisions: ApiServer::handle runs
  // it once its lock is released, so serialisation does not hold up other requests.
  std::function<std::string()> render_body;
};

Response error_response(const ApiError& error);
Response json_response(int status, const nlohmann::json& body);

// The Kubernetes verb of a request (get, list, watch, create, update, patch, delete,
// deletecollection), or the lower-case HTTP method for paths outside the resource tree.
std::string request_verb(const Request& request);

struct ApiOptions {
  std::uint64_t seed = 1;             // uids, generated names, watch timeouts
  std::size_t history_limit = 10000;  // events kept for watch resumption
  std::optional<std::chrono::milliseconds> deployment_ready_delay =
      std::chrono::milliseconds(500);  // nullopt: Deployments never become available
  bool garbage_collection = true;
  TimePoint start_time{};  // creationTimestamp of the built-in namespaces
  // The time Table rows of watch events are aged against (events arrive after the request).
  std::function<TimePoint()> clock = [] { return std::chrono::system_clock::now(); };
};

struct Route;         // api_internal.hpp
struct WriteOptions;  // api_internal.hpp
struct Written;       // api_internal.hpp

class ApiServer {
 public:
  explicit ApiServer(ApiOptions options = {});

  Response handle(const Request& request, TimePoint now);
  // One pass of the emulated controllers (GC, namespace cleanup, Deployment status).
  void run_controllers(TimePoint now);

  // Test controls.
  void compact_history();
  void close_watches(Watch::Ending ending = Watch::Ending::Clean);
  void stall_watches();
  void set_history_limit(std::size_t limit);
  void set_deployment_ready_delay(std::optional<std::chrono::milliseconds> delay);
  void set_garbage_collection(bool enabled);
  std::uint64_t resource_version() const;
  nlohmann::json save_state() const;
  void load_state(const nlohmann::json& state, bool keep_history);

 private:
  Response dispatch(const Request& request, TimePoint now);
  Result<Route> route(const Request& request) const;

  // Reads (api_read.cpp).
  Result<Response> get(const Route& route, const Request& request, TimePoint now);
  Result<Response> list(const Route& route, const Request& request, TimePoint now);
  Result<Response> watch(const Route& route, const Request& request);

  // Writes (api_write.cpp, api_patch.cpp, api_delete.cpp).
  Result<Response> create(const Route& route, const Request& request, TimePoint now);
  Result<Response> update(const Route& route, const Request& request, TimePoint now);
  Result<Response> patch(const Route& route, const Request& request, TimePoint now);
  Result<Response> remove(const Route& route, const Request& request, TimePoint now);
  Result<Response> remove_collection(const Route& route, const Request& request, TimePoint now);

  Result<Written> create_object(const ResourceType& type, const std::string& ns,
                                nlohmann::json object, const WriteOptions& options, TimePoint now);
  Result<Written> update_object(const ResourceType& type, const std::string& ns,
                                const std::string& name, nlohmann::json object,
                                const WriteOptions& options, TimePoint now);
  Result<nlohmann::json> delete_object(const ResourceType& type, const std::string& key,
                                       const nlohmann::json& delete_options, bool dry_run,
                                       TimePoint now, bool* removed);
  // Removes an object that has no finalizers left, with what removal implies (CRD instances).
  ObjectPtr finish_delete(const ResourceType& type, const std::string& key);
  void after_write(const ResourceType& type, const nlohmann::json& stored);
  Result<void> validate_and_default(const ResourceType& type, nlohmann::json& object,
                                    const nlohmann::json& old, const WriteOptions& options,
                                    std::vector<std::string>& warnings);
  TypePtr storage_type(const std::string& storage) const;

  // Discovery and OpenAPI (discovery.cpp).
  std::optional<Response> discovery(const Request& request) const;

  // Controllers (controllers.cpp).
  void collect_garbage(TimePoint now);
  // Whether a write since the last pass can have given the collector work.
  bool garbage_possible() const;
  bool owner_present(const nlohmann::json& owner_ref, const std::string& dependent_ns) const;
  void finish_namespaces(TimePoint now);
  void emulate_deployments(TimePoint now);
  void controller_write(const ResourceType& type, nlohmann::json object, TimePoint now,
                        const std::string& subresource);

  std::string new_uid();
  std::string random_suffix(std::size_t n);

  mutable std::mutex mutex_;
  ApiOptions options_;
  Registry registry_;
  Store store_;
  std::mt19937_64 rng_;
  std::vector<std::weak_ptr<Watch>> watches_;
  struct Rollout {
    std::int64_t generation = -1;
    std::int64_t replicas = -1;
    TimePoint since;
    // "resourceVersion/delay" of a status that is final (available, or never to be): passes
    // skip the Deployment until the object or the setting changes.
    std::string settled_rv;
  };
  std::map<std::string, Rollout> rollouts_;  // by Deployment uid
  PatternCache patterns_;
  std::uint64_t garbage_checked_rv_ = 0;  // the collector has seen every write up to here
};

// RFC 3339 to the second, UTC.
std::string format_time(TimePoint t);
std::optional<TimePoint> parse_time(const std::string& text);

}  // namespace rl::test_apiserver
