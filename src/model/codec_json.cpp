// The strict JSON decoder: every field of a ReadingList read into the typed model, every problem
// (unknown field, wrong type, invalid UTF-8, unknown enum value) collected with its path.
#include <algorithm>
#include <set>

#include "codec_decoder.hpp"
#include "codec_detail.hpp"
#include "readinglist/model/codec.hpp"
#include "readinglist/model/limits.hpp"

namespace rl::model {

namespace detail {

namespace {

using nlohmann::json;

class ListDecoder : public Decoder {
 public:
  using Decoder::Decoder;

  void reading_list(const json& value, const Path& path, ReadingList& out) {
    resource(value, path, kKind, out.metadata, nested(out.spec, by(&ListDecoder::spec)),
             nested(out.status, by(&ListDecoder::status)));
  }

 private:
  Handler entry_type(std::optional<EntryType>& out) {
    return [this, &out](const json& v, const Path& p) {
      std::string name;
      if (!read_string(v, p, name)) return;
      out = entry_type_from_string(name);
      if (!out) {
        error(p, "unsupported value " + quote_for_message(name) + " (" + one_of(kEntryTypeNames) +
                     ')');
      }
    };
  }

  void person(const json& v, const Path& p, Person& out) {
    object(v, p,
           {{"name", string(out.name)},
            {"url", string(out.url)},
            {"affiliation", string(out.affiliation)},
            {"handle", string(out.handle)}});
  }

  void source(const json& v, const Path& p, Source& out) {
    object(v, p, {{"name", string(out.name)}, {"url", string(out.url)}});
  }

  void item(const json& v, const Path& p, Item& out) {
    object(v, p,
           {{"title", string(out.title)},
            {"url", string(out.url)},
            {"description", string(out.description)}});
  }

  void entry(const json& v, const Path& p, Entry& out) {
    object(v, p,
           {{"type", entry_type(out.type)},
            {"title", string(out.title)},
            {"url", string(out.url)},
            {"authors", list(out.authors, by(&ListDecoder::person))},
            {"source", nested(out.source, by(&ListDecoder::source))},
            {"published", string(out.published)},
            {"note", string(out.note)},
            {"items", list(out.items, by(&ListDecoder::item))}});
  }

  void section(const json& v, const Path& p, Section& out) {
    object(v, p,
           {{"title", string(out.title)},
            {"description", string(out.description)},
            {"entries", list(out.entries, by(&ListDecoder::entry))}});
  }

  void talk(const json& v, const Path& p, Talk& out) {
    object(v, p,
           {{"title", string(out.title)},
            {"url", string(out.url)},
            {"event", string(out.event)},
            {"date", string(out.date)},
            {"speakers", list(out.speakers, by(&ListDecoder::person))}});
  }

  void epigraph(const json& v, const Path& p, Epigraph& out) {
    object(v, p,
           {{"text", string(out.text)}, {"author", nested(out.author, by(&ListDecoder::person))}});
  }

  void site(const json& v, const Path& p, SiteSpec& out) {
    object(v, p,
           {{"enabled", boolean(out.enabled)},
            {"replicas", integer(out.replicas)},
            {"image", string(out.image)},
            {"resources", nested(out.resources, by(&Decoder::resources))},
            {"theme", theme(out.theme)},
            {"ingress", nested(out.ingress, by(&Decoder::ingress))}});
  }

  void spec(const json& v, const Path& p, ReadingListSpec& out) {
    object(v, p,
           {{"title", string(out.title)},
            {"subtitle", string(out.subtitle)},
            {"description", string(out.description)},
            {"language", string(out.language)},
            {"talk", nested(out.talk, by(&ListDecoder::talk))},
            {"epigraph", nested(out.epigraph, by(&ListDecoder::epigraph))},
            {"sections", list(out.sections, by(&ListDecoder::section))},
            {"site", nested(out.site, by(&ListDecoder::site))}});
  }

  void status(const json& v, const Path& p, ReadingListStatus& out) {
    object(v, p,
           {{"observedGeneration", integer(out.observed_generation)},
            {"conditions", list(out.conditions, by(&Decoder::condition))},
            {"entryCount", integer(out.entry_count)},
            {"sectionCount", integer(out.section_count)},
            {"url", string(out.url)},
            {"contentHash", string(out.content_hash)},
            {"readyReplicas", integer(out.ready_replicas)}});
  }
};

}  // namespace

std::expected<ReadingList, std::vector<FieldError>> decode_reading_list(const nlohmann::json& value,
                                                                        const Path& base,
                                                                        const Locator& locate) {
  ListDecoder decoder(locate);
  ReadingList list;
  decoder.reading_list(value, base, list);
  auto errors = decoder.take_errors();
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return list;
}

// nlohmann keeps the last of a repeated key without a word; a document that says two things
// about one field is refused instead, as the YAML reader does. Fed every parse event in order.
class DuplicateKeys {
 public:
  using json = nlohmann::json;
  using Event = json::parse_event_t;

  bool operator()(int /*depth*/, Event event, json& parsed) {
    switch (event) {
      case Event::object_start:
      case Event::array_start:
        begin_value();
        frames_.push_back(Frame{event == Event::object_start, {}, {}, 0, 0});
        break;
      case Event::object_end:
      case Event::array_end:
        if (!frames_.empty()) frames_.pop_back();
        break;
      case Event::key:
        if (!frames_.empty() && parsed.is_string()) {
          Frame& frame = frames_.back();
          frame.key = parsed.get<std::string>();
          if (!frame.keys.insert(frame.key).second && found_.size() < kMaxReported) {
            found_.push_back(FieldError{path_to_string(path()), "duplicate key"});
          }
        }
        break;
      case Event::value:
        begin_value();
        break;
    }
    return true;
  }

  std::vector<FieldError> take() { return std::move(found_); }

 private:
  static constexpr std::size_t kMaxReported = 20;

  struct Frame {
    bool object = false;
    std::set<std::string> keys;
    std::string key;        // the member being read, in an object
    std::size_t index = 0;  // the element being read, in an array
    std::size_t count = 0;  // elements begun so far, in an array
  };

  void begin_value() {
    if (!frames_.empty() && !frames_.back().object) frames_.back().index = frames_.back().count++;
  }

  // Field names as the decoder writes them; anything else (a label key, say) in brackets.
  Path path() const {
    Path out;
    for (const Frame& frame : frames_) {
      if (!frame.object) {
        out = append_index(out, frame.index);
      } else if (!frame.key.empty() && std::ranges::all_of(frame.key, [](char c) {
                   return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9');
                 })) {
        out = append_field(out, frame.key);
      } else {
        out = append_key(out, frame.key);
      }
    }
    return out;
  }

  std::vector<Frame> frames_;
  std::vector<FieldError> found_;
};

}  // namespace detail

namespace detail {

std::expected<nlohmann::json, ParseError> parse_json_text(std::string_view text,
                                                          std::string_view source) {
  ParseError failure;
  failure.source = std::string(source);
  if (text.size() > limits::kMaxDocumentBytes) {
    failure.message = "input is " + std::to_string(text.size()) +
                      " bytes, more than the limit of " + std::to_string(limits::kMaxDocumentBytes);
    return std::unexpected(std::move(failure));
  }
  nlohmann::json value;
  DuplicateKeys duplicates;
  try {
    value = nlohmann::json::parse(
        text.begin(), text.end(),
        [&duplicates](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
          return duplicates(depth, event, parsed);
        });
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann counts bytes from 1 and points at the last byte it read.
    const std::size_t at = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    const auto before = text.substr(0, at);
    const auto line_start = before.rfind('\n');
    failure.line = 1 + static_cast<int>(std::ranges::count(before, '\n'));
    failure.column =
        static_cast<int>(line_start == std::string_view::npos ? at + 1 : at - line_start);
    std::string_view what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..."
    if (const auto column = what.find(", column "); column != std::string_view::npos) {
      if (const auto colon = what.find(": ", column); colon != std::string_view::npos) {
        what.remove_prefix(colon + 2);
      }
    }
    failure.message = make_printable(what);
    return std::unexpected(std::move(failure));
  } catch (const nlohmann::json::exception& e) {
    failure.message = make_printable(e.what());
    return std::unexpected(std::move(failure));
  }
  if (auto found = duplicates.take(); !found.empty()) {
    failure.fields = std::move(found);
    return std::unexpected(std::move(failure));
  }
  return value;
}

}  // namespace detail

std::expected<ReadingList, ParseError> from_json(const nlohmann::json& value,
                                                 std::string_view source) {
  return detail::decode_json_value<ReadingList>(value, source, detail::decode_reading_list);
}

std::expected<ReadingList, ParseError> parse_json(std::string_view text, std::string_view source) {
  auto value = detail::parse_json_text(text, source);
  if (!value) return std::unexpected(std::move(value.error()));
  return from_json(*value, source);
}

}  // namespace rl::model
