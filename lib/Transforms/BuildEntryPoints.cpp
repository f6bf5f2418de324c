//===- BuildEntryPoints.cpp - The runtime's entry points ------------------===//
//
// Part of circc.
//
// Wraps the per-command function a lowering produced in the functions and
// globals circc/abi.h names, the same way for circuits and models.
//
//===----------------------------------------------------------------------===//

#include "circc/Support/LoweringBuilder.h"
#include "circc/Support/RuntimeABI.h"
#include "circc/Transforms/Passes.h"

#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace circc {
#define GEN_PASS_DEF_BUILDENTRYPOINTS
#include "circc/Transforms/Passes.h.inc"
} // namespace circc

using namespace mlir;
using namespace circc;

namespace {

class EntryPointBuilder {
public:
  EntryPointBuilder(ImplicitLocOpBuilder &b, func::FuncOp perCommand,
                    const RuntimeMetadata &metadata)
      : b(b), build(b), perCommand(perCommand), m(metadata) {}

  void buildCircuitEntryPoints();
  void buildModelEntryPoints();

private:
  /// A new public function `name` of `type`, with the builder in its body.
  Block *startFunction(StringRef name, FunctionType type);
  /// Calls the per-command function with `arguments`, each cast to the
  /// type it expects; returns the status.
  Value callPerCommand(ValueRange arguments);
  void buildGradient();

  ImplicitLocOpBuilder &b;
  LoweringBuilder build;
  func::FuncOp perCommand;
  const RuntimeMetadata &m;
};

} // namespace

Block *EntryPointBuilder::startFunction(StringRef name, FunctionType type) {
  auto func = func::FuncOp::create(b, name, type);
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToStart(entry);
  return entry;
}

Value EntryPointBuilder::callPerCommand(ValueRange arguments) {
  SmallVector<Value> cast;
  for (auto [value, type] :
       llvm::zip_equal(arguments, perCommand.getArgumentTypes()))
    cast.push_back(value.getType() == type
                       ? value
                       : memref::CastOp::create(b, type, value).getResult());
  return func::CallOp::create(b, perCommand, cast).getResult(0);
}

void EntryPointBuilder::buildCircuitEntryPoints() {
  // __circc_run writes output symbols; __circc_trace writes the content
  // codes before they are decoded (which learnable row each output
  // position comes from), which is what training needs.
  // A circuit of any input length, or of a large one, keeps its stack in
  // the caller's workspace; the others keep theirs on the machine stack.
  bool growing = m.grows;
  FunctionType type =
      runEntryType(b, growing ? 0 : m.maxInput, m.maxOutput, m.runtimeRows);
  func::FuncOp runEntry;
  for (auto [name, decode] : {std::pair{abi::kRun, true}, {abi::kTrace, false}}) {
    OpBuilder::InsertionGuard guard(b);
    Block *entry = startFunction(name, type);
    SmallVector<Value> arguments(entry->getArguments());
    if (!decode && m.runtimeRows == 0) {
      // Baked weights: content codes are the output symbols, so the trace
      // is the run, and one copy of the automaton serves both.
      auto call = func::CallOp::create(b, runEntry, arguments);
      call.setNoInline(true);
      func::ReturnOp::create(b, call.getResult(0));
      continue;
    }
    if (decode)
      runEntry = cast<func::FuncOp>(entry->getParentOp());
    SmallVector<Value> perCommandArguments(arguments.begin(),
                                           arguments.end() - 2);
    perCommandArguments.push_back(build.i1(decode));
    if (growing) {
      // The workspace's extent is the words the caller gives.
      perCommandArguments.push_back(memref::ReinterpretCastOp::create(
          b, MemRefType::get({kRunTimeExtent}, b.getI32Type()),
          arguments[arguments.size() - 2], 0, {kRunTimeExtent}, {1}));
      perCommandArguments.push_back(arguments.back());
    }
    func::ReturnOp::create(b, callPerCommand(perCommandArguments));
  }
  // A lowering that learns differently (op tables) builds its own.
  ModuleOp module = perCommand->getParentOfType<ModuleOp>();
  if (m.runtimeRows > 0 && !module.lookupSymbol(abi::kGradient)) {
    OpBuilder::InsertionGuard guard(b);
    buildGradient();
  }
}

/// __circc_gradient(tokens, n, targets, target_count, weights, gradients,
/// loss) -> status: the forward pass to content codes (the route), then, at
/// every output position routed from a learnable row, the cross-entropy of
/// the tied decoder (softmax of the row) against the target, whose gradient
/// (softmax minus one-hot) is scattered back into that row of `gradients`
/// along the same route. The loss is added to loss[0]; positions past the
/// shorter of output and target count nothing.
void EntryPointBuilder::buildGradient() {
  int64_t width = m.outputs.size();
  int64_t rows = m.runtimeRows;
  auto i32 = b.getI32Type();
  auto f32 = b.getF32Type();
  Block *entry = startFunction(
      abi::kGradient, abi::EntryPoint<circc_gradient_fn>::type(
                          b, {{m.maxInput}, {m.maxOutput}, {rows * width},
                              {rows * width}, {1}}));
  Value tokens = entry->getArgument(0), count = entry->getArgument(1),
        targets = entry->getArgument(2), targetCount = entry->getArgument(3),
        weights = entry->getArgument(4), gradients = entry->getArgument(5),
        lossOut = entry->getArgument(6);
  auto index = [&](int64_t v) { return build.index(v); };
  Value codes = memref::AllocaOp::create(b, MemRefType::get({m.maxOutput}, i32));
  Value info = memref::AllocaOp::create(b, MemRefType::get({1}, i32));
  Value unused = memref::AllocaOp::create(b, MemRefType::get({rows}, i32));
  Value status = callPerCommand({tokens, count, codes, build.i32(m.maxOutput),
                                 info, unused, build.i1(false)});
  Value ok = arith::CmpIOp::create(b, arith::CmpIPredicate::eq, status,
                                   build.i32(CIRCC_OK));
  auto guard = scf::IfOp::create(b, ok, /*withElse=*/false);
  b.setInsertionPointToStart(guard.thenBlock());
  Value length = memref::LoadOp::create(b, info, index(0));
  Value positions =
      build.toIndex(arith::MinSIOp::create(b, length, targetCount));
  Value zeroF = arith::ConstantFloatOp::create(b, f32, APFloat(0.0f));
  Value oneF = arith::ConstantFloatOp::create(b, f32, APFloat(1.0f));
  Value widthIndex = index(width);
  Value widthI32 = build.i32(width);
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
                                  build.i32(0)),
            arith::CmpIOp::create(b, arith::CmpIPredicate::slt, target,
                                  widthI32));
        auto position = scf::IfOp::create(
            b, arith::AndIOp::create(b, learnable, targetIn),
            [&](OpBuilder &, Location) {
              Value base = arith::MulIOp::create(
                  b,
                  build.toIndex(arith::SubIOp::create(b, codeValue, widthI32)),
                  widthIndex);
              auto weightAt = [&](Value j) -> Value {
                return memref::LoadOp::create(
                    b, weights, ValueRange{arith::AddIOp::create(b, base, j)});
              };
              // softmax(row), stably: max, then the sum of exponentials.
              auto maxLoop = scf::ForOp::create(
                  b, index(1), widthIndex, index(1),
                  ValueRange{weightAt(index(0))},
                  [&](OpBuilder &, Location, Value j, ValueRange top) {
                    scf::YieldOp::create(
                        b, arith::MaximumFOp::create(b, top[0], weightAt(j))
                               .getResult());
                  });
              Value top = maxLoop.getResult(0);
              auto sumLoop = scf::ForOp::create(
                  b, index(0), widthIndex, index(1), ValueRange{zeroF},
                  [&](OpBuilder &, Location, Value j, ValueRange sum) {
                    Value e = math::ExpOp::create(
                        b, arith::SubFOp::create(b, weightAt(j), top));
                    scf::YieldOp::create(
                        b, arith::AddFOp::create(b, sum[0], e).getResult());
                  });
              Value sum = sumLoop.getResult(0);
              // -log softmax(row)[target] = log(sum) + top - row[target].
              Value loss = arith::SubFOp::create(
                  b, arith::AddFOp::create(b, math::LogOp::create(b, sum), top),
                  weightAt(build.toIndex(target)));
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
                        b, arith::CmpIPredicate::eq, build.toI32(j), target);
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

void EntryPointBuilder::buildModelEntryPoints() {
  int64_t vocabulary = m.outputs.size();
  FunctionType logitsType = abi::EntryPoint<circc_logits_fn>::type(
      b, {{m.maxInput}, {m.maxOutput}, {1}, {m.maxOutput, vocabulary}});
  func::FuncOp logitsEntry;
  {
    OpBuilder::InsertionGuard guard(b);
    Block *entry = startFunction(abi::kLogits, logitsType);
    logitsEntry = cast<func::FuncOp>(entry->getParentOp());
    func::ReturnOp::create(b, callPerCommand(entry->getArguments()));
  }
  FunctionType runType = runEntryType(b, m.maxInput, m.maxOutput, 1);
  {
    // The logits into a stack buffer.
    OpBuilder::InsertionGuard guard(b);
    Block *entry = startFunction(abi::kRun, runType);
    Value logits = memref::AllocaOp::create(
        b, cast<MemRefType>(logitsType.getInput(5)));
    SmallVector<Value> arguments(entry->getArguments().take_front(5));
    arguments.push_back(logits);
    // One copy of the decoder: __circc_run calls __circc_logits.
    auto call = func::CallOp::create(b, logitsEntry, arguments);
    call.setNoInline(true);
    func::ReturnOp::create(b, call.getResult(0));
  }
  {
    // A model has no content codes.
    OpBuilder::InsertionGuard guard(b);
    Block *entry = startFunction(abi::kTrace, runType);
    memref::StoreOp::create(b, build.i32(-1), entry->getArgument(4),
                            ValueRange{build.index(0)});
    func::ReturnOp::create(b, build.i32(CIRCC_INVALID_ARGUMENT));
  }
}

namespace {

struct BuildEntryPointsPass
    : public circc::impl::BuildEntryPointsBase<BuildEntryPointsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<PerCommandFunction> found = findPerCommandFunction(module);
    if (failed(found))
      return signalPassFailure();
    func::FuncOp perCommand = found->func;
    if (!perCommand)
      return;
    FailureOr<RuntimeMetadata> metadata = RuntimeMetadata::fromAttribute(
        perCommand->getAttrOfType<DictionaryAttr>(kMetadataAttr));
    if (failed(metadata)) {
      perCommand.emitOpError() << "needs the attribute '" << kMetadataAttr
                               << "' with the library's metadata";
      return signalPassFailure();
    }
    ImplicitLocOpBuilder b(perCommand.getLoc(), perCommand);
    b.setInsertionPointAfter(perCommand);
    emitRuntimeMetadata(b, *metadata);
    EntryPointBuilder builder(b, perCommand, *metadata);
    if (found->isModel)
      builder.buildModelEntryPoints();
    else
      builder.buildCircuitEntryPoints();
    perCommand->removeAttr(kMetadataAttr);
  }
};

} // namespace
