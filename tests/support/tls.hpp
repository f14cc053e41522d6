// The TLS material the test API server makes for itself at start-up: a throwaway CA and a
// server certificate it signs for 127.0.0.1/localhost (ECDSA P-256), as PEM.
#pragma once

#include <expected>
#include <string>

namespace rl::test_apiserver {

struct TlsMaterial {
  std::string ca_cert_pem;
  std::string server_cert_pem;
  std::string server_key_pem;
};

std::expected<TlsMaterial, std::string> generate_tls_material();

}  // namespace rl::test_apiserver
