//===- GrammarLexer.h - Lexer for grammar files -----------------*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_FRONTEND_GRAMMARLEXER_H
#define CIRCC_FRONTEND_GRAMMARLEXER_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SMLoc.h"

#include <cstdint>
#include <string>

namespace circc::frontend {

/// One lexical token of a grammar file.
struct GrammarToken {
  enum class Kind {
    Eof,
    Error,      ///< A lexical error; `text` holds the message.
    Identifier, ///< `walk`, `I_WALK`, `sentence`
    String,     ///< `"and"`; `text` holds the contents without quotes.
    Integer,    ///< `4`
    ChildRef,   ///< `$3` or `$3.defs`; `number` holds 3, `stream` "defs".
    Equal,      ///< `=`
    Bar,        ///< `|`
    Semicolon,  ///< `;`
    LBrace,     ///< `{`
    RBrace,     ///< `}`
    LParen,     ///< `(`
    RParen,     ///< `)`
    Star,       ///< `*`
    Question,   ///< `?`
    Hole,       ///< `??`
    Comma,      ///< `,`
    Percent,    ///< `%`
    Plus,       ///< `+`
    Minus,      ///< `-`
    LBracket,   ///< `[`
    RBracket,   ///< `]`
    Colon,      ///< `:`
    DotDot,     ///< `..`
  };

  Kind kind = Kind::Eof;
  std::string text;
  uint64_t number = 0;
  /// A ChildRef's stream name, empty for the whole child.
  std::string stream;
  llvm::SMLoc loc;

  bool is(Kind k) const { return kind == k; }
  bool isKeyword(llvm::StringRef word) const {
    return kind == Kind::Identifier && text == word;
  }
};

/// Whether `word`, unquoted, begins a declaration (`start`, `table`, ...).
bool isDeclarationKeyword(llvm::StringRef word);

/// `word` as a grammar file writes a token or output symbol so that the
/// lexer reads it back: bare when it is an identifier that begins no
/// declaration, quoted (with `"` and `\` escaped) otherwise.
std::string spellWord(llvm::StringRef word);

/// Splits a grammar file into tokens. `#` starts a comment that runs to the
/// end of the line; whitespace separates tokens and is otherwise ignored.
class GrammarLexer {
public:
  explicit GrammarLexer(llvm::StringRef buffer)
      : buffer(buffer), cur(buffer.begin()) {}

  /// Lexes and returns the next token.
  GrammarToken lex();

  /// Describes a token kind for "expected ..." messages.
  static llvm::StringRef describe(GrammarToken::Kind kind);

private:
  GrammarToken make(GrammarToken::Kind kind, const char *start);
  GrammarToken error(const char *at, std::string message);
  void skipWhitespaceAndComments();

  llvm::StringRef buffer;
  const char *cur;
};

} // namespace circc::frontend

#endif // CIRCC_FRONTEND_GRAMMARLEXER_H
