#include "readinglist/app/cli.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>
#include <vector>

#include "readinglist/app/duration.hpp"
#include "readinglist/app/health_server.hpp"
#include "readinglist/app/offline_commands.hpp"
#include "readinglist/app/run_command.hpp"

namespace rl::app {

namespace {

// Version and build: what a bug report needs to say.
constexpr const char* kVersionText = "readinglist-operator " RL_VERSION
                                     " ("
#if defined(__clang__)
                                     "clang " __clang_version__
#else
                                     "gcc " __VERSION__
#endif
                                     ", " RL_BUILD_TYPE " build)";

void add_version_flag(CLI::App& command) {
  command.set_version_flag("--version", kVersionText);
}

// A duration flag: Go syntax ("15s", "500ms", "1m30s") or a bare number of seconds, checked
// while parsing so a typo is a usage error.
CLI::Option* add_duration_option(CLI::App& command, const std::string& name,
                                 std::chrono::milliseconds& target, const std::string& description,
                                 std::chrono::milliseconds at_least,
                                 std::chrono::milliseconds at_most = std::chrono::hours(24)) {
  const std::string default_text = format_go_duration(target);
  auto* option = command.add_option_function<std::string>(
      name,
      [&target](const std::string& text) {
        target = std::chrono::duration_cast<std::chrono::milliseconds>(*parse_flag_duration(text));
      },
      description);
  option->check(CLI::Validator(
      [at_least, at_most](const std::string& text) -> std::string {
        const auto parsed = parse_flag_duration(text);
        if (!parsed) return parsed.error();
        if (*parsed < at_least || *parsed > at_most) {
          return "must be between " + format_go_duration(at_least) + " and " +
                 format_go_duration(at_most);
        }
        return {};
      },
      ""));
  option->type_name("DURATION");
  option->default_str(default_text);
  return option;
}

void add_leader_election_flags(CLI::App& run, LeaderElectionOptions& options) {
  using std::chrono::milliseconds;
  run.add_flag("--leader-elect", options.enabled,
               "Reconcile only while holding the leader Lease, so several replicas can run")
      ->envname("RL_LEADER_ELECT");
  run.add_option("--leader-election-namespace", options.namespace_,
                 "Namespace of the Lease (default: the service account's or kubeconfig "
                 "context's namespace)")
      ->envname("RL_LEADER_ELECTION_NAMESPACE");
  run.add_option("--leader-election-id", options.lease_name, "Name of the Lease")
      ->envname("RL_LEADER_ELECTION_ID")
      ->capture_default_str();
  add_duration_option(run, "--leader-elect-lease-duration", options.lease_duration,
                      "How long other candidates wait after the last renewal they saw before "
                      "taking the Lease",
                      milliseconds(1000))
      ->envname("RL_LEADER_ELECT_LEASE_DURATION");
  add_duration_option(run, "--leader-elect-renew-deadline", options.renew_deadline,
                      "How long the leader keeps trying to renew before it gives up leading",
                      milliseconds(1))
      ->envname("RL_LEADER_ELECT_RENEW_DEADLINE");
  add_duration_option(run, "--leader-elect-retry-period", options.retry_period,
                      "Time between attempts to acquire or renew the Lease", milliseconds(1))
      ->envname("RL_LEADER_ELECT_RETRY_PERIOD");
}

// host:port, :port or 0, checked while parsing so a typo is a usage error (exit 2).
CLI::Validator bind_address() {
  return CLI::Validator(
      [](const std::string& text) {
        const auto parsed = parse_bind_address(text);
        return parsed ? std::string() : parsed.error();
      },
      "HOST:PORT|:PORT|0");
}

}  // namespace

int run_cli(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
  CLI::App app{
      "readinglist-operator: turns ReadingList resources (readinglist.dev/v1alpha1) into web "
      "pages.\nThe render, validate, crd, import and export commands work offline.",
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
      "Check ReadingList and Microsite manifests against every rule of the API; exit 1 if any is "
      "invalid");
  validate
      ->add_option("-f,--filename", validate_options.files, "Manifests to check ('-' for stdin)")
      ->required();
  add_version_flag(*validate);

  CrdOptions crd_options;
  auto* crd = app.add_subcommand(
      "crd", "Print the ReadingList and Microsite CustomResourceDefinitions (YAML)");
  crd->add_option("resource", crd_options.resource, "Print only this one's CRD")
      ->check(CLI::IsMember({"readinglists", "microsites"}));
  add_version_flag(*crd);

  ImportOptions import_options;
  auto* import_cmd = app.add_subcommand(
      "import",
      "Print the ReadingList manifest a Markdown reading list (e.g. a Jekyll post) describes");
  import_cmd->add_option("file", import_options.file, "Markdown document ('-' for stdin)")
      ->required();
  import_cmd->add_option("--name", import_options.name,
                         "metadata.name (default: from the file name, else the title)");
  import_cmd->add_option("--namespace", import_options.namespace_, "metadata.namespace");
  add_version_flag(*import_cmd);

  ExportOptions export_options;
  auto* export_cmd =
      app.add_subcommand("export", "Print a ReadingList manifest as Markdown (readinglist.md)");
  export_cmd->add_option("-f,--filename", export_options.file, "Manifest to export ('-' for stdin)")
      ->required();
  add_version_flag(*export_cmd);

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
  run->add_option("--qps", run_options.qps,
                  "Client-side limit of API requests per second (0: none; the API server's "
                  "Priority and Fairness throttles with 429, which is honoured)")
      ->envname("RL_QPS")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  run->add_option("--burst", run_options.burst, "API request burst (with --qps)")
      ->envname("RL_BURST")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  add_duration_option(*run, "--resync-period", run_options.resync_period,
                      "Time between full resyncs of every list (\"10m\", or seconds)",
                      std::chrono::seconds(1))
      ->envname("RL_RESYNC_PERIOD");
  run->add_option("--log-format", run_options.log_format,
                  "text or json (default: json inside a cluster, text outside)")
      ->envname("RL_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}));
  run->add_option("--log-level", run_options.log_level, "debug, info, warn or error")
      ->envname("RL_LOG_LEVEL")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}))
      ->capture_default_str();
  run->add_option("--health-bind-address", run_options.health_bind_address,
                  "Address of /healthz and /readyz: host:port, :port (all interfaces) or 0 (off)")
      ->envname("RL_HEALTH_BIND_ADDRESS")
      ->check(bind_address())
      ->capture_default_str();
  run->add_option("--metrics-bind-address", run_options.metrics_bind_address,
                  "Address of /metrics (Prometheus text): host:port, :port or 0 (off); the same "
                  "as --health-bind-address serves all three on one port")
      ->envname("RL_METRICS_BIND_ADDRESS")
      ->check(bind_address())
      ->capture_default_str();
  add_leader_election_flags(*run, run_options.leader_election);
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
  if (crd->parsed()) return crd_command(crd_options, out);
  if (import_cmd->parsed()) return import_command(import_options, out, err);
  if (export_cmd->parsed()) return export_command(export_options, out, err);
  if (run->parsed() && run_options.leader_election.enabled) {
    if (auto timing = check_leader_election(run_options.leader_election); !timing) {
      err << "error: " << timing.error() << "\nRun 'readinglist-operator --help' for usage.\n";
      return kExitUsage;
    }
  }
  if (run->parsed()) return run_command(run_options, err);
  err << "error: no subcommand\n";
  return kExitUsage;
}

int run_cli(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  return run_cli(args, std::cout, std::cerr);
}

}  // namespace rl::app
