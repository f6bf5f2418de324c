//===- CircuitOps.cpp - Circuit dialect operations ------------------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Circuit/CircuitOps.h"
#include "circc/abi.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace circc::circuit;

static uint64_t getMaxLength(Value value) {
  return cast<SeqType>(value.getType()).getMaxLength();
}

//===----------------------------------------------------------------------===//
// CircuitOp
//===----------------------------------------------------------------------===//

ParserOp CircuitOp::getParser() {
  auto parsers = getBody()->getOps<ParserOp>();
  return parsers.empty() ? ParserOp() : *parsers.begin();
}

ShapesOp CircuitOp::getShapes() {
  auto shapes = getBody()->getOps<ShapesOp>();
  return shapes.empty() ? ShapesOp() : *shapes.begin();
}

bool CircuitOp::isLoadedAtRunTime(ParamOp param) {
  return getRuntimeWeights() && !param.getFrozen();
}

void CircuitOp::getRuntimeTables(SmallVectorImpl<ParamOp> &tables) {
  for (ParamOp param : getParams())
    if (isLoadedAtRunTime(param))
      tables.push_back(param);
}

int64_t CircuitOp::getNumRuntimeRows() {
  int64_t rows = 0;
  for (ParamOp param : getParams())
    if (isLoadedAtRunTime(param))
      rows += param.getNumRows();
  return rows;
}

int64_t CircuitOp::getContentCode(ParamOp param, int64_t row) {
  if (!isLoadedAtRunTime(param))
    return param.decodeRow(row);
  int64_t offset = getOutputs().size();
  for (ParamOp table : getParams()) {
    if (table == param)
      return offset + row;
    if (isLoadedAtRunTime(table))
      offset += table.getNumRows();
  }
  llvm_unreachable("a run-time table is among the run-time tables");
}

uint64_t CircuitOp::countParameters() {
  uint64_t count = 0;
  for (ParamOp param : getParams())
    count += param.getValue().getNumElements();
  return count;
}

int64_t ParserOp::getNumTerminals() {
  // With columns, the action table says how many terminals there are (the
  // verifier checks the columns against it).
  if (getColumns())
    return cast<ShapedType>(getActions().getType()).getDimSize(1) - 1;
  return (*this)->getParentOfType<CircuitOp>().getTokens().size();
}

LogicalResult CircuitOp::verifyRegions() {
  if (range_size(getBody()->getOps<ParserOp>()) != 1)
    return emitOpError() << "must hold exactly one 'circuit.parser'";
  ParserOp parser = getParser();
  int64_t numTokens = getTokens().size();
  int64_t numNonterminals = getNonterminals().size();
  auto actionType = cast<ShapedType>(parser.getActions().getType());
  auto gotoType = cast<ShapedType>(parser.getGotos().getType());
  if (std::optional<ArrayRef<int32_t>> columns = parser.getColumns()) {
    std::optional<ArrayRef<int32_t>> lexemes = parser.getLexemes();
    if (int64_t(columns->size()) != numTokens || !lexemes ||
        int64_t(lexemes->size()) != numTokens)
      return parser.emitOpError()
             << "needs a column and a lexeme per token (" << numTokens << ")";
    for (int32_t column : *columns)
      if (column < 0 || column >= actionType.getDimSize(1) - 1)
        return parser.emitOpError()
               << "maps a token to column " << column << " of "
               << actionType.getDimSize(1) - 1 << " terminal columns";
    // An open class's tokens carry the input word.
    llvm::SmallDenseSet<int32_t> openTokens;
    if (std::optional<ArrayRef<int32_t>> open = parser.getOpenWords()) {
      if (open->size() % 2)
        return parser.emitOpError()
               << "needs pairs of token and word shape in open_words";
      for (size_t i = 0; i < open->size(); i += 2) {
        int32_t token = (*open)[i], shape = (*open)[i + 1];
        if (token < 0 || token >= numTokens)
          return parser.emitOpError()
                 << "opens token " << token << " of " << numTokens;
        if (shape < CIRCC_SHAPE_LOWERCASE || shape > CIRCC_SHAPE_DIGITS)
          return parser.emitOpError() << "opens token " << token
                                      << " to the unknown word shape " << shape;
        if ((*lexemes)[token] != ParserOp::kInputWord)
          return parser.emitOpError()
                 << "opens token " << token
                 << ", whose lexeme is not the input word (-2)";
        openTokens.insert(token);
      }
      if (getRuntimeWeights())
        return parser.emitOpError()
               << "has open words, whose content codes a circuit with "
                  "runtime weights gives its learnable rows";
    }
    for (auto [token, lexeme] : llvm::enumerate(*lexemes)) {
      if (lexeme == ParserOp::kInputWord && openTokens.contains(token))
        continue;
      if (lexeme < -1 || lexeme >= int64_t(getOutputs().size()))
        return parser.emitOpError()
               << "gives a token the output " << lexeme << ", not one of the "
               << getOutputs().size() << " output symbols";
    }
  } else if (parser.getLexemes() || parser.getOpenWords()) {
    return parser.emitOpError() << "has lexemes without columns";
  }
  int64_t numTerminals = parser.getNumTerminals();
  if (actionType.getDimSize(1) != numTerminals + 1)
    return parser.emitOpError()
           << "needs one action column per token plus one for the end of "
              "input ("
           << numTerminals + 1 << "), found " << actionType.getDimSize(1);
  if (gotoType.getDimSize(0) != actionType.getDimSize(0) ||
      gotoType.getDimSize(1) != numNonterminals)
    return parser.emitOpError()
           << "needs a goto table of " << actionType.getDimSize(0) << " x "
           << numNonterminals << " (states x nonterminals)";

  // Rules are numbered 0..R-1 in order, as the parser's reduce actions
  // name them.
  SmallVector<RuleOp> rules(getRules());
  for (auto [position, rule] : llvm::enumerate(rules)) {
    if (rule.getIndex() != static_cast<int64_t>(position))
      return rule.emitOpError()
             << "is rule " << rule.getIndex() << " but stands at position "
             << position << "; rules are numbered in order from 0";
    if (rule.getLhs() >= numNonterminals)
      return rule.emitOpError() << "has lhs " << rule.getLhs()
                                << " but the circuit declares "
                                << numNonterminals << " nonterminals";
    if (rule.getResultType().getMaxLength() >
        static_cast<uint64_t>(getMaxOutput()))
      return rule.emitOpError() << "may output " << rule.getResultType()
                                << ", more than the circuit's max_output "
                                << getMaxOutput();
  }
  int64_t numStates = actionType.getDimSize(0);
  int64_t numRules = rules.size();
  for (int32_t action : parser.getActions().getValues<int32_t>()) {
    if (action == ParserOp::kAccept || action == 0)
      continue;
    if (action > numStates)
      return parser.emitOpError() << "shifts to state " << action - 1
                                  << " of " << numStates;
    if (action < 0 && -static_cast<int64_t>(action) > numRules)
      return parser.emitOpError()
             << "reduces by rule " << -(action + 1) << " of " << numRules;
  }
  for (int32_t target : parser.getGotos().getValues<int32_t>())
    if (target < -1 || target >= numStates)
      return parser.emitOpError()
             << "goes to state " << target << " of " << numStates;
  for (ParamOp param : getParams())
    if (param.getNumColumns() != static_cast<int64_t>(getOutputs().size()))
      return param.emitOpError()
             << "rows must be content vectors over the "
             << getOutputs().size() << " output symbols, found "
             << param.getNumColumns() << " columns";
  return success();
}

//===----------------------------------------------------------------------===//
// ParamOp
//===----------------------------------------------------------------------===//

LogicalResult ParamOp::verify() {
  auto type = getValue().getType();
  if (type.getRank() != 2 || type.getDimSize(0) < 1 || type.getDimSize(1) < 1)
    return emitOpError() << "needs a non-empty 2-d table, found " << type;
  return success();
}

int64_t ParamOp::decodeRow(int64_t row) {
  int64_t columns = getNumColumns();
  auto values = getValue().getValues<float>();
  int64_t best = 0;
  for (int64_t column = 1; column < columns; ++column)
    if (values[row * columns + column] > values[row * columns + best])
      best = column;
  return best;
}

//===----------------------------------------------------------------------===//
// ParserOp
//===----------------------------------------------------------------------===//

LogicalResult ParserOp::verify() {
  auto actions = cast<ShapedType>(getActions().getType());
  auto gotos = cast<ShapedType>(getGotos().getType());
  if (actions.getRank() != 2 || gotos.getRank() != 2)
    return emitOpError() << "needs 2-d action and goto tables";
  if (actions.getDimSize(0) < 1)
    return emitOpError() << "needs at least one state";
  return success();
}

//===----------------------------------------------------------------------===//
// ShapesOp
//===----------------------------------------------------------------------===//

LogicalResult ShapesOp::verify() {
  auto circuit = (*this)->getParentOfType<CircuitOp>();
  if (!circuit)
    return success();
  if (circuit.takesAnyLength())
    return emitOpError() << "tabulates the shapes of a bounded input; the "
                            "circuit has no max_input";
  int64_t maxInput = *circuit.getMaxInput();
  int64_t numTokens = circuit.getTokens().size();
  auto dims = [](Attribute a) {
    return cast<ShapedType>(cast<TypedAttr>(a).getType()).getShape();
  };
  ArrayRef<int64_t> lexicon = dims(getLexicon()),
                    transitions = dims(getTransitions()),
                    accepting = dims(getAccepting()), routes = dims(getRoutes()),
                    lengths = dims(getLengths());
  if (static_cast<int64_t>(getClasses().size()) != numTokens)
    return emitOpError() << "needs one class per token (" << numTokens << ")";
  if (lexicon.size() != 2 || lexicon[0] != numTokens || lexicon[1] < 1)
    return emitOpError() << "needs a lexicon of " << numTokens
                         << " rows, one per token";
  if (transitions.size() != 2 || accepting.size() != 1 ||
      accepting[0] != transitions[0] || transitions[0] < 1)
    return emitOpError() << "needs one accepting entry per trie node";
  int64_t numClasses = transitions[1];
  for (int32_t c : getClasses())
    if (c < 0 || c >= numClasses)
      return emitOpError() << "maps a token to class " << c << " of "
                           << numClasses;
  if (routes.size() != 2 || lengths.size() != 1 || lengths[0] != routes[0] ||
      routes[1] != circuit.getMaxOutput())
    return emitOpError() << "needs one route of max_output ("
                         << circuit.getMaxOutput() << ") entries per shape";
  int64_t numNodes = transitions[0], numShapes = routes[0];
  for (int32_t next : getTransitions().getValues<int32_t>())
    if (next < -1 || next >= numNodes)
      return emitOpError() << "goes to trie node " << next << " of " << numNodes;
  for (int32_t shape : getAccepting().getValues<int32_t>())
    if (shape < -1 || shape >= numShapes)
      return emitOpError() << "accepts shape " << shape << " of " << numShapes;
  int64_t limit = maxInput * lexicon[1];
  for (const APInt &ref : getRoutes().getValues<APInt>())
    if (ref.getSExtValue() >= limit)
      return emitOpError() << "routes from token position "
                           << ref.getSExtValue() / lexicon[1]
                           << ", past max_input";
  for (const APInt &length : getLengths().getValues<APInt>())
    if (length.isNegative() || length.getSExtValue() > circuit.getMaxOutput())
      return emitOpError() << "has a route of length " << length.getSExtValue();
  bool hashed = getKeys() && getSlots() && getMultiplier() && getClassBits();
  if (!hashed && (getKeys() || getSlots() || getMultiplier() || getClassBits()))
    return emitOpError() << "needs keys, slots, multiplier and class_bits "
                            "together";
  if (hashed) {
    ArrayRef<int64_t> keys = dims(*getKeys()), slots = dims(*getSlots());
    if (keys.size() != 1 || keys[0] != numShapes)
      return emitOpError() << "needs one key per shape";
    if (slots.size() != 1 || !llvm::isPowerOf2_64(slots[0]))
      return emitOpError() << "needs a power-of-two number of slots";
    if (*getClassBits() < 1 || *getClassBits() * maxInput > 64)
      return emitOpError() << "cannot pack max_input classes of "
                           << *getClassBits() << " bits into 64";
    for (const APInt &slot : getSlots()->getValues<APInt>()) {
      int64_t shape = slot.getSExtValue();
      if (shape < -1 || shape >= numShapes)
        return emitOpError() << "has a slot for shape " << shape << " of "
                             << numShapes;
    }
  }
  return success();
}

//===----------------------------------------------------------------------===//
// RuleOp
//===----------------------------------------------------------------------===//

YieldOp RuleOp::getYield() { return cast<YieldOp>(getBody()->getTerminator()); }

LogicalResult RuleOp::verify() {
  ArrayRef<int64_t> children = getChildren();
  for (auto [i, position] : llvm::enumerate(children)) {
    if (position < 0 || position >= getArity())
      return emitOpError() << "child position " << position
                           << " is outside the arity " << getArity();
    if (i > 0 && position <= children[i - 1])
      return emitOpError() << "child positions must increase";
  }
  return success();
}

LogicalResult RuleOp::verifyRegions() {
  Block *body = getBody();
  if (body->getNumArguments() != getChildren().size())
    return emitOpError() << "has " << getChildren().size()
                         << " children but its block takes "
                         << body->getNumArguments() << " arguments";
  for (BlockArgument argument : body->getArguments())
    if (!isa<SeqType>(argument.getType()))
      return emitOpError() << "block arguments must be !circuit.seq values";
  auto yield = dyn_cast<YieldOp>(body->getTerminator());
  if (!yield)
    return emitOpError() << "must end with 'circuit.yield'";
  // The yielded bound may exceed the rule's: it adds up the children's
  // bounds, while the rule's bound comes from the input bound, which limits
  // the children jointly.
  return success();
}

//===----------------------------------------------------------------------===//
// Routing ops
//===----------------------------------------------------------------------===//

static LogicalResult verifyOnePosition(Operation *op, Value result) {
  if (getMaxLength(result) != 1)
    return op->emitOpError() << "produces one position, so its type must be "
                                "!circuit.seq<1>";
  return success();
}

LogicalResult GatherOp::verify() { return verifyOnePosition(*this, getResult()); }

/// The circuit and the table `op` reads, or failure after an error.
static FailureOr<std::pair<CircuitOp, ParamOp>>
lookupTable(Operation *op, FlatSymbolRefAttr table,
            SymbolTableCollection &symbolTable) {
  auto circuit = op->getParentOfType<CircuitOp>();
  if (!circuit)
    return op->emitOpError() << "must be inside a 'circuit.circuit'";
  auto param = symbolTable.lookupNearestSymbolFrom<ParamOp>(circuit, table);
  if (!param)
    return op->emitOpError() << "refers to '" << table.getValue()
                             << "', which is not a 'circuit.param'";
  return std::make_pair(circuit, param);
}

LogicalResult
GatherOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto found = lookupTable(*this, getTableAttr(), symbolTable);
  if (failed(found))
    return failure();
  ParamOp param = found->second;
  if (getRow() >= param.getNumRows())
    return emitOpError() << "reads row " << getRow() << " of '" << getTable()
                         << "', which has " << param.getNumRows() << " rows";
  return success();
}

LogicalResult ApplyOp::verify() {
  if (failed(verifyOnePosition(*this, getResult())))
    return failure();
  if (getInputs().empty())
    return emitOpError() << "applies a table to no operands";
  for (auto [i, input] : llvm::enumerate(getInputs()))
    if (getMaxLength(input) != 1)
      return emitOpError() << "operand #" << i
                           << " must be one position (!circuit.seq<1>): a "
                              "table applies to symbols";
  return success();
}

LogicalResult ApplyOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto found = lookupTable(*this, getTableAttr(), symbolTable);
  if (failed(found))
    return failure();
  auto [circuit, param] = *found;
  int64_t symbols = circuit.getOutputs().size();
  int64_t rows = 1;
  for (size_t i = 0; i < getInputs().size() && rows <= param.getNumRows(); ++i)
    rows *= symbols;
  if (rows != param.getNumRows())
    return emitOpError() << "applies '" << getTable() << "' to "
                         << getInputs().size() << " symbols of " << symbols
                         << ", which needs " << symbols << "^"
                         << getInputs().size() << " rows, but it has "
                         << param.getNumRows();
  return success();
}

LogicalResult ConstantOp::verify() {
  if (failed(verifyOnePosition(*this, getResult())))
    return failure();
  auto circuit = (*this)->getParentOfType<CircuitOp>();
  if (circuit && getSymbol() >= static_cast<int64_t>(circuit.getOutputs().size()))
    return emitOpError() << "names output symbol " << getSymbol()
                         << " but the circuit has "
                         << circuit.getOutputs().size();
  return success();
}

LogicalResult ConcatOp::verify() {
  uint64_t total = 0;
  for (Value input : getInputs())
    total += getMaxLength(input);
  if (getMaxLength(getResult()) != total)
    return emitOpError() << "result bound must be the sum of the input "
                            "bounds ("
                         << total << ")";
  return success();
}

LogicalResult RepeatOp::verify() {
  uint64_t expected = getMaxLength(getInput()) * getCount();
  if (getMaxLength(getResult()) != expected)
    return emitOpError() << "result bound must be " << getCount()
                         << " times the input bound (" << expected << ")";
  Value by = getBy();
  std::optional<ArrayRef<int64_t>> counts = getCounts();
  if (bool(by) != counts.has_value())
    return emitOpError() << "takes 'by' and 'counts' together";
  if (!by)
    return success();
  if (!isa<BlockArgument>(by) || getMaxLength(by) != 1)
    return emitOpError() << "repeats by a child of its rule whose output is "
                            "one symbol";
  if (counts->empty() || counts->size() % 2)
    return emitOpError() << "counts pairs symbols with counts: "
                            "[symbol, count, ...]";
  auto circuit = (*this)->getParentOfType<CircuitOp>();
  int64_t symbols = circuit ? int64_t(circuit.getOutputs().size()) : INT64_MAX;
  int64_t most = 0;
  llvm::SmallDenseSet<int64_t> seen;
  for (size_t i = 0; i < counts->size(); i += 2) {
    int64_t symbol = (*counts)[i], count = (*counts)[i + 1];
    if (symbol < 0 || symbol >= symbols || !seen.insert(symbol).second)
      return emitOpError() << "counts names symbol " << symbol
                           << (symbol >= 0 && symbol < symbols ? " twice"
                                                               : ", no output");
    if (count < 0)
      return emitOpError() << "counts gives symbol " << symbol << " the count "
                           << count;
    most = std::max(most, count);
  }
  if (most != int64_t(getCount()))
    return emitOpError() << "count must be the largest of counts (" << most
                         << ")";
  return success();
}

LogicalResult SliceOp::verify() {
  int64_t expected = getSlice().maxLength(getMaxLength(getInput()));
  if (int64_t(getMaxLength(getResult())) != expected)
    return emitOpError() << "result bound must be the longest slice of an "
                            "input within the input bound ("
                         << expected << ")";
  return success();
}

//===----------------------------------------------------------------------===//
// Positions and streams
//===----------------------------------------------------------------------===//

LogicalResult PositionOp::verify() {
  if (failed(verifyOnePosition(*this, getResult())))
    return failure();
  if (auto rule = (*this)->getParentOfType<RuleOp>();
      rule && getChild() >= rule.getArity())
    return emitOpError() << "names child " << getChild()
                         << " of a rule of arity " << rule.getArity();
  auto circuit = (*this)->getParentOfType<CircuitOp>();
  if (circuit && circuit.takesAnyLength())
    return emitOpError() << "names input positions, which need the "
                            "circuit's max_input";
  if (circuit && getBase() + int64_t(*circuit.getMaxInput()) >
                     static_cast<int64_t>(circuit.getOutputs().size()))
    return emitOpError() << "needs outputs " << getBase() << ".."
                         << getBase() + *circuit.getMaxInput() - 1
                         << " to name the positions of max_input "
                         << *circuit.getMaxInput() << " tokens, but the "
                         << "circuit has " << circuit.getOutputs().size()
                         << " outputs";
  return success();
}

LogicalResult PackOp::verify() {
  if (getInputs().size() < 2)
    return emitOpError() << "packs at least two streams";
  uint64_t total = getInputs().size() - 1;
  for (Value input : getInputs())
    total += getMaxLength(input);
  if (getMaxLength(getResult()) != total)
    return emitOpError() << "result bound must be the sum of the input "
                            "bounds plus one per delimiter ("
                         << total << ")";
  return success();
}

LogicalResult FieldOp::verify() {
  if (getCount() < 2)
    return emitOpError() << "takes a field of at least two packed streams";
  if (getIndex() >= getCount())
    return emitOpError() << "takes field " << getIndex() << " of "
                         << getCount();
  uint64_t delimiters = getCount() - 1, input = getMaxLength(getInput());
  uint64_t expected = input > delimiters ? input - delimiters : 0;
  if (getMaxLength(getResult()) != expected)
    return emitOpError() << "result bound must be the input bound less its "
                         << delimiters << " delimiters (" << expected << ")";
  return success();
}

#define GET_OP_CLASSES
#include "circc/Dialect/Circuit/CircuitOps.cpp.inc"
