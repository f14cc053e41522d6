// A valid list as the API server would send it, and helpers that play the API server's part:
// turning an apply body into the object the cache would then show.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "readinglist/model/codec.hpp"
#include "readinglist/reconcile/plan.hpp"

namespace rl::reconcile::testing {

inline model::ReadingList sample_list() {
  const char* text = R"({
    "apiVersion": "readinglist.dev/v1alpha1", "kind": "ReadingList",
    "metadata": {"name": "talk", "namespace": "talks", "uid": "uid-1", "generation": 3,
                 "resourceVersion": "17"},
    "spec": {"title": "A Talk's Reading List",
             "sections": [{"title": "Why", "entries": [
               {"type": "Article", "title": "One", "url": "https://example.org/1"},
               {"type": "Talk", "title": "Two", "url": "https://example.org/2"}]}],
             "site": {"replicas": 2}}
  })";
  auto list = model::parse_json(text, "sample");
  if (!list) throw std::runtime_error(list.error().to_string());
  return *list;
}

inline std::chrono::system_clock::time_point at_second(long long seconds) {
  return std::chrono::system_clock::time_point{std::chrono::seconds{seconds}};
}

// The fieldsV1 an apply of `value` gets: every field it sets, lists owned whole (as the test
// API server records them; a real one names associative list elements by key).
inline nlohmann::json fields_v1_of(const nlohmann::json& value, bool top = true) {
  nlohmann::json fields = nlohmann::json::object();
  if (!value.is_object()) return fields;
  for (const auto& [key, sub] : value.items()) {
    if (top && (key == "apiVersion" || key == "kind")) continue;
    fields["f:" + key] = fields_v1_of(sub, false);
  }
  if (top && fields.contains("f:metadata")) {
    fields["f:metadata"].erase("f:name");
    fields["f:metadata"].erase("f:namespace");
  }
  return fields;
}

// The object the API server stores for an apply body: the body plus what the server adds.
inline nlohmann::json as_stored(nlohmann::json body, int generation = 1) {
  const nlohmann::json applied = {{"manager", "readinglist-operator"},
                                  {"operation", "Apply"},
                                  {"apiVersion", body.value("apiVersion", "")},
                                  {"fieldsType", "FieldsV1"},
                                  {"fieldsV1", fields_v1_of(body)}};
  body["metadata"]["uid"] = "child-" + body["metadata"]["name"].get<std::string>();
  body["metadata"]["resourceVersion"] = "100";
  body["metadata"]["generation"] = generation;
  body["metadata"]["creationTimestamp"] = "2026-11-29T20:00:00Z";
  body["metadata"]["managedFields"] = nlohmann::json::array({applied});
  if (body["kind"] == "Service") body["spec"]["clusterIP"] = "10.0.0.7";
  if (body["kind"] == "Deployment") {
    body["spec"]["progressDeadlineSeconds"] = 600;
    body["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"] = "IfNotPresent";
  }
  return body;
}

// A Deployment whose rollout finished with `ready` ready replicas.
inline nlohmann::json rolled_out(nlohmann::json deployment, int ready) {
  const auto replicas = deployment["spec"]["replicas"];
  deployment["status"] = {
      {"observedGeneration", deployment["metadata"]["generation"]},
      {"replicas", replicas},
      {"updatedReplicas", replicas},
      {"readyReplicas", ready},
      {"availableReplicas", ready},
      {"conditions",
       nlohmann::json::array({{{"type", "Available"}, {"status", ready > 0 ? "True" : "False"}}})}};
  return deployment;
}

// Carries out a plan the way the API server would, and returns the children the cache then
// shows, with the owner's status (a ReadingList's or a Microsite's) as written.
template <class Status, class Owner>
ObservedChildren apply_plan(const BasicPlan<Status>& plan, ObservedChildren children,
                            Owner& owner) {
  for (const auto& apply : plan.applies) {
    children.of(apply.kind) = observe(apply.kind, as_stored(apply.body));
  }
  for (const auto& del : plan.deletes)
    children.of(del.kind).reset();
  if (plan.status) owner.status = plan.status;
  return children;
}

}  // namespace rl::reconcile::testing
