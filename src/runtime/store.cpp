#include "readinglist/runtime/store.hpp"

#include "readinglist/kube/api_client.hpp"

namespace rl::runtime {

std::string object_key(const nlohmann::json& object) {
  const auto name = kube::meta_string(object, "name");
  if (name.empty()) return {};
  const auto ns = kube::meta_string(object, "namespace");
  return ns.empty() ? name : ns + "/" + name;
}

}  // namespace rl::runtime
