#include "api.hpp"

#include <array>
#include <cstdio>
#include <ctime>

#include "api_internal.hpp"

namespace rl::test_apiserver {

using nlohmann::json;

namespace {
std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) out.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}
}  // namespace

std::string format_time(TimePoint t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  std::array<char, 32> buf{};
  std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf.data();
}

std::optional<TimePoint> parse_time(const std::string& text) {
  std::tm tm{};
  int fields = std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                           &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
  if (fields != 6) return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

const json& metadata_of(const json& object) {
  static const json kEmpty = json::object();
  auto it = object.find("metadata");
  return it != object.end() && it->is_object() ? *it : kEmpty;
}

std::string meta_string(const json& object, const char* field) {
  const auto& meta = metadata_of(object);
  auto it = meta.find(field);
  return it != meta.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string query_value(const Request& request, const std::string& key) {
  auto it = request.query.find(key);
  return it == request.query.end() ? std::string() : it->second;
}

bool query_flag(const Request& request, const std::string& key) {
  std::string v = query_value(request, key);
  return v == "true" || v == "1";
}

json wire(const ResourceType& type, const json& stored) {
  return from_storage(type, stored);
}

std::string wire_text(const ResourceType& type, const Revision& stored) {
  return served_as_stored(type, stored.value()) ? stored.text() : wire(type, stored.value()).dump();
}

Response written_response(int status, TypePtr type, Written written) {
  if (!written.stored) return json_response(status, written.object);
  Response r;
  r.status = status;
  r.render_body = [type = std::move(type), stored = std::move(written.stored)] {
    return wire_text(*type, *stored);
  };
  return r;
}

Response error_response(const ApiError& error) {
  Response r;
  r.status = error.code;
  if (error.plain_text) {
    r.content_type = "text/plain; charset=utf-8";
    r.body = error.message;
  } else {
    r.body = status_body(error).dump();
  }
  if (error.retry_after_seconds > 0) {
    r.headers.emplace_back("Retry-After", std::to_string(error.retry_after_seconds));
  }
  return r;
}

Response json_response(int status, const json& body) {
  Response r;
  r.status = status;
  r.body = body.dump();
  return r;
}

std::string request_verb(const Request& request) {
  auto segs = split_path(request.path);
  std::string method = request.method;
  for (auto& c : method)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::size_t skip = 0;
  if (segs.size() >= 2 && segs[0] == "api") skip = 2;
  if (segs.size() >= 3 && segs[0] == "apis") skip = 3;
  if (skip == 0 || segs.size() <= skip) return method;
  std::size_t n = segs.size() - skip;
  bool collection = n == 1;
  if (segs[skip] == "namespaces" && n >= 3) {
    collection = n == 3 && segs[skip + 2] != "status" && segs[skip + 2] != "finalize";
  }
  if (method == "get") {
    if (query_flag(request, "watch")) return "watch";
    return collection ? "list" : "get";
  }
  if (method == "post") return "create";
  if (method == "put") return "update";
  if (method == "delete") return collection ? "deletecollection" : "delete";
  return method;
}

ApiServer::ApiServer(ApiOptions options)
    : options_(options), store_(options.history_limit), rng_(options.seed) {
  auto ns_type = registry_.find("", "v1", "namespaces");
  for (const char* name : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
    json ns = {{"apiVersion", "v1"},
               {"kind", "Namespace"},
               {"metadata",
                {{"name", name},
                 {"uid", new_uid()},
                 {"creationTimestamp", format_time(options.start_time)},
                 {"labels", {{"kubernetes.io/metadata.name", name}}}}},
               {"spec", {{"finalizers", {"kubernetes"}}}},
               {"status", {{"phase", "Active"}}}};
    store_.put(ns_type->storage, std::move(ns));
  }
}

std::string ApiServer::new_uid() {
  std::array<std::uint8_t, 16> b{};
  for (auto& byte : b)
    byte = static_cast<std::uint8_t>(rng_());
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);
  std::string out;
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[b[i] >> 4];
    out += kHex[b[i] & 0xf];
  }
  return out;
}

std::string ApiServer::random_suffix(std::size_t n) {
  static constexpr std::string_view kAlphabet = "bcdfghjklmnpqrstvwxz2456789";
  std::string out;
  for (std::size_t i = 0; i < n; ++i)
    out += kAlphabet[rng_() % kAlphabet.size()];
  return out;
}

TypePtr ApiServer::storage_type(const std::string& storage) const {
  for (const auto& t : registry_.all()) {
    if (t->storage == storage && (t->group != "events.k8s.io")) return t;
  }
  return nullptr;
}

Result<Route> ApiServer::route(const Request& request) const {
  auto segs = split_path(request.path);
  std::string group;
  std::string version;
  std::size_t i = 0;
  if (segs.size() >= 2 && segs[0] == "api") {
    version = segs[1];
    i = 2;
  } else if (segs.size() >= 3 && segs[0] == "apis") {
    group = segs[1];
    version = segs[2];
    i = 3;
  } else {
    return std::unexpected(page_not_found());
  }
  std::vector<std::string> rest(segs.begin() + static_cast<std::ptrdiff_t>(i), segs.end());
  Route r;
  if (rest.size() >= 3 && rest[0] == "namespaces") {
    if (auto t = registry_.find(group, version, rest[2]); t && t->namespaced) {
      r.type = t;
      r.ns = rest[1];
      if (rest.size() >= 4) r.name = rest[3];
      if (rest.size() >= 5) r.subresource = rest[4];
      if (rest.size() > 5) return std::unexpected(page_not_found());
    }
  }
  if (!r.type && !rest.empty()) {
    auto t = registry_.find(group, version, rest[0]);
    if (!t || (t->namespaced && rest.size() > 1)) return std::unexpected(page_not_found());
    r.type = t;
    if (rest.size() >= 2) r.name = rest[1];
    if (rest.size() >= 3) r.subresource = rest[2];
    if (rest.size() > 3) return std::unexpected(page_not_found());
  }
  if (!r.type) return std::unexpected(page_not_found());
  if (!r.subresource.empty() && !(r.subresource == "status" && r.type->status_subresource)) {
    return std::unexpected(page_not_found());
  }
  return r;
}

Response ApiServer::handle(const Request& request, TimePoint now) {
  // Parsing the body and serialising the answer need no lock: only the work between holds it.
  Request parsed = request;
  const bool writes =
      request.method == "POST" || request.method == "PUT" || request.method == "PATCH";
  if (auto first = request.body.find_first_not_of(" \t\r\n");
      writes && first != std::string::npos && request.body[first] == '{') {
    auto body = json::parse(request.body, nullptr, false);
    if (!body.is_discarded()) {
      parsed.parsed_body = std::make_shared<std::optional<json>>(std::move(body));
    }
  }
  Response response;
  try {
    {
      std::lock_guard lock(mutex_);
      response = dispatch(parsed, now);
    }
    if (response.render_body) {
      response.body = response.render_body();
      response.render_body = nullptr;
    }
  } catch (const json::exception& e) {
    return error_response(internal_error(e.what()));
  }
  return response;
}

Response ApiServer::dispatch(const Request& request, TimePoint now) {
  if (auto d = discovery(request)) return *d;
  auto r = route(request);
  if (!r) return error_response(r.error());
  Result<Response> out =
      std::unexpected(method_not_allowed("the server does not allow this "
                                         "method on the requested resource"));
  const std::string& m = request.method;
  if (m == "GET") {
    if (query_flag(request, "watch")) {
      out = watch(*r, request);
    } else {
      out = r->collection() ? list(*r, request, now) : get(*r, request, now);
    }
  } else if (m == "POST" && r->collection() && r->subresource.empty()) {
    out = create(*r, request, now);
  } else if (m == "PUT" && !r->collection()) {
    out = update(*r, request, now);
  } else if (m == "PATCH" && !r->collection()) {
    out = patch(*r, request, now);
  } else if (m == "DELETE") {
    out = r->collection() ? remove_collection(*r, request, now) : remove(*r, request, now);
  }
  return out ? std::move(*out) : error_response(out.error());
}

void ApiServer::compact_history() {
  std::lock_guard lock(mutex_);
  store_.compact();
}

void ApiServer::close_watches(Watch::Ending ending) {
  std::lock_guard lock(mutex_);
  for (auto& weak : watches_) {
    if (auto w = weak.lock()) w->close(ending);
  }
  watches_.clear();
}

void ApiServer::stall_watches() {
  std::lock_guard lock(mutex_);
  for (auto& weak : watches_) {
    if (auto w = weak.lock()) w->stall();
  }
}

void ApiServer::set_history_limit(std::size_t limit) {
  std::lock_guard lock(mutex_);
  store_.set_history_limit(limit);
}

void ApiServer::set_deployment_ready_delay(std::optional<std::chrono::milliseconds> delay) {
  std::lock_guard lock(mutex_);
  options_.deployment_ready_delay = delay;
}

void ApiServer::set_garbage_collection(bool enabled) {
  std::lock_guard lock(mutex_);
  options_.garbage_collection = enabled;
}

std::uint64_t ApiServer::resource_version() const {
  std::lock_guard lock(mutex_);
  return store_.resource_version();
}

json ApiServer::save_state() const {
  std::lock_guard lock(mutex_);
  return store_.save();
}

void ApiServer::load_state(const json& state, bool keep_history) {
  std::lock_guard lock(mutex_);
  store_.load(state, keep_history);
  auto crd_type = registry_.find("apiextensions.k8s.io", "v1", "customresourcedefinitions");
  for (const auto& crd : store_.list(crd_type->storage, "")) {
    if (metadata_of(*crd).contains("deletionTimestamp")) continue;
    (void)registry_.add_crd(*crd);
  }
}

}  // namespace rl::test_apiserver
