//===- TabulateShapes.cpp - The circuit-tabulate-shapes pass --------------===//
//
// Part of circc.
//
// The circuit's LR automaton is run at compile time over class sequences,
// with the rules evaluated on symbolic content: every output position is
// either "position e of the meaning of the token at input position k" or a
// constant content code. See ShapesOp for the tables this produces.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Circuit/CircuitOps.h"
#include "circc/Dialect/Circuit/CircuitPasses.h"
#include "circc/Dialect/Circuit/ContentWalk.h"
#include "circc/Support/PerfectHash.h"

#include "llvm/Support/MathExtras.h"

#include <map>

namespace circc::circuit {
#define GEN_PASS_DEF_CIRCUITTABULATESHAPES
#include "circc/Dialect/Circuit/CircuitPasses.h.inc"
} // namespace circc::circuit

using namespace mlir;
using namespace circc::circuit;

namespace {

/// The longest output a tabulated route holds.
constexpr int64_t kMaxRouteLength = 1 << 16;

/// Symbolic content: r >= 0 is a token meaning (position r / E, item r % E),
/// r < 0 the constant code -(r + 1).
using Content = std::vector<int32_t>;

struct Frame {
  int32_t state;
  Content content;
  int32_t position; // Input position of the frame's first token.
};

class Tabulator {
public:
  Tabulator(CircuitOp circuit, int64_t maxNodes)
      : circuit(circuit), symbols(circuit), maxNodes(maxNodes) {
    ParserOp parser = circuit.getParser();
    numTokens = circuit.getTokens().size();
    numNonterminals = circuit.getNonterminals().size();
    actions = llvm::to_vector(parser.getActions().getValues<int32_t>());
    gotos = llvm::to_vector(parser.getGotos().getValues<int32_t>());
    numStates = parser.getNumStates();
    rules = llvm::to_vector(circuit.getRules());
  }

  /// Builds the tables; false if the circuit has too many shapes.
  bool run();

  SmallVector<int32_t> classes;
  std::vector<std::vector<int32_t>> lexicon; // per token, its content codes
  int64_t width = 1;                         // E
  std::vector<std::vector<int32_t>> transitions;
  std::vector<int32_t> accepting;
  std::vector<Content> routes;
  std::vector<std::vector<int32_t>> shapeClasses; // class sequence per shape

private:
  int32_t action(int32_t state, int64_t column) {
    return actions[state * (numTokens + 1) + column];
  }
  Content evaluate(Value value, RuleOp rule, ArrayRef<Frame> frames);
  void classify();
  /// Feeds `column` (a token id, or numTokens for the end) at `position`:
  /// reduces as the automaton says, then shifts. Returns 1 on shift, 2 on
  /// accept, 0 on error.
  int feed(std::vector<Frame> &stack, int64_t column, int32_t position);
  bool explore(std::vector<Frame> &stack, int32_t node, int32_t position);

  std::vector<int32_t> path; // classes of the prefix being explored
  /// Stack entries and content positions copied so far, bounded by
  /// maxNodes * kWorkPerNode (SCAN's whole trie costs about 100 per node
  /// of 1,161; a deep recursive one gives up after a few thousand).
  int64_t work = 0;
  static constexpr int64_t kWorkPerNode = 64;

  CircuitOp circuit;
  SymbolTable symbols;
  int64_t maxNodes;
  int64_t numTokens, numNonterminals, numStates;
  SmallVector<int32_t> actions, gotos;
  SmallVector<RuleOp> rules;
  /// Per token: its lexical rule if the token is consumed only by it.
  std::vector<int64_t> lexicalRule;
  SmallVector<int64_t> representative; // per class
};

/// Symbolic evaluation: a child is its frame's content, a content code
/// -(code + 1).
struct SymbolicContent {
  using Result = Content;
  using Sequence = Content;
  ArrayRef<Frame> frames;

  Content child(int64_t position) { return frames[position].content; }
  Content code(int64_t code) { return {-static_cast<int32_t>(code) - 1}; }
  Content empty() { return {}; }
  Content beginConcat() { return {}; }
  void append(Content &sequence, function_ref<Content()> part) {
    Content content = part();
    sequence.insert(sequence.end(), content.begin(), content.end());
  }
  Content endConcat(Content &sequence) { return std::move(sequence); }
  Content repeat(int64_t count, function_ref<Content()> part) {
    Content content = part(), result;
    for (int64_t i = 0; i < count; ++i)
      result.insert(result.end(), content.begin(), content.end());
    return result;
  }
  Content repeatBy(RepeatOp, int64_t, function_ref<Content()>) {
    llvm_unreachable("circuits that repeat by a count are not tabulated");
  }
  Content reverse(function_ref<Content()> part) {
    Content content = part();
    std::reverse(content.begin(), content.end());
    return content;
  }
  Content slice(SliceOp op, function_ref<Content()> part) {
    Content content = part();
    auto [first, last] = op.getSlice().range(content.size());
    return Content(content.begin() + first, content.begin() + last);
  }
  Content apply(ApplyOp, function_ref<Content(unsigned)>) {
    llvm_unreachable("circuits that apply tables are not tabulated");
  }
  Content position(PositionOp) {
    llvm_unreachable("circuits that place input positions are not tabulated");
  }
  Content delimiter() {
    llvm_unreachable("circuits that pack streams are not tabulated");
  }
  Content field(FieldOp, function_ref<Content()>) {
    llvm_unreachable("circuits that pack streams are not tabulated");
  }
};

Content Tabulator::evaluate(Value value, RuleOp rule, ArrayRef<Frame> frames) {
  SymbolicContent visitor{frames};
  return walkContent(rule, value, symbols, visitor);
}

void Tabulator::classify() {
  // A token is lexical when one rule is made of it alone and every state
  // reached by shifting it can only reduce by that rule.
  lexicalRule.assign(numTokens, -1);
  lexicon.assign(numTokens, {});
  std::vector<int> ruleCount(numTokens, 0);
  for (RuleOp rule : rules)
    if (std::optional<uint64_t> token = rule.getToken()) {
      ++ruleCount[*token];
      lexicalRule[*token] = rule.getIndex();
    }
  std::vector<std::vector<int32_t>> signature(numTokens);
  for (int64_t t = 0; t < numTokens; ++t) {
    if (ruleCount[t] != 1) {
      lexicalRule[t] = -1;
      continue;
    }
    int32_t reduce = -static_cast<int32_t>(lexicalRule[t]) - 1;
    for (int32_t s = 0; s < numStates && lexicalRule[t] >= 0; ++s) {
      int32_t a = action(s, t);
      if (a <= 0 || a == ParserOp::kAccept) {
        signature[t].push_back(-1);
        continue;
      }
      int32_t target = a - 1;
      int32_t lookaheads = 0;
      for (int64_t column = 0; column <= numTokens; ++column) {
        int32_t next = action(target, column);
        if (next != 0 && next != reduce)
          lexicalRule[t] = -1;
        signature[t].push_back(next == reduce);
        (void)lookaheads;
      }
      for (int64_t n = 0; n < numNonterminals; ++n)
        if (gotos[target * numNonterminals + n] != -1)
          lexicalRule[t] = -1;
    }
    if (lexicalRule[t] < 0)
      continue;
    RuleOp rule = rules[lexicalRule[t]];
    Content content = evaluate(rule.getYield().getValue(), rule, {});
    for (int32_t code : content)
      lexicon[t].push_back(-code - 1);
    width = std::max<int64_t>(width, content.size());
  }

  // Lexical tokens with the same nonterminal, length and behaviour share a
  // class; every other token has its own.
  std::map<std::tuple<int64_t, size_t, std::vector<int32_t>>, int32_t> groups;
  classes.assign(numTokens, -1);
  for (int64_t t = 0; t < numTokens; ++t) {
    if (lexicalRule[t] >= 0) {
      auto key = std::make_tuple(rules[lexicalRule[t]].getLhs(),
                                 lexicon[t].size(), signature[t]);
      auto [it, inserted] = groups.try_emplace(key, representative.size());
      if (inserted)
        representative.push_back(t);
      classes[t] = it->second;
      continue;
    }
    classes[t] = representative.size();
    representative.push_back(t);
  }
}

int Tabulator::feed(std::vector<Frame> &stack, int64_t column,
                    int32_t position) {
  while (true) {
    int32_t a = action(stack.back().state, column);
    if (a == 0)
      return 0;
    if (a == ParserOp::kAccept)
      return 2;
    if (a > 0) {
      stack.push_back({a - 1, {}, position});
      return 1;
    }
    RuleOp rule = rules[-a - 1];
    size_t arity = rule.getArity();
    ArrayRef<Frame> frames(stack.data() + stack.size() - arity, arity);
    Content content;
    std::optional<uint64_t> token = rule.getToken();
    if (token && lexicalRule[*token] == rule.getIndex()) {
      for (size_t e = 0; e < lexicon[*token].size(); ++e)
        content.push_back(frames[0].position * width + e);
    } else {
      content = evaluate(rule.getYield().getValue(), rule, frames);
    }
    int32_t start = frames[0].position;
    stack.resize(stack.size() - arity);
    int32_t next = gotos[stack.back().state * numNonterminals + rule.getLhs()];
    if (next < 0)
      return 0;
    stack.push_back({next, std::move(content), start});
  }
}

bool Tabulator::explore(std::vector<Frame> &stack, int32_t node,
                        int32_t position) {
  // Is the prefix a sentence?
  std::vector<Frame> end = stack;
  if (feed(end, numTokens, position) == 2) {
    accepting[node] = routes.size();
    routes.push_back(end.size() > 1 ? end[1].content : Content());
    shapeClasses.push_back(path);
  }
  if (position == int64_t(*circuit.getMaxInput()))
    return true;
  // Each step copies the stack with its symbolic contents: a deep trie of
  // long outputs costs far more than its node count says.
  for (const Frame &frame : stack)
    work += int64_t(representative.size() + 1) * (1 + frame.content.size());
  if (work > maxNodes * kWorkPerNode)
    return false;
  for (size_t c = 0; c < representative.size(); ++c) {
    std::vector<Frame> next = stack;
    if (feed(next, representative[c], position) != 1)
      continue;
    if (static_cast<int64_t>(transitions.size()) >= maxNodes)
      return false;
    int32_t child = transitions.size();
    transitions[node][c] = child;
    transitions.emplace_back(representative.size(), -1);
    accepting.push_back(-1);
    path.push_back(c);
    if (!explore(next, child, position + 1))
      return false;
    path.pop_back();
  }
  return true;
}

bool Tabulator::run() {
  classify();
  transitions.emplace_back(representative.size(), -1);
  accepting.push_back(-1);
  std::vector<Frame> stack = {{0, {}, 0}};
  return explore(stack, 0, 0);
}

/// An open-addressing table of shape ids keyed by packed class sequences,
/// with the multiplier (of a fixed deterministic sequence) that needs the
/// fewest extra probes.
struct ShapeHash {
  std::vector<uint64_t> keys;
  std::vector<int32_t> slots;
  uint64_t multiplier = 0;
  int64_t bits = 0;
};

std::optional<ShapeHash> hashShapes(const Tabulator &tables, int64_t maxInput) {
  ShapeHash hash;
  int64_t numClasses = tables.transitions.front().size();
  hash.bits = llvm::Log2_64_Ceil(numClasses + 1);
  if (hash.bits * maxInput > 64 || tables.routes.empty())
    return std::nullopt;
  for (const std::vector<int32_t> &sequence : tables.shapeClasses) {
    uint64_t key = 0;
    for (size_t k = 0; k < sequence.size(); ++k)
      key |= static_cast<uint64_t>(sequence[k] + 1) << (hash.bits * k);
    hash.keys.push_back(key);
  }
  unsigned logSlots = llvm::Log2_64_Ceil(4 * hash.keys.size());
  size_t size = size_t(1) << logSlots, mask = size - 1;
  // Linear probing; the cost of a multiplier is its extra probes.
  auto fill = [&](uint64_t multiplier, std::vector<int32_t> &slots) {
    slots.assign(size, -1);
    int64_t extra = 0;
    for (size_t s = 0; s < hash.keys.size(); ++s) {
      size_t slot = circc::MultiplierSearch::slot(hash.keys[s], multiplier, logSlots);
      for (; slots[slot] >= 0; slot = (slot + 1) & mask)
        ++extra;
      slots[slot] = s;
    }
    return extra;
  };
  std::vector<int32_t> scratch;
  std::optional<circc::HashMultiplier> best = circc::MultiplierSearch().next(
      64, [&](uint64_t multiplier) { return fill(multiplier, scratch); });
  hash.multiplier = best->multiplier;
  fill(hash.multiplier, hash.slots);
  return hash;
}

/// A tensor of `values` in the narrowest signed integer type (8, 16 or 32
/// bits) that holds them all.
DenseIntElementsAttr narrowTensor(MLIRContext *context, ArrayRef<int64_t> shape,
                                  ArrayRef<int32_t> values) {
  unsigned width = 8;
  for (int32_t v : values) {
    if (v < INT16_MIN || v > INT16_MAX)
      width = 32;
    else if ((v < INT8_MIN || v > INT8_MAX) && width < 16)
      width = 16;
  }
  SmallVector<APInt> bits;
  for (int32_t v : values)
    bits.push_back(APInt(width, v, /*isSigned=*/true));
  return DenseIntElementsAttr::get(
      RankedTensorType::get(shape, IntegerType::get(context, width)), bits);
}

struct CircuitTabulateShapesPass
    : public circc::circuit::impl::CircuitTabulateShapesBase<
          CircuitTabulateShapesPass> {
  using CircuitTabulateShapesBase::CircuitTabulateShapesBase;

  void runOnOperation() override {
    CircuitOp circuit = getOperation();
    // Shapes are those of the inputs within max_input.
    if (circuit.getShapes() || !circuit.getParser() || circuit.growsStorage())
      return markAllAnalysesPreserved();
    // Routes are tables of max_output entries per shape, and exploring
    // builds each derivation's output: keep the automaton (which checks its
    // own storage) for outputs longer than this.
    if (circuit.getMaxOutput() > kMaxRouteLength)
      return markAllAnalysesPreserved();
    // Routes move content; a table application computes it from values
    // known only at run time, and input positions, packed streams and
    // repetitions by a count are not modelled by the symbolic content, so
    // such circuits keep the automaton.
    bool computes =
        circuit
            .walk([](Operation *op) {
              auto repeat = dyn_cast<RepeatOp>(op);
              return isa<ApplyOp, PositionOp, PackOp, FieldOp>(op) ||
                             (repeat && repeat.getBy())
                         ? WalkResult::interrupt()
                         : WalkResult::advance();
            })
            .wasInterrupted();
    if (computes)
      return markAllAnalysesPreserved();
    // Token classes: the automaton reads a class per token and carries its
    // symbol; the tabulation does not model that yet.
    if (circuit.getParser().getColumns())
      return markAllAnalysesPreserved();
    // A checked rule's output is bounded only at run time.
    if (llvm::any_of(circuit.getRules(),
                     [](RuleOp rule) { return rule.getChecked(); }))
      return markAllAnalysesPreserved();
    Tabulator tables(circuit, maxNodes);
    if (!tables.run())
      return markAllAnalysesPreserved();

    int64_t maxOutput = circuit.getMaxOutput();
    int64_t numTokens = circuit.getTokens().size();
    int64_t numClasses = tables.transitions.front().size();
    int64_t numNodes = tables.transitions.size();
    int64_t numShapes = tables.routes.size();
    std::vector<int32_t> lexicon(numTokens * tables.width, 0);
    for (int64_t t = 0; t < numTokens; ++t)
      for (size_t e = 0; e < tables.lexicon[t].size(); ++e)
        lexicon[t * tables.width + e] = tables.lexicon[t][e];
    std::vector<int32_t> transitions, routes(numShapes * maxOutput, 0), lengths;
    for (const std::vector<int32_t> &row : tables.transitions)
      transitions.insert(transitions.end(), row.begin(), row.end());
    for (int64_t s = 0; s < numShapes; ++s) {
      const Content &route = tables.routes[s];
      if (static_cast<int64_t>(route.size()) > maxOutput) {
        circuit.emitError() << "a derivation outputs " << route.size()
                            << " symbols, more than max_output " << maxOutput;
        return signalPassFailure();
      }
      llvm::copy(route, routes.begin() + s * maxOutput);
      lengths.push_back(route.size());
    }

    OpBuilder builder(circuit.getContext());
    builder.setInsertionPointAfter(circuit.getParser());
    auto i32 = builder.getI32Type();
    auto tensor = [&](ArrayRef<int64_t> shape, ArrayRef<int32_t> values) {
      return DenseIntElementsAttr::get(RankedTensorType::get(shape, i32), values);
    };
    DenseIntElementsAttr keys, slots;
    IntegerAttr multiplier, classBits;
    if (std::optional<ShapeHash> hash =
            hashShapes(tables, *circuit.getMaxInput())) {
      SmallVector<int64_t> packed(hash->keys.begin(), hash->keys.end());
      keys = DenseIntElementsAttr::get(
          RankedTensorType::get({numShapes}, builder.getI64Type()),
          ArrayRef<int64_t>(packed));
      slots = narrowTensor(&getContext(), {(int64_t)hash->slots.size()},
                           hash->slots);
      multiplier = builder.getI64IntegerAttr(hash->multiplier);
      classBits = builder.getI64IntegerAttr(hash->bits);
    }
    ShapesOp::create(builder, circuit.getLoc(),
                     builder.getDenseI32ArrayAttr(tables.classes),
                     tensor({numTokens, tables.width}, lexicon),
                     tensor({numNodes, numClasses}, transitions),
                     tensor({numNodes}, tables.accepting),
                     narrowTensor(&getContext(), {numShapes, maxOutput}, routes),
                     narrowTensor(&getContext(), {numShapes}, lengths), keys,
                     slots, multiplier,
                     classBits);
  }
};

} // namespace
