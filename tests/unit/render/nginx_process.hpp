// nginx running on a generated config, for the tests that serve a rendered site with Debian's
// nginx: a free loopback port, the process (stopped when destroyed) and curl as the client.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "nginx_prefix.hpp"

namespace rl::render::testing {

inline constexpr const char* kCurl = "/usr/bin/curl";

// A port the kernel just handed out; nginx cannot listen on port 0, so it gets this one.
inline int free_loopback_port() {
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
  NginxProcess(const NginxPrefix& prefix, int port) : port_(port) {
    const std::string prefix_arg = prefix.prefix_arg();
    const std::string log = (prefix.root() / "nginx.log").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<std::string> args = {
        kNginx, "-p", prefix_arg, "-e", "stderr", "-c", "conf/nginx.conf", "-g", "daemon off;"};
    std::vector<char*> argv;
    for (auto& arg : args)
      argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, kNginx, &actions, nullptr, argv.data(), environ) != 0) pid_ = 0;
    posix_spawn_file_actions_destroy(&actions);
  }
  NginxProcess(const NginxProcess&) = delete;
  NginxProcess& operator=(const NginxProcess&) = delete;
  ~NginxProcess() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);  // fast shutdown: the master stops its workers first
    for (int i = 0; i < 100 && waitpid(pid_, nullptr, WNOHANG) == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
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
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  Response get(const std::string& path, const std::vector<std::string>& headers = {}) const {
    std::string command = std::string(kCurl) + " -s -i --path-as-is --max-time 5";
    for (const auto& header : headers)
      command += " -H '" + header + "'";
    command += " http://127.0.0.1:" + std::to_string(port_) + path;
    const auto result = run_command(command);
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

inline constexpr const char* kCsp =
    "default-src 'none'; style-src 'self'; img-src 'self' https: data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

// The headers every response carries, whatever its status.
inline void expect_security_headers(const Response& response) {
  EXPECT_EQ(response.headers.at("content-security-policy"), kCsp);
  EXPECT_EQ(response.headers.at("x-content-type-options"), "nosniff");
  EXPECT_EQ(response.headers.at("referrer-policy"), "strict-origin-when-cross-origin");
  EXPECT_EQ(response.headers.at("x-frame-options"), "DENY");
  EXPECT_TRUE(response.headers.contains("permissions-policy"));
  EXPECT_EQ(response.headers.at("server"), "nginx");  // no version
}

// Writes `conf` into the prefix with its `listen 8080;` moved to a free loopback port and starts
// nginx on it; a few ports are tried in case another process takes one first. Null when nginx
// does not come up.
inline std::unique_ptr<NginxProcess> start_nginx(const NginxPrefix& prefix,
                                                 const std::string& conf) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    const int port = free_loopback_port();
    std::string rewritten = conf;
    rewritten.replace(rewritten.find("listen 8080;"), 12,
                      "listen 127.0.0.1:" + std::to_string(port) + ";");
    NginxPrefix::write(prefix.root() / "conf" / "nginx.conf", rewritten);
    auto process = std::make_unique<NginxProcess>(prefix, port);
    if (process->wait_until_ready()) return process;
  }
  return nullptr;
}

}  // namespace rl::render::testing
