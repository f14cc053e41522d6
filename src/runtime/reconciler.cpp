// Reconciler: plan, then apply / delete / status / Events through the ApiClient.
#include "readinglist/runtime/reconciler.hpp"

#include <string_view>

#include "lenient_decode.hpp"
#include "plan_writes.hpp"
#include "readinglist/kube/watch_decoder.hpp"
#include "readinglist/model/codec.hpp"

namespace rl::runtime {

kube::ResourceRef resource_ref(reconcile::ChildKind kind) {
  const auto& resource = reconcile::resource_of(kind);
  return {std::string(resource.group), std::string(resource.version), std::string(resource.plural),
          true};
}

namespace {

CachedList cached(model::ReadingList list, std::string decode_error, model::PackedText spec) {
  list.metadata.annotations.erase(std::string(detail::kLastApplied));
  return CachedList{std::move(list.metadata), std::move(list.status), std::move(decode_error),
                    std::move(spec)};
}

model::PackedText packed_spec(const nlohmann::json& object, model::TextPacker& packer) {
  const auto spec = object.find("spec");
  if (spec == object.end()) return packer.pack("{}");
  if (const auto text = kube::json_text_of(*spec)) return packer.pack(*text);
  return packer.pack(spec->dump());
}

}  // namespace

model::ReadingList CachedList::placeholder() const {
  model::ReadingList list;
  list.metadata = metadata;
  list.status = status;
  list.spec.title = "-";
  return list;
}

std::expected<model::ReadingList, std::string> CachedList::decoded() const {
  if (!decode_error.empty()) return std::unexpected(decode_error);
  const std::string source = metadata.namespace_ + "/" + metadata.name;
  // The text the watch brought, unparsed until now.
  auto spec_value = nlohmann::json::parse(spec.unpack(), nullptr, /*allow_exceptions=*/false);
  if (spec_value.is_discarded()) return std::unexpected("spec: not valid JSON");
  const nlohmann::json object = {{"apiVersion", model::kApiVersion},
                                 {"kind", model::kKind},
                                 {"metadata", {{"name", metadata.name}}},
                                 {"spec", std::move(spec_value)}};
  auto list = model::from_json(object, source);
  if (!list) return std::unexpected(detail::describe_parse_error(list.error()));
  list->metadata = metadata;
  list->status = status;
  return std::move(*list);
}

std::expected<CachedList, std::string> decode_cached_list(const nlohmann::json& object,
                                                          model::TextPacker& packer) {
  // Everything but the spec, with a placeholder spec the strict decoder accepts: the spec is
  // kept as text and decoded when the list is reconciled.
  nlohmann::json shell = nlohmann::json::object();
  if (object.is_object()) {
    for (const auto& [key, value] : object.items()) {
      if (key != "spec") shell[key] = value;
    }
  }
  shell["spec"] = {{"title", "-"}};
  auto decoded = detail::decode_leniently<model::ReadingList>(
      shell, [](const nlohmann::json& v, std::string_view s) { return model::from_json(v, s); },
      model::kApiVersion, model::kKind);
  if (!decoded) return std::unexpected(decoded.error());
  return cached(std::move(decoded->object), std::move(decoded->decode_error),
                packed_spec(object, packer));
}

Reconciler::Reconciler(kube::ApiClient& api, EventRecorder& events, WallClock wall_clock,
                       LogSink log)
    : api_(api), events_(events), wall_clock_(std::move(wall_clock)), log_(std::move(log)) {}

kube::Result<ReconcileWrites> Reconciler::reconcile(const CachedList& cached,
                                                    const reconcile::ObservedChildren& children) {
  const auto now = wall_clock_();
  auto decoded = cached.decoded();
  const model::ReadingList list = decoded ? std::move(*decoded) : cached.placeholder();
  const reconcile::Plan plan = decoded ? reconcile::plan_reconcile(list, children, now)
                                       : reconcile::plan_unreadable(list, decoded.error(), now);
  static const detail::OwnerKind<model::ReadingList, model::ReadingListStatus> kind{
      model::kKind, "list", "readinglist", kReadingLists, &reconcile::status_after_api_error};
  return detail::carry_out({api_, events_, wall_clock_, log_}, kind, list, plan);
}

}  // namespace rl::runtime
