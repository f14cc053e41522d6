// Duration flags: Go's time.ParseDuration syntax ("15s", "500ms", "1m30s", "1.5h"), the form
// Kubernetes components use for theirs, plus a bare number read as seconds (what
// --resync-period always took). Pure.
#pragma once

#include <chrono>
#include <expected>
#include <string>
#include <string_view>

namespace rl::app {

// Go syntax exactly: an optional sign, then one or more <decimal><unit> terms with units ns,
// us (or µs), ms, s, m, h; "0" alone is allowed. Errors say what is wrong with `text`.
std::expected<std::chrono::nanoseconds, std::string> parse_go_duration(std::string_view text);

// Go syntax, or a plain decimal number ("600", "2.5") meaning seconds.
std::expected<std::chrono::nanoseconds, std::string> parse_flag_duration(std::string_view text);

// The shortest Go form: "15s", "500ms", "1m30s", "1h0m0s" like Go's String(), "0s" for zero.
std::string format_go_duration(std::chrono::nanoseconds duration);

}  // namespace rl::app
