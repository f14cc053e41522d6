// A temporary nginx prefix directory (conf/, html/, tmp/) holding a rendered site, for the tests
// that run Debian's nginx against the generated nginx.conf. Removed when it goes out of scope.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "readinglist/render/render.hpp"

namespace rl::render::testing {

inline constexpr const char* kNginx = "/usr/sbin/nginx";

class NginxPrefix {
 public:
  // Writes nginx.conf to conf/ and every other content file to html/, as the Deployment mounts
  // them. Directories are world-readable: nginx started as root reads them as its worker user.
  explicit NginxPrefix(const Content& content) {
    std::string pattern = (std::filesystem::temp_directory_path() / "rl-nginx-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = pattern;
    for (const char* dir : {"conf", "html", "tmp"})
      std::filesystem::create_directory(root_ / dir);
    for (const auto& file : content.files) {
      write(root_ / (file.name == "nginx.conf" ? "conf" : "html") / file.name, file.data);
    }
    using std::filesystem::perms;
    for (const char* dir : {"", "conf", "html", "tmp"}) {
      std::filesystem::permissions(root_ / dir, perms::owner_all | perms::group_read |
                                                    perms::group_exec | perms::others_read |
                                                    perms::others_exec);
    }
  }
  NginxPrefix(const NginxPrefix&) = delete;
  NginxPrefix& operator=(const NginxPrefix&) = delete;
  ~NginxPrefix() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }

  const std::filesystem::path& root() const { return root_; }
  // With the trailing slash nginx expects of -p.
  std::string prefix_arg() const { return root_.string() + "/"; }

  static void write(const std::filesystem::path& path, const std::string& data) {
    std::ofstream out(path, std::ios::binary);
    out << data;
    if (!out) throw std::runtime_error("cannot write " + path.string());
  }

 private:
  std::filesystem::path root_;
};

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs a shell command and collects its output. Arguments are test-controlled paths.
inline CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
    result.output.append(buffer, n);
  }
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace rl::render::testing
