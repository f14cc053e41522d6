// Lists for the validator tests, built as C++ values: a full valid list modelled on the worked
// example, and helpers that print what validate() reports.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "readinglist/model/types.hpp"
#include "readinglist/model/validate.hpp"

namespace rl::model::testing {

// g++ 12 warns about designated initializers that leave members out, so values are built here.
inline Person person(std::string name) {
  Person out;
  out.name = std::move(name);
  return out;
}

inline Item item(std::string title, std::string url) {
  Item out;
  out.title = std::move(title);
  out.url = std::move(url);
  return out;
}

inline Entry web_entry(std::string title, std::string url) {
  Entry entry;
  entry.title = std::move(title);
  entry.url = std::move(url);
  return entry;
}

inline Section section(std::string title, std::vector<Entry> entries) {
  Section out;
  out.title = std::move(title);
  out.entries = std::move(entries);
  return out;
}

// Every field set, every value valid.
inline ReadingList valid_list() {
  ReadingList list;
  list.metadata.name = "cloud-native-rust";
  list.metadata.namespace_ = "default";

  ReadingListSpec& spec = list.spec;
  spec.title = "Five Years of Cloud Native Rust";
  spec.subtitle = "A reading list";
  spec.description = "What we read while building **Linkerd**.\n\n\tWith an indented line.";
  spec.language = "en";

  Person speaker = person("Alejandro Pedraza");
  speaker.url = "https://github.com/alpeb";
  speaker.affiliation = "Buoyant";
  speaker.handle = "@alpeb";
  spec.talk = Talk{};
  spec.talk->title = "Five Years of Rust in Linkerd";
  spec.talk->url = "https://kccncna2023.sched.com/event/1R2mJ";
  spec.talk->event = "KubeCon + CloudNativeCon North America 2023";
  spec.talk->date = "2023-11-08";
  spec.talk->speakers = {speaker};

  spec.epigraph = Epigraph{};
  spec.epigraph->text = "Fearless concurrency.";
  spec.epigraph->author = person("Someone");

  Entry post = web_entry("Why Linkerd uses Rust", "https://linkerd.io/2020/12/03/why-linkerd-2x/");
  post.type = EntryType::BlogPost;
  post.authors = {person("William Morgan"), person("Oliver Gould")};
  post.source = Source{};
  post.source->name = "Linkerd blog";
  post.source->url = "https://linkerd.io/blog/";
  post.published = "2020-12-03";
  post.note = "The *why*.\n\nTwo paragraphs.";

  Entry projects;
  projects.type = EntryType::Collection;
  projects.title = "Open Source Projects";
  projects.items = {item("kube-rs", "https://kube.rs"), item("Tokio", "https://tokio.rs")};
  projects.items[0].description = "A client";

  spec.sections = {section("Background", {post}), section("Projects", {projects})};
  spec.sections[0].description = "Start here.";

  SiteSpec& site = spec.site.emplace();
  site.enabled = true;
  site.replicas = 2;
  site.image = "registry.example.com:5000/nginx-unprivileged:1.27-alpine";
  site.resources = ResourceRequirements{};
  site.resources->limits = {{"cpu", "100m"}, {"memory", "64Mi"}};
  site.resources->requests = {{"cpu", "0.05"}, {"memory", "32Mi"}};
  site.theme = Theme::Dark;
  IngressSpec& ingress = site.ingress.emplace();
  ingress.host = "lists.example.com";
  ingress.path = "/rust";
  ingress.class_name = "nginx";
  ingress.tls_secret_name = "lists-tls";
  ingress.annotations = {{"nginx.ingress.kubernetes.io/rewrite-target", "/"}};
  return list;
}

// The smallest valid list: a name, a title, one section with one linked entry.
inline ReadingList minimal_list() {
  ReadingList list;
  list.metadata.name = "minimal";
  list.spec.title = "Minimal";
  list.spec.sections = {section("Links", {web_entry("Example", "https://example.com")})};
  return list;
}

// Every problem as "path: message", of a ReadingList or a Microsite (whose validate() the test
// includes).
template <typename Object>
std::vector<std::string> problems(const Object& object) {
  std::vector<std::string> out;
  for (const FieldError& error : validate(object))
    out.push_back(error.to_string());
  return out;
}

// The single problem reported; fails the test when there is not exactly one.
template <typename Object>
std::string only_problem(const Object& object) {
  const auto all = problems(object);
  EXPECT_EQ(all.size(), 1u) << ::testing::PrintToString(all);
  return all.empty() ? std::string() : all.front();
}

// `count` copies of `unit` (a character or a longer piece).
inline std::string repeat(std::string_view unit, std::size_t count) {
  std::string out;
  out.reserve(unit.size() * count);
  for (std::size_t i = 0; i < count; ++i)
    out += unit;
  return out;
}

inline Entry& first_entry(ReadingList& list) {
  return list.spec.sections.at(0).entries.at(0);
}

}  // namespace rl::model::testing
