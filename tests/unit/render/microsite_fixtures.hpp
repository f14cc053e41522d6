// Microsites built in code for the microsite tests: a conference with two talks' lists (names "a"
// and "b", built from sample_list), pointers in the order render_microsite takes them, and text
// that breaks out of HTML, XML or the JSON-LD script if anything forgets to escape it.
#pragma once

#include <string>
#include <vector>

#include "readinglist/model/microsite.hpp"
#include "sample_lists.hpp"

namespace rl::render::microsite_testing {

inline constexpr const char* kHostile =
    "</script><script>alert(1)</script><img src=x onerror=alert(2)>\"' onmouseover=alert(3) "
    "<!-- & &amp; ]]> \u2028 <style>*{}</style>";

inline model::Microsite sample_microsite() {
  model::Microsite microsite;
  microsite.metadata.name = "kubecon";
  microsite.metadata.namespace_ = "talks";
  auto& spec = microsite.spec;
  spec.title = "Our talks at KubeCon";
  spec.description =
      "Reading lists for *every* talk we gave. See [the schedule](https://example.com/s).";
  spec.event = model::EventSpec{.name = "KubeCon + CloudNativeCon North America 2023",
                                .url = "https://events.example.com/kubecon",
                                .start_date = "2023-11-06",
                                .end_date = "2023-11-09",
                                .location = "Chicago, IL"};
  return microsite;
}

// Two lists named "a" and "b": sample_list with its own title and talk, and one entry of its own
// so the two feeds differ.
inline std::vector<model::ReadingList> sample_lists() {
  std::vector<model::ReadingList> lists;
  for (const char* name : {"a", "b"}) {
    model::ReadingList list = testing::sample_list();
    list.metadata.name = name;
    list.metadata.namespace_ = "talks";
    list.spec.title = std::string("Reading list ") + name;
    list.spec.talk->title = std::string("Talk ") + name;
    list.spec.talk->event = "KubeCon + CloudNativeCon North America 2023";
    list.spec.talk->speakers.push_back(testing::person(std::string("Speaker ") + name));
    list.spec.sections[0].entries.push_back(testing::link_entry(
        std::string("Only in ") + name, std::string("https://example.com/only-") + name));
    lists.push_back(std::move(list));
  }
  return lists;
}

inline std::vector<const model::ReadingList*> pointers(
    const std::vector<model::ReadingList>& lists) {
  std::vector<const model::ReadingList*> out;
  for (const auto& list : lists)
    out.push_back(&list);
  return out;
}

}  // namespace rl::render::microsite_testing
