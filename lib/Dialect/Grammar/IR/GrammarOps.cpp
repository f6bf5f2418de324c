//===- GrammarOps.cpp - Grammar dialect operations ------------------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Grammar/GrammarOps.h"
#include "circc/Support/WordShapes.h"
#include "circc/Dialect/Grammar/GrammarAnalysis.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace circc::grammar;

//===----------------------------------------------------------------------===//
// GrammarOp
//===----------------------------------------------------------------------===//

NonterminalOp GrammarOp::lookupNonterminal(StringRef name) {
  return dyn_cast_or_null<NonterminalOp>(mlir::SymbolTable::lookupSymbolIn(
      getOperation(), StringAttr::get(getContext(), name)));
}

ClassOp GrammarOp::lookupClass(StringRef name) {
  return dyn_cast_or_null<ClassOp>(mlir::SymbolTable::lookupSymbolIn(
      getOperation(), StringAttr::get(getContext(), name)));
}

static bool containsString(ArrayAttr array, StringRef value) {
  return llvm::any_of(array.getAsValueRange<StringAttr>(),
                      [&](StringRef entry) { return entry == value; });
}

bool GrammarOp::hasToken(StringRef token) {
  return containsString(getTokens(), token);
}

bool GrammarOp::hasOutput(StringRef symbol) {
  return containsString(getOutputs(), symbol);
}

/// Reports the first entry of `array` that is empty or repeated.
static LogicalResult verifyVocabulary(Operation *op, ArrayAttr array,
                                      StringRef kind) {
  llvm::StringSet<> seen;
  for (StringRef entry : array.getAsValueRange<StringAttr>()) {
    if (entry.empty())
      return op->emitOpError() << "declares an empty " << kind;
    if (!seen.insert(entry).second)
      return op->emitOpError()
             << "declares the " << kind << " \"" << entry << "\" twice";
  }
  return success();
}

LogicalResult GrammarOp::verify() {
  if (failed(verifyVocabulary(*this, getTokens(), "token")) ||
      failed(verifyVocabulary(*this, getOutputs(), "output symbol")))
    return failure();
  return success();
}

/// Renders a cycle of nonterminals as `a -> b -> a`.
static std::string describeCycle(const GrammarAnalysis &analysis,
                                 ArrayRef<unsigned> cycle) {
  std::string text;
  for (unsigned index : cycle)
    text += analysis.getNonterminal(index).getSymName().str() + " -> ";
  text += analysis.getNonterminal(cycle.front()).getSymName().str();
  return text;
}

/// Each name has at most one precedence level, no token of a class has one,
/// and a production's `prec` names a level.
static LogicalResult
verifyPrecedences(GrammarOp grammar, const llvm::StringMap<ClassOp> &classOf) {
  llvm::StringMap<PrecedenceOp> levelOf;
  for (PrecedenceOp level : grammar.getPrecedences())
    for (StringRef name : level.getTokens().getAsValueRange<StringAttr>()) {
      if (ClassOp tokenClass = classOf.lookup(name))
        return level.emitError()
               << "token \"" << name << "\" is in the class '"
               << tokenClass.getSymName()
               << "', which the parser reads as one terminal; a token of a "
                  "class cannot take a precedence";
      auto [it, inserted] = levelOf.try_emplace(name, level);
      if (!inserted) {
        InFlightDiagnostic diag = level.emitError()
                                  << "\"" << name
                                  << "\" is given a precedence twice";
        diag.attachNote(it->second.getLoc()) << "first given here";
        return diag;
      }
    }
  WalkResult named = grammar.walk([&](ProductionOp production) {
    std::optional<StringRef> prec = production.getPrec();
    if (!prec || levelOf.contains(*prec))
      return WalkResult::advance();
    production.emitError() << "'%prec " << *prec << "' names no precedence "
                           << "level; declare it with 'precedence left "
                           << *prec << ";' (or right, nonassoc)";
    return WalkResult::interrupt();
  });
  return failure(named.wasInterrupted());
}

/// A word outside the vocabulary outputs itself, which no op table has a
/// row for: an open class's symbol, or a nonterminal's output that may hold
/// one (placed by a template outside a table application), is never a
/// table's argument.
static LogicalResult verifyOpenWordsStayOutOfTables(GrammarOp grammar) {
  llvm::StringSet<> open;
  for (ClassOp tokenClass : grammar.getClasses())
    if (tokenClass.getOpen())
      open.insert(tokenClass.getSymName());
  if (open.empty())
    return success();
  // The symbols a production places outside its table applications.
  auto placed = [](ProductionOp production, auto &&each) {
    production.getBody()->walk([&](ChildOp child) {
      if (!child->getParentOfType<ApplyOp>())
        if (FlatSymbolRefAttr symbol =
                production.getChildSymbol(child.getIndex()))
          each(symbol.getValue());
    });
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (NonterminalOp nonterminal : grammar.getBody()->getOps<NonterminalOp>())
      for (ProductionOp production : nonterminal.getProductions())
        placed(production, [&](StringRef symbol) {
          if (open.contains(symbol) && !open.contains(nonterminal.getSymName()))
            changed = open.insert(nonterminal.getSymName()).second || changed;
        });
  }
  WalkResult result = grammar.walk([&](ApplyOp apply) {
    ProductionOp production = apply.getProduction();
    WalkResult found = apply.getBody()->walk([&](ChildOp child) {
      FlatSymbolRefAttr symbol =
          production ? production.getChildSymbol(child.getIndex()) : nullptr;
      if (!symbol || !open.contains(symbol.getValue()))
        return WalkResult::advance();
      child.emitError() << "argument of '" << apply.getTable() << "' is $"
                        << child.getIndex() << ", the output of '"
                        << symbol.getValue()
                        << "', which may be a word outside the vocabulary (an "
                           "open class's); a table applies to output symbols";
      return WalkResult::interrupt();
    });
    return found;
  });
  return failure(result.wasInterrupted());
}

LogicalResult GrammarOp::verifyRegions() {
  if (std::optional<uint64_t> bound = getMaxInput();
      bound && *bound > uint64_t(kMaxInputLimit))
    return emitError() << "'max input " << *bound << "' is more than the "
                       << kMaxInputLimit
                       << " tokens circc compiles a grammar for";
  // A word outside the vocabulary is read by the one class open to its
  // shape.
  llvm::StringMap<ClassOp> openTo;
  for (ClassOp tokenClass : getClasses())
    if (std::optional<StringRef> shape = tokenClass.getOpen()) {
      auto [it, inserted] = openTo.try_emplace(*shape, tokenClass);
      if (!inserted)
        return tokenClass.emitError()
               << "the classes '" << it->second.getSymName() << "' and '"
               << tokenClass.getSymName() << "' are both open to " << *shape
               << " words; an unknown word must have one reading";
    }
  // A token is read as one terminal: its own, or its class's.
  llvm::StringMap<ClassOp> classOf;
  for (ClassOp tokenClass : getClasses())
    for (StringRef token : tokenClass.getTokens().getAsValueRange<StringAttr>()) {
      auto [it, inserted] = classOf.try_emplace(token, tokenClass);
      if (!inserted)
        return tokenClass.emitError()
               << "token \"" << token << "\" is in the classes '"
               << it->second.getSymName() << "' and '"
               << tokenClass.getSymName() << "'; a token belongs to one class";
    }
  WalkResult literal = walk([&](ProductionOp production) {
    for (Attribute symbol : production.getRhs())
      if (auto token = dyn_cast<StringAttr>(symbol))
        if (ClassOp tokenClass = classOf.lookup(token.getValue())) {
          production.emitError()
              << "token \"" << token.getValue() << "\" is in the class '"
              << tokenClass.getSymName()
              << "', so the parser reads it as that class; name the class "
                 "here, or take the token out of it";
          return WalkResult::interrupt();
        }
    return WalkResult::advance();
  });
  if (literal.wasInterrupted())
    return failure();
  if (failed(verifyPrecedences(*this, classOf)))
    return failure();

  GrammarAnalysis analysis(*this);
  if (!analysis.lookup(getStart()))
    return emitOpError() << "start nonterminal '" << getStart()
                         << "' is not defined";
  if (NonterminalOp start = lookupNonterminal(getStart());
      start && !start.getStreamNames().empty())
    return start.emitError()
           << "the start nonterminal '" << getStart()
           << "' names output streams (" << llvm::join(start.getStreamNames(), ", ")
           << "), but a command's output is one sequence; place them in "
              "order from a start rule without streams";

  bool ok = true;
  llvm::BitVector reachable = analysis.computeReachable();
  llvm::BitVector productive = analysis.computeProductive();
  for (unsigned index = 0, e = analysis.getNumNonterminals(); index < e;
       ++index) {
    NonterminalOp nonterminal = analysis.getNonterminal(index);
    if (!reachable.test(index)) {
      nonterminal.emitError()
          << "nonterminal '" << nonterminal.getSymName()
          << "' is unreachable from the start nonterminal '" << getStart()
          << "'";
      ok = false;
    } else if (!productive.test(index)) {
      nonterminal.emitError()
          << "nonterminal '" << nonterminal.getSymName()
          << "' is non-productive: it derives no sentence made of tokens";
      ok = false;
    }
  }
  if (!ok)
    return failure();

  // A chain of single-nonterminal productions that loops derives the same
  // input in unboundedly many ways, and unboundedly long outputs with them.
  SmallVector<unsigned> cycle = analysis.findCycle(/*unitOnly=*/true);
  if (!cycle.empty()) {
    NonterminalOp head = analysis.getNonterminal(cycle.front());
    return head.emitError()
           << "nonterminal '" << head.getSymName() << "' derives itself without consuming input ("
           << describeCycle(analysis, cycle)
           << "), so its output length is unbounded";
  }

  // A table applies to one symbol: each child argument's nonterminal must
  // always output exactly one, and a child's position `$N[I]` must always
  // exist. Lengths are counted as far as the largest such index needs.
  uint64_t needed = 2;
  walk([&](ApplyOp apply) {
    for (SliceOp slice : apply.getBody()->getOps<SliceOp>())
      needed = std::max<uint64_t>(needed, slice.getPositionsNeeded());
  });
  SmallVector<LengthRange> lengths = analysis.computeLengthRanges(needed);
  WalkResult arguments = walk([&](ApplyOp apply) {
    ProductionOp production = apply.getProduction();
    for (auto [position, op] : llvm::enumerate(*apply.getBody())) {
      auto slice = dyn_cast<SliceOp>(op);
      auto child = slice ? cast<ChildOp>(slice.getBody()->front())
                         : dyn_cast<ChildOp>(op);
      if (!child || !production)
        continue;
      if (child.getStream()) {
        child.emitError() << "argument " << position + 1 << " of '"
                          << apply.getTable() << "' is a stream, $"
                          << child.getIndex() << "." << *child.getStream()
                          << ", whose length is not checked; a table applies "
                             "to a child that outputs one symbol";
        return WalkResult::interrupt();
      }
      FlatSymbolRefAttr symbol = production.getChildSymbol(child.getIndex());
      std::optional<unsigned> index =
          symbol ? analysis.lookup(symbol.getValue()) : std::nullopt;
      bool isClass = symbol && analysis.isClass(symbol.getValue());
      if (!index && !isClass)
        continue;
      LengthRange range = isClass ? LengthRange{1, 1} : lengths[*index];
      if (slice) {
        uint64_t positions = slice.getPositionsNeeded();
        if (range.min >= positions)
          continue;
        slice.emitError() << "argument " << position + 1 << " of '"
                          << apply.getTable() << "' is position "
                          << slice.getStart() << " of $" << child.getIndex()
                          << ", the output of '" << symbol.getValue()
                          << "', which can be shorter than " << positions
                          << " symbol" << (positions == 1 ? "" : "s")
                          << "; a table applies to exactly one symbol";
        return WalkResult::interrupt();
      }
      if (range.min == 1 && range.max == 1)
        continue;
      child.emitError() << "argument " << position + 1 << " of '"
                        << apply.getTable() << "' is $" << child.getIndex()
                        << ", the output of '" << symbol.getValue()
                        << "', which can be "
                        << (range.min == 0 ? "empty" : "longer than one symbol")
                        << "; a table applies to exactly one symbol";
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (arguments.wasInterrupted())
    return failure();
  if (failed(verifyOpenWordsStayOutOfTables(*this)))
    return failure();

  // A recursive grammar takes inputs of any length unless it declares a
  // bound; its outputs then need one, unless each is one symbol at most.
  if (getMaxInput() || getMaxOutput())
    return success();
  cycle = analysis.findCycle(/*unitOnly=*/false);
  if (cycle.empty())
    return success();
  if (llvm::all_of(analysis.computeLengthRanges(),
                   [](const LengthRange &range) { return range.max <= 1; }))
    return success();
  NonterminalOp head = analysis.getNonterminal(cycle.front());
  return head.emitError()
         << "nonterminal '" << head.getSymName() << "' is recursive ("
         << describeCycle(analysis, cycle)
         << "), so its output may grow with the input; declare the longest "
            "output with 'max output N;' or the longest input with 'max "
            "input N;'";
}

//===----------------------------------------------------------------------===//
// ClassOp
//===----------------------------------------------------------------------===//

LogicalResult PrecedenceOp::verify() {
  if (getTokens().empty())
    return emitOpError() << "names no tokens";
  llvm::StringSet<> seen;
  for (StringRef name : getTokens().getAsValueRange<StringAttr>())
    if (!seen.insert(name).second)
      return emitError() << "\"" << name << "\" is listed twice in one "
                         << "precedence level";
  return success();
}

LogicalResult ClassOp::verify() {
  GrammarOp grammar = (*this)->getParentOfType<GrammarOp>();
  if (std::optional<StringRef> shape = getOpen();
      shape && !wordShapeNamed(*shape))
    return emitError() << "unknown word shape '" << *shape
                       << "' for the open class '" << getSymName()
                       << "'; a class is open to " << wordShapeNames()
                       << " words";
  if (getTokens().empty() && !getOpen())
    return emitOpError() << "holds no tokens";
  if (getTokens().size() != getOutputs().size())
    return emitOpError() << "has " << getTokens().size() << " tokens but "
                         << getOutputs().size() << " outputs";
  llvm::StringSet<> seen;
  for (auto [token, output] :
       llvm::zip(getTokens().getAsValueRange<StringAttr>(),
                 getOutputs().getAsValueRange<StringAttr>())) {
    if (!seen.insert(token).second)
      return emitError() << "token \"" << token << "\" is listed twice in the "
                         << "class '" << getSymName() << "'";
    if (grammar && !grammar.hasToken(token))
      return emitError() << "unknown token \"" << token << "\" in the class '"
                         << getSymName() << "'; declare it in the grammar's tokens";
    if (grammar && !grammar.hasOutput(output))
      return emitError() << "the class '" << getSymName() << "' outputs \""
                         << output << "\" for \"" << token
                         << "\", which is not one of the grammar's outputs";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// NonterminalOp
//===----------------------------------------------------------------------===//

SmallVector<StringRef> NonterminalOp::getStreamNames() {
  SmallVector<StringRef> names;
  for (ProductionOp production : getProductions())
    for (StreamOp stream : production.getBody()->getOps<StreamOp>())
      if (!llvm::is_contained(names, stream.getName()))
        names.push_back(stream.getName());
  return names;
}

LogicalResult NonterminalOp::verifyRegions() {
  // Either every production names its streams or none does.
  ProductionOp streamed, plain;
  for (ProductionOp production : getProductions()) {
    Block *body = production.getBody();
    bool hasStreams = !body->getOps<StreamOp>().empty();
    (hasStreams ? streamed : plain) = production;
  }
  if (streamed && plain) {
    InFlightDiagnostic diag =
        plain.emitError()
        << "the production '" << plain.describe()
        << "' outputs one sequence, but other productions of '"
        << getSymName() << "' name output streams ("
        << llvm::join(getStreamNames(), ", ")
        << "); name its streams too ('NAME: ITEMS')";
    diag.attachNote(streamed.getLoc()) << "a production with streams";
    return diag;
  }
  llvm::DenseMap<ArrayAttr, ProductionOp> seen;
  for (ProductionOp production : getProductions()) {
    auto [it, inserted] = seen.try_emplace(production.getRhs(), production);
    if (inserted)
      continue;
    InFlightDiagnostic diag = production.emitError()
                              << "duplicate production '"
                              << production.describe() << "'";
    diag.attachNote(it->second.getLoc()) << "first defined here";
    return diag;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ProductionOp
//===----------------------------------------------------------------------===//

NonterminalOp ProductionOp::getNonterminal() {
  return dyn_cast_or_null<NonterminalOp>((*this)->getParentOp());
}

GrammarOp ProductionOp::getGrammar() {
  return (*this)->getParentOfType<GrammarOp>();
}

FlatSymbolRefAttr ProductionOp::getChildSymbol(int64_t index) {
  if (index < 1 || index > static_cast<int64_t>(getRhs().size()))
    return {};
  return dyn_cast<FlatSymbolRefAttr>(getRhs()[index - 1]);
}

std::string ProductionOp::describe() {
  NonterminalOp nonterminal = getNonterminal();
  std::string text =
      (nonterminal ? nonterminal.getSymName().str() : std::string("?")) +
      " ->";
  for (Attribute symbol : getRhs()) {
    if (auto ref = dyn_cast<FlatSymbolRefAttr>(symbol))
      text += " " + ref.getValue().str();
    else if (auto token = dyn_cast<StringAttr>(symbol))
      text += " \"" + token.getValue().str() + "\"";
  }
  return text;
}

LogicalResult ProductionOp::verify() {
  if (getRhs().empty())
    return emitOpError() << "has an empty right-hand side";
  GrammarOp grammar = getGrammar();
  if (!grammar)
    return success(); // The HasParent trait reports the misplaced op.
  for (Attribute symbol : getRhs()) {
    if (auto ref = dyn_cast<FlatSymbolRefAttr>(symbol)) {
      if (!grammar.lookupNonterminal(ref.getValue()) &&
          !grammar.lookupClass(ref.getValue()))
        return emitError() << "unknown nonterminal '" << ref.getValue()
                           << "'";
      continue;
    }
    auto token = dyn_cast<StringAttr>(symbol);
    if (!token)
      return emitOpError() << "right-hand side entries must be nonterminal "
                              "references or token strings, found "
                           << symbol;
    if (!grammar.hasToken(token.getValue()))
      return emitError() << "unknown token \"" << token.getValue()
                         << "\"; declare it in the grammar's tokens";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Template ops
//===----------------------------------------------------------------------===//

/// The production whose template holds `op`.
static ProductionOp getEnclosingProduction(Operation *op) {
  return op->getParentOfType<ProductionOp>();
}

ProductionOp RepeatOp::getProduction() {
  return getEnclosingProduction(*this);
}

/// A count symbol's count: a decimal number, up to RepeatOp::kMaxCount.
static std::optional<uint64_t> parseCount(StringRef symbol) {
  uint64_t count;
  if (symbol.empty() || !llvm::all_of(symbol, llvm::isDigit) ||
      symbol.getAsInteger(10, count) || count > RepeatOp::kMaxCount)
    return std::nullopt;
  return count;
}

/// The class the count child `by` of `repeat` names, or null.
static ClassOp getCountClass(RepeatOp repeat) {
  std::optional<uint64_t> by = repeat.getBy();
  ProductionOp production = repeat.getProduction();
  if (!by || !production || *by > production.getRhs().size())
    return {};
  FlatSymbolRefAttr symbol = production.getChildSymbol(int64_t(*by));
  GrammarOp grammar = production.getGrammar();
  return symbol && grammar ? grammar.lookupClass(symbol.getValue()) : ClassOp();
}

SmallVector<std::pair<StringRef, uint64_t>> RepeatOp::getCounts() {
  SmallVector<std::pair<StringRef, uint64_t>> counts;
  ClassOp countClass = getCountClass(*this);
  if (!countClass)
    return counts;
  for (StringRef symbol : countClass.getOutputs().getAsValueRange<StringAttr>())
    if (std::optional<uint64_t> count = parseCount(symbol))
      counts.push_back({symbol, *count});
  return counts;
}

uint64_t RepeatOp::getMaxCount() {
  if (std::optional<uint64_t> count = getCount())
    return *count;
  uint64_t most = 0;
  for (auto [symbol, count] : getCounts())
    most = std::max(most, count);
  return most;
}

LogicalResult RepeatOp::verify() {
  std::optional<uint64_t> by = getBy();
  if (getCount().has_value() == by.has_value())
    return emitOpError() << "takes either a count or 'by' a child, not "
                         << (by ? "both" : "neither");
  if (!by)
    return success();
  ProductionOp production = getProduction();
  if (!production)
    return success(); // The ParentOneOf trait reports the misplaced op.
  int64_t size = production.getRhs().size();
  if (int64_t(*by) > size)
    return emitError() << "the count of a repetition, $" << *by
                       << ", is missing; the production '"
                       << production.describe() << "' has " << size
                       << (size == 1 ? " symbol" : " symbols");
  FlatSymbolRefAttr symbol = production.getChildSymbol(int64_t(*by));
  ClassOp countClass = getCountClass(*this);
  if (!countClass) {
    std::string what = symbol
                           ? "the nonterminal '" + symbol.getValue().str() + "'"
                           : "the token \"" +
                                 cast<StringAttr>(production.getRhs()[*by - 1])
                                     .getValue()
                                     .str() +
                                 "\"";
    return emitError() << "the count of a repetition, $" << *by << ", is "
                       << what
                       << "; a count is a token class whose outputs are "
                          "numbers (class count = 1..9;)";
  }
  if (countClass.getOpen())
    return emitError() << "the count of a repetition, $" << *by
                       << ", is the open class '" << countClass.getSymName()
                       << "', whose unknown words are no counts";
  for (StringRef output : countClass.getOutputs().getAsValueRange<StringAttr>())
    if (!parseCount(output))
      return emitError() << "the count of a repetition, $" << *by
                         << ", is the class '" << countClass.getSymName()
                         << "', which outputs '" << output
                         << "', not a count (a decimal number up to "
                         << kMaxCount << ")";
  if (getMaxCount() == 0)
    return emitError() << "the count of a repetition, $" << *by
                       << ", is the class '" << countClass.getSymName()
                       << "', whose counts are all 0";
  return success();
}

LogicalResult ChildOp::verify() {
  ProductionOp production = getEnclosingProduction(*this);
  if (!production)
    return success(); // The ParentOneOf trait reports the misplaced op.
  int64_t index = getIndex();
  int64_t size = production.getRhs().size();
  if (index > size)
    return emitError() << "template refers to missing child $" << index
                       << "; the production '" << production.describe()
                       << "' has " << size
                       << (size == 1 ? " symbol" : " symbols");
  FlatSymbolRefAttr symbol = production.getChildSymbol(index);
  if (!symbol)
    return emitError() << "template refers to $" << index
                       << ", which is the token "
                       << production.getRhs()[index - 1]
                       << ", not a nonterminal";
  GrammarOp grammar = production.getGrammar();
  NonterminalOp child =
      grammar ? grammar.lookupNonterminal(symbol.getValue()) : NonterminalOp();
  SmallVector<StringRef> streams =
      child ? child.getStreamNames() : SmallVector<StringRef>();
  std::optional<StringRef> stream = getStream();
  if (!stream) {
    if (streams.empty())
      return success();
    return emitError() << "$" << index << " is '" << symbol.getValue()
                       << "', which outputs the streams "
                       << llvm::join(streams, ", ") << "; place one of them, "
                       << "as in '$" << index << "." << streams.front() << "'";
  }
  if (!child)
    return emitError() << "$" << index << "." << *stream << " names a stream of '"
                       << symbol.getValue()
                       << "', a token class, which outputs one symbol; write '$"
                       << index << "'";
  if (streams.empty())
    return emitError() << "$" << index << "." << *stream
                       << " names a stream of '" << symbol.getValue()
                       << "', which outputs one sequence; write '$" << index
                       << "'";
  if (!llvm::is_contained(streams, *stream))
    return emitError() << "'" << symbol.getValue() << "' has no stream '"
                       << *stream << "'; its streams are "
                       << llvm::join(streams, ", ");
  return success();
}

LogicalResult PositionOp::verify() {
  ProductionOp production = getEnclosingProduction(*this);
  if (!production)
    return success(); // The ParentOneOf trait reports the misplaced op.
  int64_t size = production.getRhs().size();
  if (getIndex() > size)
    return emitError() << "pos($" << getIndex()
                       << ") refers to a missing child; the production '"
                       << production.describe() << "' has " << size
                       << (size == 1 ? " symbol" : " symbols");
  return success();
}

LogicalResult StreamOp::verify() {
  auto production = dyn_cast_or_null<ProductionOp>((*this)->getParentOp());
  if (!production)
    return success(); // The HasParent trait reports the misplaced op.
  for (Operation &op : *production.getBody()) {
    if (auto other = dyn_cast<StreamOp>(op)) {
      if (other != *this && other.getName() == getName() &&
          other->isBeforeInBlock(*this))
        return emitError() << "the stream '" << getName()
                           << "' is named twice in one template";
      continue;
    }
    return op.emitError() << "a template that names output streams holds "
                             "nothing outside them; put this item in one "
                             "('NAME: ITEMS')";
  }
  return success();
}

LogicalResult HoleOp::verify() {
  Block *body = (*this)->getBlock();
  if (!llvm::hasSingleElement(*body))
    return emitError() << "a template left open ('\?\?') holds nothing else";
  return success();
}

LogicalResult EmitOp::verify() {
  GrammarOp grammar = (*this)->getParentOfType<GrammarOp>();
  if (grammar && !grammar.hasOutput(getSymbol()))
    return emitError() << "undefined output symbol '" << getSymbol()
                       << "'; declare it in the grammar's outputs";
  return success();
}

#define GET_OP_CLASSES
//===----------------------------------------------------------------------===//
// Op tables
//===----------------------------------------------------------------------===//

/// |outputs|^arity, or kMaxRows + 1 when it is larger than that.
static int64_t tableRows(int64_t symbols, int64_t arity) {
  int64_t rows = 1;
  for (int64_t i = 0; i < arity; ++i) {
    if (symbols != 0 && rows > TableOp::kMaxRows / symbols)
      return TableOp::kMaxRows + 1;
    rows *= symbols;
  }
  return rows;
}

LogicalResult TableOp::verify() {
  GrammarOp grammar = (*this)->getParentOfType<GrammarOp>();
  if (!grammar)
    return success();
  if (getValues().has_value() == getLearnable())
    return emitError() << "table '" << getSymName()
                       << "' needs either its values or 'learnable'";
  int64_t symbols = grammar.getOutputs().size();
  int64_t rows = tableRows(symbols, getArity());
  if (rows > kMaxRows)
    return emitError() << "table '" << getSymName() << "' over "
                       << symbols << " symbols with " << getArity()
                       << " arguments has more than " << kMaxRows
                       << " rows; use fewer arguments";
  if (std::optional<ArrayRef<int32_t>> values = getValues()) {
    if (int64_t(values->size()) != rows)
      return emitError() << "table '" << getSymName() << "' lists "
                         << values->size() << " entries; " << getArity()
                         << " arguments over " << symbols
                         << " symbols need " << rows;
    for (auto [row, value] : llvm::enumerate(*values))
      if (value < 0 || value >= symbols)
        return emitError() << "table '" << getSymName() << "' gives "
                           << value << " for row " << row
                           << ", which is not one of the " << symbols
                           << " output symbols";
  }
  return success();
}

/// A sequence function needs something to apply to.
static LogicalResult verifyNonEmptyBody(Operation *op, Block &body,
                                        StringRef what) {
  if (body.empty())
    return op->emitError() << "nothing to " << what << ": the group is empty";
  return success();
}

LogicalResult ReverseOp::verifyRegions() {
  return verifyNonEmptyBody(*this, *getBody(), "reverse");
}

LogicalResult SliceOp::verifyRegions() {
  if (failed(verifyNonEmptyBody(*this, *getBody(), "slice")))
    return failure();
  if (getSlice().maxLength(int64_t(1) << 40) == 0)
    return emitError() << "the slice [" << getSlice().start << ":"
                       << (getSlice().stop ? std::to_string(*getSlice().stop)
                                           : "")
                       << "] keeps nothing of any sequence";
  return success();
}

ProductionOp ApplyOp::getProduction() {
  return getEnclosingProduction(*this);
}

LogicalResult ApplyOp::verifyRegions() {
  for (Operation &op : *getBody()) {
    auto slice = dyn_cast<SliceOp>(op);
    if (slice && slice.isPositionOfChild())
      continue;
    if (!isa<ChildOp, EmitOp, LearnedOp, ApplyOp, PositionOp>(op))
      return op.emitError() << "an argument of '" << getTable()
                            << "' must be one symbol: '$N', '$N[I]', an "
                               "output symbol, '?', 'pos($N)' or a table "
                               "application";
  }
  return success();
}

LogicalResult ApplyOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  GrammarOp grammar = (*this)->getParentOfType<GrammarOp>();
  if (!grammar)
    return success();
  auto table = symbolTable.lookupNearestSymbolFrom<TableOp>(grammar, getTableAttr());
  if (!table)
    return emitError() << "unknown table '" << getTable()
                       << "'; declare it with 'table " << getTable()
                       << "(...) = ...;'";
  int64_t arguments = range_size(getBody()->getOperations());
  if (arguments != table.getArity())
    return emitError() << "table '" << getTable() << "' takes "
                       << table.getArity() << " argument"
                       << (table.getArity() == 1 ? "" : "s") << ", given "
                       << arguments;
  return success();
}

#include "circc/Dialect/Grammar/GrammarEnums.cpp.inc"
#include "circc/Dialect/Grammar/GrammarOps.cpp.inc"
