#include "readinglist/app/cli.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <vector>

#include "readinglist/app/offline_commands.hpp"
#include "readinglist/app/run_command.hpp"

namespace rl::app {

namespace {

constexpr const char* kVersionText = "readinglist-operator " RL_VERSION;

void add_version_flag(CLI::App& command) {
  command.set_version_flag("--version", kVersionText);
}

}  // namespace

int run_cli(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
  CLI::App app{
      "readinglist-operator: turns ReadingList resources (readinglist.dev/v1alpha1) into web "
      "pages.\nThe render, validate and crd commands work offline.",
      "readinglist-operator"};
  app.require_subcommand(1);
  add_version_flag(app);

  RenderOptions render_options;
  auto* render = app.add_subcommand("render", "Render a ReadingList manifest to its content files");
  render->add_option("-f,--filename", render_options.file, "Manifest to render ('-' for stdin)")
      ->required();
  render->add_option("-o,--output", render_options.output_dir,
                     "Directory to write (default: one named after each list)");
  add_version_flag(*render);

  ValidateOptions validate_options;
  auto* validate = app.add_subcommand(
      "validate",
      "Check ReadingList manifests against every rule of the API; exit 1 if any is invalid");
  validate
      ->add_option("-f,--filename", validate_options.files, "Manifests to check ('-' for stdin)")
      ->required();
  add_version_flag(*validate);

  auto* crd = app.add_subcommand("crd", "Print the ReadingList CustomResourceDefinition (YAML)");
  add_version_flag(*crd);

  RunOptions run_options;
  auto* run = app.add_subcommand(
      "run", "Run the controller: reconcile ReadingLists into served sites until SIGTERM");
  run->add_option("--kubeconfig", run_options.kubeconfig,
                  "kubeconfig file (default: $KUBECONFIG, in-cluster, ~/.kube/config)");
  run->add_option("--context", run_options.context, "kubeconfig context (default: current)")
      ->envname("RL_CONTEXT");
  run->add_option("--namespace", run_options.namespaces,
                  "Namespace to watch; repeat for several (default: all)")
      ->envname("RL_NAMESPACE")
      ->delimiter(',');
  run->add_option("--concurrency", run_options.concurrency, "Lists reconciled at once")
      ->envname("RL_CONCURRENCY")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  run->add_option("--qps", run_options.qps, "API requests per second (client-side limit)")
      ->envname("RL_QPS")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  run->add_option("--burst", run_options.burst, "API request burst")
      ->envname("RL_BURST")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  run->add_option("--resync-period", run_options.resync_seconds,
                  "Seconds between full resyncs of every list")
      ->envname("RL_RESYNC_PERIOD")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  run->add_option("--log-format", run_options.log_format, "text or json")
      ->envname("RL_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  run->add_option("--log-level", run_options.log_level, "debug, info, warn or error")
      ->envname("RL_LOG_LEVEL")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}))
      ->capture_default_str();
  add_version_flag(*run);

  std::vector<std::string> reversed(args.rbegin(), args.rend() - (args.empty() ? 0 : 1));
  try {
    app.parse(std::move(reversed));
  } catch (const CLI::CallForHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::CallForVersion&) {
    out << kVersionText << "\n";
    return kExitOk;
  } catch (const CLI::ParseError& error) {
    err << "error: " << error.what() << "\nRun 'readinglist-operator --help' for usage.\n";
    return kExitUsage;
  }

  if (render->parsed()) return render_command(render_options, out, err);
  if (validate->parsed()) return validate_command(validate_options, out, err);
  if (crd->parsed()) return crd_command(out);
  if (run->parsed()) return run_command(run_options, err);
  err << "error: no subcommand\n";
  return kExitUsage;
}

int run_cli(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  return run_cli(args, std::cout, std::cerr);
}

}  // namespace rl::app
