//===- GrammarLexer.cpp - Lexer for grammar files -------------------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Frontend/GrammarLexer.h"

#include "llvm/ADT/StringExtras.h"

using namespace circc::frontend;
using Kind = GrammarToken::Kind;

/// The longest integer a grammar file may spell (repeat counts, bounds).
static constexpr uint64_t kMaxInteger = 1u << 30;

GrammarToken GrammarLexer::make(Kind kind, const char *start) {
  GrammarToken token;
  token.kind = kind;
  token.text = std::string(start, cur);
  token.loc = llvm::SMLoc::getFromPointer(start);
  return token;
}

GrammarToken GrammarLexer::error(const char *at, std::string message) {
  GrammarToken token;
  token.kind = Kind::Error;
  token.text = std::move(message);
  token.loc = llvm::SMLoc::getFromPointer(at);
  cur = buffer.end();
  return token;
}

void GrammarLexer::skipWhitespaceAndComments() {
  while (cur != buffer.end()) {
    if (llvm::isSpace(*cur)) {
      ++cur;
    } else if (*cur == '#') {
      while (cur != buffer.end() && *cur != '\n')
        ++cur;
    } else {
      return;
    }
  }
}

static bool isIdentifierStart(char c) { return llvm::isAlpha(c) || c == '_'; }
static bool isIdentifierBody(char c) { return llvm::isAlnum(c) || c == '_'; }

bool circc::frontend::isDeclarationKeyword(llvm::StringRef word) {
  static constexpr llvm::StringLiteral keywords[] = {
      "grammar", "tokens", "outputs", "class",     "start",
      "max",     "table",  "define",  "precedence"};
  return llvm::is_contained(keywords, word);
}

std::string circc::frontend::spellWord(llvm::StringRef word) {
  if (!word.empty() && isIdentifierStart(word.front()) &&
      llvm::all_of(word, isIdentifierBody) && !isDeclarationKeyword(word))
    return word.str();
  std::string out = "\"";
  for (char c : word) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

GrammarToken GrammarLexer::lex() {
  skipWhitespaceAndComments();
  const char *start = cur;
  if (cur == buffer.end())
    return make(Kind::Eof, start);

  char c = *cur++;
  switch (c) {
  case '=':
    return make(Kind::Equal, start);
  case '|':
    return make(Kind::Bar, start);
  case ';':
    return make(Kind::Semicolon, start);
  case '{':
    return make(Kind::LBrace, start);
  case '}':
    return make(Kind::RBrace, start);
  case '(':
    return make(Kind::LParen, start);
  case ')':
    return make(Kind::RParen, start);
  case '*':
    return make(Kind::Star, start);
  case '?':
    if (cur != buffer.end() && *cur == '?') {
      ++cur;
      return make(Kind::Hole, start);
    }
    return make(Kind::Question, start);
  case ',':
    return make(Kind::Comma, start);
  case '%':
    return make(Kind::Percent, start);
  case '+':
    return make(Kind::Plus, start);
  case '-':
    return make(Kind::Minus, start);
  case '[':
    return make(Kind::LBracket, start);
  case ']':
    return make(Kind::RBracket, start);
  case ':':
    return make(Kind::Colon, start);
  case '.':
    if (cur != buffer.end() && *cur == '.') {
      ++cur;
      return make(Kind::DotDot, start);
    }
    return error(start, "unexpected character '.'; a range is written "
                        "'A1..A9'");
  case '"': {
    std::string contents;
    while (true) {
      if (cur == buffer.end() || *cur == '\n')
        return error(start, "unterminated string");
      char next = *cur++;
      if (next == '"')
        break;
      if (next == '\\') {
        if (cur == buffer.end() || (*cur != '"' && *cur != '\\'))
          return error(cur - 1, "unknown escape in string; only \\\" and "
                                "\\\\ are allowed");
        next = *cur++;
      }
      contents.push_back(next);
    }
    GrammarToken token = make(Kind::String, start);
    if (contents.empty())
      return error(start, "empty string; tokens and symbols need a name");
    token.text = std::move(contents);
    return token;
  }
  case '$': {
    if (cur == buffer.end() || !llvm::isDigit(*cur))
      return error(start, "expected a child number after '$', as in '$1'");
    uint64_t value = 0;
    while (cur != buffer.end() && llvm::isDigit(*cur)) {
      value = value * 10 + (*cur++ - '0');
      if (value > kMaxInteger)
        return error(start, "child number is too large");
    }
    // `$2.defs`: one stream of the child.
    const char *streamStart = nullptr;
    if (cur != buffer.end() && *cur == '.' &&
        (cur + 1 == buffer.end() || cur[1] != '.')) {
      if (cur + 1 == buffer.end() || !isIdentifierStart(cur[1]))
        return error(cur, "expected a stream's name after '$" +
                              std::to_string(value) + ".', as in '$" +
                              std::to_string(value) + ".defs'");
      streamStart = ++cur;
      while (cur != buffer.end() && isIdentifierBody(*cur))
        ++cur;
    }
    GrammarToken token = make(Kind::ChildRef, start);
    token.number = value;
    if (streamStart)
      token.stream = std::string(streamStart, cur);
    return token;
  }
  default:
    break;
  }

  if (llvm::isDigit(c)) {
    uint64_t value = c - '0';
    while (cur != buffer.end() && llvm::isDigit(*cur)) {
      value = value * 10 + (*cur++ - '0');
      if (value > kMaxInteger)
        return error(start, "integer is too large (at most " +
                                std::to_string(kMaxInteger) + ")");
    }
    if (cur != buffer.end() && isIdentifierStart(*cur))
      return error(start, "a name may not start with a digit");
    GrammarToken token = make(Kind::Integer, start);
    token.number = value;
    return token;
  }
  if (isIdentifierStart(c)) {
    while (cur != buffer.end() && isIdentifierBody(*cur))
      ++cur;
    return make(Kind::Identifier, start);
  }
  if (llvm::isPrint(c))
    return error(start, std::string("unexpected character '") + c + "'");
  return error(start, "unexpected byte 0x" +
                          llvm::utohexstr(static_cast<unsigned char>(c)));
}

llvm::StringRef GrammarLexer::describe(Kind kind) {
  switch (kind) {
  case Kind::Eof:
    return "end of file";
  case Kind::Error:
    return "invalid token";
  case Kind::Identifier:
    return "a name";
  case Kind::String:
    return "a quoted string";
  case Kind::Integer:
    return "an integer";
  case Kind::ChildRef:
    return "a child reference";
  case Kind::Equal:
    return "'='";
  case Kind::Bar:
    return "'|'";
  case Kind::Semicolon:
    return "';'";
  case Kind::LBrace:
    return "'{'";
  case Kind::RBrace:
    return "'}'";
  case Kind::LParen:
    return "'('";
  case Kind::RParen:
    return "')'";
  case Kind::Star:
    return "'*'";
  case Kind::Question:
    return "'?'";
  case Kind::Hole:
    return "'\?\?'";
  case Kind::Comma:
    return "','";
  case Kind::Percent:
    return "'%'";
  case Kind::Plus:
    return "'+'";
  case Kind::Minus:
    return "'-'";
  case Kind::LBracket:
    return "'['";
  case Kind::RBracket:
    return "']'";
  case Kind::Colon:
    return "':'";
  case Kind::DotDot:
    return "'..'";
  }
  return "token";
}
