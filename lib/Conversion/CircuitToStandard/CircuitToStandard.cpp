//===- CircuitToStandard.cpp - Lower circuits to func/scf/arith/memref ----===//
//
// Part of circc.
//
// The circuit becomes one function, @__circc_run_one: one command's run,
// from token ids to output symbols, over the circuit's tables as constant
// globals. It is built from the pieces CircuitCode.h names: the tabulated
// shapes where the circuit has them, else the LR automaton driving each
// rule's routing. The entry points the runtime calls are added around it
// by circc-build-entry-points (CPU) and circc-outline-batch-kernel (GPU);
// only __circc_run_text, which needs the circuit's vocabulary, is built
// here.
//
//===----------------------------------------------------------------------===//

#include "circc/Conversion/CircuitToStandard.h"
#include "CircuitCode.h"
#include "circc/Dialect/Circuit/CircuitOps.h"
#include "circc/Support/RuntimeABI.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <limits>

namespace circc {
#define GEN_PASS_DEF_CONVERTCIRCUITTOSTANDARD
#include "circc/Conversion/Passes.h.inc"
} // namespace circc

using namespace mlir;
using namespace circc;
namespace c = circc::circuit;

/// How far past the start of its result evaluating `value` may write, less
/// the result itself: a slice writes its whole input before keeping part of
/// it, at an offset of at most the result's bound.
static int64_t extraRoom(Value value) {
  Operation *op = value.getDefiningOp();
  if (!op)
    return 0;
  // A slice or a field writes its whole input before keeping part of it.
  if (isa<c::SliceOp, c::FieldOp>(op)) {
    Value input = op->getOperand(0);
    return int64_t(cast<c::SeqType>(input.getType()).getMaxLength()) +
           extraRoom(input);
  }
  int64_t room = 0;
  for (Value operand : op->getOperands())
    room = std::max(room, extraRoom(operand));
  return room;
}

/// The largest stack the lowering sizes exactly by the analysis's bound.
static constexpr int64_t kExactStackLimit = 1 << 18;

FailureOr<ScratchLayout> ScratchLayout::plan(c::CircuitOp circuit) {
  ScratchLayout layout;
  layout.spareSize = circuit.getMaxOutput();
  // A checked rule may build up to its yielded bound before the run sees
  // that it is too long.
  for (c::RuleOp rule : circuit.getRules()) {
    Value yielded = rule.getYield().getValue();
    int64_t built = rule.getChecked()
                        ? cast<c::SeqType>(yielded.getType()).getMaxLength()
                        : rule.getResultType().getMaxLength();
    layout.spareSize =
        std::max<int64_t>(layout.spareSize, built + extraRoom(yielded));
  }
  if (circuit.growsStorage()) {
    // Training reads the content codes of bounded runs.
    if (circuit.getRuntimeWeights())
      return circuit.emitError()
             << "loads its weights at run time, which needs a max_input of "
                "at most "
             << c::CircuitOp::kGrowAboveInput
             << "; a circuit of any input length, or of a larger one, bakes "
                "them in";
    // The workspace holds it all; the run sizes the rest.
    layout.growing = true;
    layout.spareRegion = 0;
    layout.stackStart = layout.spareSize;
    return layout;
  }
  int64_t maxInput = *circuit.getMaxInput();
  layout.slots = maxInput + 2;
  // The analysis's bound when it is small enough, else a linear one that
  // the run checks.
  int64_t linear = 2 * circuit.getMaxOutput() + maxInput;
  layout.stackCapacity = linear;
  if (std::optional<uint64_t> stack = circuit.getStackOutput())
    layout.stackCapacity = std::min<int64_t>(
        *stack, std::max<int64_t>(linear, kExactStackLimit));
  layout.spareRegion = layout.stackCapacity;
  layout.size = layout.stackCapacity + layout.spareSize;
  if (!circuit.getShapes() && layout.size > (1 << 20))
    return circuit.emitError()
           << "circuit needs " << layout.size
           << " words of scratch storage; lower max_input or the grammar's "
              "output bound";
  return layout;
}

/// Creates the constant tables of `circuit` at the builder's insertion point.
static FailureOr<CircuitCode> emitCircuitTables(ImplicitLocOpBuilder &b,
                                                c::CircuitOp circuit) {
  FailureOr<ScratchLayout> layout = ScratchLayout::plan(circuit);
  if (failed(layout))
    return failure();
  CircuitCode code;
  code.circuit = circuit;
  code.parser = circuit.getParser();
  code.rules = llvm::to_vector(circuit.getRules());
  code.placesPositions =
      circuit.walk([](c::PositionOp) { return WalkResult::interrupt(); })
          .wasInterrupted();
  code.layout = *layout;
  code.actions = createTableGlobal(
      b, "__circc_actions", cast<DenseIntElementsAttr>(code.parser.getActions()));
  code.gotos = createTableGlobal(
      b, "__circc_gotos", cast<DenseIntElementsAttr>(code.parser.getGotos()));
  if (std::optional<ArrayRef<int32_t>> columns = code.parser.getColumns()) {
    auto table = [&](StringRef name, ArrayRef<int32_t> values) {
      return createTableGlobal(
          b, name,
          DenseIntElementsAttr::get(
              RankedTensorType::get({int64_t(values.size())}, b.getI32Type()),
              values));
    };
    code.columns = table("__circc_columns", *columns);
    code.lexemes = table("__circc_lexemes", *code.parser.getLexemes());
  }
  if (c::ShapesOp shapes = circuit.getShapes())
    code.shapes = createShapeGlobals(b, circuit, shapes);
  // Op tables: the decoded symbol of every row, in the narrowest type.
  SymbolTable symbols(circuit);
  WalkResult tables = circuit.walk([&](c::ApplyOp apply) {
    StringAttr name = apply.getTableAttr().getAttr();
    if (code.opTables.count(name) || code.runtimeOpTables.count(name))
      return WalkResult::advance();
    auto param = symbols.lookup<c::ParamOp>(name);
    if (circuit.isLoadedAtRunTime(param)) {
      code.runtimeOpTables[name] =
          circuit.getContentCode(param, 0) - int64_t(circuit.getOutputs().size());
      return WalkResult::advance();
    }
    SmallVector<int32_t> rows;
    for (int64_t row = 0; row < param.getNumRows(); ++row)
      rows.push_back(param.decodeRow(row));
    Type element = circuit.getOutputs().size() <= 127 ? b.getI8Type()
                                                      : b.getI32Type();
    auto type = RankedTensorType::get({param.getNumRows()}, element);
    DenseIntElementsAttr values =
        element.isInteger(8)
            ? DenseIntElementsAttr::get(
                  type, llvm::to_vector(llvm::map_range(
                            rows, [](int32_t v) { return int8_t(v); })))
            : DenseIntElementsAttr::get(type, ArrayRef<int32_t>(rows));
    code.opTables[name] =
        createTableGlobal(b, ("__circc_table_" + name.getValue()).str(), values);
    return WalkResult::advance();
  });
  if (tables.wasInterrupted())
    return failure();
  return code;
}

/// The metadata the runtime reads, with the tables a weights file must
/// provide: names, then rows and columns.
static RuntimeMetadata metadataOf(const CircuitCode &code) {
  c::CircuitOp circuit = code.circuit;
  RuntimeMetadata metadata;
  metadata.name = circuit.getSymName();
  metadata.tokens.assign(circuit.getTokens().getAsValueRange<StringAttr>().begin(),
                         circuit.getTokens().getAsValueRange<StringAttr>().end());
  metadata.outputs.assign(
      circuit.getOutputs().getAsValueRange<StringAttr>().begin(),
      circuit.getOutputs().getAsValueRange<StringAttr>().end());
  metadata.maxInput = circuit.getMaxInput().value_or(0);
  metadata.maxOutput = circuit.getMaxOutput();
  metadata.paramCount =
      circuit.getParamCount().value_or(circuit.countParameters());
  metadata.numRules = code.rules.size();
  metadata.numStates = code.parser.getNumStates();
  metadata.runtimeRows = circuit.getNumRuntimeRows();
  // Tabulated shapes read every position; the automaton stops at count.
  metadata.countOnly = !circuit.getShapes();
  metadata.grows = code.layout.growing;
  if (std::optional<ArrayRef<int32_t>> open = code.parser.getOpenWords())
    metadata.openWords.assign(open->begin(), open->end());
  SmallVector<c::ParamOp> runtimeTables;
  circuit.getRuntimeTables(runtimeTables);
  for (c::ParamOp param : runtimeTables) {
    metadata.weightNames.push_back(param.getSymName());
    metadata.weightShapes.push_back(param.getNumRows());
    metadata.weightShapes.push_back(param.getNumColumns());
  }
  return metadata;
}

/// Builds @__circc_run_one (see RuntimeABI.h) at the builder's insertion
/// point: inputs longer than the circuit's bound never reach the structure.
static void buildRunOne(ImplicitLocOpBuilder &b, const CircuitCode &code) {
  c::CircuitOp circuit = code.circuit;
  int64_t maxInput = circuit.getMaxInput().value_or(0);
  auto func = func::FuncOp::create(
      b, kRunOneName,
      runOneType(b, code.layout.growing ? 0 : maxInput, circuit.getMaxOutput(),
                 circuit.getNumRuntimeRows()));
  func.setPrivate();
  func->setAttr(kMetadataAttr, metadataOf(code).toAttribute(b));
  Block *entry = func.addEntryBlock();
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(entry);
  LoweringBuilder build(b);
  RunArguments args;
  args.tokens = entry->getArgument(0);
  args.count = entry->getArgument(1);
  args.out = entry->getArgument(2);
  args.capacity = entry->getArgument(3);
  args.info = entry->getArgument(4);
  args.learned = entry->getArgument(5);
  args.decode = entry->getArgument(6);
  args.n = build.toIndex(args.count);
  if (code.layout.growing) {
    // Any length: the workspace must hold at least the slots.
    args.workspace = entry->getArgument(7);
    args.words = entry->getArgument(8);
    Value needed = workspaceNeeded(b, code, args.n);
    Value enough = arith::CmpIOp::create(
        b, arith::CmpIPredicate::sge, args.words,
        arith::IndexCastOp::create(b, b.getI64Type(), needed));
    auto guardSpace = scf::IfOp::create(
        b, enough,
        [&](OpBuilder &, Location) {
          scf::YieldOp::create(b, emitAutomaton(b, code, args));
        },
        [&](OpBuilder &, Location) {
          Value words = arith::MinUIOp::create(
              b, needed, build.index(std::numeric_limits<int32_t>::max()));
          memref::StoreOp::create(b, build.toI32(words), args.info,
                                  build.index(0));
          scf::YieldOp::create(b, build.i32(CIRCC_GROW_WORKSPACE));
        });
    func::ReturnOp::create(b, guardSpace.getResult(0));
    return;
  }
  Value tooLong = arith::CmpIOp::create(b, arith::CmpIPredicate::sgt,
                                        args.count, build.i32(maxInput));
  auto guardLength = scf::IfOp::create(
      b, tooLong,
      [&](OpBuilder &, Location) {
        memref::StoreOp::create(b, build.i32(maxInput), args.info,
                                build.index(0));
        scf::YieldOp::create(b, build.i32(CIRCC_INPUT_TOO_LONG));
      },
      [&](OpBuilder &, Location) {
        Value status = circuit.getShapes() ? emitShapes(b, code, args)
                                           : emitAutomaton(b, code, args);
        scf::YieldOp::create(b, status);
      });
  func::ReturnOp::create(b, guardLength.getResult(0));
}

namespace {

struct CircuitLowering : OpRewritePattern<c::CircuitOp> {
  CircuitLowering(MLIRContext *context, bool textEntry, int64_t shareLoopsAbove,
                  int64_t directAutomatonStates)
      : OpRewritePattern(context), textEntry(textEntry),
        shareLoopsAbove(shareLoopsAbove),
        directAutomatonStates(directAutomatonStates) {}
  bool textEntry;
  int64_t shareLoopsAbove;
  int64_t directAutomatonStates;

  LogicalResult matchAndRewrite(c::CircuitOp circuit,
                                PatternRewriter &rewriter) const override {
    ImplicitLocOpBuilder b(circuit.getLoc(), rewriter);
    b.setInsertionPoint(circuit);
    FailureOr<CircuitCode> code = emitCircuitTables(b, circuit);
    if (failed(code))
      return failure();
    code->shareLoops = int64_t(code->rules.size()) > shareLoopsAbove;
    code->directAutomaton =
        code->parser.getNumStates() <= directAutomatonStates;
    code->valueStack = holdsValues(*code);
    buildRunOne(b, *code);
    if (appliesLearnableTables(*code)) {
      OpBuilder::InsertionGuard guard(b);
      if (failed(buildSoftGradient(b, *code)))
        return failure();
    }
    if (textEntry) {
      OpBuilder::InsertionGuard guard(b);
      buildTextEntry(b, *code);
    }
    rewriter.eraseOp(circuit);
    return success();
  }
};

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
    populateCircuitToStandardPatterns(patterns, textEntry, shareLoopsAbove,
                                      directAutomatonStates);
    GreedyRewriteConfig config;
    config.setMaxIterations(1);
    (void)applyPatternsGreedily(module, std::move(patterns), config);
    if (!module.getOps<c::CircuitOp>().empty())
      signalPassFailure();
  }
};

} // namespace

void circc::populateCircuitToStandardPatterns(RewritePatternSet &patterns,
                                              bool textEntry,
                                              int64_t shareLoopsAbove,
                                              int64_t directAutomatonStates) {
  patterns.add<CircuitLowering>(patterns.getContext(), textEntry,
                                shareLoopsAbove, directAutomatonStates);
}
