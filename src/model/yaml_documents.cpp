// yaml-cpp 0.7's LoadAll loops forever, allocating, on a document that starts with a stray ','
// (a flow entry outside any flow collection): its parser hands back the same empty document
// again and again without consuming the token (found by fuzzing). A stream cannot hold more
// documents than it has document markers ("---" or "..." starting a line) plus one, so a dry
// run whose event handler only notes positions stops there, before LoadAll builds anything.
#include "yaml_documents.hpp"

#include <yaml-cpp/eventhandler.h>

#include <sstream>
#include <string_view>

namespace rl::model::detail {
namespace {

class PositionNoter : public YAML::EventHandler {
 public:
  const YAML::Mark& last() const { return last_; }

  void OnDocumentStart(const YAML::Mark& mark) override { last_ = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { last_ = mark; }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { last_ = mark; }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    last_ = mark;
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    last_ = mark;
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    last_ = mark;
  }
  void OnMapEnd() override {}

 private:
  YAML::Mark last_ = YAML::Mark::null_mark();
};

bool is_marker_line(std::string_view line) {
  if (!line.starts_with("---") && !line.starts_with("...")) return false;
  return line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r';
}

std::size_t most_documents(std::string_view text) {
  std::size_t markers = 0;
  for (std::size_t start = 0; start < text.size();) {
    const auto end = std::min(text.find('\n', start), text.size());
    if (is_marker_line(text.substr(start, end - start))) ++markers;
    start = end + 1;
  }
  return markers + 1;
}

}  // namespace

std::vector<YAML::Node> load_documents(const std::string& text) {
  const std::size_t most = most_documents(text);
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  PositionNoter noter;
  for (std::size_t documents = 1; parser.HandleNextDocument(noter); ++documents) {
    if (documents > most) {
      throw YAML::ParserException(noter.last(),
                                  "the YAML reader cannot get past this point "
                                  "(a ',' outside [ ] or { }?)");
    }
  }
  return YAML::LoadAll(text);
}

}  // namespace rl::model::detail
