// The kubeconfig loader (`run --kubeconfig`, $KUBECONFIG): parsing, then choosing the current
// context and decoding its inline certificate data, as the client does before any request.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "readinglist/kube/kubeconfig.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = rl::kube::parse_kubeconfig(text, "/fuzz/kubeconfig");
  if (!config) return 0;
  rl::kube::Kubeconfig merged;
  rl::kube::merge_kubeconfig(merged, *config);
  const auto selection = rl::kube::select_context(merged, "");
  if (!selection) return 0;
  (void)rl::kube::decode_base64(selection->cluster.ca_data);
  (void)rl::kube::decode_base64(selection->user.client_cert_data);
  (void)rl::kube::decode_base64(selection->user.client_key_data);
  return 0;
}
