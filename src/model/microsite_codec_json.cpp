// The strict JSON decoder of a Microsite: its own spec and status fields, the rest (envelope,
// metadata, theme, resources, ingress, conditions) from the shared Decoder.
#include <array>
#include <nlohmann/json.hpp>

#include "codec_decoder.hpp"
#include "codec_detail.hpp"
#include "readinglist/model/microsite_codec.hpp"

namespace rl::model {

namespace detail {

namespace {

using nlohmann::json;

class MicrositeDecoder : public Decoder {
 public:
  using Decoder::Decoder;

  void microsite(const json& value, const Path& path, Microsite& out) {
    resource(value, path, kMicrositeKind, out.metadata,
             nested(out.spec, by(&MicrositeDecoder::spec)),
             nested(out.status, by(&MicrositeDecoder::status)));
  }

 private:
  Handler order_by(std::optional<MicrositeOrderBy>& out) {
    return [this, &out](const json& v, const Path& p) {
      std::string name;
      if (!read_string(v, p, name)) return;
      out = microsite_order_by_from_string(name);
      if (!out) {
        const std::array names = {to_string(MicrositeOrderBy::Title),
                                  to_string(MicrositeOrderBy::TalkDate),
                                  to_string(MicrositeOrderBy::Names)};
        error(p, "unsupported value " + quote_for_message(name) + " (" + one_of(names) + ')');
      }
    };
  }

  void event(const json& v, const Path& p, EventSpec& out) {
    object(v, p,
           {{"name", string(out.name)},
            {"url", string(out.url)},
            {"startDate", string(out.start_date)},
            {"endDate", string(out.end_date)},
            {"location", string(out.location)}});
  }

  void requirement(const json& v, const Path& p, LabelSelectorRequirement& out) {
    object(v, p,
           {{"key", string(out.key)},
            {"operator", string(out.operator_)},
            {"values", list(out.values, by(&Decoder::text))}});
  }

  void selector(const json& v, const Path& p, LabelSelector& out) {
    object(v, p,
           {{"matchLabels", string_map(out.match_labels)},
            {"matchExpressions", list(out.match_expressions, by(&MicrositeDecoder::requirement))}});
  }

  void order(const json& v, const Path& p, MicrositeOrder& out) {
    object(v, p, {{"by", order_by(out.by)}, {"names", list(out.names, by(&Decoder::text))}});
  }

  void site(const json& v, const Path& p, MicrositeSiteSpec& out) {
    object(v, p,
           {{"replicas", integer(out.replicas)},
            {"image", string(out.image)},
            {"resources", nested(out.resources, by(&Decoder::resources))},
            {"ingress", nested(out.ingress, by(&Decoder::ingress))}});
  }

  void spec(const json& v, const Path& p, MicrositeSpec& out) {
    object(v, p,
           {{"title", string(out.title)},
            {"description", string(out.description)},
            {"language", string(out.language)},
            {"event", nested(out.event, by(&MicrositeDecoder::event))},
            {"selector", nested(out.selector, by(&MicrositeDecoder::selector))},
            {"order", nested(out.order, by(&MicrositeDecoder::order))},
            {"theme", theme(out.theme)},
            {"site", nested(out.site, by(&MicrositeDecoder::site))}});
  }

  void list_counts(const json& v, const Path& p, MicrositeListCounts& out) {
    object(v, p, {{"selected", integer(out.selected)}, {"valid", integer(out.valid)}});
  }

  void status(const json& v, const Path& p, MicrositeStatus& out) {
    object(v, p,
           {{"observedGeneration", integer(out.observed_generation)},
            {"conditions", list(out.conditions, by(&Decoder::condition))},
            {"lists", nested(out.lists, by(&MicrositeDecoder::list_counts))},
            {"url", string(out.url)},
            {"contentHash", string(out.content_hash)},
            {"readyReplicas", integer(out.ready_replicas)}});
  }
};

}  // namespace

std::expected<Microsite, std::vector<FieldError>> decode_microsite(const nlohmann::json& value,
                                                                   const Path& base,
                                                                   const Locator& locate) {
  MicrositeDecoder decoder(locate);
  Microsite microsite;
  decoder.microsite(value, base, microsite);
  auto errors = decoder.take_errors();
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return microsite;
}

}  // namespace detail

std::expected<Microsite, ParseError> microsite_from_json(const nlohmann::json& value,
                                                         std::string_view source) {
  return detail::decode_json_value<Microsite>(value, source, detail::decode_microsite);
}

std::expected<Microsite, ParseError> parse_microsite_json(std::string_view text,
                                                          std::string_view source) {
  auto value = detail::parse_json_text(text, source);
  if (!value) return std::unexpected(std::move(value.error()));
  return microsite_from_json(*value, source);
}

std::expected<std::vector<Microsite>, ParseError> parse_microsite_yaml(std::string_view text,
                                                                       std::string_view source) {
  return detail::read_yaml_objects<Microsite>(text, source, kMicrositeKind,
                                              detail::decode_microsite);
}

std::expected<std::vector<Manifest>, ParseError> parse_manifests_yaml(std::string_view text,
                                                                      std::string_view source) {
  std::vector<Manifest> manifests;
  const std::vector<detail::KindReader> kinds = {
      {kKind, detail::keep_into(manifests, detail::decode_reading_list)},
      {kMicrositeKind, detail::keep_into(manifests, detail::decode_microsite)}};
  if (auto read = detail::read_yaml_stream(text, source, kinds); !read) {
    return std::unexpected(std::move(read.error()));
  }
  return manifests;
}

}  // namespace rl::model
