// Which ReadingLists a Microsite picks (metav1.LabelSelector, as the API server evaluates it) and
// the order of its index. Pure; the counts feed status.lists.
#include <algorithm>
#include <compare>
#include <limits>
#include <tuple>

#include "readinglist/reconcile/microsite.hpp"

namespace rl::reconcile {
namespace {

bool holds(const model::LabelSelectorRequirement& requirement,
           const std::map<std::string, std::string>& labels) {
  const auto label = labels.find(requirement.key);
  const bool present = label != labels.end();
  const auto listed = [&] {
    return std::ranges::find(requirement.values, label->second) != requirement.values.end();
  };
  if (requirement.operator_ == "In") return present && listed();
  if (requirement.operator_ == "NotIn") return !present || !listed();
  if (requirement.operator_ == "Exists") return present;
  if (requirement.operator_ == "DoesNotExist") return !present;
  // The API server refuses a selector with any other operator; one that slipped through
  // selects nothing rather than everything.
  return false;
}

// Where `by: names` puts a list: its first position in spec.order.names, or after all of them.
std::size_t named_position(const std::vector<std::string>& names, const std::string& name) {
  const auto it = std::ranges::find(names, name);
  return it == names.end() ? std::numeric_limits<std::size_t>::max()
                           : static_cast<std::size_t>(it - names.begin());
}

// Titles as a reader alphabetises them ("eBPF" before "Zero Trust": ASCII case folded), then as
// written, then by name.
bool title_before(const model::ReadingList& a, const model::ReadingList& b) {
  // Bytes compare unsigned, as std::string does, so UTF-8 titles sort after ASCII ones.
  const auto folded = [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 'A' && byte <= 'Z' ? static_cast<unsigned char>(byte - 'A' + 'a') : byte;
  };
  const auto& ta = a.spec.title;
  const auto& tb = b.spec.title;
  const auto order = std::lexicographical_compare_three_way(
      ta.begin(), ta.end(), tb.begin(), tb.end(),
      [&](char x, char y) { return folded(x) <=> folded(y); });
  if (order != 0) return order < 0;
  return std::tie(ta, a.metadata.name) < std::tie(tb, b.metadata.name);
}

// A strict weak order for spec.order; every chain ends with the list's name, unique in a
// namespace, so the order is total and the index is the same whatever order the cache gave.
auto index_order(const model::MicrositeOrder& order) {
  return [&order](const model::ReadingList* a, const model::ReadingList* b) {
    switch (order.effective_by()) {
      case model::MicrositeOrderBy::Title:
        break;
      case model::MicrositeOrderBy::TalkDate: {
        // Partial dates compare as text ("2023" < "2023-05" < "2023-05-09"); undated lists last.
        const auto date = [](const model::ReadingList* list) -> const std::string* {
          const auto& talk = list->spec.talk;
          return talk && talk->date ? &*talk->date : nullptr;
        };
        const std::string* da = date(a);
        const std::string* db = date(b);
        if (da == nullptr || db == nullptr) {
          if (da != db) return da != nullptr;
        } else if (*da != *db) {
          return *da < *db;
        }
        break;
      }
      case model::MicrositeOrderBy::Names: {
        const auto pa = named_position(order.names, a->metadata.name);
        const auto pb = named_position(order.names, b->metadata.name);
        if (pa != pb) return pa < pb;
        break;
      }
    }
    return title_before(*a, *b);
  };
}

}  // namespace

bool matches(const model::LabelSelector& selector,
             const std::map<std::string, std::string>& labels) {
  for (const auto& [key, value] : selector.match_labels) {
    const auto label = labels.find(key);
    if (label == labels.end() || label->second != value) return false;
  }
  return std::ranges::all_of(selector.match_expressions,
                             [&](const auto& requirement) { return holds(requirement, labels); });
}

bool selects(const model::Microsite& microsite, const model::ObjectMeta& list) {
  if (list.namespace_ != microsite.metadata.namespace_) return false;
  const auto& selector = microsite.spec.selector;
  return !selector || matches(*selector, list.labels);
}

Selection select_lists(const model::Microsite& microsite,
                       std::span<const CandidateList> candidates) {
  Selection selection;
  for (const auto& candidate : candidates) {
    if (candidate.list == nullptr || !selects(microsite, candidate.list->metadata)) continue;
    ++selection.counts.selected;
    if (!candidate.valid) continue;
    ++selection.counts.valid;
    selection.lists.push_back(candidate.list);
  }
  const model::MicrositeOrder order = microsite.spec.order.value_or(model::MicrositeOrder{});
  std::ranges::sort(selection.lists, index_order(order));
  return selection;
}

}  // namespace rl::reconcile
