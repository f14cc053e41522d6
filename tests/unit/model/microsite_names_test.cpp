// The names, labels and URL derived from a Microsite: distinct from a ReadingList's of the same
// name, valid Kubernetes names at the longest allowed metadata.name.
#include "readinglist/model/microsite_names.hpp"

#include <gtest/gtest.h>

#include "microsite_fixture.hpp"
#include "readinglist/model/limits.hpp"
#include "readinglist/model/names.hpp"
#include "readinglist/model/validate.hpp"

namespace rl::model {
namespace {

Microsite served_at(std::string host, std::optional<std::string> path,
                    std::optional<std::string> tls) {
  Microsite site = testing::minimal_microsite();
  site.metadata.name = "kubecon";
  site.metadata.namespace_ = "talks";
  IngressSpec& ingress = site.spec.site.emplace().ingress.emplace();
  ingress.host = std::move(host);
  ingress.path = std::move(path);
  ingress.tls_secret_name = std::move(tls);
  return site;
}

TEST(MicrositeNames, ChildrenAreNamedAfterTheMicrosite) {
  ObjectMeta meta;
  meta.name = "kubecon";
  EXPECT_EQ(microsite_index_name(meta), "kubecon-index");
  EXPECT_EQ(microsite_child_name(meta), "kubecon-microsite");
  // A ReadingList of the same name owns "kubecon-site": no child is shared.
  EXPECT_NE(microsite_child_name(meta), child_name(meta));
  EXPECT_NE(microsite_index_name(meta), child_name(meta));
}

TEST(MicrositeNames, LongestValidNameGivesValidServiceAndConfigMapNames) {
  ObjectMeta meta;
  meta.name = "a" + std::string(limits::kMicrositeNameMax - 1, 'b');
  EXPECT_EQ(microsite_child_name(meta).size(), 63u);
  EXPECT_TRUE(is_dns1123_label(microsite_child_name(meta)));
  EXPECT_TRUE(is_dns1123_label(microsite_index_name(meta)));
}

TEST(MicrositeNames, LabelsAreTheFourStandardOnesWithTheirOwnAppName) {
  ObjectMeta meta;
  meta.name = "kubecon";
  const std::map<std::string, std::string> expected = {
      {"app.kubernetes.io/name", "readinglist-microsite"},
      {"app.kubernetes.io/instance", "kubecon"},
      {"app.kubernetes.io/managed-by", "readinglist-operator"},
      {"app.kubernetes.io/part-of", "kubecon"},
  };
  EXPECT_EQ(microsite_child_labels(meta), expected);
  EXPECT_NE(microsite_child_labels(meta).at("app.kubernetes.io/name"),
            child_labels(meta).at("app.kubernetes.io/name"));
}

TEST(MicrositeUrl, WithoutIngressIsTheClusterServiceAddress) {
  Microsite site = testing::minimal_microsite();
  site.metadata.namespace_ = "talks";
  EXPECT_EQ(microsite_url(site), "http://minimal-microsite.talks.svc");
  EXPECT_EQ(microsite_served_path(site), "/");
  site.metadata.namespace_.clear();
  EXPECT_EQ(microsite_url(site), "http://minimal-microsite.default.svc");
  site.spec.site.emplace();  // a site without an ingress changes nothing
  EXPECT_EQ(microsite_url(site), "http://minimal-microsite.default.svc");
}

TEST(MicrositeUrl, WithIngressUsesHostPathAndTls) {
  EXPECT_EQ(microsite_url(served_at("kubecon.example.com", std::nullopt, std::nullopt)),
            "http://kubecon.example.com/");
  EXPECT_EQ(microsite_url(served_at("kubecon.example.com", "/eu-2024/", "tls")),
            "https://kubecon.example.com/eu-2024");
  EXPECT_EQ(microsite_served_path(served_at("a.example.com", "/eu-2024//", std::nullopt)),
            "/eu-2024");
  EXPECT_EQ(microsite_served_path(served_at("a.example.com", "/", std::nullopt)), "/");
}

}  // namespace
}  // namespace rl::model
