// The decoder's shared pieces: the envelope and the Kubernetes-shaped parts both kinds hold.
#include "codec_decoder.hpp"

namespace rl::model::detail {

void Decoder::resource(const json& value, const Path& path, std::string_view kind,
                       ObjectMeta& metadata, Handler spec, Handler status) {
  std::optional<std::string> api_version;
  std::optional<std::string> kind_read;
  object(value, path,
         {{"apiVersion", string(api_version)},
          {"kind", string(kind_read)},
          {"metadata", nested(metadata, by(&Decoder::metadata))},
          {"spec", std::move(spec)},
          {"status", std::move(status)}});
  if (!value.is_object()) return;
  expect_constant(value, append_field(path, "apiVersion"), api_version, kApiVersion);
  expect_constant(value, append_field(path, "kind"), kind_read, kind);
}

void Decoder::expect_constant(const json& object, const Path& path,
                              const std::optional<std::string>& got, std::string_view expected) {
  if (got == expected) return;
  const auto member = object.find(path.back().name);
  // A present value of the wrong type was reported already.
  if (member != object.end() && !member->is_null() && !member->is_string()) return;
  std::string message = "must be \"" + std::string(expected) + '"';
  if (got) message += ", got " + quote_for_message(*got);
  error(path, std::move(message));
}

FieldReader::Handler Decoder::theme(std::optional<Theme>& out) {
  return [this, &out](const json& v, const Path& p) {
    std::string name;
    if (!read_string(v, p, name)) return;
    out = theme_from_string(name);
    if (!out) {
      const std::string_view names[] = {to_string(Theme::Auto), to_string(Theme::Light),
                                        to_string(Theme::Dark)};
      error(p, "unsupported value " + quote_for_message(name) + " (" + one_of(names) + ')');
    }
  };
}

void Decoder::text(const json& v, const Path& p, std::string& out) {
  read_string(v, p, out);
}

void Decoder::owner_reference(const json& v, const Path& p, OwnerReference& out) {
  object(v, p,
         {{"apiVersion", string(out.api_version)},
          {"kind", string(out.kind)},
          {"name", string(out.name)},
          {"uid", string(out.uid)},
          {"controller", boolean(out.controller)},
          {"blockOwnerDeletion", boolean(out.block_owner_deletion)}});
}

void Decoder::metadata(const json& v, const Path& p, ObjectMeta& out) {
  object(v, p,
         {{"name", string(out.name)},
          {"generateName", string(out.generate_name)},
          {"namespace", string(out.namespace_)},
          {"uid", string(out.uid)},
          {"resourceVersion", string(out.resource_version)},
          {"generation", integer(out.generation)},
          {"creationTimestamp", string(out.creation_timestamp)},
          {"deletionTimestamp", string(out.deletion_timestamp)},
          {"deletionGracePeriodSeconds", integer(out.deletion_grace_period_seconds)},
          {"labels", string_map(out.labels)},
          {"annotations", string_map(out.annotations)},
          {"ownerReferences", list(out.owner_references, by(&Decoder::owner_reference))},
          {"finalizers", list(out.finalizers, by(&Decoder::text))},
          // The server's bookkeeping: accepted, never kept (it is most of an object's bytes).
          {"managedFields", {}},
          {"selfLink", {}}});
}

void Decoder::resources(const json& v, const Path& p, ResourceRequirements& out) {
  object(v, p, {{"limits", quantity_map(out.limits)}, {"requests", quantity_map(out.requests)}});
}

void Decoder::ingress(const json& v, const Path& p, IngressSpec& out) {
  object(v, p,
         {{"host", string(out.host)},
          {"path", string(out.path)},
          {"className", string(out.class_name)},
          {"tlsSecretName", string(out.tls_secret_name)},
          {"annotations", string_map(out.annotations)}});
}

void Decoder::condition(const json& v, const Path& p, Condition& out) {
  object(v, p,
         {{"type", string(out.type)},
          {"status", string(out.status)},
          {"reason", string(out.reason)},
          {"message", string(out.message)},
          {"lastTransitionTime", string(out.last_transition_time)},
          {"observedGeneration", integer(out.observed_generation)}});
}

}  // namespace rl::model::detail
