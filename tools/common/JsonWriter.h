//===- JsonWriter.h - JSON text with its strings escaped --------*- C++ -*-===//
//
// Part of circc. What the tools write as JSON (circ-eval --json, the header
// of circ-train's safetensors files) goes through here, so that any name,
// of a file or of a table, comes out as valid JSON.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_TOOLS_COMMON_JSONWRITER_H
#define CIRCC_TOOLS_COMMON_JSONWRITER_H

#include <cstdint>
#include <string>
#include <string_view>

namespace circc {

/// Builds one JSON value into a string. Objects and arrays are opened and
/// closed by the caller; commas between members are placed here, as ", "
/// and ": ". With `arrayLines`, every array member starts a line of its own.
class JsonWriter {
public:
  explicit JsonWriter(bool arrayLines = false) : arrayLines(arrayLines) {}

  JsonWriter &beginObject() { return open('{'); }
  JsonWriter &endObject() { return close('}'); }
  JsonWriter &beginArray() { return open('['); }
  JsonWriter &endArray() { return close(']'); }
  /// The key of the next object member.
  JsonWriter &key(std::string_view name);
  JsonWriter &value(std::string_view text);
  JsonWriter &value(const char *text) { return value(std::string_view(text)); }
  JsonWriter &value(int64_t number);
  JsonWriter &value(uint64_t number);
  /// A number with `decimals` digits after the point.
  JsonWriter &value(double number, int decimals);
  /// `null`.
  JsonWriter &null();

  const std::string &str() const { return out; }

  /// `text` as a JSON string literal, quotes included.
  static std::string quote(std::string_view text);

private:
  JsonWriter &open(char bracket);
  JsonWriter &close(char bracket);
  void separate();

  std::string out;
  /// Per open object ('o') or array ('a'): upper case once it has a member.
  std::string open_;
  bool arrayLines;
  bool afterKey = false;
};

} // namespace circc

#endif // CIRCC_TOOLS_COMMON_JSONWRITER_H
