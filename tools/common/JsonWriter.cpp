//===- JsonWriter.cpp - JSON text with its strings escaped ----------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "JsonWriter.h"

#include <cctype>
#include <cstdio>

using namespace circc;

std::string JsonWriter::quote(std::string_view text) {
  std::string quoted = "\"";
  for (char ch : text) {
    unsigned char byte = static_cast<unsigned char>(ch);
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
