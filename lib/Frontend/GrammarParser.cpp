//===- GrammarParser.cpp - Grammar files to the grammar dialect -----------===//
//
// Part of circc. A recursive-descent parser for the grammar file format
// described in docs/GrammarFormat.md:
//
//   file        ::= 'grammar' name ';' (declaration | rule)*
//   declaration ::= 'tokens' words ';' | 'outputs' words ';'
//                 | 'class' name '=' entry+ ';'
//                 | 'start' name ';' | 'max' 'input' integer ';'
//                 | 'max' 'output' integer ';'
//                 | 'table' name '(' name (',' name)* ')' table-body ';'
//                 | 'define' name '(' name (',' name)* ')' '=' application ';'
//   table-body  ::= '=' formula | '=' '[' word+ ']' | 'learnable'
//   formula     ::= term (('+' | '-') term)*
//   term        ::= unary (('*' | 'mod' | 'div') unary)*
//   unary       ::= '-' unary | integer | name | '(' formula ')'
//                 | ('min' | 'max') '(' formula ',' formula ')'
//   rule        ::= name '=' alternative ('|' alternative)* ';'
//   alternative ::= (name | string)+ ('{' item* '}')?
//   item        ::= atom slice* ('*' integer)?
//   atom        ::= '$' integer | word | '?' | '(' item* ')' | application
//                 | 'reverse' '(' item* ')'
//   slice       ::= '[' index ']' | '[' index? ':' index? ']'
//   index       ::= '-'? integer
//   application ::= name '(' argument (',' argument)* ')'
//   argument    ::= '$' integer ('[' index ']')? | word | '?' | application
//   word        ::= name | string | integer
//   words       ::= (word | word '..' word)+       ('A1..A9': A1, ..., A9)
//   entry       ::= word | word '..' word | word ':' word
//
// A name followed by '(' in a template is an application when it names a
// table or a definition, or touches the parenthesis; `A ($1)` is the symbol
// A and a group. A definition names a network of table applications over
// its arguments; applying it writes that network out with the arguments in
// place (a definition may use the tables and the definitions before it).
//
//===----------------------------------------------------------------------===//

#include "circc/Frontend/GrammarParser.h"
#include "circc/Support/WordShapes.h"
#include "circc/Dialect/Grammar/GrammarOps.h"
#include "circc/Frontend/GrammarLexer.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace circc::frontend;
using namespace circc::grammar;
using Kind = GrammarToken::Kind;

namespace {

/// A name used on a right-hand side, resolved once every rule is read.
struct SymbolUse {
  std::string name;
  llvm::SMLoc loc;
  bool isToken;
};

/// A table formula, evaluated once the output symbols are known.
struct Formula {
  enum class Kind { Number, Argument, Add, Sub, Mul, Mod, Div, Neg, Min, Max };
  Kind kind = Kind::Number;
  int64_t number = 0; // Number: the value; Argument: its position
  llvm::SMLoc loc;
  std::unique_ptr<Formula> lhs, rhs;
};

/// One argument of an application, or a definition's body, before it is
/// built into template ops: definitions are expanded first.
struct ItemAst {
  enum class Kind { Child, Position, Symbol, Learned, Apply, Parameter };
  Kind kind = Kind::Symbol;
  uint64_t number = 0; // Child, Position: $N; Parameter: its position
  std::string name;    // Symbol: the word; Apply: the table or definition;
                       // Child: the stream, if one is named
  /// Child: the one position of its output taken, `$N[I]`, if one is.
  std::optional<int64_t> index;
  llvm::SMLoc loc;
  std::vector<ItemAst> arguments;
};

/// `define NAME(params) = body;`
struct Definition {
  std::string name;
  llvm::SMLoc loc;
  std::vector<std::string> parameters;
  ItemAst body;
};

/// A table declaration, built into a grammar.table once the outputs are
/// known (declarations come in any order).
struct TableDeclaration {
  std::string name;
  llvm::SMLoc loc;
  std::vector<std::string> arguments;
  std::unique_ptr<Formula> formula;
  /// `= [ ... ]`: the entries and where each one is written.
  std::vector<std::pair<std::string, llvm::SMLoc>> entries;
  bool learnable = false;
};

class GrammarParser {
public:
  GrammarParser(llvm::SourceMgr &sourceMgr, MLIRContext *context)
      : sourceMgr(sourceMgr), context(context), builder(context),
        lexer(sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID())
                  ->getBuffer()) {
    consume();
  }

  OwningOpRef<ModuleOp> parse();

private:
  //===--------------------------------------------------------------------===//
  // Tokens and diagnostics
  //===--------------------------------------------------------------------===//

  void consume() { tok = lexer.lex(); }

  Location getLoc(llvm::SMLoc loc) {
    auto [line, column] = sourceMgr.getLineAndColumn(loc);
    StringRef file =
        sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID())
            ->getBufferIdentifier();
    return FileLineColLoc::get(context, file, line, column);
  }

  InFlightDiagnostic emitError(llvm::SMLoc loc, const Twine &message) {
    return mlir::emitError(getLoc(loc), message);
  }

  /// Reports that `expected` was wanted where the current token stands.
  LogicalResult emitExpected(const Twine &expected) {
    if (tok.is(Kind::Error))
      return emitError(tok.loc, tok.text);
    std::string found = tok.is(Kind::Eof) ? std::string("end of file")
                        : tok.is(Kind::String) ? "\"" + tok.text + "\""
                                               : "'" + tok.text + "'";
    return emitError(tok.loc, "expected " + expected + ", found " + found);
  }

  LogicalResult expect(Kind kind, const Twine &context) {
    if (!tok.is(kind))
      return emitExpected(GrammarLexer::describe(kind) + " " + context);
    consume();
    return success();
  }

  bool isWord() const {
    return tok.is(Kind::Identifier) || tok.is(Kind::String) ||
           tok.is(Kind::Integer);
  }

  /// Whether the current token is an unquoted word that begins a
  /// declaration (`start`, `table`, ...).
  bool atDeclarationKeyword() const {
    return tok.is(Kind::Identifier) && isDeclarationKeyword(tok.text);
  }

  /// Refuses an unquoted declaration keyword inside a word list: it is
  /// almost always the next declaration after a missing `;`, and a word
  /// spelled like a keyword can be quoted.
  LogicalResult refuseKeywordWord(StringRef list) {
    if (!atDeclarationKeyword())
      return success();
    return emitError(tok.loc, "'" + tok.text +
                                  "' begins a declaration: a ';' is missing "
                                  "after the " +
                                  list + ", or write \"" + tok.text +
                                  "\" to list it as a word");
  }

  //===--------------------------------------------------------------------===//
  // Grammar structure
  //===--------------------------------------------------------------------===//

  LogicalResult parseHeader();
  /// A word of a list, as written (a range gives each of its words the
  /// range's location).
  struct ListedWord {
    std::string text;
    llvm::SMLoc loc;
  };
  /// The most words one range may name.
  static constexpr uint64_t kMaxRange = 1 << 16;
  LogicalResult parseWords(StringRef what, std::vector<ListedWord> &words);
  /// After `first` and a '..': the range's last word; appends its words.
  LogicalResult parseRangeEnd(const ListedWord &first,
                              std::vector<std::string> &words);
  LogicalResult parseWordList(StringRef what, ArrayAttr &result);
  LogicalResult parseClass();
  LogicalResult parsePrecedence();
  LogicalResult parseDeclaration();
  LogicalResult parseRule();
  LogicalResult parseAlternative(NonterminalOp nonterminal);
  LogicalResult parseTemplate(ProductionOp production);
  LogicalResult parseItem();
  LogicalResult parseSignedIndex(std::optional<int64_t> &index);
  /// At `name(`, touching, where no table is called `name`.
  bool atSequenceFunction(StringRef name);
  /// At `NAME:`, a stream's label.
  bool atStreamLabel();
  /// `pos($N)`, at `pos`: N.
  FailureOr<uint64_t> parsePosition();
  LogicalResult resolveNames();
  // Op tables.
  void collectTableNames();
  bool atApplication();
  LogicalResult parseTable();
  FailureOr<std::unique_ptr<Formula>> parseFormula(const TableDeclaration &table);
  FailureOr<std::unique_ptr<Formula>> parseTerm(const TableDeclaration &table);
  FailureOr<std::unique_ptr<Formula>> parseUnary(const TableDeclaration &table);
  LogicalResult parseDefinition();
  FailureOr<ItemAst> parseApplicationAst(const Definition *inside);
  FailureOr<ItemAst> parseArgumentAst(StringRef function,
                                      const Definition *inside);
  FailureOr<ItemAst> expand(const ItemAst &item);
  void emitItem(const ItemAst &item);
  LogicalResult buildTables();

  llvm::SourceMgr &sourceMgr;
  MLIRContext *context;
  OpBuilder builder;
  GrammarLexer lexer;
  GrammarToken tok;

  GrammarOp grammar;
  llvm::SMLoc grammarLoc;
  ArrayAttr tokens, outputs;
  std::optional<std::pair<std::string, llvm::SMLoc>> start;
  llvm::StringMap<llvm::SMLoc> definitions;
  /// Token classes, by name, where each is declared.
  llvm::StringMap<llvm::SMLoc> classDefinitions;
  std::vector<SymbolUse> uses;
  /// Names declared with `table`, found before parsing (see
  /// collectTableNames), and the declarations themselves.
  llvm::StringSet<> tableNames;
  std::vector<TableDeclaration> tableDeclarations;
  llvm::StringMap<Definition> definitionsByName;
};

} // namespace

LogicalResult GrammarParser::parseHeader() {
  if (!tok.isKeyword("grammar"))
    return emitExpected("'grammar NAME;' at the start of the file");
  grammarLoc = tok.loc;
  consume();
  if (!tok.is(Kind::Identifier))
    return emitExpected("the grammar's name");
  std::string name = tok.text;
  consume();
  if (failed(expect(Kind::Semicolon, "after the grammar's name")))
    return failure();
  grammar = GrammarOp::create(builder, getLoc(grammarLoc), builder.getStringAttr(name),
                              FlatSymbolRefAttr::get(context, "?"),
                              builder.getStrArrayAttr({}),
                              builder.getStrArrayAttr({}), IntegerAttr(),
                              IntegerAttr());
  grammar.getBodyRegion().emplaceBlock();
  return success();
}

/// Splits `word` into a prefix and a decimal suffix without a leading zero
/// (`A12` is `A` and 12); fails for a word without one.
static std::optional<std::pair<StringRef, uint64_t>> splitNumbered(StringRef word) {
  size_t digits = word.size();
  while (digits > 0 && llvm::isDigit(word[digits - 1]))
    --digits;
  StringRef number = word.substr(digits);
  uint64_t value;
  if (number.empty() || (number.size() > 1 && number[0] == '0') ||
      number.getAsInteger(10, value))
    return std::nullopt;
  return std::make_pair(word.substr(0, digits), value);
}

LogicalResult GrammarParser::parseRangeEnd(const ListedWord &first,
                                           std::vector<std::string> &words) {
  consume(); // '..'
  if (!isWord())
    return emitExpected("the last word of the range '" + first.text + "..'");
  std::string lastText = tok.text;
  llvm::SMLoc lastLoc = tok.loc;
  consume();
  auto from = splitNumbered(first.text), to = splitNumbered(lastText);
  if (!from || !to || from->first != to->first || from->second > to->second)
    return emitError(first.loc,
                     "a range runs between two words that differ only in a "
                     "number at the end, the smaller first ('A1..A9'); '" +
                         first.text + ".." + lastText + "' does not");
  if (to->second - from->second >= kMaxRange)
    return emitError(lastLoc, "the range '" + first.text + ".." + lastText +
                                  "' names more than " +
                                  std::to_string(kMaxRange) + " words");
  for (uint64_t i = from->second; i <= to->second; ++i)
    words.push_back((from->first + Twine(i)).str());
  return success();
}

LogicalResult GrammarParser::parseWords(StringRef what,
                                        std::vector<ListedWord> &words) {
  while (isWord()) {
    if (failed(refuseKeywordWord(what)))
      return failure();
    ListedWord first{tok.text, tok.loc};
    consume();
    if (!tok.is(Kind::DotDot)) {
      words.push_back(std::move(first));
      continue;
    }
    std::vector<std::string> range;
    if (failed(parseRangeEnd(first, range)))
      return failure();
    for (std::string &word : range)
      words.push_back({std::move(word), first.loc});
  }
  if (words.empty())
    return emitExpected("at least one name in the " + what);
  return expect(Kind::Semicolon, "after the " + what);
}

LogicalResult GrammarParser::parseWordList(StringRef what, ArrayAttr &result) {
  llvm::SMLoc keywordLoc = tok.loc;
  consume();
  if (result)
    return emitError(keywordLoc, "the " + what + " are declared twice");
  std::vector<ListedWord> listed;
  if (failed(parseWords(what, listed)))
    return failure();
  llvm::StringMap<llvm::SMLoc> seen;
  SmallVector<StringRef> words;
  for (const ListedWord &word : listed) {
    auto [it, inserted] = seen.try_emplace(word.text, word.loc);
    if (!inserted) {
      emitError(word.loc, "'" + word.text + "' is listed twice in the " + what)
              .attachNote(getLoc(it->second))
          << "first listed here";
      return failure();
    }
    words.push_back(word.text);
  }
  result = builder.getStrArrayAttr(words);
  return success();
}

LogicalResult GrammarParser::parseClass() {
  consume(); // 'class'
  if (!tok.is(Kind::Identifier))
    return emitExpected("the token class's name");
  std::string name = tok.text;
  llvm::SMLoc nameLoc = tok.loc;
  consume();
  // `open SHAPE`: also every unknown word of that shape.
  std::optional<std::string> open;
  if (tok.is(Kind::Identifier) && tok.text == "open") {
    consume();
    if (!tok.is(Kind::Identifier))
      return emitExpected(std::string("a word shape (") + circc::wordShapeNames() +
                          ") after 'open'");
    if (!circc::wordShapeNamed(tok.text)) {
      emitError(tok.loc, "unknown word shape '" + tok.text +
                             "'; a class is open to " + circc::wordShapeNames() +
                             " words");
      return failure();
    }
    open = tok.text;
    consume();
  }
  bool listed = !(open && tok.is(Kind::Semicolon));
  if (listed &&
      failed(expect(Kind::Equal, "after the class '" + name + "'")))
    return failure();
  auto [it, inserted] = classDefinitions.try_emplace(name, nameLoc);
  if (!inserted) {
    emitError(nameLoc, "token class '" + name + "' is declared twice")
            .attachNote(getLoc(it->second))
        << "first declared here";
    return failure();
  }
  // Entries: WORD, WORD:OUTPUT, or a range WORD..WORD (each copied
  // through).
  std::vector<std::string> classTokens, classOutputs;
  while (isWord()) {
    if (failed(refuseKeywordWord("class '" + name + "'")))
      return failure();
    ListedWord word{tok.text, tok.loc};
    consume();
    if (tok.is(Kind::DotDot)) {
      size_t first = classTokens.size();
      if (failed(parseRangeEnd(word, classTokens)))
        return failure();
      classOutputs.insert(classOutputs.end(), classTokens.begin() + first,
                          classTokens.end());
      continue;
    }
    classTokens.push_back(word.text);
    if (tok.is(Kind::Colon)) {
      consume();
      if (!isWord())
        return emitExpected("the output of '" + word.text + "' after ':'");
      classOutputs.push_back(tok.text);
      consume();
    } else {
      classOutputs.push_back(word.text);
    }
  }
  if (classTokens.empty() && listed)
    return emitExpected("the tokens of the class '" + name + "'");
  if (failed(expect(Kind::Semicolon, "after the class '" + name + "'")))
    return failure();
  SmallVector<StringRef> tokenRefs(classTokens.begin(), classTokens.end());
  SmallVector<StringRef> outputRefs(classOutputs.begin(), classOutputs.end());
  builder.setInsertionPointToEnd(grammar.getBody());
  ClassOp::create(builder, getLoc(nameLoc), name,
                  builder.getStrArrayAttr(tokenRefs),
                  builder.getStrArrayAttr(outputRefs),
                  open ? builder.getStringAttr(*open) : StringAttr());
  return success();
}

/// `precedence left|right|nonassoc WORD...;`: one level, tighter than the
/// ones before it.
LogicalResult GrammarParser::parsePrecedence() {
  llvm::SMLoc keywordLoc = tok.loc;
  consume(); // 'precedence'
  std::optional<Associativity> assoc;
  if (tok.is(Kind::Identifier))
    assoc = symbolizeAssociativity(tok.text);
  if (!assoc)
    return emitExpected("'left', 'right' or 'nonassoc' after 'precedence'");
  consume();
  std::vector<ListedWord> listed;
  while (isWord()) {
    if (failed(refuseKeywordWord("precedence level")))
      return failure();
    listed.push_back({tok.text, tok.loc});
    consume();
  }
  if (listed.empty())
    return emitExpected("the tokens of the precedence level");
  if (failed(expect(Kind::Semicolon, "after the precedence level")))
    return failure();
  SmallVector<StringRef> names;
  for (const ListedWord &word : listed)
    names.push_back(word.text);
  builder.setInsertionPointToEnd(grammar.getBody());
  PrecedenceOp::create(builder, getLoc(keywordLoc), *assoc,
                       builder.getStrArrayAttr(names));
  return success();
}

LogicalResult GrammarParser::parseDeclaration() {
  if (tok.isKeyword("precedence"))
    return parsePrecedence();
  if (tok.isKeyword("table"))
    return parseTable();
  if (tok.isKeyword("define"))
    return parseDefinition();
  if (tok.isKeyword("class"))
    return parseClass();
  if (tok.isKeyword("tokens"))
    return parseWordList("tokens", tokens);
  if (tok.isKeyword("outputs"))
    return parseWordList("outputs", outputs);
  if (tok.isKeyword("start")) {
    llvm::SMLoc keywordLoc = tok.loc;
    consume();
    if (start)
      return emitError(keywordLoc, "the start nonterminal is declared twice");
    if (!tok.is(Kind::Identifier))
      return emitExpected("the start nonterminal's name");
    start = {tok.text, tok.loc};
    consume();
    return expect(Kind::Semicolon, "after the start nonterminal");
  }
  // max input N; or max output N;
  llvm::SMLoc keywordLoc = tok.loc;
  consume();
  bool isOutput = tok.isKeyword("output");
  if (!isOutput && !tok.isKeyword("input"))
    return emitExpected("'input' or 'output' in 'max input N;' or 'max output N;'");
  StringRef which = isOutput ? "output" : "input";
  consume();
  if (isOutput ? grammar.getMaxOutput().has_value()
               : grammar.getMaxInput().has_value())
    return emitError(keywordLoc, "the " + which + " bound is declared twice");
  if (!tok.is(Kind::Integer) || tok.number == 0)
    return emitExpected("a positive integer in 'max " + which + " N;'");
  int64_t limit =
      isOutput ? GrammarOp::kMaxOutputLimit : GrammarOp::kMaxInputLimit;
  if (tok.number > uint64_t(limit))
    return emitError(tok.loc, "'max " + which + " " +
                                  std::to_string(tok.number) +
                                  "' is more than the " + std::to_string(limit) +
                                  (isOutput ? " symbols" : " tokens") +
                                  " circc compiles a grammar for");
  if (isOutput)
    grammar.setMaxOutput(tok.number);
  else
    grammar.setMaxInput(tok.number);
  consume();
  return expect(Kind::Semicolon, "after the " + which + " bound");
}

LogicalResult GrammarParser::parseRule() {
  std::string name = tok.text;
  llvm::SMLoc nameLoc = tok.loc;
  consume();
  if (failed(expect(Kind::Equal, "after the nonterminal '" + name + "'")))
    return failure();
  auto [it, inserted] = definitions.try_emplace(name, nameLoc);
  if (!inserted) {
    emitError(nameLoc, "nonterminal '" + name +
                           "' is defined twice; list all its alternatives in "
                           "one rule, separated by '|'")
            .attachNote(getLoc(it->second))
        << "first defined here";
    return failure();
  }
  builder.setInsertionPointToEnd(grammar.getBody());
  auto nonterminal = NonterminalOp::create(builder, getLoc(nameLoc), name);
  nonterminal.getBodyRegion().emplaceBlock();
  do {
    if (failed(parseAlternative(nonterminal)))
      return failure();
  } while (tok.is(Kind::Bar) && (consume(), true));
  return expect(Kind::Semicolon, "or '|' after the alternatives of '" + name +
                                     "'");
}

LogicalResult GrammarParser::parseAlternative(NonterminalOp nonterminal) {
  llvm::SMLoc altLoc = tok.loc;
  SmallVector<Attribute> rhs;
  while (tok.is(Kind::Identifier) || tok.is(Kind::String)) {
    bool isToken = tok.is(Kind::String);
    uses.push_back({tok.text, tok.loc, isToken});
    if (isToken)
      rhs.push_back(builder.getStringAttr(tok.text));
    else
      rhs.push_back(FlatSymbolRefAttr::get(context, tok.text));
    consume();
  }
  if (rhs.empty())
    return emitExpected("a nonterminal or a quoted token");
  // `%prec NAME`: the precedence level of NAME instead of the last token's.
  StringAttr prec;
  if (tok.is(Kind::Percent)) {
    consume();
    if (!tok.isKeyword("prec"))
      return emitExpected("'prec' after '%'");
    consume();
    if (!isWord())
      return emitExpected("a token or precedence name after '%prec'");
    prec = builder.getStringAttr(tok.text);
    consume();
  }

  builder.setInsertionPointToEnd(nonterminal.getBody());
  auto production = ProductionOp::create(builder, getLoc(altLoc),
                                         builder.getArrayAttr(rhs), prec);
  production.getBodyRegion().emplaceBlock();
  if (tok.is(Kind::LBrace))
    return parseTemplate(production);

  // Without a template, the output is the nonterminal children in order.
  builder.setInsertionPointToEnd(production.getBody());
  for (auto [index, symbol] : llvm::enumerate(rhs))
    if (isa<FlatSymbolRefAttr>(symbol))
      ChildOp::create(builder, production.getLoc(), index + 1);
  return success();
}

LogicalResult GrammarParser::parseTemplate(ProductionOp production) {
  consume(); // '{'
  builder.setInsertionPointToEnd(production.getBody());
  if (tok.is(Kind::Hole)) {
    // `{ ?? }` or `{ ?? max N }`: the whole template left open.
    llvm::SMLoc holeLoc = tok.loc;
    consume();
    IntegerAttr maxItems;
    if (tok.is(Kind::Identifier) && tok.text == "max") {
      consume();
      if (!tok.is(Kind::Integer) || tok.number == 0 ||
          tok.number > uint64_t(HoleOp::kMaxItemsLimit))
        return emitExpected("the most items the open template may have (1 to " +
                            std::to_string(HoleOp::kMaxItemsLimit) +
                            ") after 'max'");
      maxItems = builder.getI64IntegerAttr(tok.number);
      consume();
    }
    HoleOp::create(builder, getLoc(holeLoc), maxItems);
    return expect(Kind::RBrace, "after '\?\?': an open template holds nothing "
                                "else");
  }
  // `NAME: ITEMS NAME: ITEMS ...`: the template's output streams.
  llvm::SMLoc first = tok.loc;
  bool streams = false;
  while (!tok.is(Kind::RBrace)) {
    if (atStreamLabel()) {
      if (!streams && builder.getInsertionBlock()->begin() !=
                          builder.getInsertionBlock()->end())
        return emitError(first, "this item comes before the template's first "
                                "stream label; with streams, every item "
                                "belongs to one ('NAME: ITEMS')");
      streams = true;
      builder.setInsertionPointToEnd(production.getBody());
      auto stream = StreamOp::create(builder, getLoc(tok.loc), tok.text);
      builder.setInsertionPointToEnd(&stream.getBodyRegion().emplaceBlock());
      consume(); // NAME
      consume(); // ':'
      continue;
    }
    if (failed(parseItem()))
      return failure();
  }
  consume(); // '}'
  return success();
}

FailureOr<uint64_t> GrammarParser::parsePosition() {
  consume(); // 'pos'
  consume(); // '('
  if (!tok.is(Kind::ChildRef) || !tok.stream.empty())
    return emitExpected("a child, as in 'pos($2)': pos() outputs where a "
                        "child starts in the input");
  if (tok.number == 0)
    return emitError(tok.loc, "children are numbered from $1");
  uint64_t child = tok.number;
  consume();
  if (failed(expect(Kind::RParen, "after pos()'s child")))
    return failure();
  return child;
}

bool GrammarParser::atStreamLabel() {
  if (!tok.is(Kind::Identifier))
    return false;
  GrammarLexer peekLexer = lexer;
  return peekLexer.lex().is(Kind::Colon);
}

LogicalResult GrammarParser::parseItem() {
  Block *block = builder.getInsertionBlock();
  Block::iterator before = builder.getInsertionPoint();
  bool hadPrevious = before != block->begin();
  Block::iterator previous = hadPrevious ? std::prev(before) : before;
  llvm::SMLoc loc = tok.loc;

  // Moves the item just parsed (one op, or a parenthesised group) into the
  // body of a region op created where it started.
  auto wrap = [&](StringRef what, auto create) -> LogicalResult {
    Block::iterator first = hadPrevious ? std::next(previous) : block->begin();
    Block::iterator end = builder.getInsertionPoint();
    if (first == end)
      return emitError(loc, "nothing to " + what + ": the group is empty");
    Operation *op = create();
    Block *body = &op->getRegion(0).emplaceBlock();
    body->getOperations().splice(body->end(), block->getOperations(), first,
                                 Block::iterator(op));
    builder.setInsertionPointToEnd(block);
    return success();
  };

  if (tok.is(Kind::ChildRef)) {
    if (tok.number == 0)
      return emitError(tok.loc, "children are numbered from $1");
    ChildOp::create(builder, getLoc(tok.loc), tok.number,
                    tok.stream.empty() ? StringAttr()
                                       : builder.getStringAttr(tok.stream));
    consume();
  } else if (atSequenceFunction("pos")) {
    FailureOr<uint64_t> child = parsePosition();
    if (failed(child))
      return failure();
    PositionOp::create(builder, getLoc(loc), *child);
  } else if (atStreamLabel()) {
    return emitError(tok.loc, "a stream's label ('" + tok.text +
                                  ":') starts a part of the whole template, "
                                  "not of a group");
  } else if (atSequenceFunction("reverse")) {
    consume(); // 'reverse'
    consume(); // '('
    while (!tok.is(Kind::RParen)) {
      if (failed(parseItem()))
        return failure();
    }
    consume();
    if (failed(wrap("reverse", [&] {
          return ReverseOp::create(builder, getLoc(loc)).getOperation();
        })))
      return failure();
  } else if (atApplication()) {
    FailureOr<ItemAst> application = parseApplicationAst(nullptr);
    if (failed(application))
      return failure();
    FailureOr<ItemAst> expanded = expand(*application);
    if (failed(expanded))
      return failure();
    emitItem(*expanded);
  } else if (isWord()) {
    EmitOp::create(builder, getLoc(tok.loc), tok.text);
    consume();
  } else if (tok.is(Kind::Question)) {
    LearnedOp::create(builder, getLoc(tok.loc));
    consume();
  } else if (tok.is(Kind::Hole)) {
    return emitError(tok.loc, "'\?\?' leaves the whole template open: write it "
                              "alone, '{ \?\? }'");
  } else if (tok.is(Kind::LParen)) {
    consume();
    while (!tok.is(Kind::RParen)) {
      if (failed(parseItem()))
        return failure();
    }
    consume();
  } else {
    return emitExpected("'$N', an output symbol, '?', '(', a table "
                        "application, 'reverse(' or '}' in the template");
  }

  // Slices: `[i]`, `[a:b]`, `[a:]`, `[:b]`, any number in a row.
  while (tok.is(Kind::LBracket)) {
    llvm::SMLoc sliceLoc = tok.loc;
    consume();
    std::optional<int64_t> first, last;
    if (!tok.is(Kind::Colon) && failed(parseSignedIndex(first)))
      return failure();
    bool range = tok.is(Kind::Colon);
    if (range) {
      consume();
      if (!tok.is(Kind::RBracket) && failed(parseSignedIndex(last)))
        return failure();
    }
    if (failed(expect(Kind::RBracket, "after the slice")))
      return failure();
    if (!range && !first)
      return emitError(sliceLoc, "expected an index in '[...]'");
    circc::Slice slice{first.value_or(0), last};
    if (!range)
      slice = {*first, *first == -1 ? std::nullopt
                                    : std::optional<int64_t>(*first + 1)};
    if (failed(wrap("slice", [&] {
          return SliceOp::create(
                     builder, getLoc(sliceLoc),
                     builder.getI64IntegerAttr(slice.start),
                     slice.stop ? builder.getI64IntegerAttr(*slice.stop)
                                : IntegerAttr())
              .getOperation();
        })))
      return failure();
  }

  if (!tok.is(Kind::Star))
    return success();
  consume();
  // `* $N`: as many times as child N's count.
  if (tok.is(Kind::ChildRef)) {
    if (tok.number == 0)
      return emitError(tok.loc, "children are numbered from $1");
    if (!tok.stream.empty())
      return emitError(tok.loc, "a repeat count is a child's one symbol, "
                                "not a stream ('$" +
                                    llvm::Twine(tok.number) + "')");
    uint64_t by = tok.number;
    consume();
    return wrap("repeat", [&] {
      return RepeatOp::create(builder, getLoc(loc), IntegerAttr(),
                              builder.getI64IntegerAttr(by))
          .getOperation();
    });
  }
  if (!tok.is(Kind::Integer) || tok.number == 0)
    return emitExpected("a positive repeat count after '*', or a child "
                        "whose symbol is a count ('* $2')");
  uint64_t count = tok.number;
  consume();
  return wrap("repeat", [&] {
    return RepeatOp::create(builder, getLoc(loc), count).getOperation();
  });
}

LogicalResult GrammarParser::parseSignedIndex(std::optional<int64_t> &index) {
  bool negative = tok.is(Kind::Minus);
  if (negative)
    consume();
  if (!tok.is(Kind::Integer))
    return emitExpected("an index (an integer, '-' for one from the end)");
  index = negative ? -int64_t(tok.number) : int64_t(tok.number);
  consume();
  return success();
}

bool GrammarParser::atSequenceFunction(StringRef name) {
  if (!tok.isKeyword(name) || tableNames.contains(tok.text))
    return false;
  GrammarLexer peekLexer = lexer;
  GrammarToken next = peekLexer.lex();
  return next.is(Kind::LParen) &&
         next.loc.getPointer() == tok.loc.getPointer() + tok.text.size();
}

//===----------------------------------------------------------------------===//
// Op tables
//===----------------------------------------------------------------------===//

void GrammarParser::collectTableNames() {
  GrammarLexer scan = lexer;
  GrammarToken previous = tok, current = scan.lex();
  while (!current.is(Kind::Eof) && !current.is(Kind::Error)) {
    GrammarToken next = scan.lex();
    if ((previous.isKeyword("table") || previous.isKeyword("define")) &&
        current.is(Kind::Identifier) && next.is(Kind::LParen))
      tableNames.insert(current.text);
    previous = std::move(current);
    current = std::move(next);
  }
}

bool GrammarParser::atApplication() {
  if (!tok.is(Kind::Identifier))
    return false;
  GrammarLexer peekLexer = lexer;
  GrammarToken next = peekLexer.lex();
  if (!next.is(Kind::LParen))
    return false;
  bool touching = next.loc.getPointer() == tok.loc.getPointer() + tok.text.size();
  return tableNames.contains(tok.text) || touching;
}

LogicalResult GrammarParser::parseTable() {
  consume(); // 'table'
  TableDeclaration table;
  if (!tok.is(Kind::Identifier))
    return emitExpected("the table's name after 'table'");
  table.name = tok.text;
  table.loc = tok.loc;
  consume();
  for (const TableDeclaration &other : tableDeclarations)
    if (other.name == table.name) {
      emitError(table.loc, "table '" + table.name + "' is declared twice")
              .attachNote(getLoc(other.loc))
          << "first declared here";
      return failure();
    }
  if (failed(expect(Kind::LParen, "after the table's name")))
    return failure();
  do {
    if (!tok.is(Kind::Identifier))
      return emitExpected("an argument name in the table's declaration");
    if (llvm::is_contained(table.arguments, tok.text))
      return emitError(tok.loc, "argument '" + tok.text +
                                    "' is named twice in table '" +
                                    table.name + "'");
    table.arguments.push_back(tok.text);
    consume();
  } while (tok.is(Kind::Comma) && (consume(), true));
  if (failed(expect(Kind::RParen, "after the table's arguments")))
    return failure();
  if (tok.isKeyword("learnable")) {
    table.learnable = true;
    consume();
  } else {
    if (failed(expect(Kind::Equal, "or 'learnable' after the table's arguments")))
      return failure();
    if (tok.is(Kind::LBracket)) {
      consume();
      while (isWord()) {
        table.entries.push_back({tok.text, tok.loc});
        consume();
      }
      if (failed(expect(Kind::RBracket, "after the table's entries")))
        return failure();
    } else {
      FailureOr<std::unique_ptr<Formula>> formula = parseFormula(table);
      if (failed(formula))
        return failure();
      table.formula = std::move(*formula);
    }
  }
  if (failed(expect(Kind::Semicolon, "after the table '" + table.name + "'")))
    return failure();
  tableDeclarations.push_back(std::move(table));
  return success();
}

static std::unique_ptr<Formula> makeFormula(Formula::Kind kind, llvm::SMLoc loc,
                                            std::unique_ptr<Formula> lhs,
                                            std::unique_ptr<Formula> rhs = {}) {
  auto formula = std::make_unique<Formula>();
  formula->kind = kind;
  formula->loc = loc;
  formula->lhs = std::move(lhs);
  formula->rhs = std::move(rhs);
  return formula;
}

FailureOr<std::unique_ptr<Formula>>
GrammarParser::parseFormula(const TableDeclaration &table) {
  FailureOr<std::unique_ptr<Formula>> lhs = parseTerm(table);
  if (failed(lhs))
    return failure();
  std::unique_ptr<Formula> result = std::move(*lhs);
  while (tok.is(Kind::Plus) || tok.is(Kind::Minus)) {
    Formula::Kind kind = tok.is(Kind::Plus) ? Formula::Kind::Add : Formula::Kind::Sub;
    llvm::SMLoc loc = tok.loc;
    consume();
    FailureOr<std::unique_ptr<Formula>> rhs = parseTerm(table);
    if (failed(rhs))
      return failure();
    result = makeFormula(kind, loc, std::move(result), std::move(*rhs));
  }
  return result;
}

FailureOr<std::unique_ptr<Formula>>
GrammarParser::parseTerm(const TableDeclaration &table) {
  FailureOr<std::unique_ptr<Formula>> lhs = parseUnary(table);
  if (failed(lhs))
    return failure();
  std::unique_ptr<Formula> result = std::move(*lhs);
  while (tok.is(Kind::Star) || tok.isKeyword("mod") || tok.isKeyword("div")) {
    Formula::Kind kind = tok.is(Kind::Star)     ? Formula::Kind::Mul
                         : tok.isKeyword("mod") ? Formula::Kind::Mod
                                                : Formula::Kind::Div;
    llvm::SMLoc loc = tok.loc;
    consume();
    FailureOr<std::unique_ptr<Formula>> rhs = parseUnary(table);
    if (failed(rhs))
      return failure();
    result = makeFormula(kind, loc, std::move(result), std::move(*rhs));
  }
  return result;
}

FailureOr<std::unique_ptr<Formula>>
GrammarParser::parseUnary(const TableDeclaration &table) {
  llvm::SMLoc loc = tok.loc;
  if (tok.is(Kind::Minus)) {
    consume();
    FailureOr<std::unique_ptr<Formula>> operand = parseUnary(table);
    if (failed(operand))
      return failure();
    return makeFormula(Formula::Kind::Neg, loc, std::move(*operand));
  }
  if (tok.is(Kind::Integer)) {
    auto number = makeFormula(Formula::Kind::Number, loc, nullptr);
    number->number = tok.number;
    consume();
    return number;
  }
  if (tok.is(Kind::LParen)) {
    consume();
    FailureOr<std::unique_ptr<Formula>> inner = parseFormula(table);
    if (failed(inner) || failed(expect(Kind::RParen, "to close '('")))
      return failure();
    return inner;
  }
  if (tok.isKeyword("min") || tok.isKeyword("max")) {
    GrammarLexer peekLexer = lexer;
    if (peekLexer.lex().is(Kind::LParen)) {
      Formula::Kind kind =
          tok.isKeyword("min") ? Formula::Kind::Min : Formula::Kind::Max;
      consume();
      consume(); // '('
      FailureOr<std::unique_ptr<Formula>> lhs = parseFormula(table);
      if (failed(lhs) || failed(expect(Kind::Comma, "between the operands of min and max")))
        return failure();
      FailureOr<std::unique_ptr<Formula>> rhs = parseFormula(table);
      if (failed(rhs) || failed(expect(Kind::RParen, "after the operands of min and max")))
        return failure();
      return makeFormula(kind, loc, std::move(*lhs), std::move(*rhs));
    }
  }
  if (tok.is(Kind::Identifier)) {
    auto it = llvm::find(table.arguments, tok.text);
    if (it == table.arguments.end())
      return emitError(tok.loc, "'" + tok.text + "' is not an argument of table '" +
                                    table.name + "'");
    auto argument = makeFormula(Formula::Kind::Argument, loc, nullptr);
    argument->number = it - table.arguments.begin();
    consume();
    return argument;
  }
  return emitExpected("an integer, an argument, '(', min(...) or max(...) in "
                      "the formula of table '" + table.name + "'");
}

LogicalResult GrammarParser::parseDefinition() {
  consume(); // 'define'
  Definition definition;
  if (!tok.is(Kind::Identifier))
    return emitExpected("the definition's name after 'define'");
  definition.name = tok.text;
  definition.loc = tok.loc;
  consume();
  if (definitionsByName.count(definition.name) ||
      llvm::any_of(tableDeclarations, [&](const TableDeclaration &t) {
        return t.name == definition.name;
      }))
    return emitError(definition.loc, "'" + definition.name +
                                         "' is already a table or a "
                                         "definition");
  if (failed(expect(Kind::LParen, "after the definition's name")))
    return failure();
  do {
    if (!tok.is(Kind::Identifier))
      return emitExpected("an argument name in the definition");
    if (llvm::is_contained(definition.parameters, tok.text))
      return emitError(tok.loc, "argument '" + tok.text +
                                    "' is named twice in '" +
                                    definition.name + "'");
    definition.parameters.push_back(tok.text);
    consume();
  } while (tok.is(Kind::Comma) && (consume(), true));
  if (failed(expect(Kind::RParen, "after the definition's arguments")) ||
      failed(expect(Kind::Equal, "after the definition's arguments")))
    return failure();
  if (!atApplication())
    return emitExpected("a table application as the body of '" +
                        definition.name + "'");
  FailureOr<ItemAst> body = parseApplicationAst(&definition);
  if (failed(body))
    return failure();
  definition.body = std::move(*body);
  if (failed(expect(Kind::Semicolon, "after the definition '" +
                                         definition.name + "'")))
    return failure();
  std::string name = definition.name;
  definitionsByName.try_emplace(name, std::move(definition));
  return success();
}

FailureOr<ItemAst> GrammarParser::parseApplicationAst(const Definition *inside) {
  ItemAst application;
  application.kind = ItemAst::Kind::Apply;
  application.name = tok.text;
  application.loc = tok.loc;
  consume(); // name
  consume(); // '('
  if (inside && !tableNames.contains(application.name) &&
      !definitionsByName.count(application.name))
    return emitError(application.loc,
                     "'" + application.name + "' in '" + inside->name +
                         "' is neither a table nor an earlier definition");
  do {
    FailureOr<ItemAst> argument = parseArgumentAst(application.name, inside);
    if (failed(argument))
      return failure();
    application.arguments.push_back(std::move(*argument));
  } while (tok.is(Kind::Comma) && (consume(), true));
  if (failed(expect(Kind::RParen,
                    "after the arguments of '" + application.name + "'")))
    return failure();
  return application;
}

FailureOr<ItemAst> GrammarParser::parseArgumentAst(StringRef function,
                                                  const Definition *inside) {
  ItemAst item;
  item.loc = tok.loc;
  if (tok.is(Kind::ChildRef) && !inside) {
    if (tok.number == 0)
      return emitError(tok.loc, "children are numbered from $1");
    item.kind = ItemAst::Kind::Child;
    item.number = tok.number;
    item.name = tok.stream;
    consume();
    // `$N[I]`: one position of the child's output.
    if (tok.is(Kind::LBracket)) {
      llvm::SMLoc bracket = tok.loc;
      consume();
      std::optional<int64_t> index;
      auto notRange = [&] {
        return emitError(bracket, "an argument of '" + function +
                                      "' takes one position of a child, "
                                      "'$N[I]', not a range");
      };
      if (tok.is(Kind::Colon))
        return notRange();
      if (failed(parseSignedIndex(index)))
        return failure();
      if (tok.is(Kind::Colon))
        return notRange();
      if (failed(expect(Kind::RBracket, "after the argument's index")))
        return failure();
      item.index = index;
    }
    return item;
  }
  if (!inside && atSequenceFunction("pos")) {
    FailureOr<uint64_t> child = parsePosition();
    if (failed(child))
      return failure();
    item.kind = ItemAst::Kind::Position;
    item.number = *child;
    return item;
  }
  if (atApplication())
    return parseApplicationAst(inside);
  if (inside && tok.is(Kind::Identifier)) {
    auto it = llvm::find(inside->parameters, tok.text);
    if (it != inside->parameters.end()) {
      item.kind = ItemAst::Kind::Parameter;
      item.number = it - inside->parameters.begin();
      consume();
      return item;
    }
  }
  if (isWord()) {
    item.kind = ItemAst::Kind::Symbol;
    item.name = tok.text;
    consume();
    return item;
  }
  if (tok.is(Kind::Question) && !inside) {
    item.kind = ItemAst::Kind::Learned;
    consume();
    return item;
  }
  if (inside)
    return emitExpected("an argument of '" + inside->name +
                        "', an output symbol or a table application as an "
                        "argument of '" + function + "'");
  return emitExpected("'$N', an output symbol, '?', 'pos($N)' or a table "
                      "application as an argument of '" + function + "'");
}

/// `item` with every parameter replaced by its argument.
static ItemAst substitute(const ItemAst &item, ArrayRef<ItemAst> arguments) {
  if (item.kind == ItemAst::Kind::Parameter)
    return arguments[item.number];
  ItemAst result = item;
  for (ItemAst &argument : result.arguments)
    argument = substitute(argument, arguments);
  return result;
}

FailureOr<ItemAst> GrammarParser::expand(const ItemAst &item) {
  if (item.kind != ItemAst::Kind::Apply)
    return item;
  ItemAst result = item;
  for (ItemAst &argument : result.arguments) {
    FailureOr<ItemAst> expanded = expand(argument);
    if (failed(expanded))
      return failure();
    argument = std::move(*expanded);
  }
  auto it = definitionsByName.find(item.name);
  if (it == definitionsByName.end())
    return result; // a table
  const Definition &definition = it->second;
  if (result.arguments.size() != definition.parameters.size())
    return emitError(item.loc, "'" + item.name + "' takes " +
                                   Twine(definition.parameters.size()) +
                                   " arguments, given " +
                                   Twine(result.arguments.size()));
  // The body only names earlier definitions, so this terminates.
  return expand(substitute(definition.body, result.arguments));
}

void GrammarParser::emitItem(const ItemAst &item) {
  Location loc = getLoc(item.loc);
  switch (item.kind) {
  case ItemAst::Kind::Child: {
    if (!item.index) {
      ChildOp::create(builder, loc, item.number,
                      item.name.empty() ? StringAttr()
                                        : builder.getStringAttr(item.name));
      return;
    }
    // `$N[I]` is the slice `[I:I+1]` (`[-1:]` for the last) of the child.
    int64_t index = *item.index;
    auto slice = SliceOp::create(
        builder, loc, builder.getI64IntegerAttr(index),
        index == -1 ? IntegerAttr() : builder.getI64IntegerAttr(index + 1));
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToEnd(&slice.getBodyRegion().emplaceBlock());
    ChildOp::create(builder, loc, item.number,
                    item.name.empty() ? StringAttr()
                                      : builder.getStringAttr(item.name));
    return;
  }
  case ItemAst::Kind::Position:
    PositionOp::create(builder, loc, item.number);
    return;
  case ItemAst::Kind::Symbol:
    EmitOp::create(builder, loc, item.name);
    return;
  case ItemAst::Kind::Learned:
    LearnedOp::create(builder, loc);
    return;
  case ItemAst::Kind::Parameter:
    llvm_unreachable("parameters are substituted before emission");
  case ItemAst::Kind::Apply:
    break;
  }
  auto apply =
      ApplyOp::create(builder, loc, FlatSymbolRefAttr::get(context, item.name));
  Block *body = &apply.getBodyRegion().emplaceBlock();
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(body);
  for (const ItemAst &argument : item.arguments)
    emitItem(argument);
}

/// The value of `formula` for the arguments `values`, or an error message.
static FailureOr<int64_t> evaluate(const Formula &formula,
                                   ArrayRef<int64_t> values,
                                   std::string &error, llvm::SMLoc &where) {
  auto operand = [&](const std::unique_ptr<Formula> &f) {
    return evaluate(*f, values, error, where);
  };
  int64_t result = 0;
  switch (formula.kind) {
  case Formula::Kind::Number:
    return formula.number;
  case Formula::Kind::Argument:
    return values[formula.number];
  case Formula::Kind::Neg: {
    FailureOr<int64_t> x = operand(formula.lhs);
    if (failed(x))
      return failure();
    return -*x;
  }
  default:
    break;
  }
  FailureOr<int64_t> x = operand(formula.lhs);
  if (failed(x))
    return failure();
  FailureOr<int64_t> y = operand(formula.rhs);
  if (failed(y))
    return failure();
  bool overflow = false;
  switch (formula.kind) {
  case Formula::Kind::Add:
    overflow = __builtin_add_overflow(*x, *y, &result);
    break;
  case Formula::Kind::Sub:
    overflow = __builtin_sub_overflow(*x, *y, &result);
    break;
  case Formula::Kind::Mul:
    overflow = __builtin_mul_overflow(*x, *y, &result);
    break;
  case Formula::Kind::Mod:
    if (*y <= 0) {
      error = "'mod' needs a positive modulus, got " + std::to_string(*y);
      where = formula.loc;
      return failure();
    }
    result = ((*x % *y) + *y) % *y;
    break;
  case Formula::Kind::Div:
    // Rounded down, so that `x == y * (x div y) + x mod y`.
    if (*y <= 0) {
      error = "'div' needs a positive divisor, got " + std::to_string(*y);
      where = formula.loc;
      return failure();
    }
    result = (*x - ((*x % *y) + *y) % *y) / *y;
    break;
  case Formula::Kind::Min:
    result = std::min(*x, *y);
    break;
  case Formula::Kind::Max:
    result = std::max(*x, *y);
    break;
  default:
    llvm_unreachable("handled above");
  }
  if (overflow) {
    error = "the formula overflows a 64-bit integer";
    where = formula.loc;
    return failure();
  }
  return result;
}

LogicalResult GrammarParser::buildTables() {
  SmallVector<StringRef> symbols(outputs.getAsValueRange<StringAttr>());
  builder.setInsertionPointToStart(grammar.getBody());
  for (const TableDeclaration &table : tableDeclarations) {
    int64_t arity = table.arguments.size();
    int64_t rows = 1;
    for (int64_t i = 0; i < arity; ++i) {
      if (rows > TableOp::kMaxRows / int64_t(symbols.size()))
        return emitError(table.loc,
                         "table '" + table.name + "' over " +
                             Twine(symbols.size()) + " symbols with " +
                             Twine(arity) + " arguments has more than " +
                             Twine(TableOp::kMaxRows) +
                             " rows; use fewer arguments");
      rows *= symbols.size();
    }
    auto op = TableOp::create(builder, getLoc(table.loc),
                              builder.getStringAttr(table.name),
                              builder.getI64IntegerAttr(arity),
                              DenseI32ArrayAttr(), UnitAttr());
    if (table.learnable) {
      op.setLearnable(true);
      continue;
    }
    SmallVector<int32_t> values;
    if (table.formula) {
      // Every tuple of argument values, the first varying slowest.
      SmallVector<int64_t> arguments(arity, 0);
      for (int64_t row = 0; row < rows; ++row) {
        for (int64_t i = arity - 1, rest = row; i >= 0; --i) {
          arguments[i] = rest % int64_t(symbols.size());
          rest /= int64_t(symbols.size());
        }
        std::string error;
        llvm::SMLoc where;
        FailureOr<int64_t> value = evaluate(*table.formula, arguments, error, where);
        if (failed(value))
          return emitError(where, error + " in table '" + table.name + "'");
        if (*value < 0 || *value >= int64_t(symbols.size())) {
          std::string tuple;
          for (int64_t i = 0; i < arity; ++i)
            tuple += (i ? ", " : "") + table.arguments[i] + " = " +
                     std::to_string(arguments[i]);
          return emitError(table.formula->loc,
                           "table '" + table.name + "' gives " +
                               std::to_string(*value) + " for (" + tuple +
                               "), which is not a position among the " +
                               std::to_string(symbols.size()) +
                               " output symbols; reduce it, e.g. with 'mod " +
                               std::to_string(symbols.size()) + "'");
        }
        values.push_back(*value);
      }
    } else {
      if (int64_t(table.entries.size()) != rows)
        return emitError(table.loc, "table '" + table.name + "' lists " +
                                        Twine(table.entries.size()) +
                                        " entries; " + Twine(arity) +
                                        " arguments over " +
                                        Twine(symbols.size()) +
                                        " symbols need " + Twine(rows));
      for (const auto &[word, loc] : table.entries) {
        auto it = llvm::find(symbols, word);
        if (it == symbols.end())
          return emitError(loc, "undefined output symbol '" + word +
                                    "' in table '" + table.name +
                                    "'; declare it in the grammar's outputs");
        values.push_back(it - symbols.begin());
      }
    }
    op.setValues(values);
  }
  return success();
}

LogicalResult GrammarParser::resolveNames() {
  bool ok = true;
  llvm::StringSet<> tokenSet;
  for (StringRef token : tokens.getAsValueRange<StringAttr>())
    tokenSet.insert(token);
  for (const SymbolUse &use : uses) {
    if (use.isToken && !tokenSet.contains(use.name)) {
      emitError(use.loc, "unknown token \"" + use.name +
                             "\"; declare it in the grammar's tokens");
      ok = false;
    } else if (!use.isToken && !definitions.contains(use.name) &&
               !classDefinitions.contains(use.name)) {
      emitError(use.loc, "unknown nonterminal '" + use.name + "'");
      ok = false;
    }
  }
  for (const auto &entry : classDefinitions)
    if (auto rule = definitions.find(entry.getKey()); rule != definitions.end()) {
      emitError(rule->second, "'" + entry.getKey().str() +
                                  "' is both a nonterminal and a token class")
              .attachNote(getLoc(entry.getValue()))
          << "the class is declared here";
      ok = false;
    }
  return success(ok);
}

OwningOpRef<ModuleOp> GrammarParser::parse() {
  OwningOpRef<ModuleOp> module = ModuleOp::create(getLoc(tok.loc));
  builder.setInsertionPointToEnd(module->getBody());
  collectTableNames();
  if (failed(parseHeader()))
    return nullptr;

  llvm::SMLoc firstRuleLoc;
  std::string firstRule;
  while (!tok.is(Kind::Eof)) {
    if (tok.is(Kind::Error) || !tok.is(Kind::Identifier)) {
      (void)emitExpected("a declaration or a rule 'NAME = ...;'");
      return nullptr;
    }
    // A name followed by '=' starts a rule; the keywords only begin
    // declarations elsewhere, so a nonterminal may be called 'start'.
    GrammarLexer peekLexer = lexer;
    bool isRule = peekLexer.lex().is(Kind::Equal);
    if (!isRule && atDeclarationKeyword() && !tok.isKeyword("grammar")) {
      if (failed(parseDeclaration()))
        return nullptr;
      continue;
    }
    if (isRule && atDeclarationKeyword())
      mlir::emitWarning(getLoc(tok.loc))
          << "nonterminal '" << tok.text << "' is named like the keyword '"
          << tok.text << "'";
    if (firstRule.empty()) {
      firstRule = tok.text;
      firstRuleLoc = tok.loc;
    }
    if (failed(parseRule()))
      return nullptr;
  }

  llvm::SMLoc headerLoc = grammarLoc;
  if (!tokens) {
    emitError(headerLoc, "the grammar declares no input tokens; add "
                         "'tokens NAME...;'");
    return nullptr;
  }
  if (!outputs) {
    emitError(headerLoc, "the grammar declares no output symbols; add "
                         "'outputs NAME...;'");
    return nullptr;
  }
  if (firstRule.empty()) {
    emitError(headerLoc, "the grammar has no rules");
    return nullptr;
  }
  grammar.setTokensAttr(tokens);
  grammar.setOutputsAttr(outputs);
  if (start && !definitions.contains(start->first)) {
    emitError(start->second,
              "start nonterminal '" + start->first + "' is not defined");
    return nullptr;
  }
  grammar.setStart(start ? start->first : firstRule);
  if (failed(buildTables()) || failed(resolveNames()) ||
      failed(verify(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp>
circc::frontend::parseGrammarFile(llvm::SourceMgr &sourceMgr,
                                  MLIRContext *context) {
  context->getOrLoadDialect<GrammarDialect>();
  return GrammarParser(sourceMgr, context).parse();
}
