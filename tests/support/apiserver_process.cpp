#include "apiserver_process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

extern char** environ;

namespace rl::testing {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string random_hex(std::size_t n) {
  std::random_device rd;
  std::string out;
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < n; ++i)
    out += kHex[rd() % 16];
  return out;
}

pid_t spawn(const std::vector<std::string>& argv, const fs::path& out, const fs::path& err,
            const std::vector<std::string>& extra_env) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry = *e;
    bool overridden = false;
    for (const auto& x : extra_env) {
      if (entry.starts_with(x.substr(0, x.find('=') + 1))) overridden = true;
    }
    if (!overridden && !entry.starts_with("KUBECONFIG=")) env_strings.push_back(entry);
  }
  env_strings.insert(env_strings.end(), extra_env.begin(), extra_env.end());
  std::vector<char*> args;
  for (const auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<char*> env;
  for (auto& e : env_strings)
    env.push_back(e.data());
  env.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), env.data()) != 0) {
    pid = -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

// Waits for `pid` until the deadline; returns the exit code, or nullopt if still running.
std::optional<int> wait_until(pid_t pid, Clock::time_point deadline) {
  while (true) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (r < 0) return -1;
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv, const fs::path& scratch,
                          std::chrono::milliseconds timeout) {
  std::string n = random_hex(12);
  fs::path out = scratch / ("cmd-" + n + ".out");
  fs::path err = scratch / ("cmd-" + n + ".err");
  CommandResult result;
  pid_t pid = spawn(argv, out, err, {"HOME=" + scratch.string()});
  if (pid < 0) {
    result.err = "cannot start " + argv[0];
    return result;
  }
  auto code = wait_until(pid, Clock::now() + timeout);
  if (!code) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    code = -1;
  }
  result.exit_code = *code;
  result.out = read_file(out);
  result.err = read_file(err);
  return result;
}

std::expected<std::unique_ptr<ApiServerProcess>, std::string> ApiServerProcess::start(
    ApiServerOptions options) {
  auto p = std::make_unique<ApiServerProcess>(Key{});
  std::string templ = (fs::temp_directory_path() / "rl-apiserver-XXXXXX").string();
  if (::mkdtemp(templ.data()) == nullptr) return std::unexpected("mkdtemp failed");
  p->dir_ = templ;
  p->options_ = std::move(options);
  p->token_ = random_hex(32);
  if (auto launched = p->launch(0); !launched) return std::unexpected(launched.error());
  return p;
}

std::expected<void, std::string> ApiServerProcess::launch(int port) {
  std::vector<std::string> argv = {RL_TEST_APISERVER_PATH,
                                   "--port",
                                   std::to_string(port),
                                   "--kubeconfig",
                                   kubeconfig().string(),
                                   "--token",
                                   token_,
                                   "--request-log",
                                   (dir_ / "requests.log").string(),
                                   "--exit-with-parent"};
  if (!options_.tls) argv.push_back("--http");
  if (options_.keep_state) {
    argv.push_back("--state");
    argv.push_back(state_file().string());
  }
  argv.insert(argv.end(), options_.extra_args.begin(), options_.extra_args.end());
  fs::path out = dir_ / "server.out";
  fs::remove(out);
  pid_ = spawn(argv, out, dir_ / "server.err", {});
  if (pid_ < 0) return std::unexpected("cannot start " + argv[0]);
  auto deadline = Clock::now() + options_.start_timeout;
  static constexpr std::string_view kReady = "listening on ";
  while (Clock::now() < deadline) {
    std::string text = read_file(out);
    auto at = text.find(kReady);
    if (at != std::string::npos && text.find('\n', at) != std::string::npos) {
      base_url_ = text.substr(at + kReady.size(), text.find('\n', at) - at - kReady.size());
      port_ = std::atoi(base_url_.c_str() + base_url_.rfind(':') + 1);
      return {};
    }
    if (wait_until(pid_, Clock::now())) {
      pid_ = -1;
      return std::unexpected("test-apiserver exited: " + read_file(dir_ / "server.err"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  stop(std::chrono::milliseconds(100));
  return std::unexpected("test-apiserver did not report ready in time");
}

int ApiServerProcess::stop(std::chrono::milliseconds grace) {
  if (pid_ < 0) return -1;
  ::kill(pid_, SIGTERM);
  auto code = wait_until(pid_, Clock::now() + grace);
  if (!code) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    code = -1;
  }
  pid_ = -1;
  return *code;
}

ApiServerProcess::~ApiServerProcess() {
  stop();
  if (std::getenv("RL_KEEP_TEST_DIRS") == nullptr) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

std::expected<void, std::string> ApiServerProcess::restart(std::vector<std::string> extra_args) {
  stop();
  if (!extra_args.empty()) options_.extra_args = std::move(extra_args);
  // The old socket may linger for a moment; retry the same port briefly.
  std::string last;
  for (int attempt = 0; attempt < 20; ++attempt) {
    auto launched = launch(port_);
    if (launched) return {};
    last = launched.error();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return std::unexpected(last);
}

HttpClient ApiServerProcess::client() const {
  return HttpClient(base_url_, options_.tls ? ca_file().string() : "", token_);
}

nlohmann::json ApiServerProcess::control(const std::string& method, const std::string& path,
                                         const nlohmann::json& body) const {
  std::string payload = method == "GET" || method == "DELETE" ? "" : body.dump();
  auto r = client().request(method, "/_control/" + path, payload);
  if (!r || r->status != 200) return nullptr;
  return r->json();
}

int ApiServerProcess::count_requests(const std::string& verb, const std::string& path_part) const {
  int n = 0;
  for (const auto& entry : requests()) {
    if (entry.value("verb", "") == verb &&
        entry.value("path", "").find(path_part) != std::string::npos) {
      ++n;
    }
  }
  return n;
}

void ApiServerProcess::set_tokens(const std::vector<std::string>& tokens) const {
  control("POST", "tokens", {{"tokens", tokens}});
}

CommandResult ApiServerProcess::kubectl(const std::vector<std::string>& args,
                                        std::chrono::milliseconds timeout) const {
  std::vector<std::string> argv = {RL_KUBECTL_PATH, "--kubeconfig", kubeconfig().string(),
                                   "--cache-dir", (dir_ / "kubectl-cache").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, dir_, timeout);
}

}  // namespace rl::testing
