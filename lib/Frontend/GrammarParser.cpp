//===- GrammarParser.cpp - Grammar files to the grammar dialect -----------===//
//
// Part of circc. A recursive-descent parser for the grammar file format
// described in docs/GrammarFormat.md:
//
//   file        ::= 'grammar' name ';' (declaration | rule)*
//   declaration ::= 'tokens' word+ ';' | 'outputs' word+ ';'
//                 | 'start' name ';' | 'max' 'input' integer ';'
//   rule        ::= name '=' alternative ('|' alternative)* ';'
//   alternative ::= (name | string)+ ('{' item* '}')?
//   item        ::= atom ('*' integer)?
//   atom        ::= '$' integer | word | '?' | '(' item* ')'
//   word        ::= name | string | integer
//
//===----------------------------------------------------------------------===//

#include "circc/Frontend/GrammarParser.h"
#include "circc/Dialect/Grammar/GrammarOps.h"
#include "circc/Frontend/GrammarLexer.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringMap.h"
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

  //===--------------------------------------------------------------------===//
  // Grammar structure
  //===--------------------------------------------------------------------===//

  LogicalResult parseHeader();
  LogicalResult parseWordList(StringRef what, ArrayAttr &result);
  LogicalResult parseDeclaration();
  LogicalResult parseRule();
  LogicalResult parseAlternative(NonterminalOp nonterminal);
  LogicalResult parseTemplate(ProductionOp production);
  LogicalResult parseItem();
  LogicalResult resolveNames();

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
  std::vector<SymbolUse> uses;
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
                              builder.getStrArrayAttr({}), IntegerAttr());
  grammar.getBodyRegion().emplaceBlock();
  return success();
}

LogicalResult GrammarParser::parseWordList(StringRef what, ArrayAttr &result) {
  llvm::SMLoc keywordLoc = tok.loc;
  consume();
  if (result)
    return emitError(keywordLoc, "the " + what + " are declared twice");
  SmallVector<StringRef> words;
  llvm::StringMap<llvm::SMLoc> seen;
  std::vector<std::string> storage;
  while (isWord()) {
    auto [it, inserted] = seen.try_emplace(tok.text, tok.loc);
    if (!inserted) {
      emitError(tok.loc, "'" + tok.text + "' is listed twice in the " + what)
              .attachNote(getLoc(it->second))
          << "first listed here";
      return failure();
    }
    storage.push_back(tok.text);
    consume();
  }
  if (storage.empty())
    return emitExpected("at least one name in the " + what);
  if (failed(expect(Kind::Semicolon, "after the " + what)))
    return failure();
  for (const std::string &word : storage)
    words.push_back(word);
  result = builder.getStrArrayAttr(words);
  return success();
}

LogicalResult GrammarParser::parseDeclaration() {
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
  // max input N;
  llvm::SMLoc keywordLoc = tok.loc;
  consume();
  if (!tok.isKeyword("input"))
    return emitExpected("'input' in 'max input N;'");
  consume();
  if (grammar.getMaxInput())
    return emitError(keywordLoc, "the input bound is declared twice");
  if (!tok.is(Kind::Integer) || tok.number == 0)
    return emitExpected("a positive integer in 'max input N;'");
  grammar.setMaxInput(tok.number);
  consume();
  return expect(Kind::Semicolon, "after the input bound");
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

  builder.setInsertionPointToEnd(nonterminal.getBody());
  auto production = ProductionOp::create(builder, getLoc(altLoc),
                                         builder.getArrayAttr(rhs));
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
  while (!tok.is(Kind::RBrace)) {
    if (failed(parseItem()))
      return failure();
  }
  consume(); // '}'
  return success();
}

LogicalResult GrammarParser::parseItem() {
  Block *block = builder.getInsertionBlock();
  Block::iterator before = builder.getInsertionPoint();
  bool hadPrevious = before != block->begin();
  Block::iterator previous = hadPrevious ? std::prev(before) : before;
  llvm::SMLoc loc = tok.loc;

  if (tok.is(Kind::ChildRef)) {
    if (tok.number == 0)
      return emitError(tok.loc, "children are numbered from $1");
    ChildOp::create(builder, getLoc(tok.loc), tok.number);
    consume();
  } else if (isWord()) {
    EmitOp::create(builder, getLoc(tok.loc), tok.text);
    consume();
  } else if (tok.is(Kind::Question)) {
    LearnedOp::create(builder, getLoc(tok.loc));
    consume();
  } else if (tok.is(Kind::LParen)) {
    consume();
    while (!tok.is(Kind::RParen)) {
      if (failed(parseItem()))
        return failure();
    }
    consume();
  } else {
    return emitExpected("'$N', an output symbol, '?', '(' or '}' in the "
                        "template");
  }

  if (!tok.is(Kind::Star))
    return success();
  consume();
  if (!tok.is(Kind::Integer) || tok.number == 0)
    return emitExpected("a positive repeat count after '*'");
  uint64_t count = tok.number;
  consume();

  // Move the item just parsed (one op, or a parenthesised group) into a
  // repeat op placed where it started.
  Block::iterator first = hadPrevious ? std::next(previous) : block->begin();
  Block::iterator end = builder.getInsertionPoint();
  if (first == end)
    return emitError(loc, "nothing to repeat: the group is empty");
  auto repeat = RepeatOp::create(builder, getLoc(loc), count);
  Block *body = &repeat.getBodyRegion().emplaceBlock();
  body->getOperations().splice(body->end(), block->getOperations(), first,
                               Block::iterator(repeat.getOperation()));
  builder.setInsertionPointToEnd(block);
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
    } else if (!use.isToken && !definitions.contains(use.name)) {
      emitError(use.loc, "unknown nonterminal '" + use.name + "'");
      ok = false;
    }
  }
  return success(ok);
}

OwningOpRef<ModuleOp> GrammarParser::parse() {
  OwningOpRef<ModuleOp> module = ModuleOp::create(getLoc(tok.loc));
  builder.setInsertionPointToEnd(module->getBody());
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
    if (!isRule && (tok.isKeyword("tokens") || tok.isKeyword("outputs") ||
                    tok.isKeyword("start") || tok.isKeyword("max"))) {
      if (failed(parseDeclaration()))
        return nullptr;
      continue;
    }
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
  if (failed(resolveNames()) || failed(verify(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp>
circc::frontend::parseGrammarFile(llvm::SourceMgr &sourceMgr,
                                  MLIRContext *context) {
  context->getOrLoadDialect<GrammarDialect>();
  return GrammarParser(sourceMgr, context).parse();
}
