// rl::kube::ApiClient over the test API server's socket-free core (tests/support/api.hpp): each
// verb is built by the kube layer's request builder, exactly as HttpApiClient builds it, handed
// to ApiServer::handle, and the answer mapped back as HttpApiClient maps it (error_from_response,
// JSON bodies, watch lines through WatchDecoder). Fault rules (faults.hpp) answer before the
// server, as the HTTP front does. A thread runs the emulated controllers (garbage collection,
// Deployment status) every 20 ms. For the tests: the API cost per verb and resource, and whether
// every open watch has handed every stored change to its handler.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "api.hpp"
#include "faults.hpp"
#include "readinglist/kube/api_client.hpp"
#include "readinglist/kube/status_error.hpp"
#include "readinglist/model/crd.hpp"

namespace rl::runtime::testing {

enum class Verb { Get, List, Watch, Create, Update, UpdateStatus, Patch, Remove };

class CoreApiClient final : public kube::ApiClient {
 public:
  static test_apiserver::ApiOptions default_options() {
    test_apiserver::ApiOptions options;
    options.deployment_ready_delay = std::chrono::milliseconds(0);  // available at the next pass
    return options;
  }

  // Installs the ReadingList and Microsite CRDs (from rl::model, as `readinglist-operator crd`
  // prints it).
  explicit CoreApiClient(test_apiserver::ApiOptions options = default_options())
      : server_(std::move(options)) {
    const kube::ResourceRef crds{"apiextensions.k8s.io", "v1", "customresourcedefinitions", false};
    for (const auto& crd : {model::readinglist_crd(), model::microsite_crd()})
      must(serve(kube::create_request(crds, "", nlohmann::json::parse(crd.dump())), nullptr));
    controllers_ = std::jthread([this](std::stop_token stop) { run_controllers(stop); });
  }
  ~CoreApiClient() override { controllers_ = {}; }  // joins before the server goes

  // ---- For the test: the server's controls, the state of the world, the API cost.
  test_apiserver::ApiServer& server() { return server_; }
  test_apiserver::Faults& faults() { return faults_; }

  // Creates a namespace (objects can only be created in one that exists).
  void create_namespace(std::string_view name) {
    const kube::ResourceRef namespaces{"", "v1", "namespaces", false};
    const nlohmann::json object = {
        {"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}};
    must(serve(kube::create_request(namespaces, "", object), nullptr));
  }
  // Each write is answered this much later (a latency fault on every write verb).
  void set_write_latency(std::chrono::milliseconds latency) {
    for (const char* verb : {"create", "update", "patch", "delete"}) {
      test_apiserver::FaultRule rule;
      rule.remaining = -1;
      rule.verb = verb;
      rule.latency = latency;
      faults_.add(std::move(rule));
    }
  }
  // The next `count` requests of `verb` whose path matches `path` (a regex) get `code`.
  void fail_next(int count, int code, std::string verb, std::string path) {
    test_apiserver::FaultRule rule;
    rule.code = code;
    rule.remaining = count;
    rule.verb = std::move(verb);
    rule.path = std::move(path);
    faults_.add(std::move(rule));
  }
  // The object as stored, read without counting and past any fault.
  std::optional<nlohmann::json> object(const kube::ResourceRef& resource, std::string_view ns,
                                       std::string_view name) {
    auto got = serve(kube::get_request(resource, ns, name), nullptr);
    return got ? std::optional(std::move(*got)) : std::nullopt;
  }
  std::uint64_t resource_version() const { return server_.resource_version(); }

  int calls(Verb verb) const { return count_calls({verb}); }
  int calls(Verb verb, const kube::ResourceRef& resource) const {
    std::lock_guard lock(mutex_);
    const auto it = calls_.find({verb, id(resource)});
    return it == calls_.end() ? 0 : it->second;
  }
  // Every call that asks for a change, whether or not it changed anything.
  int write_calls() const {
    return count_calls({Verb::Create, Verb::Update, Verb::UpdateStatus, Verb::Patch, Verb::Remove});
  }
  // Updates and patches the server took without a new resourceVersion: nothing changed.
  int unchanged_writes() const {
    std::lock_guard lock(mutex_);
    return unchanged_writes_;
  }
  // Answers with this HTTP status (e.g. injected faults).
  int answers(int status) const {
    std::lock_guard lock(mutex_);
    const auto it = answers_.find(status);
    return it == answers_.end() ? 0 : it->second;
  }
  // Forgets the calls so far (e.g. the test's own setup).
  void reset_calls() {
    std::lock_guard lock(mutex_);
    calls_.clear();
    answers_.clear();
    unchanged_writes_ = 0;
  }
  std::size_t open_watches() const {
    std::lock_guard lock(mutex_);
    return open_.size();
  }
  // Every open watch has been handed every stored change (its queue is empty and it has seen
  // the latest resourceVersion) and its handler returned: a line popped just before the check
  // is handled before that watch's next poll begins, so this waits for one poll of each.
  bool watches_caught_up() {
    const auto rv = server_.resource_version();
    std::vector<std::pair<std::shared_ptr<OpenWatch>, std::uint64_t>> seen;
    {
      std::lock_guard lock(mutex_);
      for (const auto& open : open_)
        seen.emplace_back(open, open->polls.load());
    }
    for (const auto& [open, polls] : seen) {
      auto bookmark = open->watch->bookmark();  // none while anything is queued
      if (!bookmark) return false;
      while (!bookmark->empty() && bookmark->back() == '\n')
        bookmark->pop_back();
      const auto event = kube::parse_watch_line(*bookmark);
      if (!event || event->resource_version() != std::to_string(rv)) return false;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    for (const auto& [open, polls] : seen) {
      while (open->polls.load() <= polls && !open->done.load()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
    return server_.resource_version() == rv;
  }

  // ---- The API.
  kube::Result<nlohmann::json> get(const kube::ResourceRef& resource, std::string_view ns,
                                   std::string_view name, std::string_view subresource) override {
    return call(Verb::Get, resource, kube::get_request(resource, ns, name, subresource));
  }
  kube::Result<nlohmann::json> list(const kube::ResourceRef& resource, std::string_view ns,
                                    const kube::ListOptions& options) override {
    return call(Verb::List, resource, kube::list_request(resource, ns, options));
  }
  kube::Result<nlohmann::json> create(const kube::ResourceRef& resource, std::string_view ns,
                                      const nlohmann::json& object,
                                      const kube::WriteOptions& options) override {
    return call(Verb::Create, resource, kube::create_request(resource, ns, object, options));
  }
  kube::Result<nlohmann::json> update(const kube::ResourceRef& resource, std::string_view ns,
                                      std::string_view name, const nlohmann::json& object,
                                      const kube::WriteOptions& options,
                                      std::string_view subresource) override {
    return call(subresource == "status" ? Verb::UpdateStatus : Verb::Update, resource,
                kube::update_request(resource, ns, name, object, options, subresource));
  }
  kube::Result<nlohmann::json> patch(const kube::ResourceRef& resource, std::string_view ns,
                                     std::string_view name, kube::PatchType type,
                                     const nlohmann::json& patch, const kube::PatchOptions& options,
                                     std::string_view subresource) override {
    return call(Verb::Patch, resource,
                kube::patch_request(resource, ns, name, type, patch, options, subresource));
  }
  kube::Result<nlohmann::json> remove(const kube::ResourceRef& resource, std::string_view ns,
                                      std::string_view name,
                                      const kube::DeleteOptions& options) override {
    return call(Verb::Remove, resource, kube::delete_request(resource, ns, name, options));
  }

  // Pulls the watch's lines as the HTTP server's pump does (timeout with a last BOOKMARK, clean
  // end or cut) and decodes them as HttpApiClient does; `stop` closes the watch, which wakes it.
  kube::Result<void> watch(const kube::ResourceRef& resource, std::string_view ns,
                           const kube::WatchOptions& options,
                           const kube::WatchEventHandler& on_event, std::stop_token stop) override {
    auto request = kube::watch_request(resource, ns, options);
    if (!request) return std::unexpected(request.error());
    count(Verb::Watch, resource);
    auto response = handle(*request, &faults_);
    if (!response) return std::unexpected(response.error());
    if (!response->watch) return std::unexpected(kube::decode_error("a watch without a stream"));
    auto open = std::make_shared<OpenWatch>(response->watch);
    {
      std::lock_guard lock(mutex_);
      open_.insert(open);
    }
    const auto result = pump(*open, response->watch_timeout, on_event, stop);
    open->watch->close();
    open->done = true;
    std::lock_guard lock(mutex_);
    open_.erase(open);
    return result;
  }

 private:
  using Clock = std::chrono::steady_clock;
  struct OpenWatch {
    explicit OpenWatch(std::shared_ptr<test_apiserver::Watch> w) : watch(std::move(w)) {}
    std::shared_ptr<test_apiserver::Watch> watch;
    std::atomic<std::uint64_t> polls{0};  // wait_pop calls begun
    std::atomic<bool> done{false};
  };
  static constexpr auto kPoll = std::chrono::milliseconds(10);

  kube::Result<void> pump(OpenWatch& open, std::chrono::seconds timeout,
                          const kube::WatchEventHandler& on_event, std::stop_token stop) {
    auto& watch = *open.watch;
    const std::stop_callback close_on_stop(stop, [&watch] { watch.close(); });
    const auto deadline = Clock::now() + timeout;
    kube::WatchDecoder decoder;
    std::vector<kube::WatchEvent> events;
    std::string line;
    while (true) {
      ++open.polls;
      const auto next = watch.wait_pop(line, std::min(deadline, Clock::now() + kPoll));
      if (stop.stop_requested()) return std::unexpected(kube::cancelled_error("watch"));
      if (next == test_apiserver::Watch::Next::Closed) break;
      if (next == test_apiserver::Watch::Next::Timeout) {
        if (Clock::now() < deadline || watch.stalled()) continue;
        line = watch.bookmark().value_or("");
        watch.close();
      }
      auto fed = decoder.feed(line, events);
      for (auto& event : events) {
        if (!on_event(std::move(event))) return {};
      }
      events.clear();
      if (!fed) return std::unexpected(fed.error());
    }
    switch (watch.ending()) {
      case test_apiserver::Watch::Ending::Clean:
        return decoder.finish();
      case test_apiserver::Watch::Ending::CutMidEvent:
        (void)decoder.feed(R"({"type":"MODIFIED","object":{"kind":")", events);
        [[fallthrough]];
      case test_apiserver::Watch::Ending::Cut:
        break;
    }
    return std::unexpected(kube::transport_error("watch: stream ended: connection cut"));
  }

  kube::Result<nlohmann::json> call(Verb verb, const kube::ResourceRef& resource,
                                    const kube::Result<kube::Request>& request) {
    if (!request) return std::unexpected(request.error());
    count(verb, resource);
    const auto before = server_.resource_version();
    auto answer = serve(request, &faults_);
    if (answer && (verb == Verb::Update || verb == Verb::UpdateStatus || verb == Verb::Patch) &&
        std::stoull("0" + kube::meta_string(*answer, "resourceVersion")) <= before) {
      std::lock_guard lock(mutex_);
      ++unchanged_writes_;
    }
    return answer;
  }

  // The answer as HttpApiClient::call reads it.
  kube::Result<nlohmann::json> serve(const kube::Result<kube::Request>& request,
                                     test_apiserver::Faults* faults) {
    if (!request) return std::unexpected(request.error());
    auto response = handle(*request, faults);
    if (!response) return std::unexpected(response.error());
    if (response->body.empty()) return nlohmann::json::object();
    auto json = nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) {
      return std::unexpected(kube::decode_error(request->path + ": the answer is not JSON"));
    }
    return json;
  }

  // The request as the HTTP server decodes it, past the faults, to the server; non-2xx answers
  // become errors.
  kube::Result<test_apiserver::Response> handle(const kube::Request& request,
                                                test_apiserver::Faults* faults = nullptr) {
    test_apiserver::Request r;
    r.method = std::string(kube::to_string(request.method));
    r.path = percent_decode(request.path);
    for (std::size_t start = 0; start < request.query.size();) {
      const auto end = std::min(request.query.find('&', start), request.query.size());
      const std::string pair = request.query.substr(start, end - start);
      const auto eq = std::min(pair.find('='), pair.size());
      r.query[percent_decode(pair.substr(0, eq))] =
          eq < pair.size() ? percent_decode(pair.substr(eq + 1)) : "";
      start = end + 1;
    }
    r.content_type = request.content_type;
    r.accept = "application/json";
    r.user_agent = "runtime-controller-test";
    r.body = request.body;
    test_apiserver::Faults::Decision decision;
    if (faults) decision = faults->decide(test_apiserver::request_verb(r), r.method, r.path);
    auto response = decision.response ? std::move(*decision.response)
                                      : server_.handle(r, std::chrono::system_clock::now());
    if (decision.latency.count() > 0) std::this_thread::sleep_for(decision.latency);
    if (faults) {
      std::lock_guard lock(mutex_);
      ++answers_[response.status];
    }
    if (response.status < 200 || response.status > 299) {
      std::string retry_after;
      for (const auto& [name, value] : response.headers) {
        if (name == "Retry-After") retry_after = value;
      }
      return std::unexpected(
          kube::error_from_response(response.status, response.body, retry_after));
    }
    return response;
  }

  static std::string percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '%' && i + 2 < text.size()) {
        out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
        i += 2;
      } else {
        out += text[i];
      }
    }
    return out;
  }

  void run_controllers(std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    while (!stop.stop_requested()) {
      server_.run_controllers(std::chrono::system_clock::now());
      wake.wait_for(lock, stop, std::chrono::milliseconds(20), [] { return false; });
    }
  }

  static void must(const kube::Result<nlohmann::json>& setup) {
    if (!setup) throw std::runtime_error("test API server setup: " + setup.error().to_string());
  }
  static std::string id(const kube::ResourceRef& resource) {
    return resource.group + "/" + resource.plural;
  }
  void count(Verb verb, const kube::ResourceRef& resource) {
    std::lock_guard lock(mutex_);
    ++calls_[{verb, id(resource)}];
  }
  int count_calls(std::initializer_list<Verb> verbs) const {
    std::lock_guard lock(mutex_);
    int n = 0;
    for (const auto& [key, calls] : calls_)
      n += std::ranges::find(verbs, key.first) != verbs.end() ? calls : 0;
    return n;
  }

  test_apiserver::ApiServer server_;
  test_apiserver::Faults faults_;
  mutable std::mutex mutex_;
  std::map<std::pair<Verb, std::string>, int> calls_;
  std::map<int, int> answers_;
  int unchanged_writes_ = 0;
  std::set<std::shared_ptr<OpenWatch>> open_;
  std::jthread controllers_;  // last: stops first
};

}  // namespace rl::runtime::testing
