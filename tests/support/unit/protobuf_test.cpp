// Protobuf bodies as kubectl's typed clients send them (`kubectl create configmap ...`),
// built here byte by byte from the Kubernetes .proto field numbers.
#include "protobuf.hpp"

#include "api_fixture.hpp"

namespace rl::test_apiserver::testing {
namespace {

std::string varint(std::uint64_t v) {
  std::string out;
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
  return out;
}
std::string bytes_field(int number, const std::string& value) {
  return varint(static_cast<std::uint64_t>(number) << 3 | 2) + varint(value.size()) + value;
}
std::string bool_field(int number, bool value) {
  return varint(static_cast<std::uint64_t>(number) << 3) + varint(value ? 1 : 0);
}
std::string entry(int number, const std::string& key, const std::string& value) {
  return bytes_field(number, bytes_field(1, key) + bytes_field(2, value));
}
std::string envelope(const std::string& kind, const std::string& raw) {
  std::string type_meta = bytes_field(1, "v1") + bytes_field(2, kind);
  return std::string("k8s\0", 4) + bytes_field(1, type_meta) + bytes_field(2, raw) +
         bytes_field(4, "application/vnd.kubernetes.protobuf");
}

TEST(Protobuf, DecodesAConfigMapWithMetadata) {
  std::string meta = bytes_field(1, "site") + entry(11, "app", "web") + entry(12, "note", "hi") +
                     bytes_field(14, "example.com/keep");
  std::string cm = bytes_field(1, meta) + entry(2, "index.html", "<h1>hi</h1>") +
                   entry(3, "logo", std::string("\x89PNG", 4)) + bool_field(4, true);
  auto decoded = decode_protobuf_object(envelope("ConfigMap", cm));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
    "metadata":{"name":"site","labels":{"app":"web"},"annotations":{"note":"hi"},
                "finalizers":["example.com/keep"]},
    "data":{"index.html":"<h1>hi</h1>"},"binaryData":{"logo":"iVBORw=="},"immutable":true})"));
}

TEST(Protobuf, DecodesSecretsAndNamespaces) {
  auto secret =
      decode_protobuf_object(envelope("Secret", bytes_field(1, bytes_field(1, "s")) +
                                                    entry(2, "k", "v") + bytes_field(3, "Opaque")));
  ASSERT_TRUE(secret) << secret.error().message;
  EXPECT_EQ((*secret)["data"]["k"], "dg==");
  EXPECT_EQ((*secret)["type"], "Opaque");
  auto ns = decode_protobuf_object(envelope("Namespace", bytes_field(1, bytes_field(1, "team"))));
  ASSERT_TRUE(ns) << ns.error().message;
  EXPECT_EQ((*ns)["metadata"]["name"], "team");
}

TEST(Protobuf, OtherKindsAre415AndGarbageIs400) {
  auto deployment = decode_protobuf_object(envelope("Deployment", ""));
  ASSERT_FALSE(deployment);
  EXPECT_EQ(deployment.error().code, 415);
  EXPECT_EQ(decode_protobuf_object("{}").error().code, 400);
  EXPECT_EQ(decode_protobuf_object(envelope("ConfigMap", "\x0a\x7f")).error().code, 400);
}

class ProtobufApiTest : public ApiTest {};

TEST_F(ProtobufApiTest, CreateAcceptsAProtobufConfigMap) {
  auto r = call("POST", kCms,
                envelope("ConfigMap", bytes_field(1, bytes_field(1, "pb")) + entry(2, "a", "b")),
                "application/vnd.kubernetes.protobuf");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(body_of(call("GET", std::string(kCms) + "/pb"))["data"]["a"], "b");
}

}  // namespace
}  // namespace rl::test_apiserver::testing
