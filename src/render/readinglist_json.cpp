// readinglist.json: the list as JSON for machines. Only what the spec decides goes in (no status,
// uid or resourceVersion), so the content hash changes exactly when the spec or name does.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "json_writer.hpp"
#include "readinglist/model/types.hpp"
#include "readinglist/render/files.hpp"

namespace rl::render {
namespace {

using json_detail::JsonWriter;

// The bytes of model::to_json(list.spec) printed with dump(2), written straight from the model
// (the DOM and its sorted maps were most of this file's render time). The fields and their
// presence rules are the codec's (src/model/codec_json_encode.cpp): optionals when set, lists
// when not empty (sections and entries always), members in sorted key order. Invalid UTF-8,
// which only a list the validator rejects can hold, becomes U+FFFD byte by byte.
class SpecWriter {
 public:
  explicit SpecWriter(JsonWriter& json) : json_(json) {}

  void spec(const model::ReadingListSpec& spec) {
    json_.begin_object();
    optional("description", spec.description);
    if (spec.epigraph) {
      json_.key("epigraph");
      epigraph(*spec.epigraph);
    }
    optional("language", spec.language);
    json_.key("sections");
    json_.begin_array();
    for (const auto& each : spec.sections)
      section(each);
    json_.end_array();
    if (spec.site) {
      json_.key("site");
      site(*spec.site);
    }
    optional("subtitle", spec.subtitle);
    if (spec.talk) {
      json_.key("talk");
      talk(*spec.talk);
    }
    json_.member("title", spec.title);
    json_.end_object();
  }

 private:
  void optional(std::string_view name, const std::optional<std::string>& value) {
    if (value) json_.member(name, *value);
  }

  void people(std::string_view name, const std::vector<model::Person>& people) {
    if (people.empty()) return;
    json_.key(name);
    json_.begin_array();
    for (const auto& each : people)
      person(each);
    json_.end_array();
  }

  void string_map(std::string_view name, const std::map<std::string, std::string>& map) {
    if (map.empty()) return;
    json_.key(name);
    json_.begin_object();
    for (const auto& [key, value] : map) {
      json_.key_text(key);
      json_.string(value);
    }
    json_.end_object();
  }

  void person(const model::Person& person) {
    json_.begin_object();
    optional("affiliation", person.affiliation);
    optional("handle", person.handle);
    json_.member("name", person.name);
    optional("url", person.url);
    json_.end_object();
  }

  void entry(const model::Entry& entry) {
    json_.begin_object();
    people("authors", entry.authors);
    if (!entry.items.empty()) {
      json_.key("items");
      json_.begin_array();
      for (const auto& item : entry.items) {
        json_.begin_object();
        optional("description", item.description);
        json_.member("title", item.title);
        json_.member("url", item.url);
        json_.end_object();
      }
      json_.end_array();
    }
    optional("note", entry.note);
    optional("published", entry.published);
    if (entry.source) {
      json_.key("source");
      json_.begin_object();
      json_.member("name", entry.source->name);
      optional("url", entry.source->url);
      json_.end_object();
    }
    json_.member("title", entry.title);
    if (entry.type) json_.member("type", model::to_string(*entry.type));
    optional("url", entry.url);
    json_.end_object();
  }

  void section(const model::Section& section) {
    json_.begin_object();
    optional("description", section.description);
    json_.key("entries");
    json_.begin_array();
    for (const auto& each : section.entries)
      entry(each);
    json_.end_array();
    json_.member("title", section.title);
    json_.end_object();
  }

  void talk(const model::Talk& talk) {
    json_.begin_object();
    optional("date", talk.date);
    optional("event", talk.event);
    people("speakers", talk.speakers);
    optional("title", talk.title);
    optional("url", talk.url);
    json_.end_object();
  }

  void epigraph(const model::Epigraph& epigraph) {
    json_.begin_object();
    if (epigraph.author) {
      json_.key("author");
      person(*epigraph.author);
    }
    json_.member("text", epigraph.text);
    json_.end_object();
  }

  void site(const model::SiteSpec& site) {
    json_.begin_object();
    if (site.enabled) {
      json_.key("enabled");
      json_.boolean(*site.enabled);
    }
    optional("image", site.image);
    if (site.ingress) {
      const model::IngressSpec& ingress = *site.ingress;
      json_.key("ingress");
      json_.begin_object();
      string_map("annotations", ingress.annotations);
      optional("className", ingress.class_name);
      json_.member("host", ingress.host);
      optional("path", ingress.path);
      optional("tlsSecretName", ingress.tls_secret_name);
      json_.end_object();
    }
    if (site.replicas) {
      json_.key("replicas");
      json_.integer(*site.replicas);
    }
    if (site.resources) {
      json_.key("resources");
      json_.begin_object();
      string_map("limits", site.resources->limits);
      string_map("requests", site.resources->requests);
      json_.end_object();
    }
    if (site.theme) json_.member("theme", model::to_string(*site.theme));
    json_.end_object();
  }

  JsonWriter& json_;
};

std::size_t estimated_size(const model::ReadingListSpec& spec) {
  std::size_t size = 4096;
  for (const auto& section : spec.sections)
    size += 128 + section.entries.size() * 768;
  return size;
}

}  // namespace

std::string render_readinglist_json(const model::ReadingList& list) {
  std::string text;
  text.reserve(estimated_size(list.spec));
  JsonWriter json(text, json_detail::Layout::Pretty, json_detail::Strings::ReplaceInvalidBytes);
  json.begin_object();
  json.member("apiVersion", model::kApiVersion);
  json.member("kind", model::kKind);
  json.key("metadata");
  json.begin_object();
  json.member("name", list.metadata.name);
  if (!list.metadata.namespace_.empty()) json.member("namespace", list.metadata.namespace_);
  json.end_object();
  json.key("spec");
  SpecWriter(json).spec(list.spec);
  json.end_object();
  text.push_back('\n');
  return text;
}

}  // namespace rl::render
