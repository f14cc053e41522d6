#include "protobuf.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "encoding.hpp"

namespace rl::test_apiserver {

using nlohmann::json;

namespace {

// One decoded field: a varint or a length-delimited byte string (the only wire types the
// objects we decode use; fixed32/64 are skipped).
struct Field {
  std::uint64_t number = 0;
  std::uint64_t varint = 0;
  std::string_view bytes;
};

std::optional<std::uint64_t> read_varint(std::string_view& in) {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    auto byte = static_cast<std::uint8_t>(in.front());
    in.remove_prefix(1);
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  return std::nullopt;
}

std::optional<std::vector<Field>> fields_of(std::string_view in) {
  std::vector<Field> out;
  while (!in.empty()) {
    auto key = read_varint(in);
    if (!key) return std::nullopt;
    Field f{.number = *key >> 3, .varint = 0, .bytes = {}};
    switch (*key & 7) {
      case 0: {
        auto v = read_varint(in);
        if (!v) return std::nullopt;
        f.varint = *v;
        break;
      }
      case 1:
      case 5: {
        std::size_t n = (*key & 7) == 1 ? 8 : 4;
        if (in.size() < n) return std::nullopt;
        in.remove_prefix(n);
        continue;
      }
      case 2: {
        auto n = read_varint(in);
        if (!n || *n > in.size()) return std::nullopt;
        f.bytes = in.substr(0, *n);
        in.remove_prefix(*n);
        break;
      }
      default:
        return std::nullopt;
    }
    out.push_back(f);
  }
  return out;
}

class Decoder {
 public:
  bool ok() const { return ok_; }

  std::vector<Field> message(std::string_view bytes) {
    auto f = fields_of(bytes);
    if (!f) ok_ = false;
    return f ? std::move(*f) : std::vector<Field>();
  }

  // map<string, string|bytes> entries: key = 1, value = 2.
  void map_entry(json& into, std::string_view entry, bool base64) {
    std::string key;
    std::string value;
    for (const auto& f : message(entry)) {
      if (f.number == 1) key = f.bytes;
      if (f.number == 2) value = f.bytes;
    }
    into[key] = base64 ? base64_encode(value) : value;
  }

  json owner_reference(std::string_view bytes) {
    json ref = json::object();
    for (const auto& f : message(bytes)) {
      switch (f.number) {
        case 1:
          ref["kind"] = f.bytes;
          break;
        case 3:
          ref["name"] = f.bytes;
          break;
        case 4:
          ref["uid"] = f.bytes;
          break;
        case 5:
          ref["apiVersion"] = f.bytes;
          break;
        case 6:
          ref["controller"] = f.varint != 0;
          break;
        case 7:
          ref["blockOwnerDeletion"] = f.varint != 0;
          break;
        default:
          break;
      }
    }
    return ref;
  }

  // ObjectMeta: the fields a client may set on create (the server owns the others).
  json object_meta(std::string_view bytes) {
    json meta = json::object();
    for (const auto& f : message(bytes)) {
      switch (f.number) {
        case 1:
          meta["name"] = f.bytes;
          break;
        case 2:
          meta["generateName"] = f.bytes;
          break;
        case 3:
          meta["namespace"] = f.bytes;
          break;
        case 6:
          meta["resourceVersion"] = f.bytes;
          break;
        case 11:
          map_entry(meta["labels"], f.bytes, false);
          break;
        case 12:
          map_entry(meta["annotations"], f.bytes, false);
          break;
        case 13:
          meta["ownerReferences"].push_back(owner_reference(f.bytes));
          break;
        case 14:
          meta["finalizers"].push_back(f.bytes);
          break;
        default:
          break;
      }
    }
    return meta;
  }

  json config_map(std::string_view bytes) {
    json object = json::object();
    for (const auto& f : message(bytes)) {
      if (f.number == 1) object["metadata"] = object_meta(f.bytes);
      if (f.number == 2) map_entry(object["data"], f.bytes, false);
      if (f.number == 3) map_entry(object["binaryData"], f.bytes, true);
      if (f.number == 4) object["immutable"] = f.varint != 0;
    }
    return object;
  }

  json secret(std::string_view bytes) {
    json object = json::object();
    for (const auto& f : message(bytes)) {
      if (f.number == 1) object["metadata"] = object_meta(f.bytes);
      if (f.number == 2) map_entry(object["data"], f.bytes, true);
      if (f.number == 3) object["type"] = f.bytes;
      if (f.number == 4) map_entry(object["stringData"], f.bytes, false);
      if (f.number == 5) object["immutable"] = f.varint != 0;
    }
    return object;
  }

  json name_space(std::string_view bytes) {
    json object = json::object();
    for (const auto& f : message(bytes)) {
      if (f.number == 1) object["metadata"] = object_meta(f.bytes);
    }
    return object;
  }

 private:
  bool ok_ = true;
};

ApiError undecodable() {
  return bad_request("the protobuf body of the request cannot be decoded");
}

}  // namespace

Result<json> decode_protobuf_object(std::string_view body) {
  static constexpr std::string_view kMagic{"k8s\0", 4};
  if (!body.starts_with(kMagic)) return std::unexpected(undecodable());
  Decoder d;
  std::string api_version;
  std::string kind;
  std::string_view raw;
  for (const auto& f : d.message(body.substr(kMagic.size()))) {
    if (f.number == 1) {
      for (const auto& t : d.message(f.bytes)) {
        if (t.number == 1) api_version = t.bytes;
        if (t.number == 2) kind = t.bytes;
      }
    }
    if (f.number == 2) raw = f.bytes;
  }
  json object;
  if (api_version == "v1" && kind == "ConfigMap") {
    object = d.config_map(raw);
  } else if (api_version == "v1" && kind == "Secret") {
    object = d.secret(raw);
  } else if (api_version == "v1" && kind == "Namespace") {
    object = d.name_space(raw);
  } else {
    return std::unexpected(unsupported_media_type(
        "the body of the request was in an unknown format - accepted media types include: "
        "application/json, application/yaml"));
  }
  if (!d.ok()) return std::unexpected(undecodable());
  object["apiVersion"] = api_version;
  object["kind"] = kind;
  return object;
}

}  // namespace rl::test_apiserver
