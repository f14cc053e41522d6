// Definitions shared by the files that implement ApiServer (not part of its interface).
#pragma once

#include <string>
#include <vector>

#include "api.hpp"
#include "managed_fields.hpp"

namespace rl::test_apiserver {

struct Route {
  TypePtr type;
  std::string ns;    // from the path; "" for cluster-scoped kinds and all-namespace collections
  std::string name;  // "" for a collection
  std::string subresource;
  bool collection() const { return name.empty(); }
};

struct WriteOptions {
  Writer writer;
  bool dry_run = false;
  std::string field_validation = "Warn";  // Ignore, Warn, Strict
  bool managed_fields_done = false;       // server-side apply already recorded ownership
  bool is_put = false;
};

// What a create or update returns: the revision it stored, or the object itself when nothing
// was stored under it (a dry run, a write that changed nothing on a kind served converted, the
// update that removed the last finalizer).
struct Written {
  RevisionPtr stored;
  nlohmann::json object;  // when `stored` is null
};
// The response to a write; a stored revision's text is made after the server's lock is released
// and is the same text its watchers receive.
Response written_response(int status, TypePtr type, Written written);
// The JSON text of a stored revision in its wire form.
std::string wire_text(const ResourceType& type, const Revision& stored);

// Helpers over JSON objects.
const nlohmann::json& metadata_of(const nlohmann::json& object);
std::string meta_string(const nlohmann::json& object, const char* field);
std::string query_value(const Request& request, const std::string& key);
bool query_flag(const Request& request, const std::string& key);
// Parses the body by content type: JSON, or YAML for apply patches. 400 when it cannot.
Result<nlohmann::json> parse_body(const std::string& body, bool yaml);
// The same for a request, taking the body ApiServer::handle parsed outside its lock if it did.
Result<nlohmann::json> parse_body(const Request& request, bool yaml);

// Wire form of a stored object for a response.
nlohmann::json wire(const ResourceType& type, const nlohmann::json& stored);

}  // namespace rl::test_apiserver
