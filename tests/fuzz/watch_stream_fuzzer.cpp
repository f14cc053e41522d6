// A watch response body (newline-delimited JSON events) arriving in arbitrary pieces. The
// first input byte picks the piece size; the rest is the stream. However the stream is cut,
// the decoder must hand back the same events, in order, as when given it whole. And a decoder
// that keeps object.spec unparsed must agree with one that parses it: the same events, each
// spec text parsing to the same value; where only it accepts the stream, some spec text is
// not JSON (it is validated when parsed, later).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "readinglist/kube/watch_decoder.hpp"

namespace {

struct Outcome {
  std::vector<rl::kube::WatchEvent> events;
  bool failed = false;
};

Outcome decode(std::string_view stream, std::size_t piece, std::string unparsed_field = {}) {
  // Small enough that the fuzzer reaches the line-size limit.
  rl::kube::WatchDecoder decoder(4096, std::move(unparsed_field));
  Outcome outcome;
  for (std::size_t at = 0; at < stream.size() && !outcome.failed; at += piece) {
    outcome.failed = !decoder.feed(stream.substr(at, piece), outcome.events);
  }
  // A stream that ends inside an event is a failure too (a truncated body).
  if (!outcome.failed) outcome.failed = !decoder.finish();
  return outcome;
}

// The event's object with a spec text parsed; false when the text is not JSON.
bool parse_spec_text(nlohmann::json& object) {
  if (!object.is_object() || !object.contains("spec")) return true;
  const auto text = rl::kube::json_text_of(object["spec"]);
  if (!text) return true;
  auto value = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return false;
  object["spec"] = std::move(value);
  return true;
}

void check_unparsed_spec_agrees(std::string_view stream, const Outcome& whole) {
  auto cut = decode(stream, std::max<std::size_t>(stream.size(), 1), "spec");
  bool some_text_is_not_json = false;
  for (auto& event : cut.events)
    some_text_is_not_json |= !parse_spec_text(event.object);
  if (some_text_is_not_json) {
    if (!whole.failed) __builtin_trap();
    return;
  }
  if (whole.failed != cut.failed) __builtin_trap();
  const auto common = std::min(whole.events.size(), cut.events.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (whole.events[i].type != cut.events[i].type ||
        whole.events[i].object != cut.events[i].object) {
      __builtin_trap();
    }
  }
  if (!whole.failed && whole.events.size() != cut.events.size()) __builtin_trap();
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
  check_unparsed_spec_agrees(stream, whole);
  return 0;
}
