// The "billion laughs" YAML alias bomb, shared by the tests of every reader of YAML (manifests,
// Markdown front matter, the `validate` command).
#pragma once

#include <string>

namespace rl::testing {

// Ten aliases of ten aliases, nine levels deep: anchors a0..a9, where *a9 expands to 10^9
// scalars. Each line starts with `indent`.
inline std::string billion_laughs(const std::string& indent = "") {
  std::string text = indent + "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int level = 1; level <= 9; ++level) {
    const std::string previous = "*a" + std::to_string(level - 1);
    text += indent + "a" + std::to_string(level) + ": &a" + std::to_string(level) + " [" + previous;
    for (int k = 1; k < 10; ++k)
      text += ", " + previous;
    text += "]\n";
  }
  return text;
}

}  // namespace rl::testing
