#include "readinglist/app/offline_commands.hpp"

#include <filesystem>
#include <ostream>
#include <string_view>
#include <utility>
#include <variant>

#include "readinglist/app/cli.hpp"
#include "readinglist/app/files.hpp"
#include "readinglist/import/markdown_import.hpp"
#include "readinglist/model/codec.hpp"
#include "readinglist/model/crd.hpp"
#include "readinglist/model/limits.hpp"
#include "readinglist/model/microsite_codec.hpp"
#include "readinglist/model/microsite_validate.hpp"
#include "readinglist/model/validate.hpp"
#include "readinglist/render/files.hpp"
#include "readinglist/render/render.hpp"

namespace rl::app {

namespace {

std::string display_name(const std::string& file) {
  return file == "-" ? "<stdin>" : file;
}

// "file: name" for messages about one object of a (possibly multi-document) file.
std::string object_label(const std::string& file, const model::ObjectMeta& metadata,
                         std::size_t index, std::size_t count) {
  std::string label = display_name(file);
  if (!metadata.name.empty()) {
    label += ": " + metadata.name;
  } else if (count > 1) {
    label += ": document " + std::to_string(index + 1);
  }
  return label;
}

std::string list_label(const std::string& file, const model::ReadingList& list, std::size_t index,
                       std::size_t count) {
  return object_label(file, list.metadata, index, count);
}

struct LoadedFile {
  std::vector<model::ReadingList> lists;
  int exit_code = kExitOk;  // set when the file could not be read or parsed
};

// The objects `parse` reads from `file`, or the exit code that reports why there are none.
template <typename Object, typename Parse>
std::pair<std::vector<Object>, int> load_with(const std::string& file, std::ostream& err,
                                              Parse parse, std::string_view wanted) {
  auto text = read_input(file, model::limits::kMaxDocumentBytes);
  if (!text) {
    err << "error: " << text.error().message << "\n";
    return {{}, text.error().too_large ? kExitInvalid : kExitUsage};
  }
  auto objects = parse(*text, display_name(file));
  if (!objects) {
    err << objects.error().to_string() << "\n";
    return {{}, kExitInvalid};
  }
  if (objects->empty()) {
    err << display_name(file) << ": no " << wanted << " found\n";
    return {{}, kExitInvalid};
  }
  return {std::move(*objects), kExitOk};
}

LoadedFile load(const std::string& file, std::ostream& err) {
  auto [lists, exit_code] =
      load_with<model::ReadingList>(file, err, model::parse_yaml, "ReadingList");
  return {std::move(lists), exit_code};
}

// Prints "label: valid" or each of `problems`; returns the exit code it means.
int report(const std::string& label, const std::vector<model::FieldError>& problems,
           std::ostream& out, std::ostream& err) {
  if (problems.empty()) {
    out << label << ": valid\n";
    return kExitOk;
  }
  for (const auto& problem : problems)
    err << label << ": " << problem.to_string() << "\n";
  return kExitInvalid;
}

// A list is valid when it renders within the size limits too; a microsite's content depends on
// the lists it selects in a cluster, so only its own rules are checked here.
std::vector<model::FieldError> problems_of(const model::ReadingList& list) {
  auto content = render::render_checked(list);
  return content ? std::vector<model::FieldError>{} : std::move(content.error());
}
std::vector<model::FieldError> problems_of(const model::Microsite& microsite) {
  return model::validate(microsite);
}

}  // namespace

int render_command(const RenderOptions& options, std::ostream& out, std::ostream& err) {
  auto loaded = load(options.file, err);
  if (loaded.exit_code != kExitOk) return loaded.exit_code;

  int exit_code = kExitOk;
  const auto count = loaded.lists.size();
  for (std::size_t i = 0; i < count; ++i) {
    const auto& list = loaded.lists[i];
    const std::string label = list_label(options.file, list, i, count);
    auto content = render::render_checked(list);
    if (!content) {
      for (const auto& problem : content.error())
        err << label << ": " << problem.to_string() << "\n";
      exit_code = kExitInvalid;
      continue;
    }
    std::string dir = options.output_dir;
    if (dir.empty()) {
      dir = list.metadata.name;
    } else if (count > 1) {
      dir = (std::filesystem::path(dir) / list.metadata.name).string();
    }
    if (auto written = write_content(dir, *content); !written) {
      err << "error: " << written.error() << "\n";
      return kExitInvalid;
    }
    out << "rendered " << label << " -> " << dir << "/ (" << content->files.size() << " files, "
        << content->total_bytes() << " bytes, sha256 " << content->hash() << ")\n";
  }
  return exit_code;
}

int validate_command(const ValidateOptions& options, std::ostream& out, std::ostream& err) {
  int exit_code = kExitOk;
  for (const auto& file : options.files) {
    auto [manifests, loaded] = load_with<model::Manifest>(file, err, model::parse_manifests_yaml,
                                                          "ReadingList or Microsite");
    exit_code = std::max(exit_code, loaded);
    const auto count = manifests.size();
    for (std::size_t i = 0; i < count; ++i) {
      std::visit(
          [&](const auto& object) {
            const std::string label = object_label(file, object.metadata, i, count);
            exit_code = std::max(exit_code, report(label, problems_of(object), out, err));
          },
          manifests[i]);
    }
  }
  return exit_code;
}

int import_command(const ImportOptions& options, std::ostream& out, std::ostream& err) {
  // Read more than the importer accepts, so an oversized document gets its clear message
  // (and exit 1) from the importer rather than a bare read error.
  auto text = read_input(options.file, 4 * import::kMaxMarkdownBytes);
  if (!text) {
    err << "error: " << text.error().message << "\n";
    return text.error().too_large ? kExitInvalid : kExitUsage;
  }
  import::ImportOptions import_options{options.name, options.namespace_};
  if (import_options.name.empty() && options.file != "-") {
    import_options.name =
        import::name_from_text(std::filesystem::path(options.file).stem().string());
  }
  auto list = import::import_markdown(*text, import_options);
  if (!list) {
    err << display_name(options.file) << ": " << list.error().to_string() << "\n";
    return kExitInvalid;
  }
  out << model::to_yaml(*list);
  return kExitOk;
}

int export_command(const ExportOptions& options, std::ostream& out, std::ostream& err) {
  auto loaded = load(options.file, err);
  if (loaded.exit_code != kExitOk) return loaded.exit_code;
  const auto count = loaded.lists.size();
  for (std::size_t i = 0; i < count; ++i) {
    const auto& list = loaded.lists[i];
    // Only a valid list is exported, so what is written can be imported back.
    if (auto problems = model::validate(list); !problems.empty()) {
      for (const auto& problem : problems)
        err << list_label(options.file, list, i, count) << ": " << problem.to_string() << "\n";
      return kExitInvalid;
    }
  }
  for (std::size_t i = 0; i < count; ++i)
    out << (i > 0 ? "\n" : "") << render::render_readinglist_md(loaded.lists[i]);
  return kExitOk;
}

int crd_command(const CrdOptions& options, std::ostream& out) {
  if (options.resource.empty() || options.resource == model::kPlural) {
    out << model::readinglist_crd_yaml();
  }
  if (options.resource.empty() || options.resource == model::kMicrositePlural) {
    out << model::microsite_crd_yaml();
  }
  return kExitOk;
}

}  // namespace rl::app
