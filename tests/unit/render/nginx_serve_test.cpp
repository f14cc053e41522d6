// The generated nginx.conf in a running nginx (Debian's, on a loopback port): the page and its
// files with their types, the security headers on every response, gzip, ETag revalidation,
// /healthz, and nothing served that should not be. Skipped when nginx or curl is absent.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "nginx_process.hpp"
#include "readinglist/render/render.hpp"
#include "sample_lists.hpp"

namespace rl::render {
namespace {

using testing::expect_security_headers;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// The list is served behind an Ingress under this path (a '.' to check the regex escaping).
constexpr std::string_view kIngressPath = "/talks/rust.2023";

class NginxServe : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!std::filesystem::exists(testing::kNginx) || !std::filesystem::exists(testing::kCurl))
      return;
    auto list = testing::sample_list();
    list.spec.site = model::SiteSpec{};
    list.spec.site->ingress = model::IngressSpec{.host = "lists.example.org",
                                                 .path = std::string(kIngressPath) + "/",
                                                 .class_name = {},
                                                 .tls_secret_name = {},
                                                 .annotations = {}};
    content_ = std::make_unique<Content>(render(list));
    prefix_ = std::make_unique<testing::NginxPrefix>(*content_);
    // Decoys: what must never be served even if it lands under the web root.
    const auto& html = prefix_->root() / "html";
    testing::NginxPrefix::write(html / "nginx.conf", content_->find("nginx.conf")->data);
    testing::NginxPrefix::write(html / ".hidden", "secret");
    std::filesystem::create_directory(html / "..data");
    testing::NginxPrefix::write(html / "..data" / "index.html", "mounted");

    nginx_ = testing::start_nginx(*prefix_, content_->find("nginx.conf")->data);
  }
  static void TearDownTestSuite() {
    nginx_.reset();
    prefix_.reset();
    content_.reset();
  }
  void SetUp() override {
    if (!content_) GTEST_SKIP() << "needs " << testing::kNginx << " and " << testing::kCurl;
    ASSERT_NE(nginx_, nullptr) << "nginx did not start; log in " << prefix_->root();
  }

  static inline std::unique_ptr<Content> content_;
  static inline std::unique_ptr<testing::NginxPrefix> prefix_;
  static inline std::unique_ptr<testing::NginxProcess> nginx_;
};

TEST_F(NginxServe, ServesThePageAtTheRootWithSecurityHeaders) {
  const testing::Response response = nginx_->get("/");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.body, content_->find("index.html")->data);
  EXPECT_EQ(response.headers.at("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(response.headers.at("cache-control"), "public, max-age=60");
  EXPECT_THAT(response.headers.at("content-security-policy"), Not(HasSubstr("script")));
  expect_security_headers(response);
}

TEST_F(NginxServe, ServesEachContentFileWithItsType) {
  const std::map<std::string, std::string> types = {
      {"/index.html", "text/html; charset=utf-8"},
      {"/style.css", "text/css; charset=utf-8"},
      {"/feed.xml", "application/atom+xml; charset=utf-8"},
      {"/readinglist.json", "application/json; charset=utf-8"},
  };
  for (const auto& [path, type] : types) {
    const testing::Response response = nginx_->get(path);
    ASSERT_EQ(response.status, 200) << path;
    EXPECT_EQ(response.headers.at("content-type"), type) << path;
    EXPECT_EQ(response.body, content_->find(path.substr(1))->data) << path;
    expect_security_headers(response);
  }
  EXPECT_EQ(nginx_->get("/style.css").headers.at("cache-control"), "public, max-age=300");
}

TEST_F(NginxServe, HealthzAnswersOkWithTheSameHeaders) {
  const testing::Response response = nginx_->get("/healthz");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "ok\n");
  EXPECT_EQ(response.headers.at("cache-control"), "no-store");
  expect_security_headers(response);
}

TEST_F(NginxServe, NeverServesTheConfigDotfilesOrConfigMapInternals) {
  // nginx refuses a path that climbs above the root outright (400); the rest are not found.
  const std::map<std::string, int> paths = {
      {"/nginx.conf", 404},
      {"/.hidden", 404},
      {"/..data/index.html", 404},
      {"/missing.html", 404},
      {"/conf/nginx.conf", 404},
      {"/../conf/nginx.conf", 400},
      {"/%2e%2e/conf/nginx.conf", 400},
  };
  for (const auto& [path, status] : paths) {
    const testing::Response response = nginx_->get(path);
    EXPECT_EQ(response.status, status) << path;
    EXPECT_THAT(response.body, Not(HasSubstr("listen"))) << path;
    EXPECT_THAT(response.body, Not(HasSubstr("secret"))) << path;
    expect_security_headers(response);
  }
}

TEST_F(NginxServe, CompressesWhenTheClientAcceptsGzip) {
  for (const char* path : {"/", "/style.css", "/readinglist.json", "/feed.xml"}) {
    testing::Response response = nginx_->get(path, {"Accept-Encoding: gzip"});
    ASSERT_EQ(response.status, 200) << path;
    EXPECT_EQ(response.headers["content-encoding"], "gzip") << path;
    EXPECT_EQ(response.headers["vary"], "Accept-Encoding") << path;
    EXPECT_THAT(response.body, StartsWith("\x1f\x8b")) << path;
  }
  EXPECT_FALSE(nginx_->get("/").headers.contains("content-encoding"));
}

TEST_F(NginxServe, RevalidatesWithETagAndLastModified) {
  const testing::Response first = nginx_->get("/");
  ASSERT_TRUE(first.headers.contains("etag"));
  ASSERT_TRUE(first.headers.contains("last-modified"));
  const testing::Response again = nginx_->get("/", {"If-None-Match: " + first.headers.at("etag")});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");
  expect_security_headers(again);
  const testing::Response stale = nginx_->get("/", {"If-None-Match: \"not-the-etag\""});
  EXPECT_EQ(stale.status, 200);
}

TEST_F(NginxServe, ServesTheSiteUnderTheIngressPathWithTheSameRules) {
  const std::string prefix(kIngressPath);
  const testing::Response bare = nginx_->get(prefix);
  EXPECT_EQ(bare.status, 301);
  EXPECT_EQ(bare.headers.at("location"), prefix + "/");  // relative: keeps the Ingress's host
  const testing::Response page = nginx_->get(prefix + "/");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body, content_->find("index.html")->data);
  expect_security_headers(page);
  EXPECT_EQ(nginx_->get(prefix + "/style.css").body, content_->find("style.css")->data);
  EXPECT_EQ(nginx_->get(prefix + "/healthz").status, 200);
  for (const std::string& path :
       {prefix + "/nginx.conf", prefix + "/.hidden", prefix + "/..data/index.html",
        std::string("/talks/rustX2023/")}) {
    EXPECT_EQ(nginx_->get(path).status, 404) << path;
  }
}

}  // namespace
}  // namespace rl::render
