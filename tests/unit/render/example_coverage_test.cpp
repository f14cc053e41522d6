// The page made from examples/five-years-of-cloud-native-rust.yaml carries everything the
// original Markdown reading list (tests/data/, as published) links to, in the same order.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "html_scan.hpp"
#include "page_fixtures.hpp"
#include "readinglist/model/codec.hpp"
#include "readinglist/render/files.hpp"

namespace rl::render {
namespace {

using ::testing::HasSubstr;
using namespace page_testing;

std::vector<std::string> markdown_link_targets(const std::string& markdown) {
  static const std::regex link(R"(\]\(([^)\s]+)\))");
  std::vector<std::string> targets;
  for (auto it = std::sregex_iterator(markdown.begin(), markdown.end(), link);
       it != std::sregex_iterator(); ++it) {
    targets.push_back((*it)[1].str());
  }
  return targets;
}

std::vector<std::string> page_link_targets(const std::string& html) {
  std::vector<std::string> targets;
  for (const Tag& tag : scan_html(html).tags) {
    if (const std::string* href = tag.name == "a" ? tag.attribute("href") : nullptr) {
      targets.push_back(*href);
    }
  }
  return targets;
}

std::string example_page() {
  auto lists = model::parse_yaml(read_repo_file("examples/five-years-of-cloud-native-rust.yaml"),
                                 "five-years-of-cloud-native-rust.yaml");
  if (!lists || lists->size() != 1) return {};
  return render_index_html(lists->front());
}

TEST(ExampleCoverage, EveryLinkOfTheOriginalListIsALinkOnThePageInTheSameOrder) {
  const auto source =
      markdown_link_targets(read_repo_file("tests/data/five-years-of-cloud-native-rust.md"));
  ASSERT_GT(source.size(), 25u) << "the Markdown original was not found or not parsed";
  const auto page = page_link_targets(example_page());
  // Each link of the original must appear after the previous one: the page may add links
  // (feed, JSON copy) but may neither drop nor reorder any.
  std::size_t next = 0;
  for (const std::string& target : source) {
    std::size_t found = next;
    while (found < page.size() && page[found] != target)
      ++found;
    ASSERT_LT(found, page.size()) << target << " is missing, or out of order, on the page";
    next = found + 1;
  }
}

TEST(ExampleCoverage, TitlesPeopleSourcesDatesAndTheEpigraphAreOnThePage) {
  const std::string page = example_page();
  for (const char* text : {"Queue the Hardening Enhancements",
                           "Jeff Vander Stoep",
                           "Android Security &amp; Privacy Team",
                           "Memory Safety in Apple&#39;s Operating Systems",
                           "Paul Kehrer",
                           "July 23, 2019",
                           "Announcing Linkerd 2.0",
                           "September 18, 2018",
                           "Carl Lerche and Sean MacArthur",
                           "Kubert",
                           "Writing Service Mesh Controllers in Rust",
                           "Future of Memory Safety",
                           "Yael Grauer",
                           "Consumer Reports",
                           "January 2023",
                           "Why the Future of the Cloud Will Be Built on Rust",
                           "Oliver Gould",
                           "there’s a high chance the program will simply work as intended.",
                           "Alejandro Pedraza",
                           "Linkerd maintainer"}) {
    EXPECT_THAT(page, HasSubstr(text));
  }
}

}  // namespace
}  // namespace rl::render
