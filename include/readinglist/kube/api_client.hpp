// The verbs of the Kubernetes API on any resource, as an interface: HttpApiClient talks to a
// real server, tests of the runtime use a fake. Objects go in and out as JSON; callers decode
// them into model types. Every failure is an Error that says whether a retry can help.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "readinglist/kube/error.hpp"
#include "readinglist/kube/request.hpp"
#include "readinglist/kube/watch_decoder.hpp"

namespace rl::kube {

// Receives each watch event as it arrives; returning false ends the watch.
using WatchEventHandler = std::function<bool(WatchEvent&&)>;

class ApiClient {
 public:
  virtual ~ApiClient() = default;

  virtual Result<nlohmann::json> get(const ResourceRef& resource, std::string_view ns,
                                     std::string_view name, std::string_view subresource) = 0;
  // One page (or everything without options.limit): the List object as the server sent it.
  virtual Result<nlohmann::json> list(const ResourceRef& resource, std::string_view ns,
                                      const ListOptions& options) = 0;
  virtual Result<nlohmann::json> create(const ResourceRef& resource, std::string_view ns,
                                        const nlohmann::json& object,
                                        const WriteOptions& options) = 0;
  virtual Result<nlohmann::json> update(const ResourceRef& resource, std::string_view ns,
                                        std::string_view name, const nlohmann::json& object,
                                        const WriteOptions& options,
                                        std::string_view subresource) = 0;
  virtual Result<nlohmann::json> patch(const ResourceRef& resource, std::string_view ns,
                                       std::string_view name, PatchType type,
                                       const nlohmann::json& patch, const PatchOptions& options,
                                       std::string_view subresource) = 0;
  // The server answers with the object (finalizers pending) or a Status of kind Success.
  virtual Result<nlohmann::json> remove(const ResourceRef& resource, std::string_view ns,
                                        std::string_view name, const DeleteOptions& options) = 0;
  // Blocks, delivering events on the calling thread, until the server ends the stream cleanly
  // (success), the stream fails (Transport/Decode error; events already delivered stay valid),
  // `on_event` returns false (success) or `stop` fires (Cancelled). An ERROR event is handed to
  // `on_event` like any other; turning it into an Error is the caller's decision.
  virtual Result<void> watch(const ResourceRef& resource, std::string_view ns,
                             const WatchOptions& options, const WatchEventHandler& on_event,
                             std::stop_token stop) = 0;
};

// Server-side apply of `object` (which names itself) with `field_manager`.
Result<nlohmann::json> apply(ApiClient& api, const ResourceRef& resource, std::string_view ns,
                             const nlohmann::json& object, std::string_view field_manager,
                             bool force = true, std::string_view subresource = {});

struct ListResult {
  std::string resource_version;  // of the collection, for a following watch
  std::vector<nlohmann::json> items;
};

// Every page of a list (limit/continue). A continue token that expired (410) restarts the list
// once from the beginning, as client-go's pager does.
Result<ListResult> list_all(ApiClient& api, const ResourceRef& resource, std::string_view ns,
                            ListOptions options);

// Fields of an object's metadata, "" when absent.
std::string meta_string(const nlohmann::json& object, std::string_view field);

}  // namespace rl::kube
