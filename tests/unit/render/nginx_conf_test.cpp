// nginx.conf: a complete, self-contained config with prefix-relative paths, the security headers
// on every response, and one `listen 8080;` line. Debian's nginx checks it with `nginx -t`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "nginx_prefix.hpp"
#include "readinglist/render/files.hpp"
#include "readinglist/render/render.hpp"
#include "sample_lists.hpp"

namespace rl::render {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

std::size_t count_matching(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern);
  std::size_t n = 0;
  for (const auto& line : lines_of(text))
    n += std::regex_match(line, re) ? 1U : 0U;
  return n;
}

const std::string& conf() {
  static const std::string text = render_nginx_conf(testing::sample_list());
  return text;
}

TEST(NginxConf, ListensOnOneRewritableLine) {
  EXPECT_EQ(count_matching(conf(), R"(\s*listen 8080;)"), 1U);
  EXPECT_EQ(count_matching(conf(), R"(\s*listen .*)"), 1U);
}

TEST(NginxConf, IsSelfContainedWithPathsRelativeToThePrefix) {
  EXPECT_EQ(count_matching(conf(), R"(\s*include\s.*)"), 0U);
  EXPECT_EQ(count_matching(conf(), R"(\s*user\s.*)"), 0U);
  EXPECT_EQ(count_matching(conf(), R"(\s*daemon\s.*)"), 0U);
  EXPECT_EQ(count_matching(conf(), R"(pid tmp/nginx\.pid;)"), 1U);
  EXPECT_EQ(count_matching(conf(), R"(\s*root html;)"), 1U);
  for (const char* temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
    EXPECT_EQ(count_matching(conf(), std::string(R"(\s*)") + temp + R"(_temp_path tmp/\w+;)"), 1U)
        << temp;
  }
  EXPECT_EQ(count_matching(conf(), R"(error_log stderr.*;)"), 1U);
  EXPECT_EQ(count_matching(conf(), R"(\s*access_log /dev/stdout.*;)"), 1U);
}

TEST(NginxConf, DeclaresTheTypesOfEveryContentFile) {
  for (const char* type : {"text/html html;", "text/css css;", "application/json json;",
                           "application/atom+xml xml;", "text/markdown md;"}) {
    EXPECT_EQ(std::ranges::count(lines_of(conf()), "        " + std::string(type)), 1) << type;
  }
  EXPECT_THAT(conf(), HasSubstr("default_type application/octet-stream;"));
}

TEST(NginxConf, ContentSecurityPolicyAllowsNoScript) {
  const std::regex csp_line(R"re(\s*add_header Content-Security-Policy "([^"]*)" always;)re");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(conf(), match, csp_line));
  const std::string csp = match[1];
  EXPECT_TRUE(csp.starts_with("default-src 'none';")) << csp;
  EXPECT_THAT(csp, Not(HasSubstr("script")));
  EXPECT_THAT(csp, Not(HasSubstr("unsafe")));
  EXPECT_THAT(csp, HasSubstr("frame-ancestors 'none'"));
  EXPECT_THAT(csp, HasSubstr("base-uri 'none'"));
}

TEST(NginxConf, SecurityHeadersAreSentOnEveryResponseFromTheServerBlock) {
  for (const char* header : {"X-Content-Type-Options \"nosniff\"", "Referrer-Policy ",
                             "X-Frame-Options \"DENY\"", "Permissions-Policy ", "Cache-Control "}) {
    EXPECT_THAT(conf(), HasSubstr("add_header " + std::string(header))) << header;
  }
  // A location with its own add_header would drop every server-level header in it.
  int depth = 0;
  int location_depth = -1;
  for (const auto& line : lines_of(conf())) {
    if (line.find("location ") != std::string::npos) location_depth = depth + 1;
    if (line.find("add_header") != std::string::npos) {
      EXPECT_TRUE(line.ends_with(" always;")) << line;
      EXPECT_LT(depth, location_depth == -1 ? 1000 : location_depth) << "in a location: " << line;
    }
    for (char c : line) {
      if (c == '{') ++depth;
      if (c == '}' && --depth < location_depth) location_depth = -1;
    }
  }
}

TEST(NginxConf, ServesHealthzAndHidesDotfilesAndTheConfig) {
  EXPECT_THAT(conf(), HasSubstr("location = /healthz {"));
  EXPECT_THAT(conf(), HasSubstr("return 200 \"ok\\n\";"));
  EXPECT_THAT(conf(), HasSubstr("location ~ /\\. {"));
  EXPECT_THAT(conf(), HasSubstr("location = /nginx.conf {"));
  EXPECT_THAT(conf(), HasSubstr("try_files $uri $uri/ =404;"));
  EXPECT_THAT(conf(), HasSubstr("server_tokens off;"));
  EXPECT_THAT(conf(), HasSubstr("gzip_vary on;"));
}

TEST(NginxConf, NoUserTextReachesTheConfig) {
  model::ReadingList list = testing::sample_list();
  list.spec.title = "}\n server { listen 80; }";
  list.metadata.name = "other";
  EXPECT_EQ(render_nginx_conf(list), conf());
}

// render() promises safe output even for a list the validator refuses: an Ingress path that is
// not made of URL path characters adds no rules, rather than directives of its own.
TEST(NginxConf, AnIngressPathTheValidatorRefusesNeverReachesTheConfig) {
  model::ReadingList list = testing::sample_list();
  list.spec.site.emplace().ingress = model::IngressSpec{.host = "lists.example.org",
                                                        .path = "/x { return 200; } location /y",
                                                        .class_name = std::nullopt,
                                                        .tls_secret_name = std::nullopt,
                                                        .annotations = {}};
  EXPECT_EQ(render_nginx_conf(list), conf());
  list.spec.site->ingress->path = "/reading";
  EXPECT_THAT(render_nginx_conf(list), HasSubstr("location ^~ /reading/ {"));
}

TEST(NginxConf, DebianNginxAcceptsIt) {
  if (!std::filesystem::exists(testing::kNginx)) GTEST_SKIP() << "no " << testing::kNginx;
  const testing::NginxPrefix prefix(render(testing::sample_list()));
  const auto result = testing::run_command(std::string(testing::kNginx) + " -t -p " +
                                           prefix.prefix_arg() + " -e stderr -c conf/nginx.conf");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("test is successful")) << result.output;
  EXPECT_THAT(result.output, Not(HasSubstr("[warn]"))) << result.output;
}

}  // namespace
}  // namespace rl::render
