#include "harness.hpp"

#include <fstream>
#include <future>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "readinglist/model/codec.hpp"

namespace rl::bench {

using nlohmann::json;
using namespace std::chrono_literals;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

json example_list(const std::string& ns, const std::string& name) {
  static const json spec = [] {
    const std::string path = RL_SOURCE_DIR "/examples/five-years-of-cloud-native-rust.yaml";
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    auto lists = model::parse_yaml(text.str(), path);
    if (!lists || lists->size() != 1) throw std::runtime_error("cannot parse " + path);
    return model::to_json(lists->front().spec);
  }();
  return {{"apiVersion", "readinglist.dev/v1alpha1"},
          {"kind", "ReadingList"},
          {"metadata", {{"name", name}, {"namespace", ns}}},
          {"spec", spec}};
}

std::string lists_path(const std::string& ns) {
  return "/apis/readinglist.dev/v1alpha1/namespaces/" + ns + "/readinglists";
}

bool create_all(const testing::HttpClient& client, const std::string& path, int from, int count,
                int lanes, const std::function<json(int)>& make) {
  std::vector<std::future<bool>> writers;
  for (int lane = 0; lane < lanes; ++lane) {
    writers.push_back(std::async(std::launch::async, [&, lane] {
      for (int i = from + lane; i < from + count; i += lanes) {
        const std::string body = make(i).dump();
        int attempts = 0;
        while (true) {
          const auto r = client.request("POST", path, body, "application/json", {}, 30s);
          if (r && (r->status < 300 || r->status == 409)) break;
          if (++attempts == 50) return false;
          std::this_thread::sleep_for(100ms);
        }
      }
      return true;
    }));
  }
  bool ok = true;
  for (auto& writer : writers)
    ok = writer.get() && ok;
  return ok;
}

namespace {

bool is_ready(const json& object) {
  const auto& status = object.value("status", json::object());
  if (status.value("observedGeneration", std::int64_t{-1}) !=
      object["metadata"].value("generation", std::int64_t{0})) {
    return false;
  }
  for (const auto& condition : status.value("conditions", json::array())) {
    if (condition.value("type", "") == "Ready") return condition.value("status", "") == "True";
  }
  return false;
}

}  // namespace

ReadyWatch::ReadyWatch(const testing::HttpClient& client, const std::string& ns,
                       const std::string& resource_version)
    : thread_([this, client,
               path = lists_path(ns) + "?watch=1&resourceVersion=" + resource_version +
                      "&timeoutSeconds=3600"] { run(client, path); }) {}

ReadyWatch::~ReadyWatch() {
  stop_ = true;
  thread_.join();
}

void ReadyWatch::run(const testing::HttpClient& client, std::string path) {
  auto stream = client.stream(path);
  if (!stream) return;
  std::string line;
  while (!stop_) {
    const auto read = stream->next_line(line, 200ms);
    if (read == testing::LineStream::Read::Timeout) continue;
    if (read != testing::LineStream::Read::Line) return;
    const auto event = json::parse(line, nullptr, false);
    if (!event.is_object() || !event.contains("object")) continue;
    const auto& object = event["object"];
    const std::string name = object["metadata"].value("name", "");
    const auto now = Clock::now();
    std::lock_guard lock(mutex_);
    if (event.value("type", "") != "DELETED" && is_ready(object)) {
      ready_.insert(name);
    } else {
      ready_.erase(name);
    }
    reached_.try_emplace(ready_.size(), now);
  }
}

std::optional<Clock::time_point> ReadyWatch::wait_ready(std::size_t count,
                                                        std::chrono::seconds limit) {
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    {
      std::lock_guard lock(mutex_);
      const auto it = reached_.lower_bound(count);
      if (ready_.size() >= count && it != reached_.end()) return it->second;
    }
    std::this_thread::sleep_for(20ms);
  }
  return std::nullopt;
}

std::size_t ReadyWatch::ready() const {
  std::lock_guard lock(mutex_);
  return ready_.size();
}

RequestCounts count_requests(const json& log, const std::string& user_agent_prefix) {
  RequestCounts counts;
  for (const auto& entry : log) {
    if (!entry.value("userAgent", "").starts_with(user_agent_prefix)) continue;
    const std::string verb = entry.value("verb", "");
    if (verb == "watch") {
      ++counts.watches;
    } else if (verb == "get" || verb == "list") {
      ++counts.reads;
    } else {
      ++counts.writes;
      // /api/v1/namespaces/NS/RESOURCE[/NAME[/SUBRESOURCE]]
      std::vector<std::string> parts;
      std::istringstream path(entry.value("path", ""));
      for (std::string part; std::getline(path, part, '/');)
        parts.push_back(part);
      std::string resource = "?";
      for (std::size_t i = 0; i + 2 < parts.size(); ++i) {
        if (parts[i] != "namespaces") continue;
        resource = parts[i + 2];
        if (i + 4 < parts.size()) resource += "/" + parts[i + 4];
        break;
      }
      ++counts.writes_by_resource[resource];
      if (resource == "events") ++counts.event_writes;
    }
  }
  return counts;
}

double metric_sum(const std::string& text, const std::string& name) {
  double sum = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with(name)) continue;
    const char next = line.size() > name.size() ? line[name.size()] : '\0';
    if (next != ' ' && next != '{') continue;
    sum += std::stod(line.substr(line.rfind(' ') + 1));
  }
  return sum;
}

double rss_mb(int pid, const char* field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with(field)) return std::stod(line.substr(std::string(field).size())) / 1024.0;
  }
  return 0;
}

}  // namespace rl::bench
