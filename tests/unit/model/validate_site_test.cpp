// validate() on the Kubernetes-facing fields: metadata.name, spec.site (replicas, image,
// resources, ingress), and the DNS-1123 helpers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "readinglist/model/limits.hpp"
#include "readinglist/model/validate.hpp"
#include "validate_fixture.hpp"

namespace rl::model {
namespace {

using ::testing::IsEmpty;
using testing::minimal_list;
using testing::only_problem;
using testing::problems;
using testing::repeat;
using testing::valid_list;

constexpr const char* kNameShape =
    "metadata.name: must consist of lower-case letters, digits and '-', start with a letter and "
    "end with a letter or digit";

TEST(ValidateName, ReportsMissingName) {
  ReadingList list = minimal_list();
  list.metadata.name = "";
  EXPECT_EQ(only_problem(list), "metadata.name: is required");
}

TEST(ValidateName, AcceptsNameAtLimitAndRejectsOneOver) {
  ReadingList list = minimal_list();
  list.metadata.name = repeat("a", limits::kNameMax);
  EXPECT_THAT(problems(list), IsEmpty());
  list.metadata.name += "b";
  EXPECT_EQ(only_problem(list),
            "metadata.name: must be at most 58 characters (got 59), so that \"NAME-site\" is a "
            "valid Service name");
}

TEST(ValidateName, RejectsNamesThatAreNotDnsLabelsStartingWithALetter) {
  ReadingList list = minimal_list();
  for (const char* name :
       {"Rust", "1rust", "-rust", "rust-", "rust.list", "rust_list", "r\xC3\xBC"}) {
    list.metadata.name = name;
    EXPECT_EQ(only_problem(list), kNameShape) << name;
  }
}

TEST(ValidateName, AcceptsShortAndHyphenatedNames) {
  ReadingList list = minimal_list();
  for (const char* name : {"a", "rust", "cloud-native-rust-2023", "a1"}) {
    list.metadata.name = name;
    EXPECT_THAT(problems(list), IsEmpty()) << name;
  }
}

TEST(Dns1123, LabelFollowsKubernetes) {
  EXPECT_TRUE(is_dns1123_label("a"));
  EXPECT_TRUE(is_dns1123_label("0abc-9"));
  EXPECT_TRUE(is_dns1123_label(repeat("a", 63)));
  EXPECT_FALSE(is_dns1123_label(repeat("a", 64)));
  EXPECT_FALSE(is_dns1123_label(""));
  EXPECT_FALSE(is_dns1123_label("-a"));
  EXPECT_FALSE(is_dns1123_label("a-"));
  EXPECT_FALSE(is_dns1123_label("A"));
  EXPECT_FALSE(is_dns1123_label("a.b"));
}

TEST(Dns1123, SubdomainFollowsKubernetes) {
  EXPECT_TRUE(is_dns1123_subdomain("a"));
  EXPECT_TRUE(is_dns1123_subdomain("lists.example.com"));
  EXPECT_TRUE(is_dns1123_subdomain("a-b.c-d"));
  EXPECT_TRUE(is_dns1123_subdomain(repeat("a", 253)));
  EXPECT_FALSE(is_dns1123_subdomain(repeat("a", 254)));
  EXPECT_FALSE(is_dns1123_subdomain(""));
  EXPECT_FALSE(is_dns1123_subdomain("a..b"));
  EXPECT_FALSE(is_dns1123_subdomain(".a"));
  EXPECT_FALSE(is_dns1123_subdomain("a."));
  EXPECT_FALSE(is_dns1123_subdomain("a.-b"));
  EXPECT_FALSE(is_dns1123_subdomain("Example.com"));
  EXPECT_FALSE(is_dns1123_subdomain("a_b"));
}

TEST(ValidateSite, AcceptsReplicaBoundsAndRejectsOutside) {
  ReadingList list = valid_list();
  for (std::int64_t replicas : {0, 10}) {
    list.spec.site->replicas = replicas;
    EXPECT_THAT(problems(list), IsEmpty());
  }
  list.spec.site->replicas = 11;
  EXPECT_EQ(only_problem(list), "spec.site.replicas: must be between 0 and 10 (got 11)");
  list.spec.site->replicas = -1;
  EXPECT_EQ(only_problem(list), "spec.site.replicas: must be between 0 and 10 (got -1)");
}

TEST(ValidateSite, RejectsBadImageReferences) {
  ReadingList list = valid_list();
  list.spec.site->image = "";
  EXPECT_EQ(only_problem(list), "spec.site.image: must not be empty");
  list.spec.site->image = "nginx:1.27 --privileged";
  EXPECT_EQ(only_problem(list),
            "spec.site.image: must be a container image reference such as "
            "\"nginxinc/nginx-unprivileged:1.27-alpine\" (letters, digits and \"._-/:@\")");
  list.spec.site->image = repeat("a", limits::kImageMax + 1);
  EXPECT_EQ(only_problem(list), "spec.site.image: must be at most 512 characters (got 513)");
}

TEST(ValidateSite, AcceptsImageByDigest) {
  ReadingList list = valid_list();
  list.spec.site->image = "nginx@sha256:" + repeat("ab", 32);
  EXPECT_THAT(problems(list), IsEmpty());
}

TEST(ValidateSite, AcceptsKubernetesQuantities) {
  ReadingList list = valid_list();
  for (const char* quantity : {"100m", "64Mi", "1", "0.5", "1e3", "1E3", "2e-3", "+1", ".5", "1.",
                               "2Gi", "500u", "1k", "3M", "1Ei", "0", "-0"}) {
    list.spec.site->resources->limits["cpu"] = quantity;
    EXPECT_THAT(problems(list), IsEmpty()) << quantity;
  }
}

TEST(ValidateSite, RejectsMalformedQuantities) {
  ReadingList list = valid_list();
  for (const char* quantity :
       {"", "abc", "1.2.3", "64MB", "64mi", "1e", "Mi", "1 Gi", "0x10", ".", "1K", "1e3.5"}) {
    list.spec.site->resources->limits["memory"] = quantity;
    EXPECT_EQ(only_problem(list),
              std::string("spec.site.resources.limits[memory]: must be a quantity such as "
                          "\"100m\", \"64Mi\" or \"0.5\" (got \"") +
                  quantity + "\")");
  }
}

TEST(ValidateSite, RejectsNegativeQuantity) {
  ReadingList list = valid_list();
  list.spec.site->resources->requests["cpu"] = "-100m";
  EXPECT_EQ(only_problem(list),
            "spec.site.resources.requests[cpu]: must not be negative (got \"-100m\")");
}

TEST(ValidateSite, RejectsUnknownResourceName) {
  ReadingList list = valid_list();
  list.spec.site->resources->requests["cpus"] = "1";
  EXPECT_EQ(only_problem(list),
            "spec.site.resources.requests[cpus]: must name a resource: \"cpu\", \"memory\", "
            "\"ephemeral-storage\", \"hugepages-<size>\" or a domain-prefixed name such as "
            "\"example.com/gpu\"");
}

TEST(ValidateSite, AcceptsExtendedAndHugepageResources) {
  ReadingList list = valid_list();
  list.spec.site->resources->limits["example.com/gpu"] = "1";
  list.spec.site->resources->limits["hugepages-2Mi"] = "4Mi";
  list.spec.site->resources->limits["ephemeral-storage"] = "1Gi";
  EXPECT_THAT(problems(list), IsEmpty());
}

TEST(ValidateIngress, ReportsIngressWithoutHost) {
  ReadingList list = valid_list();
  list.spec.site->ingress->host = "";
  EXPECT_EQ(only_problem(list), "spec.site.ingress.host: is required");
}

TEST(ValidateIngress, AcceptsHostAtLimitAndWildcard) {
  ReadingList list = valid_list();
  list.spec.site->ingress->host = repeat("abcdefghi.", 25) + "com";  // 253
  EXPECT_THAT(problems(list), IsEmpty());
  list.spec.site->ingress->host = "*.example.com";
  EXPECT_THAT(problems(list), IsEmpty());
}

TEST(ValidateIngress, RejectsHostOverLimit) {
  ReadingList list = valid_list();
  list.spec.site->ingress->host = repeat("abcdefghi.", 25) + "coms";  // 254
  EXPECT_EQ(only_problem(list), "spec.site.ingress.host: must be at most 253 characters (got 254)");
}

TEST(ValidateIngress, RejectsHostsThatAreNotLowerCaseDnsNames) {
  ReadingList list = valid_list();
  for (const char* host : {"Lists.example.com", "lists_example.com", "-a.com", "a..com",
                           "example.com.", "*", "a.*.com", "https://example.com", "ex ample.com"}) {
    list.spec.site->ingress->host = host;
    EXPECT_EQ(only_problem(list),
              "spec.site.ingress.host: must be a lower-case DNS name such as "
              "\"lists.example.com\" (a leading \"*.\" is allowed)")
        << host;
  }
}

TEST(ValidateIngress, RejectsIpAddressHost) {
  ReadingList list = valid_list();
  list.spec.site->ingress->host = "10.0.0.1";
  EXPECT_EQ(only_problem(list), "spec.site.ingress.host: must be a DNS name, not an IP address");
}

TEST(ValidateIngress, ChecksPath) {
  ReadingList list = valid_list();
  list.spec.site->ingress->path = "/";
  EXPECT_THAT(problems(list), IsEmpty());
  list.spec.site->ingress->path = "/talks/rust-2023.v1/~x%20y";
  EXPECT_THAT(problems(list), IsEmpty());
  const std::string expected =
      "spec.site.ingress.path: must be an absolute path starting with \"/\" made of letters, "
      "digits and '-', '.', '_', '~', '%' or '/'";
  // Whitespace, and what nginx's config syntax would read, never reach the site's nginx.conf.
  for (const char* path :
       {"rust", "/a b", "/a;b", "/a{b}", "/a\"b", "/a'b", "/$uri", "/a\\b", "/a#b", "/a?b"}) {
    list.spec.site->ingress->path = path;
    EXPECT_EQ(only_problem(list), expected) << path;
  }
  list.spec.site->ingress->path = "/a\x01";
  EXPECT_EQ(only_problem(list),
            "spec.site.ingress.path: must not contain control characters (U+0001 at character "
            "3)");
  list.spec.site->ingress->path = "/" + repeat("a", limits::kPathMax);
  EXPECT_EQ(only_problem(list),
            "spec.site.ingress.path: must be at most 1024 characters (got 1025)");
}

TEST(ValidateIngress, RejectsClassAndSecretNamesThatAreNotDnsSubdomains) {
  ReadingList list = valid_list();
  list.spec.site->ingress->class_name = "Nginx";
  list.spec.site->ingress->tls_secret_name = "";
  const std::string shape =
      ": must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and "
      "ending with a letter or digit";
  EXPECT_THAT(problems(list), ::testing::ElementsAre("spec.site.ingress.className" + shape,
                                                     "spec.site.ingress.tlsSecretName" + shape));
}

TEST(ValidateIngress, RejectsMalformedAnnotationKey) {
  ReadingList list = valid_list();
  list.spec.site->ingress->annotations["bad key"] = "x";
  EXPECT_EQ(only_problem(list),
            "spec.site.ingress.annotations[bad key]: must be an annotation key such as "
            "\"example.com/name\": an optional DNS prefix and \"/\", then 1-63 letters, digits, "
            "'-', '_' or '.', starting and ending with a letter or digit");
}

TEST(ValidateIngress, AcceptsQualifiedAnnotationKeys) {
  ReadingList list = valid_list();
  list.spec.site->ingress->annotations = {{"simple", ""},
                                          {"cert-manager.io/cluster-issuer", "letsencrypt"},
                                          {"A_b.c", "multi\nline value"}};
  EXPECT_THAT(problems(list), IsEmpty());
}

}  // namespace
}  // namespace rl::model
