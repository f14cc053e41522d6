// Lists for the index.html tests: the worked example built in code (every kind of field set,
// so tests can poison each one), a large synthetic list, and a small reader of repo files.
#pragma once

#include <fstream>
#include <iterator>
#include <string>

#include "readinglist/model/types.hpp"

namespace rl::render::page_testing {

inline std::string read_repo_file(const std::string& relative_path) {
  std::ifstream in(std::string(RL_SOURCE_DIR) + "/" + relative_path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline model::Person person(std::string name, std::optional<std::string> affiliation = {},
                            std::optional<std::string> url = {}) {
  return model::Person{.name = std::move(name),
                       .url = std::move(url),
                       .affiliation = std::move(affiliation),
                       .handle = std::nullopt};
}

inline model::Entry entry(model::EntryType type, std::string title, std::string url) {
  model::Entry e;
  e.type = type;
  e.title = std::move(title);
  e.url = std::move(url);
  return e;
}

// The worked example's content (examples/five-years-of-cloud-native-rust.yaml, abridged to one
// entry of each shape), plus the fields the example leaves empty: subtitle, section
// description, person urls, an ingress.
inline model::ReadingList example_in_code() {
  using model::EntryType;
  model::ReadingList list;
  list.metadata.name = "five-years-of-cloud-native-rust";
  list.metadata.namespace_ = "talks";
  auto& spec = list.spec;
  spec.title = "Five Years of Cloud-Native Rust: A Reading List";
  spec.subtitle = "KubeCon + CloudNativeCon North America 2023";
  spec.description =
      "This is a reading list for my talk, [\"Five Years of Cloud Native Rust\"]"
      "(https://kccncna2023.sched.com/event/1R2qn), at KubeCon.\n\nThis list includes all the "
      "sources referenced in the talk itself.";
  spec.language = "en";
  model::Talk talk;
  talk.title = "Five Years of Cloud Native Rust";
  talk.url = "https://kccncna2023.sched.com/event/1R2qn";
  talk.event = "KubeCon + CloudNativeCon North America 2023";
  talk.date = "2023-11";
  talk.speakers = {person("Eliza Weisman", "Buoyant, Inc.", "https://elizas.website")};
  talk.speakers[0].handle = "@hawkw";
  spec.talk = talk;
  model::Epigraph epigraph;
  epigraph.text = "It doesn’t cease to amaze me that when something finally compiles in Rust…";
  epigraph.author = person("Alejandro Pedraza", "Linkerd maintainer", "https://github.com/alpeb");
  epigraph.author->handle = "@alpeb";
  spec.epigraph = epigraph;

  model::Section why;
  why.title = "Why Rust?";
  why.description = "Memory safety, *mostly*.";
  auto hardening =
      entry(EntryType::BlogPost, "Queue the Hardening Enhancements",
            "https://security.googleblog.com/2019/05/queue-hardening-enhancements.html");
  hardening.authors = {person("Jeff Vander Stoep", "Android Security & Privacy Team"),
                       person("Chong Zhang", "the Android Media Team")};
  hardening.source = model::Source{"Google Security Blog", "https://security.googleblog.com/"};
  hardening.published = "2019-05-09";
  why.entries.push_back(hardening);
  why.entries.push_back(entry(EntryType::Website, "rust-lang.org", "https://www.rust-lang.org/"));
  spec.sections.push_back(why);

  model::Section story;
  story.title = "Linkerd's Rust Story";
  auto infoq = entry(EntryType::Article, "Linkerd v2: How Lessons from Production Adoption",
                     "https://www.infoq.com/articles/linkerd-v2-production-adoption/");
  infoq.authors = {person("William Morgan", std::nullopt, "https://example.org/wm"),
                   person("Daniel Bryant")};
  infoq.source = model::Source{"InfoQ", std::nullopt};
  infoq.published = "2019-04-05";
  story.entries.push_back(infoq);
  model::Entry projects;
  projects.type = EntryType::Collection;
  projects.title = "Open Source Projects";
  projects.items = {{"Tokio", "https://tokio.rs/", "Rust's async runtime"},
                    {"Hyper", "https://hyper.rs", "a fast, safe, and correct HTTP implementation"}};
  story.entries.push_back(projects);
  auto controllers = entry(EntryType::Talk, "Writing Service Mesh Controllers in Rust",
                           "https://youtu.be/ONkWwoJoF3I");
  controllers.authors = {person("Eliza Weisman")};
  controllers.note = "hey, that's me!";
  controllers.source = model::Source{"ServiceMeshCon 2022", std::nullopt};
  controllers.published = "2022";
  story.entries.push_back(controllers);
  spec.sections.push_back(story);

  model::SiteSpec site;
  site.theme = model::Theme::Auto;
  site.ingress = model::IngressSpec{.host = "rust.example.org",
                                    .path = "/reading",
                                    .class_name = "nginx",
                                    .tls_secret_name = "rust-tls",
                                    .annotations = {}};
  spec.site = site;
  return list;
}

// `sections` x `entries` entries, each with two authors, a source, a date, a note and two items.
inline model::ReadingList synthetic_list(int sections, int entries) {
  using model::EntryType;
  model::ReadingList list;
  list.metadata.name = "synthetic";
  list.spec.title = "A very long reading list";
  list.spec.description = "Generated for tests: *many* sections.";
  for (int s = 0; s < sections; ++s) {
    model::Section section;
    section.title = "Section " + std::to_string(s);
    section.description = "About section " + std::to_string(s) + ", with `code`.";
    for (int e = 0; e < entries; ++e) {
      const std::string n = std::to_string(s) + "-" + std::to_string(e);
      auto item = entry(static_cast<EntryType>(e % 10), "Entry " + n + " & more",
                        "https://example.org/entries/" + n + "?a=1&b=2");
      item.authors = {person("Author A" + n, "Org, Inc.", "https://example.org/a/" + n),
                      person("Author B" + n)};
      item.source = model::Source{"Source " + n, "https://example.org/"};
      item.published = "2020-0" + std::to_string(e % 9 + 1) + "-1" + std::to_string(e % 10);
      item.note = "Why it matters: **" + n + "**, see [more](https://example.org/more/" + n + ").";
      item.items = {{"Part one", "https://example.org/p1/" + n, "the first part"},
                    {"Part two", "https://example.org/p2/" + n, std::nullopt}};
      section.entries.push_back(std::move(item));
    }
    list.spec.sections.push_back(std::move(section));
  }
  return list;
}

}  // namespace rl::render::page_testing
