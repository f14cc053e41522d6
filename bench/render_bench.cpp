// Render time of the worked example and of a large synthetic list (100 sections x 100 entries).
// Targets: the example under 100 us, 10,000 entries under 20 ms.
#include <benchmark/benchmark.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>

#include "readinglist/model/codec.hpp"
#include "readinglist/model/types.hpp"
#include "readinglist/render/files.hpp"
#include "readinglist/render/render.hpp"

namespace {

using rl::model::ReadingList;

ReadingList load_example() {
  const std::string path = RL_SOURCE_DIR "/examples/five-years-of-cloud-native-rust.yaml";
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  auto lists = rl::model::parse_yaml(text.str(), path);
  if (!lists || lists->size() != 1) throw std::runtime_error("cannot parse " + path);
  return lists->front();
}

std::int64_t entry_count(const ReadingList& list) {
  std::int64_t n = 0;
  for (const auto& section : list.spec.sections) {
    n += static_cast<std::int64_t>(section.entries.size());
  }
  return n;
}

// Entries shaped like the example's: authors, a source, a date and a short Markdown note.
ReadingList synthetic_list(int sections, int entries_per_section) {
  ReadingList list;
  list.metadata.name = "synthetic";
  list.metadata.namespace_ = "bench";
  list.spec.title = "A very long reading list";
  list.spec.description = "Everything worth reading about *cloud-native* Rust.";
  for (int s = 0; s < sections; ++s) {
    rl::model::Section section;
    section.title = "Section " + std::to_string(s);
    for (int e = 0; e < entries_per_section; ++e) {
      rl::model::Entry entry;
      entry.type = rl::model::EntryType::BlogPost;
      entry.title = "Entry " + std::to_string(e) + " of section " + std::to_string(s) + " & more";
      entry.url = "https://example.com/" + std::to_string(s) + "/" + std::to_string(e);
      rl::model::Person author;
      author.name = "Author " + std::to_string(e);
      author.affiliation = "Example, Inc.";
      entry.authors.push_back(author);
      entry.source = rl::model::Source{"example.com", "https://example.com/"};
      entry.published = "2023-0" + std::to_string(1 + e % 9) + "-1" + std::to_string(e % 10);
      entry.note = "A *short* note with [a link](https://example.com/more) about <Rust>.";
      section.entries.push_back(std::move(entry));
    }
    list.spec.sections.push_back(std::move(section));
  }
  return list;
}

void run_render(benchmark::State& state, const ReadingList& list) {
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto content = rl::render::render(list);
    bytes = content.total_bytes();
    benchmark::DoNotOptimize(content);
  }
  state.SetItemsProcessed(state.iterations() * entry_count(list));
  state.counters["content_bytes"] = static_cast<double>(bytes);
}

void BM_RenderExample(benchmark::State& state) {
  static const ReadingList list = load_example();
  run_render(state, list);
}
BENCHMARK(BM_RenderExample)->Unit(benchmark::kMicrosecond);

void BM_RenderExampleChecked(benchmark::State& state) {
  static const ReadingList list = load_example();
  for (auto _ : state)
    benchmark::DoNotOptimize(rl::render::render_checked(list));
  state.SetItemsProcessed(state.iterations() * entry_count(list));
}
BENCHMARK(BM_RenderExampleChecked)->Unit(benchmark::kMicrosecond);

void BM_RenderSynthetic(benchmark::State& state) {
  const ReadingList list =
      synthetic_list(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  run_render(state, list);
}
BENCHMARK(BM_RenderSynthetic)->Args({100, 100})->Unit(benchmark::kMillisecond);

// Each content file on its own, to see where the time goes.
template <std::string (*Render)(const ReadingList&)>
void BM_RenderFile(benchmark::State& state) {
  static const ReadingList example = load_example();
  static const ReadingList large = synthetic_list(100, 100);
  const ReadingList& list = state.range(0) == 0 ? example : large;
  for (auto _ : state)
    benchmark::DoNotOptimize(Render(list));
  state.SetItemsProcessed(state.iterations() * entry_count(list));
  state.SetLabel(state.range(0) == 0 ? "example" : "100x100");
}
BENCHMARK(BM_RenderFile<rl::render::render_index_html>)
    ->Name("BM_RenderFile/index.html")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RenderFile<rl::render::render_feed_xml>)
    ->Name("BM_RenderFile/feed.xml")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RenderFile<rl::render::render_readinglist_json>)
    ->Name("BM_RenderFile/readinglist.json")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMicrosecond);

// The codec's DOM that readinglist.json is printed from, alone.
void BM_SpecToJson(benchmark::State& state) {
  static const ReadingList list = load_example();
  for (auto _ : state)
    benchmark::DoNotOptimize(rl::model::to_json(list.spec));
}
BENCHMARK(BM_SpecToJson)->Unit(benchmark::kMicrosecond);

void BM_DumpSpecJson(benchmark::State& state) {
  static const nlohmann::json spec = rl::model::to_json(load_example().spec);
  for (auto _ : state) {
    benchmark::DoNotOptimize(spec.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  }
}
BENCHMARK(BM_DumpSpecJson)->Unit(benchmark::kMicrosecond);

void BM_ContentHash(benchmark::State& state) {
  static const rl::render::Content content = rl::render::render(synthetic_list(100, 100));
  for (auto _ : state)
    benchmark::DoNotOptimize(content.hash());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(content.total_bytes()));
}
BENCHMARK(BM_ContentHash)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
