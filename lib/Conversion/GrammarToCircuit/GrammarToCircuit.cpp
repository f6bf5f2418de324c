//===- GrammarToCircuit.cpp - Compile grammars into circuits --------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Conversion/GrammarToCircuit.h"
#include "circc/Support/WordShapes.h"
#include "circc/Dialect/Circuit/CircuitOps.h"
#include "circc/Dialect/Grammar/GrammarAnalysis.h"
#include "circc/Dialect/Grammar/GrammarOps.h"

#include "LRAutomaton.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/StringExtras.h"

namespace circc {
#define GEN_PASS_DEF_CONVERTGRAMMARTOCIRCUIT
#include "circc/Conversion/Passes.h.inc"
} // namespace circc

using namespace mlir;
using namespace circc;
namespace g = circc::grammar;
namespace c = circc::circuit;

namespace {

/// Everything about one grammar the lowering needs, in index form. The
/// parser reads terminals: each token not in a class is its own terminal
/// (in token order), each token class one more (in declaration order).
struct GrammarTables {
  SmallVector<g::ProductionOp> productions;
  llvm::StringMap<unsigned> tokenIds;
  /// Per token id, its terminal; per terminal, a token that reads as it,
  /// and whether it is a class.
  SmallVector<int32_t> columns;
  SmallVector<unsigned> representative;
  SmallVector<bool> terminalIsClass;
  /// Per token id, the output symbol its class gives it, or -1 (-2 for an
  /// open class's token: the input word).
  SmallVector<int32_t> lexemes;
  bool hasClasses = false;
  /// The circuit's tokens: the grammar's, then one per open class
  /// ("<open CLASS>", which no word spells); pairs of such a token and its
  /// word shape.
  SmallVector<std::string> tokenNames;
  SmallVector<int32_t> openWords;
  lr::Grammar lrGrammar;
};

GrammarTables indexGrammar(g::GrammarOp grammar,
                           const g::GrammarAnalysis &analysis) {
  GrammarTables tables;
  ArrayAttr tokens = grammar.getTokens();
  for (auto [id, token] : llvm::enumerate(tokens.getAsValueRange<StringAttr>()))
    tables.tokenIds[token] = id;
  llvm::StringMap<unsigned> outputIds;
  for (auto [id, output] :
       llvm::enumerate(grammar.getOutputs().getAsValueRange<StringAttr>()))
    outputIds[output] = id;
  for (StringRef token : tokens.getAsValueRange<StringAttr>())
    tables.tokenNames.push_back(token.str());
  llvm::StringMap<unsigned> classTerminals;
  SmallVector<g::ClassOp> classes = llvm::to_vector(grammar.getClasses());
  tables.hasClasses = !classes.empty();
  llvm::StringMap<unsigned> openToken;
  for (g::ClassOp tokenClass : classes)
    if (std::optional<StringRef> shape = tokenClass.getOpen()) {
      openToken[tokenClass.getSymName()] = tables.tokenNames.size();
      tables.openWords.push_back(tables.tokenNames.size());
      tables.openWords.push_back(*wordShapeNamed(*shape));
      tables.tokenNames.push_back(
          ("<open " + tokenClass.getSymName() + ">").str());
    }
  tables.columns.assign(tables.tokenNames.size(), -1);
  tables.lexemes.assign(tables.tokenNames.size(), -1);
  for (g::ClassOp tokenClass : classes)
    for (auto [token, output] :
         llvm::zip(tokenClass.getTokens().getAsValueRange<StringAttr>(),
                   tokenClass.getOutputs().getAsValueRange<StringAttr>()))
      tables.lexemes[tables.tokenIds.lookup(token)] = outputIds.lookup(output);
  for (size_t i = 0; i < tables.openWords.size(); i += 2)
    tables.lexemes[tables.openWords[i]] = c::ParserOp::kInputWord;
  for (unsigned id = 0; id < tokens.size(); ++id)
    if (tables.lexemes[id] < 0) {
      tables.columns[id] = tables.representative.size();
      tables.representative.push_back(id);
      tables.terminalIsClass.push_back(false);
    }
  for (g::ClassOp tokenClass : classes) {
    unsigned terminal = tables.representative.size();
    classTerminals[tokenClass.getSymName()] = terminal;
    for (StringRef token : tokenClass.getTokens().getAsValueRange<StringAttr>())
      tables.columns[tables.tokenIds.lookup(token)] = terminal;
    auto open = openToken.find(tokenClass.getSymName());
    if (open != openToken.end())
      tables.columns[open->second] = terminal;
    // An open class may list no token: its open token stands for it.
    tables.representative.push_back(
        tokenClass.getTokens().empty()
            ? open->second
            : tables.tokenIds.lookup(
                  cast<StringAttr>(tokenClass.getTokens()[0]).getValue()));
    tables.terminalIsClass.push_back(true);
  }

  tables.lrGrammar.numTokens = tables.representative.size();
  tables.lrGrammar.numNonterminals = analysis.getNumNonterminals();
  tables.lrGrammar.start = *analysis.lookup(grammar.getStart());
  // Precedence levels, loosest first: a token's own, or a name's for
  // `%prec`.
  llvm::StringMap<lr::Precedence> levels;
  tables.lrGrammar.tokenPrecedence.assign(tables.representative.size(), {});
  for (auto [index, level] : llvm::enumerate(grammar.getPrecedences())) {
    lr::Precedence precedence{unsigned(index) + 1,
                              level.getAssoc() == g::Associativity::left
                                  ? lr::Precedence::Left
                              : level.getAssoc() == g::Associativity::right
                                  ? lr::Precedence::Right
                                  : lr::Precedence::NonAssoc};
    for (StringRef name : level.getTokens().getAsValueRange<StringAttr>()) {
      levels[name] = precedence;
      if (auto id = tables.tokenIds.find(name); id != tables.tokenIds.end())
        tables.lrGrammar.tokenPrecedence[tables.columns[id->second]] =
            precedence;
    }
  }
  for (unsigned lhs = 0; lhs < analysis.getNumNonterminals(); ++lhs) {
    for (g::ProductionOp production :
         analysis.getNonterminal(lhs).getProductions()) {
      lr::Production lrProduction{lhs, {}};
      for (Attribute symbol : production.getRhs()) {
        if (auto ref = dyn_cast<FlatSymbolRefAttr>(symbol)) {
          if (auto terminal = classTerminals.find(ref.getValue());
              terminal != classTerminals.end())
            lrProduction.rhs.push_back({true, terminal->second});
          else
            lrProduction.rhs.push_back({false, *analysis.lookup(ref.getValue())});
        } else {
          lrProduction.rhs.push_back(
              {true, unsigned(tables.columns[tables.tokenIds.lookup(
                         cast<StringAttr>(symbol).getValue())])});
        }
      }
      if (std::optional<StringRef> prec = production.getPrec())
        lrProduction.precedence = levels.lookup(*prec);
      tables.productions.push_back(production);
      tables.lrGrammar.productions.push_back(std::move(lrProduction));
    }
  }
  return tables;
}

/// Where the nodes of a derivation (productions in prefix order) lie: per
/// node its depth, first word and number of words.
struct DerivationLayout {
  std::vector<size_t> depth, first, count;
};

DerivationLayout layOut(const lr::Grammar &grammar, ArrayRef<unsigned> steps) {
  const std::vector<lr::Production> &productions = grammar.productions;
  size_t size = steps.size();
  DerivationLayout layout{std::vector<size_t>(size, 0),
                          std::vector<size_t>(size, 0),
                          std::vector<size_t>(size, 0)};
  std::vector<std::vector<size_t>> children(size);
  std::vector<std::pair<size_t, size_t>> open; // node, children still due
  auto isNonterminal = [](const lr::Symbol &s) { return !s.isToken; };
  for (size_t n = 0; n < size; ++n) {
    if (!open.empty()) {
      children[open.back().first].push_back(n);
      layout.depth[n] = layout.depth[open.back().first] + 1;
      if (--open.back().second == 0)
        open.pop_back();
    }
    if (size_t due = llvm::count_if(productions[steps[n]].rhs, isNonterminal))
      open.push_back({n, due});
  }
  // Children follow their parent: sizes are summed from the last node.
  for (size_t n = size; n-- > 0;) {
    layout.count[n] = productions[steps[n]].rhs.size() - children[n].size();
    for (size_t child : children[n])
      layout.count[n] += layout.count[child];
  }
  for (size_t n = 0; n < size; ++n) {
    size_t next = layout.first[n], child = 0;
    for (const lr::Symbol &symbol : productions[steps[n]].rhs) {
      if (symbol.isToken) {
        ++next;
        continue;
      }
      size_t c = children[n][child++];
      layout.first[c] = next;
      next += layout.count[c];
    }
  }
  return layout;
}

/// A derivation as an indented tree, one production per line with the
/// words it covers.
std::string describeDerivation(GrammarTables &tables, ArrayRef<unsigned> steps,
                               ArrayRef<std::string> words) {
  DerivationLayout layout = layOut(tables.lrGrammar, steps);
  std::string text;
  for (size_t n = 0; n < steps.size(); ++n) {
    std::string line = std::string(2 * (layout.depth[n] + 1), ' ') +
                       tables.productions[steps[n]].describe();
    text +=
        "\n" + line + std::string(line.size() < 40 ? 42 - line.size() : 2, ' ');
    ArrayRef<std::string> covered =
        words.slice(layout.first[n], layout.count[n]);
    text += llvm::join(covered, " ");
  }
  return text;
}

/// Reports each LR conflict at the production it would reduce by, with the
/// input that leads to it, and a sentence with two derivations, both shown,
/// when a search of the short sentences finds one that goes through the
/// conflict.
LogicalResult reportConflicts(g::GrammarOp grammar, GrammarTables &tables,
                              ArrayRef<lr::Conflict> conflicts) {
  auto word = [&](unsigned terminal) {
    return cast<StringAttr>(grammar.getTokens()[tables.representative[terminal]])
        .getValue()
        .str();
  };
  auto tokenName = [&](unsigned terminal) -> std::string {
    if (terminal >= tables.representative.size())
      return "the end of the input";
    return "\"" + word(terminal) + "\"" +
           (tables.terminalIsClass[terminal] ? " (or its class)" : "");
  };
  auto action = [&](int64_t what) -> std::string {
    if (what < 0)
      return "shift it";
    return "reduce by '" + tables.productions[what].describe() + "'";
  };
  auto spell = [&](ArrayRef<unsigned> tokens) {
    std::string text;
    for (unsigned terminal : tokens)
      text += (text.empty() ? "" : " ") + word(terminal);
    return text;
  };
  for (const lr::Conflict &conflict : conflicts) {
    // A short ambiguous sentence that goes through this conflict says more
    // than the conflict: in one of its derivations, the production the
    // conflict reduces by is followed by the conflict's token.
    auto reducesBeforeToken = [&](const lr::Ambiguity &found,
                                  ArrayRef<unsigned> steps) {
      if (conflict.second < 0)
        return true;
      DerivationLayout layout = layOut(tables.lrGrammar, steps);
      for (auto [n, production] : llvm::enumerate(steps)) {
        if (production != unsigned(conflict.second))
          continue;
        size_t end = layout.first[n] + layout.count[n];
        if (end < found.sentence.size()
                ? found.sentence[end] == conflict.lookahead
                : conflict.lookahead >= tables.representative.size())
          return true;
      }
      return false;
    };
    auto throughConflict = [&](const lr::Ambiguity &found) {
      return reducesBeforeToken(found, found.derivations[0]) ||
             reducesBeforeToken(found, found.derivations[1]);
    };
    std::optional<lr::Ambiguity> ambiguous =
        lr::findAmbiguousSentence(tables.lrGrammar, conflict.prefix.size() + 8,
                                  /*budget=*/200000, throughConflict);
    Location loc = conflict.second >= 0
                       ? tables.productions[conflict.second].getLoc()
                       : grammar.getLoc();
    InFlightDiagnostic diag = emitError(loc);
    if (ambiguous)
      diag << "grammar is ambiguous, so the circuit's parser cannot be built: "
              "the input '"
           << spell(ambiguous->sentence) << "' has two derivations; ";
    else
      diag << "grammar is not LR(1), so the circuit's parser cannot be built: ";
    diag << "after the input '" << spell(conflict.prefix) << "', on "
         << tokenName(conflict.lookahead) << " the parser could both "
         << action(conflict.first) << " and " << action(conflict.second);
    if (conflict.first >= 0 && conflict.first != conflict.second)
      diag.attachNote(tables.productions[conflict.first].getLoc())
          << "the other production";
    if (ambiguous) {
      std::vector<std::string> words;
      for (unsigned terminal : ambiguous->sentence)
        words.push_back(word(terminal));
      for (int i = 0; i < 2; ++i)
        diag.attachNote(loc)
            << (i == 0 ? "one" : "another") << " derivation of '"
            << spell(ambiguous->sentence) << "':"
            << describeDerivation(tables, ambiguous->derivations[i], words);
    }
  }
  return failure();
}

Value concatItems(OpBuilder &builder, Location loc, ArrayRef<Value> items) {
  if (items.size() == 1)
    return items.front();
  uint64_t total = 0;
  for (Value item : items)
    total += cast<c::SeqType>(item.getType()).getMaxLength();
  auto type = c::SeqType::get(builder.getContext(), total);
  if (items.empty())
    return c::EmptyOp::create(builder, loc, type);
  return c::ConcatOp::create(builder, loc, type, items);
}

/// A frozen one-row table holding `symbol`'s one-hot vector, or a learnable
/// zero row, named after the nonterminal and what it emits.
FlatSymbolRefAttr createTable(c::CircuitOp circuit, SymbolTable &symbols,
                              Location loc, StringRef name,
                              std::optional<int64_t> symbol) {
  OpBuilder builder = OpBuilder::atBlockBegin(circuit.getBody());
  // Keep tables together, before the parser and rules, in creation order.
  for (Operation &op : *circuit.getBody())
    if (isa<c::ParamOp>(op))
      builder.setInsertionPointAfter(&op);
  int64_t width = circuit.getOutputs().size();
  SmallVector<float> row(width, 0.0f);
  if (symbol)
    row[*symbol] = 1.0f;
  auto type = RankedTensorType::get({1, width}, builder.getF32Type());
  auto param = c::ParamOp::create(builder, loc, name, /*frozen=*/symbol.has_value(),
                                  DenseElementsAttr::get(type, ArrayRef<float>(row)));
  symbols.insert(param); // Renames on a clash.
  return FlatSymbolRefAttr::get(param.getSymNameAttr());
}

/// The circuit's table for op table `table`: one row per tuple of
/// arguments, the one-hot vector of the table's result (frozen), or zeros
/// (learnable).
FlatSymbolRefAttr createOpTable(c::CircuitOp circuit, SymbolTable &symbols,
                                g::TableOp table) {
  OpBuilder builder = OpBuilder::atBlockBegin(circuit.getBody());
  for (Operation &op : *circuit.getBody())
    if (isa<c::ParamOp>(op))
      builder.setInsertionPointAfter(&op);
  int64_t width = circuit.getOutputs().size();
  int64_t rows = 1;
  for (int64_t i = 0; i < table.getArity(); ++i)
    rows *= width;
  SmallVector<float> values(rows * width, 0.0f);
  if (std::optional<ArrayRef<int32_t>> given = table.getValues())
    for (auto [row, symbol] : llvm::enumerate(*given))
      values[row * width + symbol] = 1.0f;
  auto type = RankedTensorType::get({rows, width}, builder.getF32Type());
  auto param = c::ParamOp::create(
      builder, table.getLoc(), table.getSymName(), /*frozen=*/!table.getLearnable(),
      DenseElementsAttr::get(type, ArrayRef<float>(values)));
  symbols.insert(param); // Renames on a clash.
  return FlatSymbolRefAttr::get(param.getSymNameAttr());
}

/// What lowerTemplate needs besides the template.
struct TemplateContext {
  g::ProductionOp production;
  c::CircuitOp circuit;
  SymbolTable &symbols;
  ArrayRef<int64_t> childArgument;
  Block *ruleBody;
  /// The circuit's table of each op table applied so far.
  llvm::StringMap<FlatSymbolRefAttr> &opTables;
  /// The output symbol of input position 0 (outputs `0..max_input-1`
  /// follow it), when the grammar's templates emit positions.
  int64_t positionBase;
};

/// Builds the routing for the template ops of `body` into `builder`'s
/// block, appending one value per item to `items`.
void lowerTemplate(OpBuilder &builder, Block &body, const TemplateContext &t,
                   SmallVectorImpl<Value> &items) {
  g::ProductionOp production = t.production;
  c::CircuitOp circuit = t.circuit;
  SymbolTable &symbols = t.symbols;
  ArrayRef<int64_t> childArgument = t.childArgument;
  Block *ruleBody = t.ruleBody;
  auto one = c::SeqType::get(builder.getContext(), 1);
  StringRef nonterminal = production.getNonterminal().getSymName();
  for (Operation &op : body) {
    Location loc = op.getLoc();
    if (auto child = dyn_cast<g::ChildOp>(op)) {
      Value argument = ruleBody->getArgument(childArgument[child.getIndex() - 1]);
      std::optional<StringRef> stream = child.getStream();
      if (!stream) {
        items.push_back(argument);
        continue;
      }
      // One stream of a child that packs several: a field of its output.
      SmallVector<StringRef> streams =
          production.getGrammar()
              .lookupNonterminal(production.getChildSymbol(child.getIndex()).getValue())
              .getStreamNames();
      int64_t count = streams.size();
      if (count == 1) {
        items.push_back(argument);
        continue;
      }
      int64_t input = cast<c::SeqType>(argument.getType()).getMaxLength();
      items.push_back(c::FieldOp::create(
          builder, loc,
          c::SeqType::get(builder.getContext(),
                          std::max<int64_t>(input - (count - 1), 0)),
          argument, builder.getI64IntegerAttr(llvm::find(streams, *stream) -
                                              streams.begin()),
          builder.getI64IntegerAttr(count)));
    } else if (auto position = dyn_cast<g::PositionOp>(op)) {
      items.push_back(c::PositionOp::create(
          builder, loc, one, builder.getI64IntegerAttr(position.getIndex() - 1),
          builder.getI64IntegerAttr(t.positionBase)));
    } else if (auto emit = dyn_cast<g::EmitOp>(op)) {
      int64_t symbol = llvm::find(circuit.getOutputs().getAsValueRange<StringAttr>(),
                                  emit.getSymbol()) -
                       circuit.getOutputs().getAsValueRange<StringAttr>().begin();
      FlatSymbolRefAttr table = createTable(
          circuit, symbols, loc, (nonterminal + "." + emit.getSymbol()).str(), symbol);
      items.push_back(c::GatherOp::create(builder, loc, one, table, builder.getI64IntegerAttr(0)));
    } else if (isa<g::LearnedOp>(op)) {
      // A learnable word meaning is named after its word, as weights files
      // name it: "primitive.jump".
      ArrayAttr rhs = production.getRhs();
      std::string name =
          rhs.size() == 1 && isa<StringAttr>(rhs[0])
              ? (nonterminal + "." + cast<StringAttr>(rhs[0]).getValue()).str()
              : (nonterminal + ".learned").str();
      FlatSymbolRefAttr table =
          createTable(circuit, symbols, loc, name, std::nullopt);
      items.push_back(c::GatherOp::create(builder, loc, one, table, builder.getI64IntegerAttr(0)));
    } else if (auto apply = dyn_cast<g::ApplyOp>(op)) {
      SmallVector<Value> arguments;
      lowerTemplate(builder, *apply.getBody(), t, arguments);
      FlatSymbolRefAttr &table = t.opTables[apply.getTable()];
      if (!table)
        table = createOpTable(
            circuit, symbols,
            SymbolTable::lookupNearestSymbolFrom<g::TableOp>(
                production, apply.getTableAttr()));
      items.push_back(
          c::ApplyOp::create(builder, loc, one, table, arguments));
    } else if (auto reverse = dyn_cast<g::ReverseOp>(op)) {
      SmallVector<Value> inner;
      lowerTemplate(builder, *reverse.getBody(), t, inner);
      Value input = concatItems(builder, loc, inner);
      items.push_back(
          c::ReverseOp::create(builder, loc, input.getType(), input));
    } else if (auto slice = dyn_cast<g::SliceOp>(op)) {
      SmallVector<Value> inner;
      lowerTemplate(builder, *slice.getBody(), t, inner);
      Value input = concatItems(builder, loc, inner);
      int64_t bound = slice.getSlice().maxLength(
          cast<c::SeqType>(input.getType()).getMaxLength());
      items.push_back(c::SliceOp::create(
          builder, loc, c::SeqType::get(builder.getContext(), bound), input,
          slice.getStartAttr(), slice.getStopAttr()));
    } else if (auto repeat = dyn_cast<g::RepeatOp>(op)) {
      SmallVector<Value> inner;
      lowerTemplate(builder, *repeat.getBody(), t, inner);
      Value input = concatItems(builder, loc, inner);
      uint64_t bound = cast<c::SeqType>(input.getType()).getMaxLength();
      uint64_t most = repeat.getMaxCount();
      auto result = c::SeqType::get(builder.getContext(), bound * most);
      std::optional<uint64_t> by = repeat.getBy();
      if (!by) {
        items.push_back(c::RepeatOp::create(builder, loc, result, input, most));
        continue;
      }
      // By a count class's symbol: each of its outputs with its count.
      SmallVector<int64_t> counts;
      auto outputs = circuit.getOutputs().getAsValueRange<StringAttr>();
      for (auto [symbol, count] : repeat.getCounts()) {
        counts.push_back(llvm::find(outputs, symbol) - outputs.begin());
        counts.push_back(int64_t(count));
      }
      items.push_back(c::RepeatOp::create(
          builder, loc, result, input, builder.getI64IntegerAttr(most),
          ruleBody->getArgument(childArgument[*by - 1]),
          builder.getDenseI64ArrayAttr(counts)));
    }
  }
}

/// A production's output: its template's items concatenated, or with
/// output streams, each of its nonterminal's streams in order packed.
Value lowerProduction(OpBuilder &builder, const TemplateContext &t) {
  g::ProductionOp production = t.production;
  Location loc = production.getLoc();
  Block &body = *production.getBody();
  SmallVector<Value> items;
  if (body.getOps<g::StreamOp>().empty()) {
    lowerTemplate(builder, body, t, items);
    return concatItems(builder, loc, items);
  }
  SmallVector<Value> streams;
  uint64_t bound = 0;
  for (StringRef name : production.getNonterminal().getStreamNames()) {
    items.clear();
    for (g::StreamOp stream : body.getOps<g::StreamOp>())
      if (stream.getName() == name)
        lowerTemplate(builder, *stream.getBody(), t, items);
    Value value = concatItems(builder, loc, items);
    bound += cast<c::SeqType>(value.getType()).getMaxLength();
    streams.push_back(value);
  }
  if (streams.size() == 1)
    return streams.front();
  bound += streams.size() - 1;
  return c::PackOp::create(builder, loc,
                           c::SeqType::get(builder.getContext(), bound), streams);
}

/// The first op of type `Op` in `grammar`, or null.
template <typename Op> Op findFirst(g::GrammarOp grammar) {
  Op first;
  grammar.walk([&](Op op) {
    first = op;
    return WalkResult::interrupt();
  });
  return first;
}

/// Output bounds that hold for inputs of any length: each nonterminal's
/// longest output over all its sentences, capped by `declaredOutput`, or
/// without it at most one symbol (a value grammar's; the grammar's
/// verifier asks the others for a bound). bySpan is left empty (the stack
/// grows with the input).
FailureOr<g::OutputBounds>
boundsForAnyLength(g::GrammarOp grammar, const g::GrammarAnalysis &analysis,
                   uint64_t declaredOutput) {
  // Lengths are counted up to a cap: reaching it reads "that many or
  // more".
  uint64_t cap = declaredOutput ? declaredOutput + 1 : 2;
  SmallVector<g::LengthRange> ranges = analysis.computeLengthRanges(cap);
  if (!declaredOutput && llvm::any_of(ranges, [&](const g::LengthRange &r) {
        return r.max >= cap;
      }))
    return grammar.emitError()
           << "outputs longer than one symbol need a bound when the input "
              "has none or more than "
           << c::CircuitOp::kGrowAboveInput
           << " tokens; declare 'max output N;' (or 'max input N;' of at "
              "most that)";
  g::OutputBounds bounds;
  for (const g::LengthRange &range : ranges)
    bounds.nonterminals.push_back(int64_t(std::min(range.max, cap)));
  for (unsigned index = 0; index < analysis.getNumNonterminals(); ++index)
    for (g::ProductionOp production :
         analysis.getNonterminal(index).getProductions()) {
      uint64_t length = g::getTemplateLength(
          *production.getBody(), [&](int64_t position) -> uint64_t {
            FlatSymbolRefAttr symbol = production.getChildSymbol(position);
            if (symbol && analysis.isClass(symbol.getValue()))
              return 1;
            std::optional<unsigned> child =
                symbol ? analysis.lookup(symbol.getValue()) : std::nullopt;
            return child ? ranges[*child].max : 0;
          });
      bounds.productions.push_back(int64_t(std::min(length, cap)));
    }
  return bounds;
}

/// The output symbol that names input position 0, when the outputs name
/// positions 0..maxInput-1 in order from it; an error at the first
/// `pos()` otherwise. -1 when no template emits a position.
FailureOr<int64_t> findPositionBase(g::GrammarOp grammar, uint64_t maxInput) {
  g::PositionOp first;
  grammar.walk([&](g::PositionOp position) {
    first = position;
    return WalkResult::interrupt();
  });
  if (!first)
    return int64_t(-1);
  SmallVector<StringRef> outputs(grammar.getOutputs().getAsValueRange<StringAttr>());
  int64_t base = llvm::find(outputs, "0") - outputs.begin();
  for (uint64_t position = 0; position < maxInput; ++position) {
    std::string name = std::to_string(position);
    uint64_t at = base + position;
    if (at < outputs.size() && outputs[at] == name)
      continue;
    bool listed = llvm::is_contained(outputs, name);
    return first.emitError()
           << "pos() outputs input positions as the symbols 0.."
           << maxInput - 1 << " (max input " << maxInput
           << "), which must be outputs listed in order, but \"" << name
           << "\" is " << (listed ? "out of order" : "not an output")
           << "; declare 'outputs ... 0.." << maxInput - 1 << " ...;'";
  }
  return base;
}

struct GrammarToCircuitPattern : OpRewritePattern<g::GrammarOp> {
  GrammarToCircuitPattern(MLIRContext *context,
                          const ConvertGrammarToCircuitOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(g::GrammarOp grammar,
                                PatternRewriter &rewriter) const override {
    // A skeleton's open templates have no circuit yet.
    if (grammar
            .walk([](g::HoleOp hole) {
              hole.emitError()
                  << "this template is left open ('\?\?'): fill it in, or let "
                     "circ-induce find it from training data";
              return WalkResult::interrupt();
            })
            .wasInterrupted())
      return failure();
    g::GrammarAnalysis analysis(grammar);
    std::optional<uint64_t> longestSentence;
    if (std::optional<SmallVector<g::FiniteBounds>> finite =
            analysis.computeFiniteBounds())
      longestSentence = (*finite)[*analysis.lookup(grammar.getStart())].maxInput;
    uint64_t maxInput = options.maxInput;
    if (maxInput == 0)
      maxInput = grammar.getMaxInput().value_or(longestSentence.value_or(0));
    // A recursive grammar without a bound takes inputs of any length.
    bool anyLength = maxInput == 0;
    // Above this bound the stack grows at run time like that of a circuit
    // of any input length, and output bounds come from the outputs alone.
    bool growing =
        anyLength || maxInput > uint64_t(c::CircuitOp::kGrowAboveInput);
    // A finite grammar may declare a bound below its longest sentence: the
    // circuit then refuses the longer commands, which is worth a warning.
    if (longestSentence && maxInput < *longestSentence)
      grammar.emitWarning()
          << "max input " << maxInput
          << " is below the grammar's longest sentence (" << *longestSentence
          << " tokens): the circuit refuses longer commands";

    if (maxInput > uint64_t(g::GrammarOp::kMaxInputLimit))
      return grammar.emitError()
             << "max-input " << maxInput << " is more than the "
             << g::GrammarOp::kMaxInputLimit
             << " tokens circc compiles a grammar for";

    if (anyLength)
      if (auto position = findFirst<g::PositionOp>(grammar))
        return position.emitError()
               << "pos() names input positions, which needs an input bound; "
                  "declare 'max input N;'";
    FailureOr<int64_t> positionBase = findPositionBase(grammar, maxInput);
    if (failed(positionBase))
      return failure();
    GrammarTables tables = indexGrammar(grammar, analysis);
    std::vector<lr::Conflict> conflicts;
    std::optional<lr::Tables> lrTables =
        lr::buildTables(tables.lrGrammar, options.maxParserStates, conflicts,
                        options.maxConflicts);
    if (!lrTables && conflicts.front().tooManyStates)
      return grammar.emitError()
             << "the grammar's LR(1) parser needs more than "
             << options.maxParserStates
             << " states (--max-parser-states); use token classes for words "
                "that play one part, or fewer nonterminals";
    if (!lrTables)
      return reportConflicts(grammar, tables, conflicts);

    uint64_t declaredOutput = options.maxOutput
                                  ? options.maxOutput
                                  : grammar.getMaxOutput().value_or(0);
    if (declaredOutput > uint64_t(g::GrammarOp::kMaxOutputLimit))
      return grammar.emitError()
             << "max-output " << declaredOutput << " is more than the "
             << g::GrammarOp::kMaxOutputLimit
             << " symbols circc compiles a grammar for";
    FailureOr<g::OutputBounds> anyLengthBounds;
    if (growing) {
      anyLengthBounds = boundsForAnyLength(grammar, analysis, declaredOutput);
      if (failed(anyLengthBounds))
        return failure();
    }
    g::OutputBounds bounds =
        growing ? *anyLengthBounds : analysis.computeOutputBounds(maxInput);
    int64_t maxOutput = bounds.nonterminals[tables.lrGrammar.start];
    if (maxOutput < 0)
      return grammar.emitError() << "no sentence of the grammar has at most "
                                 << maxInput << " tokens";
    if (maxOutput == 0)
      return grammar.emitError() << "every sentence of the grammar has an "
                                    "empty output";
    // A template that drops part of a child (a slice) can make a
    // nonterminal below the start output more than the start does; every
    // sequence of the circuit fits max_output.
    maxOutput = std::max(maxOutput, *llvm::max_element(bounds.nonterminals));
    // A declared bound caps every sequence; rules that could build more
    // are checked at run time.
    SmallVector<bool> checked(bounds.productions.size(), false);
    if (declaredOutput && uint64_t(maxOutput) > declaredOutput) {
      int64_t cap = declaredOutput;
      maxOutput = cap;
      for (int64_t &bound : bounds.nonterminals)
        bound = std::min(bound, cap);
      for (auto [index, bound] : llvm::enumerate(bounds.productions)) {
        checked[index] = bound > cap;
        bound = std::min(bound, cap);
      }
    } else if (!declaredOutput && maxOutput > g::GrammarOp::kMaxOutputLimit) {
      return grammar.emitError()
             << "outputs may reach " << maxOutput << " symbols from "
             << maxInput << " tokens, more than the "
             << g::GrammarOp::kMaxOutputLimit
             << " circc compiles a grammar for; declare 'max output N;' "
                "(or pass --max-output) with the longest output you need";
    }

    // The parser's stack holds outputs of disjoint spans: the most they can
    // add up to, each entry capped like every sequence. Without a bound it
    // grows with the input.
    IntegerAttr stackOutputAttr;
    if (!growing) {
      int64_t entryCap = maxOutput;
      std::vector<int64_t> stack(maxInput + 1, 0);
      for (uint64_t n = 1; n <= maxInput; ++n)
        for (uint64_t span = 1; span <= n; ++span)
          if (int64_t entry = std::min(bounds.bySpan[span], entryCap);
              entry >= 0)
            stack[n] =
                std::max(stack[n], std::min<int64_t>(stack[n - span] + entry,
                                                     int64_t(1) << 40));
      stackOutputAttr =
          rewriter.getI64IntegerAttr(std::max<int64_t>(stack[maxInput], 1));
    }

    SmallVector<StringRef> nonterminalNames;
    for (unsigned i = 0; i < analysis.getNumNonterminals(); ++i)
      nonterminalNames.push_back(analysis.getNonterminal(i).getSymName());

    Location loc = grammar.getLoc();
    auto circuit = c::CircuitOp::create(
        rewriter, loc, grammar.getSymNameAttr(),
        rewriter.getStrArrayAttr(SmallVector<StringRef>(
            tables.tokenNames.begin(), tables.tokenNames.end())),
        grammar.getOutputsAttr(), rewriter.getStrArrayAttr(nonterminalNames),
        anyLength ? IntegerAttr() : rewriter.getI64IntegerAttr(maxInput),
        rewriter.getI64IntegerAttr(maxOutput), IntegerAttr(),
        options.runtimeWeights ? rewriter.getUnitAttr() : UnitAttr(),
        stackOutputAttr);
    Block *circuitBody = &circuit.getBodyRegion().emplaceBlock();
    SymbolTable symbols(circuit);

    OpBuilder builder = OpBuilder::atBlockEnd(circuitBody);
    int64_t columns = tables.lrGrammar.numTokens + 1;
    int64_t states = lrTables->numStates;
    auto i32 = builder.getI32Type();
    auto parser = c::ParserOp::create(
        builder, loc,
        DenseIntElementsAttr::get(RankedTensorType::get({states, columns}, i32),
                                  ArrayRef<int32_t>(lrTables->actions)),
        DenseIntElementsAttr::get(
            RankedTensorType::get({states, (int64_t)analysis.getNumNonterminals()}, i32),
            ArrayRef<int32_t>(lrTables->gotos)),
        DenseI32ArrayAttr(), DenseI32ArrayAttr(), DenseI32ArrayAttr());
    if (tables.hasClasses) {
      parser.setColumns(tables.columns);
      parser.setLexemes(tables.lexemes);
      if (!tables.openWords.empty()) {
        if (options.runtimeWeights)
          for (g::ClassOp tokenClass : grammar.getClasses())
            if (tokenClass.getOpen())
              return tokenClass.emitError()
                     << "the open class '" << tokenClass.getSymName()
                     << "' outputs words outside the vocabulary, which a "
                        "circuit whose weights are loaded at run time cannot "
                        "carry; bake the weights in";
        parser.setOpenWords(tables.openWords);
      }
    }

    auto seq = [&](int64_t bound) {
      return c::SeqType::get(getContext(), std::max<int64_t>(bound, 0));
    };
    llvm::StringMap<FlatSymbolRefAttr> opTables;
    for (auto [index, production] : llvm::enumerate(tables.productions)) {
      const lr::Production &lrProduction = tables.lrGrammar.productions[index];
      SmallVector<int64_t> children;
      SmallVector<int64_t> childArgument(lrProduction.rhs.size(), -1);
      SmallVector<Type> argumentTypes;
      SmallVector<Location> argumentLocs;
      for (auto [position, symbol] : llvm::enumerate(lrProduction.rhs)) {
        // A token class's token carries one symbol; other tokens nothing.
        bool isClass = symbol.isToken && tables.terminalIsClass[symbol.id];
        if (symbol.isToken && !isClass)
          continue;
        childArgument[position] = children.size();
        children.push_back(position);
        argumentTypes.push_back(seq(isClass ? 1 : bounds.nonterminals[symbol.id]));
        argumentLocs.push_back(production.getLoc());
      }
      builder.setInsertionPointToEnd(circuitBody);
      auto rule = c::RuleOp::create(
          builder, production.getLoc(), index, lrProduction.lhs,
          lrProduction.rhs.size(), children, seq(bounds.productions[index]),
          IntegerAttr());
      if (checked[index])
        rule.setChecked(true);
      if (lrProduction.rhs.size() == 1 && lrProduction.rhs[0].isToken &&
          !tables.terminalIsClass[lrProduction.rhs[0].id])
        rule.setToken(tables.representative[lrProduction.rhs[0].id]);
      Block *ruleBody = builder.createBlock(&rule.getBodyRegion(), {},
                                            argumentTypes, argumentLocs);
      TemplateContext context{production,  circuit,  symbols,     childArgument,
                              ruleBody,    opTables, *positionBase};
      Value output = lowerProduction(builder, context);
      c::YieldOp::create(builder, production.getLoc(), output);
      // Children already capped may leave nothing to check.
      if (rule.getChecked() &&
          cast<c::SeqType>(output.getType()).getMaxLength() <=
              rule.getResultType().getMaxLength())
        rule.setChecked(false);
    }

    rewriter.replaceOp(grammar, circuit);
    return success();
  }

  ConvertGrammarToCircuitOptions options;
};

struct ConvertGrammarToCircuitPass
    : public circc::impl::ConvertGrammarToCircuitBase<ConvertGrammarToCircuitPass> {
  using ConvertGrammarToCircuitBase::ConvertGrammarToCircuitBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    ConvertGrammarToCircuitOptions options;
    options.maxInput = maxInput;
    options.maxOutput = maxOutput;
    options.maxParserStates = maxParserStates;
    options.maxConflicts = maxConflicts;
    options.runtimeWeights = runtimeWeights;
    populateGrammarToCircuitPatterns(patterns, options);
    // Each grammar is rewritten once; a failure leaves it in place.
    GreedyRewriteConfig config;
    config.setMaxIterations(1);
    (void)applyPatternsGreedily(getOperation(), std::move(patterns), config);
    if (!getOperation().walk([](g::GrammarOp) { return WalkResult::interrupt(); })
             .wasInterrupted())
      return;
    signalPassFailure();
  }
};

} // namespace

void circc::populateGrammarToCircuitPatterns(
    RewritePatternSet &patterns, const ConvertGrammarToCircuitOptions &options) {
  patterns.add<GrammarToCircuitPattern>(patterns.getContext(), options);
}
