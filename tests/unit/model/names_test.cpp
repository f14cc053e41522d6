#include "readinglist/model/names.hpp"

#include <gtest/gtest.h>

namespace rl::model {
namespace {

ReadingList list_named(std::string name, std::string ns) {
  ReadingList list;
  list.metadata.name = std::move(name);
  list.metadata.namespace_ = std::move(ns);
  return list;
}

IngressSpec ingress(std::string host, std::optional<std::string> path,
                    std::optional<std::string> tls) {
  IngressSpec spec;
  spec.host = std::move(host);
  spec.path = std::move(path);
  spec.tls_secret_name = std::move(tls);
  return spec;
}

ReadingList with_ingress(IngressSpec spec) {
  auto list = list_named("rust", "talks");
  list.spec.site = SiteSpec{};
  list.spec.site->ingress = std::move(spec);
  return list;
}

TEST(ChildName, IsTheListNameWithSiteSuffix) {
  EXPECT_EQ(child_name(list_named("rust", "talks").metadata), "rust-site");
}

TEST(ChildLabels, AreTheFourStandardLabels) {
  const auto labels = child_labels(list_named("rust", "talks").metadata);
  const std::map<std::string, std::string> expected = {
      {"app.kubernetes.io/name", "readinglist-site"},
      {"app.kubernetes.io/instance", "rust"},
      {"app.kubernetes.io/managed-by", "readinglist-operator"},
      {"app.kubernetes.io/part-of", "rust"},
  };
  EXPECT_EQ(labels, expected);
}

TEST(SiteUrl, WithoutIngressIsTheServiceAddress) {
  EXPECT_EQ(site_url(list_named("rust", "talks")), "http://rust-site.talks.svc");
}

TEST(SiteUrl, EmptyNamespaceMeansDefault) {
  EXPECT_EQ(site_url(list_named("rust", "")), "http://rust-site.default.svc");
}

TEST(SiteUrl, SiteWithoutIngressIsTheServiceAddress) {
  auto list = list_named("rust", "talks");
  list.spec.site = SiteSpec{};
  EXPECT_EQ(site_url(list), "http://rust-site.talks.svc");
}

TEST(SiteUrl, IngressWithoutTlsIsHttpAndRootPathKeepsItsSlash) {
  EXPECT_EQ(site_url(with_ingress(ingress("rust.example.org", std::nullopt, std::nullopt))),
            "http://rust.example.org/");
  EXPECT_EQ(site_url(with_ingress(ingress("rust.example.org", "/", std::nullopt))),
            "http://rust.example.org/");
}

TEST(SiteUrl, IngressWithTlsSecretIsHttps) {
  EXPECT_EQ(site_url(with_ingress(ingress("rust.example.org", std::nullopt, "rust-tls"))),
            "https://rust.example.org/");
}

TEST(SiteUrl, IngressPathIsAppendedWithoutTrailingSlash) {
  EXPECT_EQ(site_url(with_ingress(ingress("example.org", "/talks/rust/", "tls"))),
            "https://example.org/talks/rust");
  EXPECT_EQ(site_url(with_ingress(ingress("example.org", "/talks", std::nullopt))),
            "http://example.org/talks");
}

}  // namespace
}  // namespace rl::model
