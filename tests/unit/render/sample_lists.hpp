// Small ReadingLists built in code for the content, feed and readinglist.json tests: one valid
// list with every kind of field, and helpers to make lists that break one rule.
#pragma once

#include <string>

#include "readinglist/model/types.hpp"

namespace rl::render::testing {

inline model::Person person(std::string name) {
  model::Person p;
  p.name = std::move(name);
  return p;
}

inline model::Entry link_entry(std::string title, std::string url) {
  model::Entry entry;
  entry.type = model::EntryType::BlogPost;
  entry.title = std::move(title);
  entry.url = std::move(url);
  return entry;
}

// A valid list in the shape of the worked example: a talk, two sections, an entry with items.
inline model::ReadingList sample_list() {
  model::ReadingList list;
  list.metadata.name = "demo";
  list.metadata.namespace_ = "default";
  auto& spec = list.spec;
  spec.title = "Five Years of Cloud-Native Rust: A Reading List";
  spec.subtitle = "Sources for the talk";
  spec.description = "A reading list for [the talk](https://example.com/talk).";

  model::Talk talk;
  talk.title = "Five Years of Cloud Native Rust";
  talk.url = "https://example.com/talk";
  talk.date = "2023-11";
  model::Person speaker = person("Eliza Weisman");
  speaker.affiliation = "Buoyant, Inc.";
  speaker.url = "https://example.com/eliza";
  talk.speakers.push_back(speaker);
  spec.talk = talk;

  model::Section why;
  why.title = "Why Rust?";
  model::Entry hardening = link_entry("Queue the Hardening Enhancements",
                                      "https://security.googleblog.com/2019/05/queue.html");
  hardening.authors = {person("Jeff Vander Stoep"), person("Chong Zhang")};
  hardening.source = model::Source{"Google Security Blog", "https://security.googleblog.com/"};
  hardening.published = "2019-05-09";
  hardening.note = "Read *this* first, then [the docs](https://example.com/docs).";
  why.entries.push_back(hardening);
  model::Entry website = link_entry("rust-lang.org", "https://www.rust-lang.org/");
  website.type = model::EntryType::Website;
  why.entries.push_back(website);
  spec.sections.push_back(why);

  model::Section story;
  story.title = "Linkerd's Rust Story";
  model::Entry talk_entry =
      link_entry("Writing Service Mesh Controllers in Rust", "https://youtu.be/ONkWwoJoF3I");
  talk_entry.type = model::EntryType::Talk;
  talk_entry.authors = {person("Eliza Weisman")};
  talk_entry.published = "2022";
  talk_entry.note = "hey, that's me!";
  story.entries.push_back(talk_entry);
  model::Entry projects;
  projects.type = model::EntryType::Collection;
  projects.title = "Open Source Projects";
  projects.items = {
      model::Item{"Tokio", "https://tokio.rs/", "Rust's async runtime"},
      model::Item{"Hyper", "https://hyper.rs", std::nullopt},
  };
  story.entries.push_back(projects);
  spec.sections.push_back(story);
  return list;
}

}  // namespace rl::render::testing
