// test-apiserver: a stand-in for kube-apiserver for tests, the demo and people.
//   test-apiserver --port 0 --kubeconfig FILE [--http] [--state FILE] [--request-log FILE] ...
// Serves until SIGTERM/SIGINT; prints "listening on <url>" once it accepts connections.
#include <utility>  // boost/asio/awaitable.hpp uses std::exchange without including it

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include <pplx/threadpool.h>
#pragma GCC diagnostic pop

#include <openssl/rand.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

#include "api.hpp"
#include "encoding.hpp"
#include "frontend.hpp"
#include "http_server.hpp"
#include "tls.hpp"

namespace {

using namespace rl::test_apiserver;
namespace fs = std::filesystem;

struct Flags {
  int port = 0;
  std::string host = "127.0.0.1";
  std::string kubeconfig;
  std::string ca_out;
  bool http = false;
  std::string state;
  bool fresh_history = false;
  std::string request_log;
  std::string token;
  std::string control_token;
  std::size_t history_limit = 10000;
  long long bookmark_interval_ms = 60000;
  long long deployment_ready_delay_ms = 500;
  bool garbage_collection = true;
  bool exit_with_parent = false;
  std::size_t threads = 4;
};

const char* kUsage =
    "usage: test-apiserver --kubeconfig FILE [--port N] [--host 127.0.0.1] [--http]\n"
    "  [--ca-out FILE] [--state FILE] [--fresh-history] [--request-log FILE]\n"
    "  [--token T] [--control-token T] [--history-limit N] [--bookmark-interval-ms N]\n"
    "  [--deployment-ready-delay-ms N (-1: never)] [--no-gc] [--threads N] [--exit-with-parent]\n";

std::optional<Flags> parse_flags(int argc, char** argv) {
  Flags f;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string(argv[++i]);
    };
    std::optional<std::string> v;
    try {
      if (a == "--http") {
        f.http = true;
      } else if (a == "--fresh-history") {
        f.fresh_history = true;
      } else if (a == "--no-gc") {
        f.garbage_collection = false;
      } else if (a == "--exit-with-parent") {
        f.exit_with_parent = true;
      } else if (a == "--help" || a == "-h") {
        return std::nullopt;
      } else if (!(v = value())) {
        return std::nullopt;
      } else if (a == "--port") {
        f.port = std::stoi(*v);
      } else if (a == "--host") {
        f.host = *v;
      } else if (a == "--kubeconfig") {
        f.kubeconfig = *v;
      } else if (a == "--ca-out") {
        f.ca_out = *v;
      } else if (a == "--state") {
        f.state = *v;
      } else if (a == "--request-log") {
        f.request_log = *v;
      } else if (a == "--token") {
        f.token = *v;
      } else if (a == "--control-token") {
        f.control_token = *v;
      } else if (a == "--history-limit") {
        f.history_limit = std::stoul(*v);
      } else if (a == "--bookmark-interval-ms") {
        f.bookmark_interval_ms = std::stoll(*v);
      } else if (a == "--deployment-ready-delay-ms") {
        f.deployment_ready_delay_ms = std::stoll(*v);
      } else if (a == "--threads") {
        f.threads = std::stoul(*v);
      } else {
        return std::nullopt;
      }
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  if (f.kubeconfig.empty() || f.port < 0 || f.port > 65535) return std::nullopt;
  return f;
}

std::string random_token() {
  unsigned char bytes[24];
  RAND_bytes(bytes, sizeof bytes);
  std::string hex;
  for (unsigned char b : bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    hex += kHex[b >> 4];
    hex += kHex[b & 0xf];
  }
  return hex;
}

bool write_file(const fs::path& path, const std::string& content) {
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out << content;
    if (!out.flush()) return false;
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  return !ec;
}

std::string kubeconfig_yaml(const std::string& url, const std::string& ca_pem,
                            const std::string& token) {
  std::ostringstream y;
  y << "apiVersion: v1\nkind: Config\nclusters:\n- name: test-apiserver\n  cluster:\n"
    << "    server: " << url << "\n";
  if (!ca_pem.empty()) y << "    certificate-authority-data: " << base64_encode(ca_pem) << "\n";
  y << "contexts:\n- name: test-apiserver\n  context:\n    cluster: test-apiserver\n"
    << "    user: test-user\n    namespace: default\ncurrent-context: test-apiserver\n"
    << "users:\n- name: test-user\n  user:\n    token: " << token << "\n";
  return y.str();
}

int run(const Flags& flags) {
  // Signals are taken synchronously by the main thread; every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  crossplat::threadpool::initialize_with_threads(flags.threads);

  TlsMaterial tls;
  if (!flags.http) {
    auto generated = generate_tls_material();
    if (!generated) {
      std::cerr << "test-apiserver: " << generated.error() << "\n";
      return 1;
    }
    tls = std::move(*generated);
  }
  ApiOptions api_options;
  api_options.seed = std::random_device{}();
  api_options.history_limit = flags.history_limit;
  api_options.garbage_collection = flags.garbage_collection;
  api_options.start_time = std::chrono::system_clock::now();
  if (flags.deployment_ready_delay_ms < 0) {
    api_options.deployment_ready_delay = std::nullopt;
  } else {
    api_options.deployment_ready_delay = std::chrono::milliseconds(flags.deployment_ready_delay_ms);
  }
  ApiServer api(api_options);
  if (!flags.state.empty() && fs::exists(flags.state)) {
    std::ifstream in(flags.state);
    auto state = nlohmann::json::parse(in, nullptr, false);
    if (state.is_discarded()) {
      std::cerr << "test-apiserver: cannot parse state file " << flags.state << "\n";
      return 1;
    }
    api.load_state(state, !flags.fresh_history);
  }

  std::string token = flags.token.empty() ? random_token() : flags.token;
  FrontendOptions frontend_options;
  frontend_options.tokens = {token};
  frontend_options.control_token = flags.control_token.empty() ? token : flags.control_token;
  frontend_options.bookmark_interval = std::chrono::milliseconds(flags.bookmark_interval_ms);
  Frontend frontend(api, frontend_options);
  std::mutex log_mutex;
  std::ofstream request_log;
  if (!flags.request_log.empty()) {
    request_log.open(flags.request_log, std::ios::app);
    frontend.on_request([&](const LoggedRequest& entry) {
      std::lock_guard lock(log_mutex);
      request_log << entry.to_json().dump() << "\n" << std::flush;
    });
  }

  HttpServer server(frontend, api,
                    {.host = flags.host,
                     .port = static_cast<std::uint16_t>(flags.port),
                     .tls = !flags.http,
                     .cert_pem = tls.server_cert_pem,
                     .key_pem = tls.server_key_pem});
  auto port = server.start();
  if (!port) {
    std::cerr << "test-apiserver: cannot listen: " << port.error() << "\n";
    return 1;
  }
  fs::path kubeconfig = flags.kubeconfig;
  fs::path ca_out =
      flags.ca_out.empty() ? kubeconfig.parent_path() / "ca.crt" : fs::path(flags.ca_out);
  if ((!flags.http && !write_file(ca_out, tls.ca_cert_pem)) ||
      !write_file(kubeconfig, kubeconfig_yaml(server.base_url(), tls.ca_cert_pem, token))) {
    std::cerr << "test-apiserver: cannot write " << kubeconfig << "\n";
    return 1;
  }

  auto save_state = [&] {
    if (!flags.state.empty()) write_file(flags.state, api.save_state().dump());
  };
  // A test that crashes never sends SIGTERM; its server must not outlive it.
  const pid_t parent = getppid();
  std::jthread controllers([&](std::stop_token stop) {
    std::uint64_t saved_rv = api.resource_version();
    auto next_save = std::chrono::steady_clock::now();
    while (!stop.stop_requested()) {
      api.run_controllers(std::chrono::system_clock::now());
      if (std::chrono::steady_clock::now() >= next_save && api.resource_version() != saved_rv) {
        saved_rv = api.resource_version();
        save_state();
        next_save = std::chrono::steady_clock::now() + std::chrono::seconds(1);
      }
      if (flags.exit_with_parent && getppid() != parent) {
        ::kill(getpid(), SIGTERM);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });

  std::cout << "listening on " << server.base_url() << std::endl;
  int signal = 0;
  sigwait(&signals, &signal);
  controllers.request_stop();
  controllers.join();
  server.stop();
  save_state();
  return 0;
}

}  // namespace

// LeakSanitizer (sanitizer builds only read this): cpprest's listener keeps an OpenSSL context
// and engine per connection and frees neither for a connection still open at exit (a client's
// watch). That is the library's, in a test tool, and shows only libcrypto frames, so the
// suppression is by that module (the operator's own, narrower one is in src/main.cpp).
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libcrypto.so\n";
}

int main(int argc, char** argv) {
  auto flags = parse_flags(argc, argv);
  if (!flags) {
    std::cerr << kUsage;
    return 2;
  }
  return run(*flags);
}
