// Private to the codec: the strict decoder's pieces both kinds share (the object envelope,
// metadata, theme, resources, ingress, conditions). Each kind's decoder derives from it and adds
// its spec and status.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "codec_reader.hpp"

namespace rl::model::detail {

// "expected one of A, B, C"
template <typename Names>
std::string one_of(const Names& names) {
  std::string out = "expected one of ";
  bool first = true;
  for (const auto& name : names) {
    if (!first) out += ", ";
    out += name;
    first = false;
  }
  return out;
}

class Decoder : public FieldReader {
 public:
  using FieldReader::FieldReader;

  // A member decoder (of this class or a derived one) as the callable nested/list take.
  template <typename Self, typename T>
  auto by(void (Self::*decode)(const json&, const Path&, T&)) {
    auto* self = static_cast<Self*>(this);
    return [self, decode](const json& v, const Path& p, T& out) { (self->*decode)(v, p, out); };
  }

  // apiVersion, kind, metadata, spec and status; apiVersion and kind must be ours.
  void resource(const json& value, const Path& path, std::string_view kind, ObjectMeta& metadata,
                Handler spec, Handler status);

  Handler theme(std::optional<Theme>& out);

  void text(const json& v, const Path& p, std::string& out);
  void owner_reference(const json& v, const Path& p, OwnerReference& out);
  void metadata(const json& v, const Path& p, ObjectMeta& out);
  void resources(const json& v, const Path& p, ResourceRequirements& out);
  void ingress(const json& v, const Path& p, IngressSpec& out);
  void condition(const json& v, const Path& p, Condition& out);

 private:
  void expect_constant(const json& object, const Path& path, const std::optional<std::string>& got,
                       std::string_view expected);
};

}  // namespace rl::model::detail
