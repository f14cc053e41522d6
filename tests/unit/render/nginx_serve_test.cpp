// The generated nginx.conf in a running nginx (Debian's, on a loopback port): the page and its
// files with their types, the security headers on every response, gzip, ETag revalidation,
// /healthz, and nothing served that should not be. Skipped when nginx or curl is absent.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "nginx_prefix.hpp"
#include "readinglist/render/render.hpp"
#include "sample_lists.hpp"

namespace rl::render {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using namespace std::chrono_literals;

constexpr const char* kCurl = "/usr/bin/curl";
// The list is served behind an Ingress under this path (a '.' to check the regex escaping).
constexpr std::string_view kIngressPath = "/talks/rust.2023";

// A port the kernel just handed out; nginx cannot listen on port 0, so it gets this one.
int free_loopback_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

struct Response {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// nginx in the foreground under a prefix; stopped (and waited for) when destroyed.
class NginxProcess {
 public:
  NginxProcess(const testing::NginxPrefix& prefix, int port) : port_(port) {
    const std::string prefix_arg = prefix.prefix_arg();
    const std::string log = (prefix.root() / "nginx.log").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<std::string> args = {testing::kNginx,   "-p", prefix_arg,   "-e", "stderr", "-c",
                                     "conf/nginx.conf", "-g", "daemon off;"};
    std::vector<char*> argv;
    for (auto& arg : args)
      argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, testing::kNginx, &actions, nullptr, argv.data(), environ) != 0) pid_ = 0;
    posix_spawn_file_actions_destroy(&actions);
  }
  NginxProcess(const NginxProcess&) = delete;
  NginxProcess& operator=(const NginxProcess&) = delete;
  ~NginxProcess() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);  // fast shutdown: the master stops its workers first
    for (int i = 0; i < 100 && waitpid(pid_, nullptr, WNOHANG) == 0; ++i) {
      std::this_thread::sleep_for(50ms);
      if (i == 99) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
      }
    }
  }

  // True once /healthz answers; false if nginx exited (e.g. the port was taken) or took too long.
  bool wait_until_ready() {
    for (int i = 0; i < 100; ++i) {
      if (pid_ <= 0 || waitpid(pid_, nullptr, WNOHANG) != 0) {
        pid_ = 0;
        return false;
      }
      if (get("/healthz").status == 200) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  Response get(const std::string& path, const std::vector<std::string>& headers = {}) const {
    std::string command = std::string(kCurl) + " -s -i --path-as-is --max-time 5";
    for (const auto& header : headers)
      command += " -H '" + header + "'";
    command += " http://127.0.0.1:" + std::to_string(port_) + path;
    const auto result = testing::run_command(command);
    Response response;
    const auto end = result.output.find("\r\n\r\n");
    if (result.exit_code != 0 || end == std::string::npos) return response;
    response.body = result.output.substr(end + 4);
    std::istringstream head(result.output.substr(0, end));
    std::string line;
    std::getline(head, line);  // HTTP/1.1 200 OK
    if (line.size() > 12) response.status = std::stoi(line.substr(9, 3));
    while (std::getline(head, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      for (char& c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      response.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
    }
    return response;
  }

 private:
  pid_t pid_ = 0;
  int port_;
};

class NginxServe : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!std::filesystem::exists(testing::kNginx) || !std::filesystem::exists(kCurl)) return;
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

    const std::string conf = content_->find("nginx.conf")->data;
    for (int attempt = 0; attempt < 5 && !nginx_; ++attempt) {
      const int port = free_loopback_port();
      std::string rewritten = conf;
      rewritten.replace(rewritten.find("listen 8080;"), 12,
                        "listen 127.0.0.1:" + std::to_string(port) + ";");
      testing::NginxPrefix::write(prefix_->root() / "conf" / "nginx.conf", rewritten);
      auto process = std::make_unique<NginxProcess>(*prefix_, port);
      if (process->wait_until_ready()) nginx_ = std::move(process);
    }
  }
  static void TearDownTestSuite() {
    nginx_.reset();
    prefix_.reset();
    content_.reset();
  }
  void SetUp() override {
    if (!content_) GTEST_SKIP() << "needs " << testing::kNginx << " and " << kCurl;
    ASSERT_NE(nginx_, nullptr) << "nginx did not start; log in " << prefix_->root();
  }

  static inline std::unique_ptr<Content> content_;
  static inline std::unique_ptr<testing::NginxPrefix> prefix_;
  static inline std::unique_ptr<NginxProcess> nginx_;
};

constexpr const char* kCsp =
    "default-src 'none'; style-src 'self'; img-src 'self' https: data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

void expect_security_headers(const Response& response) {
  EXPECT_EQ(response.headers.at("content-security-policy"), kCsp);
  EXPECT_EQ(response.headers.at("x-content-type-options"), "nosniff");
  EXPECT_EQ(response.headers.at("referrer-policy"), "strict-origin-when-cross-origin");
  EXPECT_EQ(response.headers.at("x-frame-options"), "DENY");
  EXPECT_TRUE(response.headers.contains("permissions-policy"));
  EXPECT_EQ(response.headers.at("server"), "nginx");  // no version
}

TEST_F(NginxServe, ServesThePageAtTheRootWithSecurityHeaders) {
  const Response response = nginx_->get("/");
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
    const Response response = nginx_->get(path);
    ASSERT_EQ(response.status, 200) << path;
    EXPECT_EQ(response.headers.at("content-type"), type) << path;
    EXPECT_EQ(response.body, content_->find(path.substr(1))->data) << path;
    expect_security_headers(response);
  }
  EXPECT_EQ(nginx_->get("/style.css").headers.at("cache-control"), "public, max-age=300");
}

TEST_F(NginxServe, HealthzAnswersOkWithTheSameHeaders) {
  const Response response = nginx_->get("/healthz");
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
    const Response response = nginx_->get(path);
    EXPECT_EQ(response.status, status) << path;
    EXPECT_THAT(response.body, Not(HasSubstr("listen"))) << path;
    EXPECT_THAT(response.body, Not(HasSubstr("secret"))) << path;
    expect_security_headers(response);
  }
}

TEST_F(NginxServe, CompressesWhenTheClientAcceptsGzip) {
  for (const char* path : {"/", "/style.css", "/readinglist.json", "/feed.xml"}) {
    Response response = nginx_->get(path, {"Accept-Encoding: gzip"});
    ASSERT_EQ(response.status, 200) << path;
    EXPECT_EQ(response.headers["content-encoding"], "gzip") << path;
    EXPECT_EQ(response.headers["vary"], "Accept-Encoding") << path;
    EXPECT_THAT(response.body, StartsWith("\x1f\x8b")) << path;
  }
  EXPECT_FALSE(nginx_->get("/").headers.contains("content-encoding"));
}

TEST_F(NginxServe, RevalidatesWithETagAndLastModified) {
  const Response first = nginx_->get("/");
  ASSERT_TRUE(first.headers.contains("etag"));
  ASSERT_TRUE(first.headers.contains("last-modified"));
  const Response again = nginx_->get("/", {"If-None-Match: " + first.headers.at("etag")});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");
  expect_security_headers(again);
  const Response stale = nginx_->get("/", {"If-None-Match: \"not-the-etag\""});
  EXPECT_EQ(stale.status, 200);
}

TEST_F(NginxServe, ServesTheSiteUnderTheIngressPathWithTheSameRules) {
  const std::string prefix(kIngressPath);
  const Response bare = nginx_->get(prefix);
  EXPECT_EQ(bare.status, 301);
  EXPECT_EQ(bare.headers.at("location"), prefix + "/");  // relative: keeps the Ingress's host
  const Response page = nginx_->get(prefix + "/");
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
