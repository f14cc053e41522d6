// Secrets stay secret: the operator runs at debug level with a bearer token and a client key in
// its kubeconfig through a whole lifecycle (lists, an invalid list, injected 429s and 500s,
// 401s while its token is revoked, a deletion), and neither the token nor the key shows up in
// its log or output, its /metrics, or the Events, statuses and children it writes; nor in the
// errors about kubeconfigs that cannot work.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "apiserver_process.hpp"
#include "operator_process.hpp"

namespace rl::testing {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

std::string random_hex(std::size_t length) {
  std::random_device device;
  std::string hex;
  while (hex.size() < length)
    hex += "0123456789abcdef"[device() % 16];
  return hex;
}

std::string base64(const std::string& bytes) {
  static constexpr char kDigits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t v = 0;
    for (std::size_t j = 0; j < 3; ++j)
      v = (v << 8) | (j < n ? static_cast<unsigned char>(bytes[i + j]) : 0u);
    for (std::size_t j = 0; j < 4; ++j)
      out += j <= n ? kDigits[(v >> (18 - 6 * j)) & 63] : '=';
  }
  return out;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Pieces of the secrets, each distinctive on its own, so that a partial leak (a prefix, one line
// of a PEM) is found too: the token and two 16-character pieces of its random part; 24-character
// pieces of the key's PEM body lines and of its base64 in the kubeconfig, leaving out the parts
// every P-256 key in PKCS#8 and every PEM header share.
struct Secrets {
  std::string token = "rlsecret" + random_hex(40);
  std::string key_pem;
  std::string cert_pem;

  std::vector<std::string> fragments() const {
    std::vector<std::string> out = {token, token.substr(8, 16), token.substr(32, 16)};
    // The PEM body lines after the first (which every P-256 key in PKCS#8 begins alike).
    std::istringstream lines(key_pem);
    int index = 0;
    for (std::string line; std::getline(lines, line);) {
      if (line.starts_with("-----") || index++ == 0 || line.size() < 24) continue;
      out.push_back(line.substr(0, 24));
      out.push_back(line.substr(line.size() - 24));
    }
    const std::string data = base64(key_pem);
    for (std::size_t at = 48; at + 24 + 48 <= data.size(); at += 24)
      out.push_back(data.substr(at, 24));
    return out;
  }

  // The fragments found in `text`, for the failure message.
  std::vector<std::string> found_in(const std::string& text) const {
    std::vector<std::string> found;
    for (const auto& fragment : fragments()) {
      if (text.find(fragment) != std::string::npos) found.push_back(fragment);
    }
    return found;
  }
};

// A kubeconfig for the operator: the server's URL and CA file, our token and client key.
std::string kubeconfig(const std::string& server, const fs::path& ca, const std::string& user) {
  return "apiVersion: v1\nkind: Config\nclusters:\n- name: test\n  cluster:\n    server: " +
         server + "\n    certificate-authority: " + ca.string() +
         "\ncontexts:\n- name: test\n  context:\n    cluster: test\n    user: test\n"
         "    namespace: default\ncurrent-context: test\nusers:\n- name: test\n  user:\n" +
         user;
}

std::string list_manifest(const std::string& name, const std::string& title,
                          const std::string& published = "2024-01-31") {
  return "---\napiVersion: readinglist.dev/v1alpha1\nkind: ReadingList\nmetadata:\n  name: " +
         name + "\nspec:\n  title: " + title +
         "\n  sections:\n  - title: Links\n    entries:\n    - title: Rust\n"
         "      url: https://www.rust-lang.org/\n      published: \"" +
         published + "\"\n";
}

class SecretsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = start_cluster();
    ASSERT_TRUE(started) << started.error();
    server_ = std::move(*started);
    dir_ = server_->dir();
    const auto made = run_command(
        {"/usr/bin/env", "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
         "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", (dir_ / "client.key").string(),
         "-out", (dir_ / "client.crt").string(), "-days", "2", "-subj", "/CN=readinglist-operator"},
        dir_, 30s);
    ASSERT_EQ(made.exit_code, 0) << made.err;
    secrets_.key_pem = read_file(dir_ / "client.key");
    secrets_.cert_pem = read_file(dir_ / "client.crt");
    ASSERT_TRUE(secrets_.key_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
    // The operator's token is accepted alongside the server's own (which the test uses).
    server_->set_tokens({server_->token(), secrets_.token});
  }

  // The user entry with the token inline and the client certificate and key as data.
  std::string inline_user() const {
    return "    token: " + secrets_.token +
           "\n    client-certificate-data: " + base64(secrets_.cert_pem) +
           "\n    client-key-data: " + base64(secrets_.key_pem) + "\n";
  }

  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }

  // The operator's log and output with a kubeconfig it cannot use: it must exit 1.
  std::string refused(const fs::path& config, const std::string& name) const {
    OperatorProcess process(config, dir_ / (name + ".log"));
    const auto code = process.wait_for_exit(20s);
    EXPECT_EQ(code, std::optional<int>(1)) << name << ":\n" << process.log();
    const auto text = process.log() + process.out();
    EXPECT_NE(text.find("error"), std::string::npos) << name << ": no error reported\n" << text;
    return text;
  }

  bool ready(const std::string& name, const std::string& title) const {
    const auto r = server_->client().get(
        "/apis/readinglist.dev/v1alpha1/namespaces/default/readinglists/" + name);
    if (!r || r->status != 200) return false;
    const auto list = r->json();
    if (list["spec"].value("title", "") != title) return false;
    const auto status = list.value("status", nlohmann::json::object());
    for (const auto& c : status.value("conditions", nlohmann::json::array())) {
      if (c.value("type", "") == "Ready") {
        return c.value("status", "") == "True" &&
               status.value("observedGeneration", -1) == list["metadata"].value("generation", 0);
      }
    }
    return false;
  }

  int operator_answers(int code) const {
    int n = 0;
    for (const auto& r : server_->requests()) {
      n += r.value("userAgent", "").starts_with("readinglist-operator") &&
           r.value("code", 0) == code;
    }
    return n;
  }

  std::string get_body(const std::string& path) const {
    const auto r = server_->client().get(path);
    EXPECT_TRUE(r && r->status == 200) << path;
    return r ? r->body : std::string();
  }

  std::unique_ptr<ApiServerProcess> server_;
  fs::path dir_;
  Secrets secrets_;
};

TEST_F(SecretsTest, NoTokenOrKeyInLogsMetricsEventsOrStatusThroughAWholeLifecycle) {
  const auto config = write("operator.kubeconfig",
                            kubeconfig(server_->base_url(), server_->ca_file(), inline_user()));
  // The method finds what it looks for: every fragment is in the kubeconfig or the key file.
  ASSERT_EQ(secrets_.found_in(read_file(config) + secrets_.key_pem).size(),
            secrets_.fragments().size());
  ASSERT_GT(secrets_.fragments().size(), 10u);

  OperatorProcess op(config, dir_ / "operator.log", {"--metrics-bind-address", "127.0.0.1:0"});
  std::string metrics_address;
  ASSERT_TRUE(eventually([&] {
    metrics_address = logged_address(op.log(), "serving metrics");
    return !metrics_address.empty();
  })) << op.log();
  std::string scraped;
  const auto scrape = [&] {
    const auto r = HttpClient("http://" + metrics_address, "", "").request("GET", "/metrics");
    EXPECT_TRUE(r && r->status == 200);
    if (r) scraped += r->body;
  };

  // Three good lists and one the operator refuses (February has no 30th).
  std::string manifests;
  for (const auto* name : {"secret-0", "secret-1", "secret-2"})
    manifests += list_manifest(name, name);
  manifests += list_manifest("invalid", "invalid", "2019-02-30");
  const auto file = write("lists.yaml", manifests);
  ASSERT_EQ(server_->kubectl({"apply", "-f", file.string()}).exit_code, 0);
  ASSERT_TRUE(eventually([&] {
    return ready("secret-0", "secret-0") && ready("secret-1", "secret-1") &&
           ready("secret-2", "secret-2");
  })) << op.log();

  // Throttling and errors on its writes, and its watches cut.
  server_->add_fault({{"code", 500}, {"count", 3}, {"verb", "patch"}, {"path", "/configmaps/"}});
  server_->add_fault({{"code", 429}, {"count", 3}, {"verb", "update"}, {"path", "/status$"}});
  server_->close_watches(ApiServerProcess::WatchEnding::Cut);
  ASSERT_EQ(server_
                ->kubectl({"patch", "rl", "secret-0", "--type=merge", "-p",
                           R"({"spec":{"title":"Faulty"}})"})
                .exit_code,
            0);
  ASSERT_TRUE(eventually([&] { return ready("secret-0", "Faulty"); }, 60s)) << op.log();
  scrape();

  // Its token revoked: the open watches still deliver the edit, every write gets 401; then the
  // watches are cut and every reconnect gets 401 too.
  server_->set_tokens({server_->token()});
  ASSERT_EQ(server_
                ->kubectl({"patch", "rl", "secret-1", "--type=merge", "-p",
                           R"({"spec":{"title":"Unauthorized"}})"})
                .exit_code,
            0);
  ASSERT_TRUE(eventually([&] { return operator_answers(401) >= 2; })) << op.log();
  server_->close_watches(ApiServerProcess::WatchEnding::Cut);
  ASSERT_TRUE(eventually([&] { return operator_answers(401) >= 6; })) << op.log();
  scrape();
  server_->set_tokens({server_->token(), secrets_.token});
  ASSERT_TRUE(eventually([&] { return ready("secret-1", "Unauthorized"); }, 90s)) << op.log();

  ASSERT_EQ(server_->kubectl({"delete", "rl", "secret-2"}).exit_code, 0);
  ASSERT_TRUE(eventually([&] {
    const auto r = server_->client().get("/api/v1/namespaces/default/configmaps/secret-2-site");
    return r && r->status == 404;
  }));
  scrape();
  EXPECT_EQ(op.stop(), 0);

  const std::map<std::string, std::string> places = {
      {"operator log", op.log()},
      {"operator stdout", op.out()},
      {"metrics", scraped},
      {"Events", get_body("/api/v1/namespaces/default/events")},
      {"ReadingLists (status)",
       get_body("/apis/readinglist.dev/v1alpha1/namespaces/default/readinglists")},
      {"ConfigMaps", get_body("/api/v1/namespaces/default/configmaps")},
      {"Deployments", get_body("/apis/apps/v1/namespaces/default/deployments")},
      {"Services", get_body("/api/v1/namespaces/default/services")},
  };
  for (const auto& [place, text] : places) {
    EXPECT_TRUE(secrets_.found_in(text).empty())
        << place << " holds " << secrets_.found_in(text).front();
  }
  // The run went where it should: the 401s, refusals and API errors were reported.
  EXPECT_NE(places.at("operator log").find("401"), std::string::npos);
  EXPECT_NE(places.at("metrics").find("code=\"401\""), std::string::npos);
  EXPECT_NE(places.at("Events").find("InvalidSpec"), std::string::npos);
  EXPECT_NE(places.at("Events").find("ApiError"), std::string::npos);
  EXPECT_NE(places.at("ReadingLists (status)").find("InvalidSpec"), std::string::npos);
  if (HasFailure()) std::cerr << "operator log:\n" << op.log();
}

TEST_F(SecretsTest, KubeconfigsThatCannotWorkSayWhyWithoutTheSecrets) {
  const std::string token_line = "    token: " + secrets_.token + "\n";
  std::map<std::string, std::string> texts;

  // A token file whose second line would make a header of its own.
  const auto token_file = write("token", secrets_.token + "\nX-Injected: " + secrets_.token + "\n");
  texts["token file of two lines"] = refused(
      write("two-lines.kubeconfig", kubeconfig(server_->base_url(), server_->ca_file(),
                                               "    tokenFile: " + token_file.string() + "\n")),
      "two-lines");
  // A client key that is the token in PEM clothes, and one that is not base64 at all.
  const std::string fake_key =
      "-----BEGIN PRIVATE KEY-----\n" + secrets_.token + "\n-----END PRIVATE KEY-----\n";
  texts["client key that is no key"] = refused(
      write("fake-key.kubeconfig",
            kubeconfig(server_->base_url(), server_->ca_file(),
                       token_line + "    client-certificate-data: " + base64(secrets_.cert_pem) +
                           "\n    client-key-data: " + base64(fake_key) + "\n")),
      "fake-key");
  texts["client key data that is no base64"] = refused(
      write("not-base64.kubeconfig",
            kubeconfig(server_->base_url(), server_->ca_file(),
                       token_line + "    client-certificate-data: " + base64(secrets_.cert_pem) +
                           "\n    client-key-data: " + secrets_.token + "!\n")),
      "not-base64");
  // YAML that breaks right after the token, and a token that is not a string.
  texts["broken YAML"] = refused(
      write("broken.kubeconfig", kubeconfig(server_->base_url(), server_->ca_file(),
                                            token_line + "   bad: [" + secrets_.token + "\n")),
      "broken");
  texts["token that is a mapping"] =
      refused(write("mapping.kubeconfig",
                    kubeconfig(server_->base_url(), server_->ca_file(),
                               "    token: {" + secrets_.token + ": " + secrets_.token + "}\n")),
              "mapping");

  // A server it cannot verify (the CA is someone else's): every request fails at once, and
  // the operator keeps trying (and logging) until stopped.
  {
    const auto other_ca = write("other-ca.crt", secrets_.cert_pem);
    OperatorProcess process(
        write("unverified.kubeconfig", kubeconfig(server_->base_url(), other_ca, inline_user())),
        dir_ / "unverified.log");
    EXPECT_TRUE(eventually([&] {
      return process.log().find("watch interrupted") != std::string::npos;
    })) << process.log();
    EXPECT_EQ(process.stop(), 0);
    texts["server it cannot verify"] = process.log() + process.out();
  }
  for (const auto& [what, text] : texts) {
    EXPECT_TRUE(secrets_.found_in(text).empty())
        << what << ": the log holds " << secrets_.found_in(text).front() << "\n"
        << text;
  }
}

}  // namespace
}  // namespace rl::testing
