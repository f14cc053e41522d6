// get, list (selectors, paging, exact RV, Tables) and watch.
#include <charconv>

#include "api_internal.hpp"
#include "encoding.hpp"
#include "table.hpp"

namespace rl::test_apiserver {

using nlohmann::json;

namespace {

std::optional<std::uint64_t> parse_rv(const std::string& text) {
  std::uint64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return v;
}

ApiError invalid_rv(const std::string& text) {
  return bad_request("resourceVersion: Invalid value: " + json(text).dump() +
                     ": invalid resource version");
}

std::string continue_token(std::uint64_t rv, const std::string& start) {
  return base64_encode(json{{"v", "meta.k8s.io/v1"}, {"rv", rv}, {"start", start}}.dump());
}

Result<WatchFilter> make_filter(const ResourceType& type, const std::string& ns,
                                const Request& request) {
  auto labels = LabelSelector::parse(query_value(request, "labelSelector"));
  if (!labels) return std::unexpected(labels.error());
  auto fields = FieldSelector::parse(query_value(request, "fieldSelector"), type.selectable_fields);
  if (!fields) return std::unexpected(fields.error());
  return WatchFilter{.ns = ns, .labels = std::move(*labels), .fields = std::move(*fields)};
}

// A list of custom objects, written as the dump of {apiVersion, items, kind, metadata} would be
// (keys in order), from each item's shared text: no copies, one serialisation per revision.
std::string list_text(const ResourceType& type, const std::vector<RevisionPtr>& items,
                      const json& meta) {
  std::string body;
  body += R"({"apiVersion":)";
  body += json(type.api_version()).dump();
  body += R"(,"items":[)";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) body += ',';
    body += wire_text(type, *items[i]);
  }
  body += R"(],"kind":)";
  body += json(type.list_kind).dump();
  body += R"(,"metadata":)";
  body += meta.dump();
  body += '}';
  return body;
}

}  // namespace

Result<Response> ApiServer::get(const Route& r, const Request& request, TimePoint now) {
  auto stored = store_.get_revision(r.type->storage, object_key(r.ns, r.name));
  if (!stored) return std::unexpected(not_found(*r.type, r.name));
  const bool table = wants_table(request.accept);
  if (!table && served_as_stored(*r.type, stored->value())) {
    Response response;
    response.render_body = [stored] { return stored->text(); };
    return response;
  }
  json object = wire(*r.type, stored->value());
  if (table) {
    return json_response(200, make_table(*r.type, {object}, json::object(),
                                         query_value(request, "includeObject"), now));
  }
  return json_response(200, object);
}

Result<Response> ApiServer::list(const Route& r, const Request& request, TimePoint now) {
  std::string rv = query_value(request, "resourceVersion");
  std::string match = query_value(request, "resourceVersionMatch");
  std::string cont = query_value(request, "continue");
  if (request.query.contains("sendInitialEvents")) {
    return std::unexpected(
        invalid_options("ListOptions", {{"FieldValueForbidden", "sendInitialEvents",
                                         "Forbidden: sendInitialEvents is forbidden for list"}}));
  }
  if (!match.empty()) {
    std::string why;
    if (rv.empty()) {
      why = "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided";
    } else if (!cont.empty()) {
      why = "Forbidden: resourceVersionMatch is forbidden when continue is provided";
    } else if (match == "Exact" && rv == "0") {
      why = "Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"";
    } else if (match != "Exact" && match != "NotOlderThan") {
      why = "Unsupported value: " + json(match).dump() +
            ": supported values: \"Exact\", \"NotOlderThan\", \"\"";
    }
    if (!why.empty()) {
      return std::unexpected(
          invalid_options("ListOptions", {{"FieldValueForbidden", "resourceVersionMatch", why}}));
    }
  }
  if (!cont.empty() && !rv.empty() && rv != "0") {
    return std::unexpected(
        bad_request("specifying resource version is not allowed when using continue"));
  }
  auto filter = make_filter(*r.type, r.ns, request);
  if (!filter) return std::unexpected(filter.error());
  std::int64_t limit = 0;
  if (auto l = query_value(request, "limit"); !l.empty()) {
    std::from_chars(l.data(), l.data() + l.size(), limit);
  }
  // Served from the watch cache, which ignores `limit` for resourceVersion=0 (what a
  // reflector's first list asks for): one page, whatever its size.
  if (rv == "0" && cont.empty()) limit = 0;

  std::uint64_t current = store_.resource_version();
  std::uint64_t at = current;
  std::string start;
  if (!cont.empty()) {
    auto decoded = base64_decode(cont);
    json token = decoded ? json::parse(*decoded, nullptr, false) : json();
    if (!token.is_object() || !token.contains("rv") || !token["rv"].is_number_unsigned()) {
      return std::unexpected(
          bad_request("continue key is not valid: incorrect encoded start "
                      "resourceVersion (version meta.k8s.io/v1)"));
    }
    at = token["rv"].get<std::uint64_t>();
    start = token.value("start", "");
    if (at < store_.oldest_resumable() || at > current) {
      return std::unexpected(expired(
          "The provided continue parameter is too old to display a consistent list result. You "
          "can start a new list without the continue parameter, or use the continue token in "
          "this response to retrieve the remainder of the results. Continuing with the provided "
          "token results in an inconsistent list - objects that were created, modified, or "
          "deleted between the time the first chunk was returned and now may show up in the "
          "list."));
    }
  } else if (!rv.empty() && rv != "0") {
    auto n = parse_rv(rv);
    if (!n) return std::unexpected(invalid_rv(rv));
    if (*n > current) return std::unexpected(too_large_resource_version(*n, current));
    bool exact = match == "Exact" || (match.empty() && limit > 0);
    if (exact) {
      if (*n < store_.oldest_resumable()) {
        return std::unexpected(expired("too old resource version: " + rv + " (" +
                                       std::to_string(store_.oldest_resumable()) + ")"));
      }
      at = *n;
    }
  }
  auto snapshot = store_.snapshot(r.type->storage, at);
  if (!snapshot) return std::unexpected(expired("too old resource version"));

  std::string prefix = r.ns.empty() ? std::string() : r.ns + "/";
  auto it = start.empty() ? snapshot->lower_bound(prefix) : snapshot->upper_bound(start);
  auto in_range = [&](auto i) { return i != snapshot->end() && i->first.starts_with(prefix); };
  std::vector<RevisionPtr> selected;
  std::string last_key;
  for (; in_range(it); ++it) {
    if (limit > 0 && static_cast<std::int64_t>(selected.size()) >= limit) break;
    const json& stored = it->second->value();
    const bool matches = served_as_stored(*r.type, stored) ? filter->matches(stored)
                                                           : filter->matches(wire(*r.type, stored));
    if (!matches) continue;
    selected.push_back(it->second);
    last_key = it->first;
  }
  json meta = {{"resourceVersion", std::to_string(at)}};
  if (in_range(it)) {
    meta["continue"] = continue_token(at, last_key);
    if (filter->labels.empty() && filter->fields.empty()) {
      std::int64_t remaining = 0;
      for (auto rest = it; in_range(rest); ++rest)
        ++remaining;
      meta["remainingItemCount"] = remaining;
    }
  }
  const bool table = wants_table(request.accept);
  const bool partial = wants_partial_metadata(request.accept);
  if (r.type->custom && !table && !partial) {
    Response response;
    response.render_body = [type = r.type, items = std::move(selected), meta = std::move(meta)] {
      return list_text(*type, items, meta);
    };
    return response;
  }
  std::vector<json> items;
  items.reserve(selected.size());
  for (const auto& revision : selected)
    items.push_back(wire(*r.type, revision->value()));
  if (table) {
    return json_response(
        200, make_table(*r.type, items, meta, query_value(request, "includeObject"), now));
  }
  if (partial) {
    json body = {{"kind", "PartialObjectMetadataList"},
                 {"apiVersion", "meta.k8s.io/v1"},
                 {"metadata", meta},
                 {"items", json::array()}};
    for (const auto& item : items)
      body["items"].push_back(partial_metadata(item));
    return json_response(200, body);
  }
  json body = {{"kind", r.type->list_kind},
               {"apiVersion", r.type->api_version()},
               {"metadata", meta},
               {"items", json::array()}};
  for (auto& item : items) {
    item.erase("kind");
    item.erase("apiVersion");
    body["items"].push_back(std::move(item));
  }
  return json_response(200, body);
}

Result<Response> ApiServer::watch(const Route& r, const Request& request) {
  Request effective = request;
  if (!r.name.empty()) {
    // A watch on one object is a watch on the collection pinned to its name.
    std::string selector = query_value(request, "fieldSelector");
    auto fields = FieldSelector::parse(selector, r.type->selectable_fields);
    if (!fields) return std::unexpected(fields.error());
    std::string pinned = fields->pinned_name();
    if (!pinned.empty() && pinned != r.name) {
      return std::unexpected(bad_request(
          "fieldSelector metadata.name doesn't match requested name: " + pinned + " != " + r.name));
    }
    if (pinned.empty()) {
      effective.query["fieldSelector"] =
          (selector.empty() ? "" : selector + ",") + "metadata.name=" + r.name;
    }
  }
  std::string rv = query_value(effective, "resourceVersion");
  std::string match = query_value(effective, "resourceVersionMatch");
  bool has_send = effective.query.contains("sendInitialEvents");
  bool send_initial = query_flag(effective, "sendInitialEvents");
  if (has_send && match != "NotOlderThan") {
    return std::unexpected(invalid_options(
        "ListOptions",
        {{"FieldValueForbidden", "resourceVersionMatch",
          "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"}}));
  }
  if (!has_send && !match.empty()) {
    return std::unexpected(invalid_options(
        "ListOptions", {{"FieldValueForbidden", "resourceVersionMatch",
                         "Forbidden: resourceVersionMatch is forbidden for watch unless "
                         "sendInitialEvents is provided"}}));
  }
  auto filter = make_filter(*r.type, r.ns, effective);
  if (!filter) return std::unexpected(filter.error());
  bool bookmarks = query_flag(effective, "allowWatchBookmarks");
  std::int64_t timeout = 0;
  if (auto t = query_value(effective, "timeoutSeconds"); !t.empty()) {
    std::from_chars(t.data(), t.data() + t.size(), timeout);
  }
  if (timeout <= 0) timeout = 1800 + static_cast<std::int64_t>(rng_() % 1800);

  std::uint64_t current = store_.resource_version();
  std::optional<std::uint64_t> from;
  if (!rv.empty() && rv != "0") {
    from = parse_rv(rv);
    if (!from) return std::unexpected(invalid_rv(rv));
  }
  auto w = std::make_shared<Watch>(r.type, std::move(*filter), current, bookmarks);
  if (wants_table(request.accept)) {
    w->set_presenter([type = r.type, include = query_value(request, "includeObject"),
                      clock = options_.clock](const json& object) {
      return make_table(*type, {object}, json::object(), include, clock());
    });
  } else if (wants_partial_metadata(request.accept)) {
    w->set_presenter([](const json& object) { return partial_metadata(object); });
  }
  Response response;
  response.watch = w;
  response.watch_timeout = std::chrono::seconds(timeout);
  if (from && *from > current) {
    w->push_error(too_large_resource_version(*from, current));
    return response;
  }
  bool initial = has_send ? send_initial : !from;
  if (!initial && from && *from < store_.oldest_resumable()) {
    w->push_error(expired("too old resource version: " + rv + " (" +
                          std::to_string(store_.oldest_resumable()) + ")"));
    return response;
  }
  if (initial) {
    for (const auto& stored : store_.list_revisions(r.type->storage, r.ns))
      w->push_added(stored);
    // A streaming list (or a plain watch from "now", which the WatchList gate turns into one)
    // ends its initial events with an annotated bookmark.
    if (send_initial || (!has_send && bookmarks)) w->push_initial_events_end(current);
  } else if (from) {
    store_.for_each_event_after(*from, [&](const Event& event) { w->deliver(event); });
  }
  store_.add_sink(w);
  std::erase_if(watches_, [](const auto& weak) { return weak.expired(); });
  watches_.push_back(w);
  return response;
}

}  // namespace rl::test_apiserver
