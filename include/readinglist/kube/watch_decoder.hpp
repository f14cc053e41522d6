// Decodes a watch response body: newline-delimited {"type":T,"object":O} events arriving in
// arbitrary pieces (one event may span several chunks, one chunk may hold several events).
// Fed bytes as they come; hands back whole events only; bounds the size of one line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "readinglist/kube/error.hpp"

namespace rl::kube {

enum class WatchEventType { Added, Modified, Deleted, Bookmark, Error };
std::string_view to_string(WatchEventType type);

struct WatchEvent {
  WatchEventType type = WatchEventType::Added;
  nlohmann::json object;  // for Error: a metav1.Status

  // object.metadata.resourceVersion, "" when absent.
  std::string resource_version() const;
};

// A field of the objects kept as its JSON text (WatchOptions::unparsed_field): a binary value,
// which parsed JSON never holds, with this subtype. The text is as the server sent it and has
// not been validated: whoever parses it reports what is wrong with it.
inline constexpr std::uint64_t kJsonTextSubtype = 0x4a534f4e;  // "JSON"
nlohmann::json json_text_value(std::string_view text);
// The text of a json_text_value; nullopt for any other value.
std::optional<std::string_view> json_text_of(const nlohmann::json& value);

// Parses one complete line (without its '\n'). Unknown types are errors, as in client-go.
// With `unparsed_field`, that field of the object, when it is an object, is not parsed but
// kept as its text in a json_text_value.
Result<WatchEvent> parse_watch_line(std::string_view line, std::string_view unparsed_field = {});

class WatchDecoder {
 public:
  // Objects are at most ~1.5 MiB in etcd; a line far beyond that means a broken stream.
  static constexpr std::size_t kDefaultMaxLineBytes = 16 * 1024 * 1024;

  explicit WatchDecoder(std::size_t max_line_bytes = kDefaultMaxLineBytes,
                        std::string unparsed_field = {})
      : max_line_bytes_(max_line_bytes), unparsed_field_(std::move(unparsed_field)) {}

  // Appends every event completed by `bytes` to `out`. After an error the stream is unusable:
  // the caller must drop the connection and re-watch from its last processed resourceVersion.
  Result<void> feed(std::string_view bytes, std::vector<WatchEvent>& out);

  // At the end of the stream: an error if a partial event is left (a truncated body).
  Result<void> finish() const;

  std::size_t buffered_bytes() const { return partial_.size(); }

 private:
  Result<void> take_line(std::string_view line, std::vector<WatchEvent>& out);

  std::size_t max_line_bytes_;
  std::string unparsed_field_;
  std::string partial_;  // bytes of the current unfinished line
  bool failed_ = false;
};

}  // namespace rl::kube
