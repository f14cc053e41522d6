// Reconcile of a Microsite, pure: which ReadingLists its selector picks and in what order, its
// children (index ConfigMap NAME-index; nginx Deployment, Service, Ingress NAME-microsite, whose
// pods mount each list's own ConfigMap), status and Events. Converged means an empty plan.
#pragma once

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "readinglist/model/microsite.hpp"
#include "readinglist/model/types.hpp"
#include "readinglist/reconcile/plan.hpp"
#include "readinglist/render/render.hpp"

namespace rl::reconcile {

// metav1.LabelSelector semantics: every matchLabels pair and every expression must hold
// (In, NotIn, Exists, DoesNotExist; NotIn and DoesNotExist hold for an absent key). An empty
// selector matches everything.
bool matches(const model::LabelSelector& selector,
             const std::map<std::string, std::string>& labels);

// Whether the microsite's selector picks this list: same namespace, and spec.selector absent,
// empty or matching its labels.
bool selects(const model::Microsite& microsite, const model::ObjectMeta& list);

// A ReadingList of the microsite's namespace as the cache has it.
struct CandidateList {
  const model::ReadingList* list = nullptr;
  bool valid = false;  // its spec decodes and validates (model::validate is empty)
};

struct Selection {
  std::vector<const model::ReadingList*> lists;  // selected and valid, in index order
  model::MicrositeListCounts counts;             // selected (valid or not) and valid
};

// The selected lists, ordered by spec.order (title, talk.date, or names first then title; ties
// by name), with the counts for status. Titles compare as a reader alphabetises them (ASCII case
// folded, then as written); talk dates as text, undated lists last. Candidates may come in any
// order; the result does not depend on it.
Selection select_lists(const model::Microsite& microsite,
                       std::span<const CandidateList> candidates);

using MicrositePlan = BasicPlan<model::MicrositeStatus>;

// Validates the microsite, renders its index over `selection`, and compares the desired children
// with `children` (ConfigMap NAME-index; Deployment, Service, Ingress NAME-microsite). An
// invalid microsite touches no child: Ready and Rendered False, reason InvalidSpec (or
// ContentTooLarge when the index would not fit its ConfigMap). The content hash is the index's;
// the index renders the lists, so a list's change that shows on it also rolls the pods.
MicrositePlan plan_microsite(const model::Microsite& microsite, const Selection& selection,
                             const ObservedChildren& children,
                             std::chrono::system_clock::time_point now);

// For a microsite whose spec could not be decoded: Ready and Rendered False, InvalidSpec.
MicrositePlan plan_unreadable_microsite(const model::Microsite& microsite, const std::string& error,
                                        std::chrono::system_clock::time_point now);

// The status after a failed API call on `what`: Ready=False, reason ApiError; empty when the
// status already says so.
std::optional<model::MicrositeStatus> microsite_status_after_api_error(
    const model::Microsite& microsite, const std::string& what,
    std::chrono::system_clock::time_point now);

// The children as server-side apply bodies. The Deployment's web root (kSitePrefix + "html", as
// a list's) is one projected volume: the index's files at the top, then each list of
// `selection`, in order, from its own ConfigMap LIST-site (optional: the list's controller writes
// it) under "LIST/"; nginx.conf comes from NAME-index, mounted as a list's. The Ingress needs
// spec.site.ingress.
nlohmann::json desired_microsite_config_map(const model::Microsite& microsite,
                                            const render::Content& content);
nlohmann::json desired_microsite_deployment(const model::Microsite& microsite,
                                            const render::Content& content,
                                            const Selection& selection);
nlohmann::json desired_microsite_service(const model::Microsite& microsite);
nlohmann::json desired_microsite_ingress(const model::Microsite& microsite);

}  // namespace rl::reconcile
