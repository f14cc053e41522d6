// A watch response body (newline-delimited JSON events) arriving in arbitrary pieces. The
// first input byte picks the piece size; the rest is the stream. However the stream is cut,
// the decoder must hand back the same events, in order, as when given it whole.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "readinglist/kube/watch_decoder.hpp"

namespace {

struct Outcome {
  std::vector<rl::kube::WatchEvent> events;
  bool failed = false;
};

Outcome decode(std::string_view stream, std::size_t piece) {
  // Small enough that the fuzzer reaches the line-size limit.
  rl::kube::WatchDecoder decoder(4096);
  Outcome outcome;
  for (std::size_t at = 0; at < stream.size() && !outcome.failed; at += piece) {
    outcome.failed = !decoder.feed(stream.substr(at, piece), outcome.events);
  }
  // A stream that ends inside an event is a failure too (a truncated body).
  if (!outcome.failed) outcome.failed = !decoder.finish();
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = std::size_t{data[0]} % 16 + 1;
  const std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto whole = decode(stream, std::max<std::size_t>(stream.size(), 1));
  const auto pieces = decode(stream, piece);
  // Events before a failure may be handed back or not depending on the cut; compare the
  // ones both saw, and everything when neither failed.
  const auto common = std::min(whole.events.size(), pieces.events.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (whole.events[i].type != pieces.events[i].type ||
        whole.events[i].object != pieces.events[i].object) {
      __builtin_trap();
    }
  }
  if (whole.failed != pieces.failed) __builtin_trap();
  if (!whole.failed && whole.events.size() != pieces.events.size()) __builtin_trap();
  for (const auto& event : whole.events)
    (void)event.resource_version();
  return 0;
}
