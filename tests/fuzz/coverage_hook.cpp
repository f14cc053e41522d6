// Coverage feedback for libFuzzer from a GCC build.
//
// The project needs C++23's std::expected, which clang 14 (Debian bookworm's) cannot compile
// from libstdc++ 12's <expected>: it lacks conditionally trivial special members (P0848, clang
// 16). So the fuzz targets are built with g++, which offers `-fsanitize-coverage=trace-pc`
// (one call per basic block) and `trace-cmp`, and linked with clang's libFuzzer runtime
// (libclang-rt-14-dev). libFuzzer 14 handles trace-cmp itself but refuses trace-pc; its
// handler is made weak when the runtime is copied (see CMakeLists.txt) and this one feeds
// libFuzzer's "extra counters" instead: one 8-bit counter per edge (previous block, this
// block), hashed into a fixed table, the scheme AFL uses.
#include <cstddef>
#include <cstdint>

namespace {
constexpr std::size_t kCounters = std::size_t{1} << 16;
thread_local std::uintptr_t previous_block = 0;
}  // namespace

extern "C" {

// libFuzzer reads every counter in this section (__start_/__stop_ bounds) after each input.
__attribute__((section("__libfuzzer_extra_counters"), used))
std::uint8_t rl_fuzz_edge_counters[kCounters];

__attribute__((no_sanitize_coverage, no_sanitize("address", "undefined"))) void
__sanitizer_cov_trace_pc() {
  const auto block = reinterpret_cast<std::uintptr_t>(__builtin_return_address(0));
  const auto mixed = (block ^ (block >> 15)) * 0x9E3779B97F4A7C15ULL;
  const auto edge = (mixed ^ previous_block) & (kCounters - 1);
  // Saturating, as libFuzzer's own inline counters never wrap back to "not seen".
  if (rl_fuzz_edge_counters[edge] != 0xFF) ++rl_fuzz_edge_counters[edge];
  previous_block = mixed >> 1;
}

// GCC's trace-cmp also reports floating-point comparisons, which libFuzzer has no hook for.
__attribute__((no_sanitize_coverage)) void __sanitizer_cov_trace_cmpf(float, float) {}
__attribute__((no_sanitize_coverage)) void __sanitizer_cov_trace_cmpd(double, double) {}
}
