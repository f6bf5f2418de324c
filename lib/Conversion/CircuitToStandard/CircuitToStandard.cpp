//===- CircuitToStandard.cpp - Lower circuits to func/scf/arith/memref ----===//
//
// Part of circc.
//
// The circuit becomes one function, __circc_run, that drives the LR
// automaton over the input token ids. Each stack slot owns a fixed region
// of a scratch buffer that holds the output codes of the symbol in that
// slot; reducing by a rule evaluates the rule's routing into the region of
// its first child's slot, or, when the rule's output does not start with
// its first child, into a spare region that is then copied into place.
//
//===----------------------------------------------------------------------===//

#include "circc/Conversion/CircuitToStandard.h"
#include "circc/Conversion/RuntimeABI.h"
#include "circc/Dialect/Circuit/CircuitOps.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/MathExtras.h"

namespace circc {
#define GEN_PASS_DEF_CONVERTCIRCUITTOSTANDARD
#include "circc/Conversion/Passes.h.inc"
} // namespace circc

using namespace mlir;
using namespace circc;
namespace c = circc::circuit;

namespace {

/// The status of a run that has not finished; the others are RuntimeStatus.
constexpr int32_t kRunning = -1;

/// Emits code into `__circc_run`; holds the values every rule needs.
class RunFunctionBuilder {
public:
  RunFunctionBuilder(ImplicitLocOpBuilder &b, c::CircuitOp circuit,
                     int64_t slotSize, int64_t spareRegion)
      : b(b), circuit(circuit), symbols(circuit), slotSize(slotSize),
        spareRegion(spareRegion) {}

  Value index(int64_t value) { return arith::ConstantIndexOp::create(b, value); }
  Value i32(int64_t value) {
    return arith::ConstantIntOp::create(b, b.getI32Type(), value);
  }
  Value toIndex(Value v) {
    return arith::IndexCastOp::create(b, b.getIndexType(), v);
  }
  Value toI32(Value v) { return arith::IndexCastOp::create(b, b.getI32Type(), v); }

  /// scratch[dst + i] = scratch[src + i] for i < length.
  void copy(Value src, Value dst, Value length) {
    scf::ForOp::create(b, index(0), length, index(1), ValueRange{},
                       [&](OpBuilder &nested, Location loc, Value i, ValueRange) {
                         ImplicitLocOpBuilder nb(loc, nested);
                         Value from = arith::AddIOp::create(nb, src, i);
                         Value to = arith::AddIOp::create(nb, dst, i);
                         Value v = memref::LoadOp::create(nb, scratch, from);
                         memref::StoreOp::create(nb, v, scratch, to);
                         scf::YieldOp::create(nb);
                       });
  }

  /// Evaluates one rule at stack position `base` (its first child's slot)
  /// and returns the length of its output, now in slot `base`.
  Value lowerRule(c::RuleOp rule, Value base) {
    this->rule = rule;
    this->base = base;
    c::YieldOp yield = rule.getYield();
    Value slotStart = arith::MulIOp::create(b, base, index(slotSize));
    // In place when the output starts with the first child, which then
    // already sits at the start of slot `base`.
    std::optional<Value> first = firstLeaf(yield.getValue());
    bool inPlace = first && isa<BlockArgument>(*first) &&
                   rule.getChildren()[cast<BlockArgument>(*first).getArgNumber()] == 0;
    skipFirstLeaf = inPlace;
    Value dst = inPlace ? slotStart : index(spareRegion);
    Value length = emit(yield.getValue(), dst);
    if (!inPlace)
      copy(dst, slotStart, length);
    return length;
  }

  /// The output symbol of content code `code`: the code itself, or the
  /// decoded symbol of a learnable row loaded at run time.
  Value decode(OpBuilder &builder, Location loc, Value code) {
    if (!decodeOutput || circuit.getNumRuntimeRows() == 0)
      return code;
    ImplicitLocOpBuilder nb(loc, builder);
    int64_t numOutputs = circuit.getOutputs().size();
    Value outputs = arith::ConstantIntOp::create(nb, nb.getI32Type(), numOutputs);
    Value isSymbol =
        arith::CmpIOp::create(nb, arith::CmpIPredicate::slt, code, outputs);
    Value row = arith::MaxSIOp::create(
        nb, arith::SubIOp::create(nb, code, outputs),
        arith::ConstantIntOp::create(nb, nb.getI32Type(), 0));
    Value symbol = memref::LoadOp::create(
        nb, learned, arith::IndexCastOp::create(nb, nb.getIndexType(), row).getResult());
    return arith::SelectOp::create(nb, isSymbol, code, symbol);
  }

  Value scratch, lengths, learned;
  bool decodeOutput = true;

private:
  /// The first value that contributes positions to `value`, if any.
  std::optional<Value> firstLeaf(Value value) {
    Operation *op = value.getDefiningOp();
    if (!op)
      return value;
    if (auto concat = dyn_cast<c::ConcatOp>(op)) {
      for (Value input : concat.getInputs())
        if (std::optional<Value> leaf = firstLeaf(input))
          return leaf;
      return std::nullopt;
    }
    if (auto repeat = dyn_cast<c::RepeatOp>(op))
      return firstLeaf(repeat.getInput());
    if (isa<c::EmptyOp>(op))
      return std::nullopt;
    return value;
  }

  /// Writes the codes of `value` at scratch[dst...]; returns their count.
  Value emit(Value value, Value dst) {
    if (auto argument = dyn_cast<BlockArgument>(value)) {
      int64_t position = rule.getChildren()[argument.getArgNumber()];
      Value slot = arith::AddIOp::create(b, base, index(position));
      Value length = toIndex(memref::LoadOp::create(b, lengths, slot));
      if (skipFirstLeaf) {
        skipFirstLeaf = false;
        return length;
      }
      Value src = arith::MulIOp::create(b, slot, index(slotSize));
      copy(src, dst, length);
      return length;
    }
    Operation *op = value.getDefiningOp();
    if (auto constant = dyn_cast<c::ConstantOp>(op))
      return store(constant.getSymbol(), dst);
    if (auto gather = dyn_cast<c::GatherOp>(op)) {
      // Baked weights: the tied decoder's choice is known now; weights
      // loaded at run time are decoded at the output.
      auto param = symbols.lookup<c::ParamOp>(gather.getTable());
      return store(circuit.getContentCode(param, gather.getRow()), dst);
    }
    if (isa<c::EmptyOp>(op))
      return index(0);
    if (auto concat = dyn_cast<c::ConcatOp>(op)) {
      Value cursor = dst;
      for (Value input : concat.getInputs())
        cursor = arith::AddIOp::create(b, cursor, emit(input, cursor));
      return arith::SubIOp::create(b, cursor, dst);
    }
    auto repeat = cast<c::RepeatOp>(op);
    Value length = emit(repeat.getInput(), dst);
    for (int64_t copyIndex = 1; copyIndex < repeat.getCount(); ++copyIndex)
      copy(dst,
           arith::AddIOp::create(
               b, dst, arith::MulIOp::create(b, length, index(copyIndex))),
           length);
    return arith::MulIOp::create(b, length, index(repeat.getCount()));
  }

  Value store(int64_t code, Value dst) {
    memref::StoreOp::create(b, i32(code), scratch, dst);
    return index(1);
  }

  ImplicitLocOpBuilder &b;
  c::CircuitOp circuit;
  SymbolTable symbols;
  int64_t slotSize, spareRegion;
  c::RuleOp rule;
  Value base;
  bool skipFirstLeaf = false;
};


ShapeGlobals createShapeGlobals(ImplicitLocOpBuilder &b, c::CircuitOp circuit,
                                c::ShapesOp shapes) {
  int64_t numTokens = circuit.getTokens().size();
  auto table = [&](StringRef name, Attribute value) {
    return createTableGlobal(b, name, cast<DenseIntElementsAttr>(value));
  };
  ShapeGlobals globals;
  globals.classes = table(
      "__circc_classes",
      DenseIntElementsAttr::get(RankedTensorType::get({numTokens}, b.getI32Type()),
                                shapes.getClasses()));
  globals.lexicon = table("__circc_lexicon", shapes.getLexicon());
  globals.trie = table("__circc_trie", shapes.getTransitions());
  globals.accepting = table("__circc_accepting", shapes.getAccepting());
  globals.routes = table("__circc_routes", shapes.getRoutes());
  globals.lengths = table("__circc_lengths", shapes.getLengths());
  if (shapes.getKeys()) {
    globals.keys = table("__circc_shape_keys", *shapes.getKeys());
    globals.slots = table("__circc_shape_slots", *shapes.getSlots());
  }
  return globals;
}

} // namespace

memref::GlobalOp circc::createTableGlobal(ImplicitLocOpBuilder &b, StringRef name,
                                          DenseIntElementsAttr table) {
  auto type = cast<ShapedType>(table.getType());
  return memref::GlobalOp::create(
      b, name, b.getStringAttr("private"),
      MemRefType::get(type.getShape(), type.getElementType()), table,
      /*constant=*/true, IntegerAttr());
}

Value circc::emitShapeLookup(ImplicitLocOpBuilder &b, c::ShapesOp shapes,
                             Value slotTable, Value keyTable, Value key) {
  auto i64 = b.getI64Type();
  auto i32 = b.getI32Type();
  auto constI32 = [&](int64_t v) -> Value {
    return arith::ConstantIntOp::create(b, i32, v);
  };
  int64_t numSlots = cast<ShapedType>(shapes.getSlots()->getType()).getDimSize(0);
  int64_t logSlots = llvm::Log2_64(numSlots);
  Value hash = arith::ShRUIOp::create(
      b,
      arith::MulIOp::create(
          b, key, arith::ConstantIntOp::create(b, i64, *shapes.getMultiplier())),
      arith::ConstantIntOp::create(b, i64, 64 - logSlots));
  Type indexType = b.getIndexType();
  // Probe until an empty slot (-1) or the key's shape.
  auto probe = scf::WhileOp::create(
      b, TypeRange{indexType, i32},
      ValueRange{arith::IndexCastOp::create(b, indexType, hash).getResult(),
                 constI32(-1)},
      [&](OpBuilder &, Location, ValueRange args) {
        Value slot = args[0];
        Value shape = memref::LoadOp::create(b, slotTable, slot);
        if (shape.getType() != i32)
          shape = arith::ExtSIOp::create(b, i32, shape);
        Value empty =
            arith::CmpIOp::create(b, arith::CmpIPredicate::slt, shape, constI32(0));
        Value candidate = arith::IndexCastOp::create(
            b, indexType, arith::MaxSIOp::create(b, shape, constI32(0)));
        Value stored = memref::LoadOp::create(b, keyTable, candidate);
        Value other = arith::CmpIOp::create(b, arith::CmpIPredicate::ne, stored, key);
        Value keepLooking = arith::AndIOp::create(
            b, other,
            arith::XOrIOp::create(
                b, empty, arith::ConstantIntOp::create(b, b.getI1Type(), 1)));
        scf::ConditionOp::create(b, keepLooking, ValueRange{slot, shape});
      },
      [&](OpBuilder &, Location, ValueRange args) {
        Value next = arith::AndIOp::create(
            b, arith::AddIOp::create(b, args[0],
                                     arith::ConstantIndexOp::create(b, 1)),
            arith::ConstantIndexOp::create(b, numSlots - 1));
        scf::YieldOp::create(b, ValueRange{next, args[1]});
      });
  // The loop stops at the shape, or at an empty slot, which holds -1.
  return probe.getResult(1);
}

namespace {

/// Emits the run function's body for a circuit with a circuit.shapes op:
/// find the command's shape (by its packed key, or by walking the trie),
/// then gather the output along the shape's route.
class ShapeCodegen {
public:
  ShapeCodegen(ImplicitLocOpBuilder &b, RunFunctionBuilder &gen,
               c::CircuitOp circuit, const ShapeGlobals &globals, Value tokens,
               Value n, Value out, Value capacity, Value infoOut)
      : b(b), gen(gen), shapes(circuit.getShapes()), tokens(tokens), n(n),
        out(out), capacity(capacity), infoOut(infoOut) {
    i32 = b.getI32Type();
    width = cast<ShapedType>(shapes.getLexicon().getType()).getDimSize(1);
    auto get = [&](memref::GlobalOp global) -> Value {
      return global ? memref::GetGlobalOp::create(b, global.getType(),
                                                  global.getSymName())
                    : Value();
    };
    classTable = get(globals.classes);
    lexiconTable = get(globals.lexicon);
    trieTable = get(globals.trie);
    acceptTable = get(globals.accepting);
    routeTable = get(globals.routes);
    lengthTable = get(globals.lengths);
    keyTable = get(globals.keys);
    slotTable = get(globals.slots);
  }

  Value emit() {
    emitLeaves();
    if (!slotTable)
      return emitTrie();
    Value shape = emitLookup();
    Value found =
        arith::CmpIOp::create(b, arith::CmpIPredicate::sge, shape, gen.i32(0));
    // A command that is not a sentence walks the trie to find where it fails.
    auto result = scf::IfOp::create(
        b, found,
        [&](OpBuilder &, Location) { scf::YieldOp::create(b, emitRoute(shape)); },
        [&](OpBuilder &, Location) { scf::YieldOp::create(b, emitTrie()); });
    return result.getResult(0);
  }

private:
  Value zero() { return gen.index(0); }
  /// A load from a table of any integer width, sign-extended to i32.
  Value loadI32(Value table, ValueRange indices) {
    Value value = memref::LoadOp::create(b, table, indices);
    if (value.getType() == i32)
      return value;
    return arith::ExtSIOp::create(b, i32, value);
  }
  Value classOf(Value k) {
    Value token = gen.toIndex(memref::LoadOp::create(b, tokens, k));
    return memref::LoadOp::create(b, classTable, token);
  }

  /// leaves[k * E + e] = lexicon[tokens[k]][e] for every input slot: the
  /// run function's contract is that all max_input token slots hold valid
  /// ids (the runtime zeroes those past the input), so this needs no
  /// branches.
  void emitLeaves() {
    int64_t maxInput = cast<MemRefType>(tokens.getType()).getDimSize(0);
    leaves = memref::AllocaOp::create(b, MemRefType::get({maxInput * width}, i32));
    scf::ForOp::create(
        b, zero(), gen.index(maxInput), gen.index(1), ValueRange{},
        [&](OpBuilder &, Location, Value k, ValueRange) {
          Value token = gen.toIndex(memref::LoadOp::create(b, tokens, k));
          for (int64_t e = 0; e < width; ++e) {
            Value meaning = memref::LoadOp::create(
                b, lexiconTable, ValueRange{token, gen.index(e)});
            Value slot = arith::AddIOp::create(
                b, arith::MulIOp::create(b, k, gen.index(width)), gen.index(e));
            memref::StoreOp::create(b, meaning, leaves, slot);
          }
          scf::YieldOp::create(b);
        });
  }

  /// The shape whose packed class sequence is the command's, or -1.
  Value emitLookup() {
    auto i64 = b.getI64Type();
    int64_t bits = *shapes.getClassBits();
    int64_t maxInput = cast<MemRefType>(tokens.getType()).getDimSize(0);
    // All max_input slots, masked past the input: a fixed trip count.
    auto pack = scf::ForOp::create(
        b, zero(), gen.index(maxInput), gen.index(1),
        ValueRange{arith::ConstantIntOp::create(b, i64, 0).getResult()},
        [&](OpBuilder &, Location, Value k, ValueRange args) {
          Value inInput = arith::CmpIOp::create(b, arith::CmpIPredicate::ult, k, n);
          Value cls = arith::SelectOp::create(
              b, inInput, arith::AddIOp::create(b, classOf(k), gen.i32(1)),
              gen.i32(0));
          Value shift = arith::MulIOp::create(
              b, arith::IndexCastOp::create(b, i64, k),
              arith::ConstantIntOp::create(b, i64, bits));
          scf::YieldOp::create(
              b, arith::OrIOp::create(
                     b, args[0],
                     arith::ShLIOp::create(
                         b, arith::ExtUIOp::create(b, i64, cls), shift))
                     .getResult());
        });
    return emitShapeLookup(b, shapes, slotTable, keyTable, pack.getResult(0));
  }

  /// Walks the trie; on a complete sentence gathers its route, else
  /// reports where the command stops being a prefix of one.
  Value emitTrie() {
    Type indexType = b.getIndexType();
    auto walk = scf::WhileOp::create(
        b, TypeRange{indexType, i32}, ValueRange{zero(), gen.i32(0)},
        [&](OpBuilder &, Location, ValueRange args) {
          Value k = args[0], node = args[1];
          Value inRange = arith::CmpIOp::create(b, arith::CmpIPredicate::ult, k, n);
          auto next = scf::IfOp::create(
              b, inRange,
              [&](OpBuilder &, Location) {
                Value cls = gen.toIndex(classOf(k));
                scf::YieldOp::create(
                    b, memref::LoadOp::create(b, trieTable,
                                              ValueRange{gen.toIndex(node), cls})
                           .getResult());
              },
              [&](OpBuilder &, Location) { scf::YieldOp::create(b, gen.i32(-1)); });
          Value viable = arith::CmpIOp::create(b, arith::CmpIPredicate::sge,
                                               next.getResult(0), gen.i32(0));
          Value go = arith::AndIOp::create(b, inRange, viable);
          Value carried = arith::SelectOp::create(b, go, next.getResult(0), node);
          scf::ConditionOp::create(b, go, ValueRange{k, carried});
        },
        [&](OpBuilder &, Location, ValueRange args) {
          scf::YieldOp::create(
              b, ValueRange{arith::AddIOp::create(b, args[0], gen.index(1)), args[1]});
        });
    Value stopped = walk.getResult(0), node = walk.getResult(1);
    Value allRead = arith::CmpIOp::create(b, arith::CmpIPredicate::eq, stopped, n);
    auto outcome = scf::IfOp::create(
        b, allRead,
        [&](OpBuilder &, Location) {
          Value shape = memref::LoadOp::create(b, acceptTable, gen.toIndex(node));
          Value complete = arith::CmpIOp::create(b, arith::CmpIPredicate::sge,
                                                 shape, gen.i32(0));
          auto accepted = scf::IfOp::create(
              b, complete,
              [&](OpBuilder &, Location) { scf::YieldOp::create(b, emitRoute(shape)); },
              [&](OpBuilder &, Location) {
                // The input ends before the sentence does.
                memref::StoreOp::create(b, gen.toI32(n), infoOut, zero());
                scf::YieldOp::create(b, gen.i32(kStatusNoParse));
              });
          scf::YieldOp::create(b, accepted.getResults());
        },
        [&](OpBuilder &, Location) {
          memref::StoreOp::create(b, gen.toI32(stopped), infoOut, zero());
          scf::YieldOp::create(b, gen.i32(kStatusNoParse));
        });
    return outcome.getResult(0);
  }

  /// Writes the output of `shape` if it fits; returns the status.
  Value emitRoute(Value shape) {
    Value row = gen.toIndex(shape);
    Value length = loadI32(lengthTable, row);
    memref::StoreOp::create(b, length, infoOut, zero());
    Value fits =
        arith::CmpIOp::create(b, arith::CmpIPredicate::sle, length, capacity);
    auto write = scf::IfOp::create(b, fits, /*withElse=*/false);
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(write.thenBlock());
      scf::ForOp::create(
          b, zero(), gen.toIndex(length), gen.index(1), ValueRange{},
          [&](OpBuilder &, Location, Value i, ValueRange) {
            Value ref = loadI32(routeTable, ValueRange{row, i});
            // A token's meaning, or a constant code.
            Value isToken =
                arith::CmpIOp::create(b, arith::CmpIPredicate::sge, ref, gen.i32(0));
            Value refIndex = gen.toIndex(arith::MaxSIOp::create(b, ref, gen.i32(0)));
            Value meaning = memref::LoadOp::create(b, leaves, refIndex);
            Value constant = arith::SubIOp::create(b, gen.i32(-1), ref);
            Value code = arith::SelectOp::create(b, isToken, meaning, constant);
            memref::StoreOp::create(b, gen.decode(b, b.getLoc(), code), out, i);
            scf::YieldOp::create(b);
          });
    }
    return arith::SelectOp::create(b, fits, gen.i32(kStatusOk),
                                   gen.i32(kStatusOutputTooSmall));
  }

  ImplicitLocOpBuilder &b;
  RunFunctionBuilder &gen;
  c::ShapesOp shapes;
  Value tokens, n, out, capacity, infoOut;
  Type i32;
  int64_t width;
  Value classTable, lexiconTable, trieTable, acceptTable, routeTable,
      lengthTable, keyTable, slotTable, leaves;
};

struct CircuitLowering : OpRewritePattern<c::CircuitOp> {
  CircuitLowering(MLIRContext *context, bool textEntry)
      : OpRewritePattern(context), textEntry(textEntry) {}
  bool textEntry;

  LogicalResult matchAndRewrite(c::CircuitOp circuit,
                                PatternRewriter &rewriter) const override {
    ImplicitLocOpBuilder b(circuit.getLoc(), rewriter);
    b.setInsertionPoint(circuit);
    FailureOr<CircuitCode> code = emitCircuitTables(b, circuit);
    if (failed(code))
      return failure();
    c::ParserOp parser = code->parser;
    ArrayRef<c::RuleOp> rules = code->rules;
    int64_t maxInput = circuit.getMaxInput();
    int64_t maxOutput = circuit.getMaxOutput();
    int64_t numTokens = circuit.getTokens().size();

    // The metadata the runtime reads, with the tables a weights file must
    // provide: names, then rows and columns.
    SmallVector<StringRef> tokens(circuit.getTokens().getAsValueRange<StringAttr>());
    SmallVector<StringRef> outputs(circuit.getOutputs().getAsValueRange<StringAttr>());
    SmallVector<StringRef> weightNames;
    SmallVector<int32_t> weightShapes;
    SmallVector<c::ParamOp> runtimeTables;
    circuit.getRuntimeTables(runtimeTables);
    for (c::ParamOp param : runtimeTables) {
      weightNames.push_back(param.getSymName());
      weightShapes.push_back(param.getNumRows());
      weightShapes.push_back(param.getNumColumns());
    }
    RuntimeMetadata metadata;
    metadata.name = circuit.getSymName();
    metadata.tokens = tokens;
    metadata.outputs = outputs;
    metadata.maxInput = circuit.getMaxInput();
    metadata.maxOutput = circuit.getMaxOutput();
    metadata.paramCount =
        circuit.getParamCount().value_or(circuit.countParameters());
    metadata.numRules = code->rules.size();
    metadata.numStates = code->parser.getNumStates();
    metadata.runtimeRows = circuit.getNumRuntimeRows();
    metadata.weightNames = weightNames;
    metadata.weightShapes = weightShapes;
    emitRuntimeMetadata(b, metadata);

    // __circc_run writes output symbols; __circc_trace writes the content
    // codes before they are decoded (which learnable row each output
    // position comes from), which is what training needs.
    for (bool decode : {true, false}) {
      OpBuilder::InsertionGuard guard(b);
      buildRunFunction(b, decode ? "__circc_run" : "__circc_trace", decode,
                       *code);
    }
    if (textEntry) {
      OpBuilder::InsertionGuard guard(b);
      buildTextEntry(b, *code);
    }
    if (circuit.getNumRuntimeRows() > 0) {
      OpBuilder::InsertionGuard guard(b);
      buildGradientFunction(b, *code);
    }

    rewriter.eraseOp(circuit);
    return success();
  }

  /// Builds one entry point: (tokens, n, out, capacity, info, learned) ->
  /// status.
  static void buildRunFunction(ImplicitLocOpBuilder &b, StringRef name,
                               bool decode, const CircuitCode &code) {
    c::CircuitOp circuit = code.circuit;
    auto i32 = b.getI32Type();
    auto tokensType = MemRefType::get({(int64_t)circuit.getMaxInput()}, i32);
    auto outType = MemRefType::get({(int64_t)circuit.getMaxOutput()}, i32);
    auto infoOutType = MemRefType::get({1}, i32);
    auto learnedType =
        MemRefType::get({std::max<int64_t>(1, circuit.getNumRuntimeRows())}, i32);
    auto funcType = b.getFunctionType(
        {tokensType, i32, outType, i32, infoOutType, learnedType}, {i32});
    auto func = func::FuncOp::create(b, name, funcType);
    Block *entry = func.addEntryBlock();
    b.setInsertionPointToStart(entry);
    Value status = emitCircuitRun(b, code, entry->getArgument(0),
                                  entry->getArgument(1), entry->getArgument(2),
                                  entry->getArgument(3), entry->getArgument(4),
                                  entry->getArgument(5), decode);
    func::ReturnOp::create(b, status);
  }

  /// Builds __circc_gradient(tokens, n, targets, target_count, weights,
  /// gradients, loss) -> status: the circuit's forward pass to content codes
  /// (the route), then, at every output position routed from a learnable
  /// row, the cross-entropy of the tied decoder (softmax of the row) against
  /// the target, whose gradient (softmax minus one-hot) is scattered back
  /// into that row of `gradients` along the same route. The loss is added to
  /// loss[0]; positions past the shorter of output and target count nothing.
  static void buildGradientFunction(ImplicitLocOpBuilder &b,
                                    const CircuitCode &code) {
    c::CircuitOp circuit = code.circuit;
    int64_t maxInput = circuit.getMaxInput(), maxOutput = circuit.getMaxOutput();
    int64_t width = circuit.getOutputs().size();
    int64_t rows = circuit.getNumRuntimeRows();
    auto i32 = b.getI32Type();
    auto f32 = b.getF32Type();
    auto table = MemRefType::get({rows * width}, f32);
    auto funcType = b.getFunctionType(
        {MemRefType::get({maxInput}, i32), i32, MemRefType::get({maxOutput}, i32),
         i32, table, table, MemRefType::get({1}, f32)},
        {i32});
    auto func = func::FuncOp::create(b, "__circc_gradient", funcType);
    Block *entry = func.addEntryBlock();
    b.setInsertionPointToStart(entry);
    Value tokens = entry->getArgument(0), count = entry->getArgument(1),
          targets = entry->getArgument(2), targetCount = entry->getArgument(3),
          weights = entry->getArgument(4), gradients = entry->getArgument(5),
          lossOut = entry->getArgument(6);
    auto index = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, v);
    };
    auto toIndex = [&](Value v) -> Value {
      return arith::IndexCastOp::create(b, b.getIndexType(), v);
    };
    Value codes = memref::AllocaOp::create(b, MemRefType::get({maxOutput}, i32));
    Value info = memref::AllocaOp::create(b, MemRefType::get({1}, i32));
    Value unused = memref::AllocaOp::create(b, MemRefType::get({rows}, i32));
    Value status = emitCircuitRun(b, code, tokens, count, codes,
                                  arith::ConstantIntOp::create(b, i32, maxOutput),
                                  info, unused, /*decode=*/false);
    Value ok = arith::CmpIOp::create(b, arith::CmpIPredicate::eq, status,
                                     arith::ConstantIntOp::create(b, i32, 0));
    auto guard = scf::IfOp::create(b, ok, /*withElse=*/false);
    b.setInsertionPointToStart(guard.thenBlock());
    Value length = memref::LoadOp::create(b, info, index(0));
    Value positions = toIndex(arith::MinSIOp::create(b, length, targetCount));
    Value zeroF = arith::ConstantFloatOp::create(b, f32, APFloat(0.0f));
    Value oneF = arith::ConstantFloatOp::create(b, f32, APFloat(1.0f));
    Value widthIndex = index(width);
    Value widthI32 = arith::ConstantIntOp::create(b, i32, width);
    auto positionLoop = scf::ForOp::create(
        b, index(0), positions, index(1), ValueRange{zeroF},
        [&](OpBuilder &, Location, Value i, ValueRange acc) {
          Value codeValue = memref::LoadOp::create(b, codes, i);
          Value target = memref::LoadOp::create(b, targets, i);
          Value learnable = arith::CmpIOp::create(b, arith::CmpIPredicate::sge,
                                                  codeValue, widthI32);
          Value targetIn = arith::AndIOp::create(
              b,
              arith::CmpIOp::create(b, arith::CmpIPredicate::sge, target,
                                    arith::ConstantIntOp::create(b, i32, 0)),
              arith::CmpIOp::create(b, arith::CmpIPredicate::slt, target,
                                    widthI32));
          auto position = scf::IfOp::create(
              b, arith::AndIOp::create(b, learnable, targetIn),
              [&](OpBuilder &, Location) {
                Value base = arith::MulIOp::create(
                    b, toIndex(arith::SubIOp::create(b, codeValue, widthI32)),
                    widthIndex);
                auto weightAt = [&](Value j) -> Value {
                  return memref::LoadOp::create(
                      b, weights, ValueRange{arith::AddIOp::create(b, base, j)});
                };
                // softmax(row), stably: max, then the sum of exponentials.
                auto maxLoop = scf::ForOp::create(
                    b, index(1), widthIndex, index(1),
                    ValueRange{weightAt(index(0))},
                    [&](OpBuilder &, Location, Value j, ValueRange m) {
                      scf::YieldOp::create(
                          b, arith::MaximumFOp::create(b, m[0], weightAt(j))
                                 .getResult());
                    });
                Value top = maxLoop.getResult(0);
                auto sumLoop = scf::ForOp::create(
                    b, index(0), widthIndex, index(1), ValueRange{zeroF},
                    [&](OpBuilder &, Location, Value j, ValueRange s) {
                      Value e = math::ExpOp::create(
                          b, arith::SubFOp::create(b, weightAt(j), top));
                      scf::YieldOp::create(
                          b, arith::AddFOp::create(b, s[0], e).getResult());
                    });
                Value sum = sumLoop.getResult(0);
                // -log softmax(row)[target] = log(sum) + top - row[target].
                Value loss = arith::SubFOp::create(
                    b, arith::AddFOp::create(b, math::LogOp::create(b, sum), top),
                    weightAt(toIndex(target)));
                // The adjoint: (softmax - one-hot) back into the row.
                scf::ForOp::create(
                    b, index(0), widthIndex, index(1), ValueRange{},
                    [&](OpBuilder &, Location, Value j, ValueRange) {
                      Value p = arith::DivFOp::create(
                          b,
                          math::ExpOp::create(
                              b, arith::SubFOp::create(b, weightAt(j), top)),
                          sum);
                      Value isTarget = arith::CmpIOp::create(
                          b, arith::CmpIPredicate::eq,
                          arith::IndexCastOp::create(b, i32, j), target);
                      Value grad = arith::SubFOp::create(
                          b, p, arith::SelectOp::create(b, isTarget, oneF, zeroF));
                      Value at = arith::AddIOp::create(b, base, j);
                      Value old = memref::LoadOp::create(b, gradients, at);
                      memref::StoreOp::create(
                          b, arith::AddFOp::create(b, old, grad), gradients, at);
                      scf::YieldOp::create(b);
                    });
                scf::YieldOp::create(b, loss);
              },
              [&](OpBuilder &, Location) { scf::YieldOp::create(b, zeroF); });
          scf::YieldOp::create(
              b, arith::AddFOp::create(b, acc[0], position.getResult(0))
                     .getResult());
        });
    Value old = memref::LoadOp::create(b, lossOut, index(0));
    memref::StoreOp::create(
        b, arith::AddFOp::create(b, old, positionLoop.getResult(0)), lossOut,
        index(0));
    b.setInsertionPointAfter(guard);
    func::ReturnOp::create(b, status);
  }

  /// The body of a run function; returns the status.
  static Value emitRun(ImplicitLocOpBuilder &b, const CircuitCode &code,
                       Value tokens, Value count, Value out, Value capacity,
                       Value infoOut, Value learned, bool decode) {
    c::CircuitOp circuit = code.circuit;
    int64_t maxInput = circuit.getMaxInput();
    RunFunctionBuilder gen(b, circuit, code.slotSize, code.spareRegion);
    gen.learned = learned;
    gen.decodeOutput = decode;
    Value zero = gen.index(0);
    Value n = gen.toIndex(count);
    // Inputs longer than the circuit's bound never reach the structure.
    Value tooLong = arith::CmpIOp::create(b, arith::CmpIPredicate::sgt, count,
                                          gen.i32(maxInput));
    auto guard = scf::IfOp::create(
        b, tooLong,
        [&](OpBuilder &, Location) {
          memref::StoreOp::create(b, gen.i32(maxInput), infoOut, zero);
          scf::YieldOp::create(b, gen.i32(kStatusInputTooLong));
        },
        [&](OpBuilder &, Location) {
          Value status =
              circuit.getShapes()
                  ? emitShapes(b, gen, circuit, code.shapes, tokens, n, out,
                               capacity, infoOut)
                  : emitAutomaton(b, gen, circuit, code.parser, code.rules,
                                  code.actions, code.gotos, tokens, n, out,
                                  capacity, infoOut, code.slots, code.slotSize,
                                  code.scratchSize);
          scf::YieldOp::create(b, status);
        });
    return guard.getResult(0);
  }

  /// The tabulated structure; returns the status.
  static Value emitShapes(ImplicitLocOpBuilder &b, RunFunctionBuilder &gen,
                          c::CircuitOp circuit, const ShapeGlobals &globals,
                          Value tokens, Value n, Value out, Value capacity,
                          Value infoOut) {
    return ShapeCodegen(b, gen, circuit, globals, tokens, n, out, capacity,
                        infoOut)
        .emit();
  }

  /// The LR loop; returns its final status.
  static Value emitAutomaton(ImplicitLocOpBuilder &b, RunFunctionBuilder &gen,
                             c::CircuitOp circuit, c::ParserOp parser,
                             ArrayRef<c::RuleOp> rules, memref::GlobalOp actions,
                             memref::GlobalOp gotos, Value tokensArg, Value n,
                             Value out, Value capacity, Value infoOut,
                             int64_t slots, int64_t slotSize,
                             int64_t scratchSize) {
    auto i32 = b.getI32Type();
    int64_t numTokens = circuit.getTokens().size();
    int64_t maxOutput = circuit.getMaxOutput();
    Value zero = gen.index(0);
    Value states = memref::AllocaOp::create(b, MemRefType::get({slots}, i32));
    gen.lengths = memref::AllocaOp::create(b, MemRefType::get({slots}, i32));
    gen.scratch = memref::AllocaOp::create(b, MemRefType::get({scratchSize}, i32));
    Value actionTable = memref::GetGlobalOp::create(b, actions.getType(), actions.getSymName());
    Value gotoTable = memref::GetGlobalOp::create(b, gotos.getType(), gotos.getSymName());
    memref::StoreOp::create(b, gen.i32(0), states, zero);

    Type indexType = b.getIndexType();
    auto loop = scf::WhileOp::create(
        b, TypeRange{indexType, indexType, i32},
        ValueRange{zero, zero, gen.i32(kRunning)},
        [&](OpBuilder &, Location, ValueRange args) {
          Value running = arith::CmpIOp::create(b, arith::CmpIPredicate::eq,
                                                args[2], gen.i32(kRunning));
          scf::ConditionOp::create(b, running, args);
        },
        [&](OpBuilder &, Location, ValueRange args) {
          Value sp = args[0], pos = args[1];
          Value state = gen.toIndex(memref::LoadOp::create(b, states, sp));
          Value hasToken = arith::CmpIOp::create(b, arith::CmpIPredicate::ult, pos, n);
          auto readToken = scf::IfOp::create(
              b, hasToken,
              [&](OpBuilder &, Location) {
                scf::YieldOp::create(
                    b, gen.toIndex(memref::LoadOp::create(b, tokensArg, pos)));
              },
              [&](OpBuilder &, Location) {
                scf::YieldOp::create(b, gen.index(numTokens));
              });
          Value action = memref::LoadOp::create(
              b, actionTable, ValueRange{state, readToken.getResult(0)});
          Value positive = arith::CmpIOp::create(b, arith::CmpIPredicate::sgt,
                                                 action, gen.i32(0));
          Value notAccept = arith::CmpIOp::create(
              b, arith::CmpIPredicate::ne, action, gen.i32(c::ParserOp::kAccept));
          Value isShift = arith::AndIOp::create(b, positive, notAccept);
          auto step = scf::IfOp::create(
              b, isShift,
              [&](OpBuilder &, Location) {
                Value next = arith::AddIOp::create(b, sp, gen.index(1));
                memref::StoreOp::create(
                    b, arith::SubIOp::create(b, action, gen.i32(1)), states, next);
                memref::StoreOp::create(b, gen.i32(0), gen.lengths, next);
                scf::YieldOp::create(
                    b, ValueRange{next, arith::AddIOp::create(b, pos, gen.index(1)),
                                  gen.i32(kRunning)});
              },
              [&](OpBuilder &, Location) {
                Value isReduce = arith::CmpIOp::create(b, arith::CmpIPredicate::slt,
                                                       action, gen.i32(0));
                auto reduceOrStop = scf::IfOp::create(
                    b, isReduce,
                    [&](OpBuilder &, Location) {
                      emitReduce(b, gen, rules, sp, pos, action, states, gotoTable);
                    },
                    [&](OpBuilder &, Location) {
                      emitStop(b, gen, sp, pos, action, out, capacity, infoOut,
                               slotSize, maxOutput);
                    });
                scf::YieldOp::create(b, reduceOrStop.getResults());
              });
          scf::YieldOp::create(b, step.getResults());
        });
    return loop.getResult(2);
  }

  /// Reduces by the rule `-(action + 1)` and takes the goto.
  static void emitReduce(ImplicitLocOpBuilder &b, RunFunctionBuilder &gen,
                         ArrayRef<c::RuleOp> rules, Value sp, Value pos,
                         Value action, Value states, Value gotoTable) {
    Value ruleIndex = gen.toIndex(arith::SubIOp::create(
        b, gen.i32(-1), action));
    SmallVector<int64_t> cases;
    for (int64_t i = 0; i < static_cast<int64_t>(rules.size()); ++i)
      cases.push_back(i);
    Type indexType = b.getIndexType();
    auto dispatch = scf::IndexSwitchOp::create(
        b, TypeRange{indexType, indexType, indexType}, ruleIndex, cases,
        cases.size());
    for (auto [i, constRule] : llvm::enumerate(rules)) {
      c::RuleOp rule = constRule;
      Block &block = dispatch.getCaseRegions()[i].emplaceBlock();
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(&block);
      Value base = arith::SubIOp::create(b, sp, gen.index(rule.getArity() - 1));
      Value length = gen.lowerRule(rule, base);
      scf::YieldOp::create(b, ValueRange{base, gen.index(rule.getLhs()), length});
    }
    {
      // Reduce actions only name existing rules; keep the stack as it is.
      Block &block = dispatch.getDefaultRegion().emplaceBlock();
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(&block);
      scf::YieldOp::create(b, ValueRange{sp, gen.index(0), gen.index(0)});
    }
    Value base = dispatch.getResult(0);
    Value below = arith::SubIOp::create(b, base, gen.index(1));
    Value previous = gen.toIndex(memref::LoadOp::create(b, states, below));
    Value next = memref::LoadOp::create(b, gotoTable,
                                        ValueRange{previous, dispatch.getResult(1)});
    memref::StoreOp::create(b, next, states, base);
    memref::StoreOp::create(b, gen.toI32(dispatch.getResult(2)), gen.lengths, base);
    scf::YieldOp::create(b, ValueRange{base, pos, gen.i32(kRunning)});
  }

  /// Accepts (copying the output out) or reports where parsing failed.
  static void emitStop(ImplicitLocOpBuilder &b, RunFunctionBuilder &gen,
                       Value sp, Value pos, Value action, Value out,
                       Value capacity, Value infoOut, int64_t slotSize,
                       int64_t maxOutput) {
    Value zero = gen.index(0);
    Value isAccept = arith::CmpIOp::create(b, arith::CmpIPredicate::eq, action,
                                           gen.i32(c::ParserOp::kAccept));
    auto outcome = scf::IfOp::create(
        b, isAccept,
        [&](OpBuilder &, Location) {
          // The start symbol sits in slot 1.
          Value length = memref::LoadOp::create(b, gen.lengths, gen.index(1));
          memref::StoreOp::create(b, length, infoOut, zero);
          Value fits = arith::CmpIOp::create(b, arith::CmpIPredicate::sle, length,
                                             capacity);
          auto write = scf::IfOp::create(b, fits, /*withElse=*/false);
          {
            OpBuilder::InsertionGuard g(b);
            b.setInsertionPointToStart(write.thenBlock());
            Value start = gen.index(slotSize);
            scf::ForOp::create(
                b, zero, gen.toIndex(length), gen.index(1), ValueRange{},
                [&](OpBuilder &nested, Location loc, Value i, ValueRange) {
                  ImplicitLocOpBuilder nb(loc, nested);
                  Value from = arith::AddIOp::create(nb, start, i);
                  Value code = memref::LoadOp::create(nb, gen.scratch, from);
                  memref::StoreOp::create(nb, gen.decode(nested, loc, code), out, i);
                  scf::YieldOp::create(nb);
                });
          }
          Value status = arith::SelectOp::create(b, fits, gen.i32(kStatusOk),
                                                 gen.i32(kStatusOutputTooSmall));
          scf::YieldOp::create(b, ValueRange{sp, pos, status});
        },
        [&](OpBuilder &, Location) {
          memref::StoreOp::create(b, gen.toI32(pos), infoOut, zero);
          scf::YieldOp::create(b, ValueRange{sp, pos, gen.i32(kStatusNoParse)});
        });
    (void)maxOutput;
    scf::YieldOp::create(b, outcome.getResults());
  }
};

} // namespace

FailureOr<CircuitCode> circc::emitCircuitTables(ImplicitLocOpBuilder &b,
                                                c::CircuitOp circuit) {
  CircuitCode code;
  code.circuit = circuit;
  code.parser = circuit.getParser();
  code.rules = llvm::to_vector(circuit.getRules());
  int64_t maxInput = circuit.getMaxInput();
  // Slot 0 holds the start state; slots 1..n the symbols, at most one per
  // token read (no production is empty).
  code.slotSize = circuit.getMaxOutput();
  for (c::RuleOp rule : code.rules)
    code.slotSize =
        std::max<int64_t>(code.slotSize, rule.getResultType().getMaxLength());
  code.slots = maxInput + 2;
  code.spareRegion = code.slots * code.slotSize;
  code.scratchSize = (code.slots + 1) * code.slotSize;
  if (!circuit.getShapes() && code.scratchSize > (1 << 20))
    return circuit.emitError()
           << "circuit needs " << code.scratchSize
           << " words of scratch storage; lower max_input or the grammar's "
              "output bound";
  code.actions = createTableGlobal(
      b, "__circc_actions", cast<DenseIntElementsAttr>(code.parser.getActions()));
  code.gotos = createTableGlobal(
      b, "__circc_gotos", cast<DenseIntElementsAttr>(code.parser.getGotos()));
  if (c::ShapesOp shapes = circuit.getShapes())
    code.shapes = createShapeGlobals(b, circuit, shapes);
  return code;
}

Value circc::emitCircuitRun(ImplicitLocOpBuilder &b, const CircuitCode &code,
                            Value tokens, Value count, Value out,
                            Value capacity, Value infoOut, Value learned,
                            bool decode) {
  return CircuitLowering::emitRun(b, code, tokens, count, out, capacity,
                                  infoOut, learned, decode);
}

namespace {

struct ConvertCircuitToStandardPass
    : public circc::impl::ConvertCircuitToStandardBase<ConvertCircuitToStandardPass> {
  using ConvertCircuitToStandardBase::ConvertCircuitToStandardBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto circuits = module.getOps<c::CircuitOp>();
    if (range_size(circuits) > 1) {
      module.emitError() << "can lower one circuit per module; the library "
                            "exports fixed symbol names";
      return signalPassFailure();
    }
    RewritePatternSet patterns(&getContext());
    populateCircuitToStandardPatterns(patterns, textEntry);
    GreedyRewriteConfig config;
    config.setMaxIterations(1);
    (void)applyPatternsGreedily(module, std::move(patterns), config);
    if (!module.getOps<c::CircuitOp>().empty())
      signalPassFailure();
  }
};

} // namespace

void circc::populateCircuitToStandardPatterns(RewritePatternSet &patterns,
                                              bool textEntry) {
  patterns.add<CircuitLowering>(patterns.getContext(), textEntry);
}
