// A microsite's nginx.conf in a running nginx (Debian's, on a loopback port), with the web root
// laid out as the pod mounts it: the index ConfigMap's files in html/, each list's own content
// in html/NAME/. The index at "/", each list under "/NAME/", "/NAME" redirected relatively, the
// same under the Ingress path, and 404 for everything else. Skipped when nginx or curl is absent.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "microsite_fixtures.hpp"
#include "nginx_process.hpp"
#include "readinglist/render/microsite.hpp"
#include "readinglist/render/render.hpp"

namespace rl::render {
namespace {

using testing::expect_security_headers;
using ::testing::HasSubstr;
using testing::NginxPrefix;
using ::testing::Not;
using testing::Response;

// The microsite is served behind an Ingress under this path (a '.' to check the regex escaping).
constexpr std::string_view kIngressPath = "/kubecon.2023";

model::Microsite microsite_behind_ingress() {
  model::Microsite microsite = microsite_testing::sample_microsite();
  microsite.spec.site.emplace().ingress =
      model::IngressSpec{.host = "talks.example.org",
                         .path = std::string(kIngressPath) + "/",
                         .class_name = {},
                         .tls_secret_name = {},
                         .annotations = {}};
  return microsite;
}

// Every file of a list's content but its nginx.conf, in html/NAME/ (as the pod mounts it).
void write_list(const NginxPrefix& prefix, const std::string& name, const Content& content) {
  const auto dir = prefix.root() / "html" / name;
  std::filesystem::create_directory(dir);
  for (const auto& file : content.files) {
    if (file.name != "nginx.conf") NginxPrefix::write(dir / file.name, file.data);
  }
}

class MicrositeNginx : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!std::filesystem::exists(testing::kNginx) || !std::filesystem::exists(testing::kCurl)) {
      return;
    }
    const auto lists = microsite_testing::sample_lists();
    index_ = std::make_unique<Content>(
        render_microsite(microsite_behind_ingress(), microsite_testing::pointers(lists)));
    prefix_ = std::make_unique<NginxPrefix>(*index_);
    for (const auto& list : lists) {
      lists_[list.metadata.name] = render(list);
      write_list(*prefix_, list.metadata.name, lists_[list.metadata.name]);
    }
    // Decoys: what must never be served even if it lands under the web root.
    const auto& html = prefix_->root() / "html";
    write_list(*prefix_, "c", lists_["a"]);  // a list this microsite does not show
    NginxPrefix::write(html / "nginx.conf", index_->find("nginx.conf")->data);
    NginxPrefix::write(html / "a" / "nginx.conf", lists_["a"].find("nginx.conf")->data);
    NginxPrefix::write(html / "a" / ".hidden", "secret");
    NginxPrefix::write(html / "stray.html", "secret");
    std::filesystem::create_directory(html / "..data");
    NginxPrefix::write(html / "..data" / "index.html", "secret");
    nginx_ = testing::start_nginx(*prefix_, index_->find("nginx.conf")->data);
  }
  static void TearDownTestSuite() {
    nginx_.reset();
    prefix_.reset();
    index_.reset();
    lists_.clear();
  }
  void SetUp() override {
    if (!index_) GTEST_SKIP() << "needs " << testing::kNginx << " and " << testing::kCurl;
    ASSERT_NE(nginx_, nullptr) << "nginx did not start; log in " << prefix_->root();
  }

  static const std::string& list_file(const std::string& list, const std::string& file) {
    return lists_.at(list).find(file)->data;
  }

  static inline std::unique_ptr<Content> index_;
  static inline std::map<std::string, Content> lists_;
  static inline std::unique_ptr<NginxPrefix> prefix_;
  static inline std::unique_ptr<testing::NginxProcess> nginx_;
};

TEST_F(MicrositeNginx, ServesTheIndexAndItsFilesAtTheRoot) {
  const Response root = nginx_->get("/");
  ASSERT_EQ(root.status, 200);
  EXPECT_EQ(root.body, index_->find("index.html")->data);
  EXPECT_EQ(root.headers.at("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(root.headers.at("cache-control"), "public, max-age=60");
  expect_security_headers(root);
  const std::map<std::string, std::string> types = {
      {"/index.html", "text/html; charset=utf-8"},
      {"/style.css", "text/css; charset=utf-8"},
      {"/feed.xml", "application/atom+xml; charset=utf-8"},
  };
  for (const auto& [path, type] : types) {
    const Response response = nginx_->get(path);
    ASSERT_EQ(response.status, 200) << path;
    EXPECT_EQ(response.headers.at("content-type"), type) << path;
    EXPECT_EQ(response.body, index_->find(path.substr(1))->data) << path;
    expect_security_headers(response);
  }
  EXPECT_EQ(nginx_->get("/healthz").body, "ok\n");
}

TEST_F(MicrositeNginx, ServesEachListsOwnPageAndFilesUnderItsName) {
  for (const std::string list : {"a", "b"}) {
    const Response page = nginx_->get("/" + list + "/");
    ASSERT_EQ(page.status, 200) << list;
    EXPECT_EQ(page.body, list_file(list, "index.html")) << list;
    expect_security_headers(page);
    for (const std::string file : {"style.css", "feed.xml", "readinglist.json", "readinglist.md"}) {
      const Response response = nginx_->get("/" + list + "/" + file);
      EXPECT_EQ(response.status, 200) << list << "/" << file;
      EXPECT_EQ(response.body, list_file(list, file)) << list << "/" << file;
    }
  }
  EXPECT_NE(list_file("a", "index.html"), list_file("b", "index.html"));
}

TEST_F(MicrositeNginx, ABareListNameRedirectsRelativelyToItsDirectory) {
  for (const std::string list : {"a", "b"}) {
    const Response bare = nginx_->get("/" + list);
    EXPECT_EQ(bare.status, 301) << list;
    // Relative to "/a", so it is "/a/" here and ".../a/" under any Ingress path.
    EXPECT_EQ(bare.headers.at("location"), list + "/");
    expect_security_headers(bare);
  }
  EXPECT_EQ(nginx_->get("/c").status, 404);
}

TEST_F(MicrositeNginx, AnythingElseIsNotFound) {
  // nginx refuses a path that climbs above the root outright (400); the rest are not found.
  const std::map<std::string, int> paths = {
      {"/c/", 404},
      {"/c/index.html", 404},
      {"/stray.html", 404},
      {"/missing", 404},
      {"/a/missing.html", 404},
      {"/nginx.conf", 404},
      {"/a/nginx.conf", 404},
      {"/a/.hidden", 404},
      {"/..data/index.html", 404},
      {"/A/", 404},
      {"/a/../../conf/nginx.conf", 400},
  };
  for (const auto& [path, status] : paths) {
    const Response response = nginx_->get(path);
    EXPECT_EQ(response.status, status) << path;
    EXPECT_THAT(response.body, Not(HasSubstr("secret"))) << path;
    EXPECT_THAT(response.body, Not(HasSubstr("listen"))) << path;
    expect_security_headers(response);
  }
}

TEST_F(MicrositeNginx, ServesTheSameSiteUnderTheIngressPath) {
  const std::string prefix(kIngressPath);
  const Response bare = nginx_->get(prefix);
  EXPECT_EQ(bare.status, 301);
  EXPECT_EQ(bare.headers.at("location"), prefix + "/");
  EXPECT_EQ(nginx_->get(prefix + "/").body, index_->find("index.html")->data);
  const Response list = nginx_->get(prefix + "/a");
  EXPECT_EQ(list.status, 301);
  EXPECT_EQ(list.headers.at("location"), "a/");  // from ".../kubecon.2023/a": its directory
  const Response page = nginx_->get(prefix + "/a/");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body, list_file("a", "index.html"));
  expect_security_headers(page);
  EXPECT_EQ(nginx_->get(prefix + "/b/feed.xml").body, list_file("b", "feed.xml"));
  for (const std::string& path : {prefix + "/c/", prefix + "/a/nginx.conf", prefix + "/nginx.conf",
                                  std::string("/kubeconX2023/")}) {
    EXPECT_EQ(nginx_->get(path).status, 404) << path;
  }
}

// Lists whose names nginx would refuse (as duplicates) or that are not list names at all must
// not break the config: the whole site would go down with it.
TEST(MicrositeNginxConf, OddListNamesLeaveAConfigNginxAccepts) {
  auto lists = microsite_testing::sample_lists();
  for (const char* name : {"a", "healthz", "kubecon", "x { return 200; }", "", "UPPER"}) {
    lists.push_back(lists[0]);
    lists.back().metadata.name = name;
  }
  auto microsite = microsite_behind_ingress();
  microsite.spec.site->ingress->path = "/kubecon";
  const std::string conf =
      render_microsite(microsite, microsite_testing::pointers(lists)).find("nginx.conf")->data;
  EXPECT_THAT(conf, Not(HasSubstr("return 200;")));
  EXPECT_THAT(conf, Not(HasSubstr("UPPER")));
  EXPECT_THAT(conf, HasSubstr("location /healthz/ {"));
  if (!std::filesystem::exists(testing::kNginx)) GTEST_SKIP() << "no " << testing::kNginx;
  const NginxPrefix prefix(render_microsite(microsite, microsite_testing::pointers(lists)));
  const auto result = testing::run_command(std::string(testing::kNginx) + " -t -p " +
                                           prefix.prefix_arg() + " -e stderr -c conf/nginx.conf");
  EXPECT_EQ(result.exit_code, 0) << result.output << conf;
  EXPECT_THAT(result.output, Not(HasSubstr("[warn]"))) << result.output;
}

TEST(MicrositeNginxConf, NoTextButListNamesReachesTheConfig) {
  const auto lists = microsite_testing::sample_lists();
  auto hostile = microsite_testing::sample_microsite();
  hostile.spec.title = "}\n server { listen 80; }";
  hostile.spec.event->name = "}\n server { listen 80; }";
  hostile.metadata.name = "other";
  EXPECT_EQ(
      render_microsite(hostile, microsite_testing::pointers(lists)).find("nginx.conf")->data,
      render_microsite(microsite_testing::sample_microsite(), microsite_testing::pointers(lists))
          .find("nginx.conf")
          ->data);
}

}  // namespace
}  // namespace rl::render
