// A Microsite and the ReadingLists of its conference, built as plain values (reconcile_fixture.hpp
// plays the API server's part for both kinds).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "readinglist/reconcile/microsite.hpp"
#include "reconcile_fixture.hpp"

namespace rl::reconcile::testing {

// A valid list of namespace "talks" labelled for the conference, unless `labels` says otherwise.
inline model::ReadingList talk_list(const std::string& name, const std::string& title,
                                    std::optional<std::string> date = std::nullopt) {
  model::ReadingList list = sample_list();
  list.metadata.name = name;
  list.metadata.uid = "uid-" + name;
  list.metadata.labels = {{"event", "kubecon-na-2023"}};
  list.spec.title = title;
  if (date) {
    list.spec.talk = model::Talk{};
    list.spec.talk->date = std::move(date);
  }
  return list;
}

inline model::Microsite sample_microsite() {
  model::Microsite microsite;
  microsite.metadata.name = "kubecon";
  microsite.metadata.namespace_ = "talks";
  microsite.metadata.uid = "uid-ms";
  microsite.metadata.generation = 2;
  microsite.spec.title = "KubeCon + CloudNativeCon North America 2023";
  microsite.spec.event = model::EventSpec{};
  microsite.spec.event->name = "KubeCon + CloudNativeCon North America 2023";
  microsite.spec.selector = model::LabelSelector{};
  microsite.spec.selector->match_labels = {{"event", "kubecon-na-2023"}};
  microsite.spec.site = model::MicrositeSiteSpec{};
  microsite.spec.site->replicas = 2;
  return microsite;
}

inline std::vector<CandidateList> valid_candidates(const std::vector<model::ReadingList>& lists) {
  std::vector<CandidateList> out;
  for (const auto& list : lists)
    out.push_back({&list, true});
  return out;
}

}  // namespace rl::reconcile::testing
