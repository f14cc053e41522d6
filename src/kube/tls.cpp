#include "tls.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace rl::kube {
namespace {

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct StoreFree {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;
using StorePtr = std::unique_ptr<X509_STORE, StoreFree>;

std::string openssl_error() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "no detail from OpenSSL";
  char buffer[256];
  ERR_error_string_n(code, buffer, sizeof buffer);
  return buffer;
}

BioPtr memory_bio(const std::string& pem) {
  return BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

std::vector<X509Ptr> read_certificates(const std::string& pem) {
  std::vector<X509Ptr> certs;
  const auto bio = memory_bio(pem);
  if (!bio) return certs;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    certs.emplace_back(cert);
  }
  ERR_clear_error();  // the loop always ends on "no start line"
  return certs;
}

}  // namespace

struct TlsMaterial::Parts {
  std::vector<X509Ptr> cas;
  X509Ptr cert;
  std::vector<X509Ptr> chain;
  PkeyPtr key;
};

TlsMaterial::TlsMaterial() : parts_(std::make_unique<Parts>()) {}
TlsMaterial::~TlsMaterial() = default;

Result<std::shared_ptr<const TlsMaterial>> TlsMaterial::load(const ClusterConfig& config) {
  auto material = std::make_shared<TlsMaterial>();
  auto& parts = *material->parts_;
  const std::string where = config.origin.empty() ? "cluster config" : config.origin;
  if (!config.ca_pem.empty()) {
    parts.cas = read_certificates(config.ca_pem);
    if (parts.cas.empty()) {
      return std::unexpected(
          config_error(where + ": the certificate authority holds no PEM certificate"));
    }
  }
  if (!config.client_cert_pem.empty()) {
    auto certs = read_certificates(config.client_cert_pem);
    if (certs.empty()) {
      return std::unexpected(
          config_error(where + ": the client certificate holds no PEM certificate"));
    }
    parts.cert = std::move(certs.front());
    for (std::size_t i = 1; i < certs.size(); ++i)
      parts.chain.push_back(std::move(certs[i]));
    const auto bio = memory_bio(config.client_key_pem);
    parts.key.reset(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!parts.key) {
      return std::unexpected(
          config_error(where + ": the client key cannot be read: " + openssl_error()));
    }
    if (X509_check_private_key(parts.cert.get(), parts.key.get()) != 1) {
      return std::unexpected(config_error(
          where + ": the client key does not match the client certificate: " + openssl_error()));
    }
  }
  return material;
}

void TlsMaterial::apply(ssl_ctx_st* ctx) const {
  const auto& parts = *parts_;
  if (!parts.cas.empty()) {
    StorePtr store(X509_STORE_new());
    if (!store) throw std::runtime_error("X509_STORE_new failed: " + openssl_error());
    for (const auto& ca : parts.cas) {
      if (X509_STORE_add_cert(store.get(), ca.get()) != 1) {
        throw std::runtime_error("cannot trust the cluster CA: " + openssl_error());
      }
    }
    SSL_CTX_set_cert_store(ctx, store.release());  // the context owns the store now
  }
  if (parts.cert) {
    if (SSL_CTX_use_certificate(ctx, parts.cert.get()) != 1 ||
        SSL_CTX_use_PrivateKey(ctx, parts.key.get()) != 1) {
      throw std::runtime_error("cannot use the client certificate: " + openssl_error());
    }
    for (const auto& link : parts.chain) {
      if (SSL_CTX_add1_chain_cert(ctx, link.get()) != 1) {
        throw std::runtime_error("cannot use the client certificate chain: " + openssl_error());
      }
    }
  }
}

}  // namespace rl::kube
