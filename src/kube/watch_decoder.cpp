#include "readinglist/kube/watch_decoder.hpp"

#include <cstring>

#include "json_member_span.hpp"

namespace rl::kube {
namespace {

bool blank(std::string_view s) {
  return s.find_first_not_of(" \t\r") == std::string_view::npos;
}

std::string preview(std::string_view line) {
  constexpr std::size_t kMax = 120;
  return line.size() > kMax ? std::string(line.substr(0, kMax)) + "..." : std::string(line);
}

}  // namespace

std::string_view to_string(WatchEventType type) {
  switch (type) {
    case WatchEventType::Added:
      return "ADDED";
    case WatchEventType::Modified:
      return "MODIFIED";
    case WatchEventType::Deleted:
      return "DELETED";
    case WatchEventType::Bookmark:
      return "BOOKMARK";
    case WatchEventType::Error:
      return "ERROR";
  }
  return "UNKNOWN";
}

std::string WatchEvent::resource_version() const {
  if (!object.is_object()) return {};
  const auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) return {};
  const auto rv = meta->find("resourceVersion");
  return rv != meta->end() && rv->is_string() ? rv->get<std::string>() : std::string{};
}

nlohmann::json json_text_value(std::string_view text) {
  return nlohmann::json::binary(nlohmann::json::binary_t::container_type(text.begin(), text.end()),
                                kJsonTextSubtype);
}

std::optional<std::string_view> json_text_of(const nlohmann::json& value) {
  if (!value.is_binary()) return std::nullopt;
  const auto& binary = value.get_binary();
  if (!binary.has_subtype() || binary.subtype() != kJsonTextSubtype) return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(binary.data()), binary.size());
}

namespace {

// The event with the object's `field` cut out of the text before parsing (most of a
// ReadingList is its spec, which the informer keeps as text): nullopt when it is not there.
std::optional<nlohmann::json> parse_without_field(std::string_view line, std::string_view field) {
  const auto span = detail::find_member_value(line, "object", field);
  if (!span || span->begin == span->end || line[span->begin] != '{') return std::nullopt;
  std::string rest;
  rest.reserve(line.size() - (span->end - span->begin) + 4);
  rest.append(line.substr(0, span->begin)).append("null").append(line.substr(span->end));
  auto json = nlohmann::json::parse(rest, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return std::nullopt;
  json["object"][std::string(field)] =
      json_text_value(line.substr(span->begin, span->end - span->begin));
  return json;
}

}  // namespace

Result<WatchEvent> parse_watch_line(std::string_view line, std::string_view unparsed_field) {
  std::optional<nlohmann::json> cut;
  if (!unparsed_field.empty()) cut = parse_without_field(line, unparsed_field);
  auto json = cut ? std::move(*cut) : nlohmann::json::parse(line, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return std::unexpected(decode_error("watch event is not a JSON object: " + preview(line)));
  }
  const auto type = json.find("type");
  const auto object = json.find("object");
  if (type == json.end() || !type->is_string()) {
    return std::unexpected(decode_error("watch event without a type: " + preview(line)));
  }
  if (object == json.end() || !object->is_object()) {
    return std::unexpected(decode_error("watch event without an object: " + preview(line)));
  }
  WatchEvent event;
  const auto& t = type->get_ref<const std::string&>();
  if (t == "ADDED") {
    event.type = WatchEventType::Added;
  } else if (t == "MODIFIED") {
    event.type = WatchEventType::Modified;
  } else if (t == "DELETED") {
    event.type = WatchEventType::Deleted;
  } else if (t == "BOOKMARK") {
    event.type = WatchEventType::Bookmark;
  } else if (t == "ERROR") {
    event.type = WatchEventType::Error;
  } else {
    return std::unexpected(decode_error("got invalid watch event type \"" + preview(t) + "\""));
  }
  event.object = std::move(*object);
  return event;
}

Result<void> WatchDecoder::take_line(std::string_view line, std::vector<WatchEvent>& out) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (blank(line)) return {};
  auto event = parse_watch_line(line, unparsed_field_);
  if (!event) {
    failed_ = true;
    return std::unexpected(event.error());
  }
  out.push_back(std::move(*event));
  return {};
}

Result<void> WatchDecoder::feed(std::string_view bytes, std::vector<WatchEvent>& out) {
  if (failed_) return std::unexpected(decode_error("watch stream already failed"));
  while (!bytes.empty()) {
    const void* found = std::memchr(bytes.data(), '\n', bytes.size());
    if (found == nullptr) {
      if (partial_.size() + bytes.size() > max_line_bytes_) {
        failed_ = true;
        partial_.clear();
        return std::unexpected(decode_error("watch event longer than " +
                                            std::to_string(max_line_bytes_) +
                                            " bytes; dropping the stream"));
      }
      partial_.append(bytes);
      return {};
    }
    const auto end = static_cast<std::size_t>(static_cast<const char*>(found) - bytes.data());
    if (partial_.size() + end > max_line_bytes_) {
      failed_ = true;
      partial_.clear();
      return std::unexpected(decode_error("watch event longer than " +
                                          std::to_string(max_line_bytes_) +
                                          " bytes; dropping the stream"));
    }
    Result<void> taken;
    if (partial_.empty()) {
      // The common case: a whole line inside this piece, parsed without copying.
      taken = take_line(bytes.substr(0, end), out);
    } else {
      partial_.append(bytes.substr(0, end));
      taken = take_line(partial_, out);
      partial_.clear();
    }
    if (!taken) return taken;
    bytes.remove_prefix(end + 1);
  }
  return {};
}

Result<void> WatchDecoder::finish() const {
  if (failed_) return std::unexpected(decode_error("watch stream failed"));
  if (!blank(partial_)) {
    return std::unexpected(transport_error("watch stream ended in the middle of an event (" +
                                           std::to_string(partial_.size()) +
                                           " bytes of an unfinished line dropped)"));
  }
  return {};
}

}  // namespace rl::kube
