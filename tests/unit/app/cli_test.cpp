// The offline subcommands end to end through run_cli: arguments in, exit code and output out.
#include "readinglist/app/cli.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "readinglist/model/codec.hpp"
#include "readinglist/model/crd.hpp"
#include "readinglist/model/validate.hpp"

namespace rl::app {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kExample = RL_SOURCE_DIR "/examples/five-years-of-cloud-native-rust.yaml";

struct Result {
  int code;
  std::string out;
  std::string err;
};

Result run(std::vector<std::string> args) {
  args.insert(args.begin(), "readinglist-operator");
  std::ostringstream out;
  std::ostringstream err;
  const int code = run_cli(args, out, err);
  return {code, out.str(), err.str()};
}

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("rl-cli-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  std::string write(const std::string& name, const std::string& text) const {
    const auto file = path_ / name;
    std::ofstream(file) << text;
    return file.string();
  }

 private:
  fs::path path_;
};

const char* kMinimalList = R"(apiVersion: readinglist.dev/v1alpha1
kind: ReadingList
metadata:
  name: minimal
spec:
  title: Minimal
  sections:
    - title: Links
      entries:
        - title: Example
          url: https://example.org/
)";

TEST(Cli, VersionPrintsNameAndVersionAndExitsZero) {
  auto result = run({"--version"});
  EXPECT_EQ(result.code, kExitOk);
  EXPECT_THAT(result.out, StartsWith("readinglist-operator " RL_VERSION " ("));
  EXPECT_THAT(result.out, HasSubstr(" build)"));  // the compiler and build type
}

TEST(Cli, EverySubcommandHasHelpAndVersion) {
  for (const std::string command : {"render", "validate", "crd", "import", "export"}) {
    auto help = run({command, "--help"});
    EXPECT_EQ(help.code, kExitOk) << command;
    EXPECT_THAT(help.out, HasSubstr(command)) << command;
    auto version = run({command, "--version"});
    EXPECT_EQ(version.code, kExitOk) << command;
    EXPECT_THAT(version.out, StartsWith("readinglist-operator ")) << command;
  }
}

TEST(Cli, UnknownSubcommandIsAUsageError) {
  auto result = run({"frobnicate"});
  EXPECT_EQ(result.code, kExitUsage);
  EXPECT_THAT(result.err, HasSubstr("error"));
}

TEST(Cli, MissingRequiredFileIsAUsageError) {
  EXPECT_EQ(run({"validate"}).code, kExitUsage);
  EXPECT_EQ(run({"render"}).code, kExitUsage);
  EXPECT_EQ(run({}).code, kExitUsage);
}

TEST(Cli, ValidateAcceptsTheWorkedExample) {
  auto result = run({"validate", "-f", kExample});
  EXPECT_EQ(result.code, kExitOk) << result.err;
  EXPECT_THAT(result.out, HasSubstr("five-years-of-cloud-native-rust: valid"));
}

TEST(Cli, ValidateReportsEveryErrorWithItsPathAndExitsOne) {
  TempDir dir;
  std::string text = kMinimalList;
  text.replace(text.find("https://example.org/"), 20, "javascript:alert(1)");
  text.replace(text.find("title: Minimal"), 14, "title: \"\"");
  const auto file = dir.write("bad.yaml", text);
  auto result = run({"validate", "-f", file});
  EXPECT_EQ(result.code, kExitInvalid);
  EXPECT_THAT(result.err, HasSubstr("minimal: spec.title: "));
  EXPECT_THAT(result.err, HasSubstr("minimal: spec.sections[0].entries[0].url: scheme "
                                    "\"javascript\" is not allowed"));
}

TEST(Cli, ValidateChecksEveryFileAndEveryDocument) {
  TempDir dir;
  std::string second = kMinimalList;
  second.replace(second.find("name: minimal"), 13, "name: second");
  const auto good = dir.write("good.yaml", std::string(kMinimalList) + "---\n" + second);
  const auto bad = dir.write("bad.yaml",
                             "apiVersion: readinglist.dev/v1alpha1\nkind: ReadingList\n"
                             "metadata: {name: x}\nspec: a: b\n");
  auto result = run({"validate", "-f", good, "-f", bad});
  EXPECT_EQ(result.code, kExitInvalid);
  EXPECT_THAT(result.out, HasSubstr("minimal: valid"));
  EXPECT_THAT(result.out, HasSubstr("second: valid"));
  EXPECT_THAT(result.err, HasSubstr("bad.yaml:4:8: illegal map value"));  // file, line, column
}

const char* kMinimalMicrosite = R"(apiVersion: readinglist.dev/v1alpha1
kind: Microsite
metadata:
  name: conference
spec:
  title: Conference
  selector:
    matchExpressions:
      - key: track
        operator: In
        values: [rust]
)";

TEST(Cli, ValidateChecksListsAndMicrositesOfOneFile) {
  TempDir dir;
  const auto file =
      dir.write("mixed.yaml", std::string(kMinimalMicrosite) + "---\n" + kMinimalList);
  auto result = run({"validate", "-f", file});
  EXPECT_EQ(result.code, kExitOk) << result.err;
  EXPECT_EQ(result.out, file + ": conference: valid\n" + file + ": minimal: valid\n");
}

TEST(Cli, ValidateReportsMicrositeProblemsWithTheirPaths) {
  TempDir dir;
  std::string microsite = kMinimalMicrosite;
  microsite.replace(microsite.find("values: [rust]"), 14, "values: []");
  microsite.replace(microsite.find("title: Conference"), 17, "title: \"\"");
  const auto file = dir.write("mixed.yaml", std::string(kMinimalList) + "---\n" + microsite);
  auto result = run({"validate", "-f", file});
  EXPECT_EQ(result.code, kExitInvalid);
  EXPECT_THAT(result.out, HasSubstr("minimal: valid"));
  EXPECT_THAT(result.err, HasSubstr("conference: spec.title: is required"));
  EXPECT_THAT(result.err, HasSubstr("conference: spec.selector.matchExpressions[0].values: must "
                                    "not be empty when operator is In"));
}

TEST(Cli, ValidateRefusesOtherKindsAndShapeErrorsOfMicrosites) {
  TempDir dir;
  const auto other = dir.write("other.yaml", "apiVersion: v1\nkind: ConfigMap\n");
  auto result = run({"validate", "-f", other});
  EXPECT_EQ(result.code, kExitInvalid);
  EXPECT_THAT(result.err, HasSubstr("kind \"ConfigMap\" is not a ReadingList or a Microsite"));
  std::string microsite = kMinimalMicrosite;
  microsite.replace(microsite.find("operator: In"), 12, "op: In");
  const auto shape = dir.write("shape.yaml", microsite);
  result = run({"validate", "-f", shape});
  EXPECT_EQ(result.code, kExitInvalid);
  EXPECT_THAT(result.err, HasSubstr("spec.selector.matchExpressions[0].op: unknown field"));
  const auto empty = dir.write("empty.yaml", "# nothing\n");
  EXPECT_THAT(run({"validate", "-f", empty}).err, HasSubstr("no ReadingList or Microsite found"));
}

TEST(Cli, ValidateOfAMissingFileIsAUsageError) {
  auto result = run({"validate", "-f", "/nonexistent/list.yaml"});
  EXPECT_EQ(result.code, kExitUsage);
  EXPECT_THAT(result.err, HasSubstr("/nonexistent/list.yaml"));
}

TEST(Cli, RenderWritesTheContentFilesIntoTheOutputDirectory) {
  TempDir dir;
  const auto out = (dir.path() / "site").string();
  auto result = run({"render", "-f", kExample, "-o", out});
  ASSERT_EQ(result.code, kExitOk) << result.err;
  for (const char* name : {"index.html", "style.css", "feed.xml", "readinglist.json",
                           "readinglist.md", "nginx.conf"}) {
    EXPECT_TRUE(fs::exists(fs::path(out) / name)) << name;
  }
  std::ifstream index(fs::path(out) / "index.html");
  std::string html((std::istreambuf_iterator<char>(index)), std::istreambuf_iterator<char>());
  EXPECT_THAT(html, HasSubstr("Five Years of Cloud-Native Rust"));
  EXPECT_THAT(result.out, HasSubstr("sha256 "));
}

TEST(Cli, RenderOfSeveralListsWritesOneDirectoryEach) {
  TempDir dir;
  std::string second = kMinimalList;
  second.replace(second.find("name: minimal"), 13, "name: second");
  const auto file = dir.write("two.yaml", std::string(kMinimalList) + "---\n" + second);
  auto result = run({"render", "-f", file, "-o", (dir.path() / "out").string()});
  ASSERT_EQ(result.code, kExitOk) << result.err;
  EXPECT_TRUE(fs::exists(dir.path() / "out" / "minimal" / "index.html"));
  EXPECT_TRUE(fs::exists(dir.path() / "out" / "second" / "index.html"));
}

TEST(Cli, RenderRefusesAnInvalidListAndWritesNothing) {
  TempDir dir;
  std::string text = kMinimalList;
  text.replace(text.find("https://example.org/"), 20, "data:text/html,hi");
  const auto file = dir.write("bad.yaml", text);
  const auto out = dir.path() / "site";
  auto result = run({"render", "-f", file, "-o", out.string()});
  EXPECT_EQ(result.code, kExitInvalid);
  EXPECT_THAT(result.err, HasSubstr("spec.sections[0].entries[0].url"));
  EXPECT_FALSE(fs::exists(out / "index.html"));
}

TEST(Cli, CrdPrintsBothGeneratedDefinitionsAsOneStream) {
  auto result = run({"crd"});
  EXPECT_EQ(result.code, kExitOk);
  EXPECT_EQ(result.out, model::readinglist_crd_yaml() + model::microsite_crd_yaml());
  EXPECT_THAT(result.out, HasSubstr("readinglists.readinglist.dev"));
  EXPECT_THAT(result.out, HasSubstr("microsites.readinglist.dev"));
}

TEST(Cli, CrdPrintsOneDefinitionWhenNamed) {
  EXPECT_EQ(run({"crd", "readinglists"}).out, model::readinglist_crd_yaml());
  EXPECT_EQ(run({"crd", "microsites"}).out, model::microsite_crd_yaml());
  auto unknown = run({"crd", "widgets"});
  EXPECT_EQ(unknown.code, kExitUsage);
  EXPECT_EQ(unknown.out, "");
}

TEST(Cli, RunHelpShowsTheProbeAndMetricsAddressesWithTheirDefaults) {
  auto result = run({"run", "--help"});
  EXPECT_EQ(result.code, kExitOk);
  EXPECT_THAT(result.out, HasSubstr("--health-bind-address"));
  EXPECT_THAT(result.out, HasSubstr(":8081"));
  EXPECT_THAT(result.out, HasSubstr("--metrics-bind-address"));
  EXPECT_THAT(result.out, HasSubstr(":8080"));
}

TEST(Cli, RunRefusesAMalformedBindAddressAsAUsageError) {
  auto result = run({"run", "--metrics-bind-address", "8080"});
  EXPECT_EQ(result.code, kExitUsage);
  EXPECT_THAT(result.err, HasSubstr("--metrics-bind-address"));
  EXPECT_EQ(run({"run", "--health-bind-address", "localhost:http"}).code, kExitUsage);
}

TEST(Cli, RunHelpShowsLeaderElectionFlagsWithClientGoDefaults) {
  auto result = run({"run", "--help"});
  EXPECT_EQ(result.code, kExitOk);
  for (const char* text :
       {"--leader-elect ", "--leader-election-namespace", "--leader-election-id",
        "=readinglist-operator", "--leader-elect-lease-duration DURATION=15s",
        "--leader-elect-renew-deadline DURATION=10s", "--leader-elect-retry-period DURATION=2s",
        "--resync-period DURATION=10m0s", "RL_LEADER_ELECT)"}) {
    EXPECT_THAT(result.out, HasSubstr(text));
  }
}

TEST(Cli, RunHasNoClientSideRateLimitUnlessAsked) {
  auto help = run({"run", "--help"});
  EXPECT_THAT(help.out, HasSubstr("--qps FLOAT:NONNEGATIVE=0"));
  EXPECT_EQ(run({"run", "--qps", "-1"}).code, kExitUsage);
  // Parsing succeeds; the run then stops at the missing kubeconfig (exit 1, not 2).
  EXPECT_EQ(run({"run", "--kubeconfig", "/nonexistent/kubeconfig", "--qps", "20", "--burst", "30",
                 "--health-bind-address", "0", "--metrics-bind-address", "0"})
                .code,
            1);
}

TEST(Cli, RunRefusesMalformedDurationsAsUsageErrors) {
  auto result = run({"run", "--leader-elect-retry-period", "2x"});
  EXPECT_EQ(result.code, kExitUsage);
  EXPECT_THAT(result.err, HasSubstr("--leader-elect-retry-period"));
  EXPECT_EQ(run({"run", "--resync-period", "500ms"}).code, kExitUsage) << "under a second";
  EXPECT_EQ(run({"run", "--resync-period", "ten"}).code, kExitUsage);
}

TEST(Cli, RunRefusesLeaderElectionTimingsThatCannotWork) {
  auto result = run({"run", "--leader-elect", "--leader-elect-renew-deadline", "20s"});
  EXPECT_EQ(result.code, kExitUsage);
  EXPECT_THAT(result.err, HasSubstr("lease duration must be longer than the renew deadline"));
  EXPECT_THAT(result.err, HasSubstr("--leader-elect-renew-deadline 20s"));
  EXPECT_EQ(run({"run", "--leader-elect", "--leader-elect-retry-period=10s"}).code, kExitUsage);
}

TEST(Cli, RunAcceptsGoDurationsAndBareSeconds) {
  // Parsing succeeds; the run itself then stops at the missing kubeconfig (exit 1, not 2).
  auto result = run({"run", "--kubeconfig", "/nonexistent/kubeconfig", "--resync-period", "600",
                     "--leader-elect", "--leader-elect-lease-duration", "1m",
                     "--leader-elect-renew-deadline", "30s", "--leader-elect-retry-period",
                     "1500ms", "--health-bind-address", "0", "--metrics-bind-address", "0"});
  EXPECT_EQ(result.code, 1) << result.err;
  EXPECT_THAT(result.err, HasSubstr("cannot load the cluster configuration"));
}

const std::string kExampleMarkdown = RL_SOURCE_DIR "/tests/data/five-years-of-cloud-native-rust.md";

TEST(Cli, ImportPrintsAValidManifestNamedAfterTheFile) {
  auto result = run({"import", kExampleMarkdown, "--namespace", "talks"});
  ASSERT_EQ(result.code, kExitOk) << result.err;
  auto lists = model::parse_yaml(result.out, "import");
  ASSERT_TRUE(lists) << lists.error().to_string();
  ASSERT_EQ(lists->size(), 1U);
  EXPECT_EQ(lists->at(0).metadata.name, "five-years-of-cloud-native-rust");
  EXPECT_EQ(lists->at(0).metadata.namespace_, "talks");
  EXPECT_EQ(lists->at(0).spec.sections.size(), 3U);
  EXPECT_TRUE(model::validate(lists->at(0)).empty());
}

TEST(Cli, ImportTakesANameAndReadsStandardInputAsDash) {
  TempDir dir;
  auto result =
      run({"import", "--name", "mine", dir.write("list.md", "# T\n\n- [A](https://a.example/)\n")});
  ASSERT_EQ(result.code, kExitOk) << result.err;
  EXPECT_THAT(result.out, HasSubstr("name: mine"));
  // "-" parses as the file argument (stdin itself is not redirected in a unit test).
  EXPECT_NE(run({"import", "-", "--bogus"}).code, kExitOk);
}

TEST(Cli, ImportOfMalformedInputIsBadInputWithAClearMessage) {
  TempDir dir;
  auto binary = run({"import", dir.write("bin.md", std::string("\x00\x01\x02", 3))});
  EXPECT_EQ(binary.code, kExitInvalid);
  EXPECT_THAT(binary.err, HasSubstr("binary data"));
  auto prose = run({"import", dir.write("prose.md", "# T\n\nNo links.\n")});
  EXPECT_EQ(prose.code, kExitInvalid);
  EXPECT_THAT(prose.err, HasSubstr("spec.sections"));
  auto huge = run({"import", dir.write("huge.md", std::string(5 * 1024 * 1024, 'a'))});
  EXPECT_EQ(huge.code, kExitInvalid);
  EXPECT_THAT(huge.err, HasSubstr("over the limit"));
  EXPECT_EQ(run({"import", "/nonexistent/list.md"}).code, kExitUsage);
  EXPECT_EQ(run({"import"}).code, kExitUsage);
}

TEST(Cli, ExportWritesMarkdownThatImportsBackToTheSameSpec) {
  TempDir dir;
  auto exported = run({"export", "-f", kExample});
  ASSERT_EQ(exported.code, kExitOk) << exported.err;
  EXPECT_THAT(exported.out, HasSubstr("# Five Years of Cloud-Native Rust: A Reading List"));
  auto imported = run(
      {"import", dir.write("list.md", exported.out), "--name", "five-years-of-cloud-native-rust"});
  ASSERT_EQ(imported.code, kExitOk) << imported.err;
  auto again = model::parse_yaml(imported.out, "imported");
  std::ifstream example(kExample);
  const std::string example_text{std::istreambuf_iterator<char>(example),
                                 std::istreambuf_iterator<char>()};
  auto source = model::parse_yaml(example_text, "example");
  ASSERT_TRUE(again && source);
  auto expected = source->at(0).spec;
  expected.description->pop_back();  // the block scalar's final newline
  EXPECT_EQ(again->at(0).spec, expected);
}

TEST(Cli, ExportRefusesAnInvalidList) {
  TempDir dir;
  std::string text = kMinimalList;
  text.replace(text.find("https://example.org/"), 20, "javascript:alert(1)");
  auto result = run({"export", "-f", dir.write("bad.yaml", text)});
  EXPECT_EQ(result.code, kExitInvalid);
  EXPECT_THAT(result.err, HasSubstr("url"));
}

}  // namespace
}  // namespace rl::app
