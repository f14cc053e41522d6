// The readinglist-operator command line: the subcommands that work offline (render, validate,
// crd) and, as they land, run/import/export. Exit codes: 0 success, 1 invalid input, 2 usage.
#pragma once

#include <iosfwd>
#include <span>
#include <string>

namespace rl::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1;
inline constexpr int kExitUsage = 2;

// Parses `args` (args[0] is the program name) and runs the subcommand, writing to out/err.
int run_cli(std::span<const std::string> args, std::ostream& out, std::ostream& err);

// main(): the same over argv, std::cout and std::cerr.
int run_cli(int argc, char** argv);

}  // namespace rl::app
