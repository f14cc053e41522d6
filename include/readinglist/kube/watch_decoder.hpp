// Decodes a watch response body: newline-delimited {"type":T,"object":O} events arriving in
// arbitrary pieces (one event may span several chunks, one chunk may hold several events).
// Fed bytes as they come; hands back whole events only; bounds the size of one line.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
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

// Parses one complete line (without its '\n'). Unknown types are errors, as in client-go.
Result<WatchEvent> parse_watch_line(std::string_view line);

class WatchDecoder {
 public:
  // Objects are at most ~1.5 MiB in etcd; a line far beyond that means a broken stream.
  static constexpr std::size_t kDefaultMaxLineBytes = 16 * 1024 * 1024;

  explicit WatchDecoder(std::size_t max_line_bytes = kDefaultMaxLineBytes)
      : max_line_bytes_(max_line_bytes) {}

  // Appends every event completed by `bytes` to `out`. After an error the stream is unusable:
  // the caller must drop the connection and re-watch from its last processed resourceVersion.
  Result<void> feed(std::string_view bytes, std::vector<WatchEvent>& out);

  // At the end of the stream: an error if a partial event is left (a truncated body).
  Result<void> finish() const;

  std::size_t buffered_bytes() const { return partial_.size(); }

 private:
  Result<void> take_line(std::string_view line, std::vector<WatchEvent>& out);

  std::size_t max_line_bytes_;
  std::string partial_;  // bytes of the current unfinished line
  bool failed_ = false;
};

}  // namespace rl::kube
