// Private to rl_kube. The TLS material of one cluster (trusted CAs, client certificate chain and
// key), parsed from PEM in memory once and installed on each new connection's OpenSSL context.
// Only OpenSSL here: no temporary files, no cpprest.
#pragma once

#include <memory>

#include "readinglist/kube/config.hpp"
#include "readinglist/kube/error.hpp"

struct ssl_ctx_st;

namespace rl::kube {

class TlsMaterial {
 public:
  // Fails with a Config error naming what is wrong (no certificate in the CA bundle, a key that
  // does not match the certificate...).
  static Result<std::shared_ptr<const TlsMaterial>> load(const ClusterConfig& config);

  // Trust exactly the configured CAs (not the system roots) when some are configured, and
  // present the client certificate when there is one. Throws std::runtime_error when OpenSSL
  // refuses, which cpprest reports as a failed request.
  void apply(ssl_ctx_st* ctx) const;

  TlsMaterial();
  ~TlsMaterial();
  TlsMaterial(const TlsMaterial&) = delete;
  TlsMaterial& operator=(const TlsMaterial&) = delete;

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace rl::kube
