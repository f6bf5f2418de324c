//===- JsonWriter.cpp - JSON text with its strings escaped ----------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "JsonWriter.h"

#include <cctype>
#include <cstdio>

using namespace circc;

/// The length of the well-formed UTF-8 sequence at the start of `text`
/// (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF), or 0.
static size_t utf8SequenceLength(std::string_view text) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(0);
  size_t length = lead < 0xC2   ? 0
                  : lead < 0xE0 ? 2
                  : lead < 0xF0 ? 3
                  : lead < 0xF5 ? 4
                                : 0;
  if (length == 0 || text.size() < length)
    return 0;
  for (size_t i = 1; i < length; ++i)
    if ((byte(i) & 0xC0) != 0x80)
      return 0;
  // The second byte's range where the lead allows overlongs, surrogates or
  // code points past U+10FFFF.
  unsigned char second = byte(1);
  if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
      (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F))
    return 0;
  return length;
}

std::string JsonWriter::quote(std::string_view text) {
  std::string quoted = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    unsigned char byte = static_cast<unsigned char>(ch);
    if (byte >= 0x80) {
      // A well-formed sequence is copied; any other byte is U+FFFD, so the
      // text is always valid UTF-8 (and so valid JSON).
      size_t length = utf8SequenceLength(text.substr(i));
      if (length == 0) {
        quoted += "\\ufffd";
      } else {
        quoted.append(text.substr(i, length));
        i += length - 1;
      }
      continue;
    }
    switch (ch) {
    case '"':
      quoted += "\\\"";
      break;
    case '\\':
      quoted += "\\\\";
      break;
    case '\n':
      quoted += "\\n";
      break;
    case '\t':
      quoted += "\\t";
      break;
    case '\r':
      quoted += "\\r";
      break;
    default:
      if (byte < 0x20) {
        char escape[8];
        std::snprintf(escape, sizeof escape, "\\u%04x", byte);
        quoted += escape;
      } else {
        quoted += ch;
      }
    }
  }
  return quoted + "\"";
}

void JsonWriter::separate() {
  if (afterKey) {
    afterKey = false;
    return;
  }
  if (open_.empty())
    return;
  char &innermost = open_.back();
  if (innermost == 'O' || innermost == 'A')
    out += ", ";
  if (arrayLines && (innermost == 'a' || innermost == 'A')) {
    // Drop the space after the comma: the member starts a line.
    if (innermost == 'A')
      out.pop_back();
    out += "\n  ";
  }
  innermost = char(std::toupper(innermost));
}

JsonWriter &JsonWriter::open(char bracket) {
  separate();
  out += bracket;
  open_ += bracket == '[' ? 'a' : 'o';
  return *this;
}

JsonWriter &JsonWriter::close(char bracket) {
  if (arrayLines && bracket == ']')
    out += '\n';
  open_.pop_back();
  out += bracket;
  return *this;
}

JsonWriter &JsonWriter::key(std::string_view name) {
  separate();
  out += quote(name);
  out += ": ";
  afterKey = true;
  return *this;
}

JsonWriter &JsonWriter::value(std::string_view text) {
  separate();
  out += quote(text);
  return *this;
}

JsonWriter &JsonWriter::value(int64_t number) {
  separate();
  out += std::to_string(number);
  return *this;
}

JsonWriter &JsonWriter::value(uint64_t number) {
  separate();
  out += std::to_string(number);
  return *this;
}

JsonWriter &JsonWriter::value(double number, int decimals) {
  separate();
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, number);
  out += text;
  return *this;
}

JsonWriter &JsonWriter::null() {
  separate();
  out += "null";
  return *this;
}
