//===- OutlineBatchKernel.cpp - A GPU kernel running a batch of commands --===//
//
// Part of circc. One thread per command: the kernel slices the batch
// buffers at the thread's command and calls a copy of the per-command
// function the host runs, so host and device compute the same thing.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Circuit/CircuitOps.h"
#include "circc/Support/LoweringBuilder.h"
#include "circc/Support/RuntimeABI.h"
#include "circc/Transforms/Passes.h"

#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/SetVector.h"

namespace circc {
#define GEN_PASS_DEF_OUTLINEBATCHKERNEL
#include "circc/Transforms/Passes.h.inc"
} // namespace circc

using namespace mlir;
using namespace circc;

namespace {

/// e^x = 2^(x log2 e), with the approximate exp2 of the NVPTX ISA.
struct ExpToNVVM : OpRewritePattern<math::ExpOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(math::ExpOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.getType().isF32())
      return failure();
    Value log2e = arith::ConstantOp::create(
        rewriter, op.getLoc(), rewriter.getF32FloatAttr(1.44269504f));
    Value scaled =
        arith::MulFOp::create(rewriter, op.getLoc(), op.getOperand(), log2e);
    rewriter.replaceOpWithNewOp<LLVM::CallIntrinsicOp>(
        op, rewriter.getF32Type(),
        rewriter.getStringAttr("llvm.nvvm.ex2.approx.ftz.f"),
        ValueRange{scaled});
    return success();
  }
};

/// The correctly rounded square root.
struct SqrtToNVVM : OpRewritePattern<math::SqrtOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(math::SqrtOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.getType().isF32())
      return failure();
    rewriter.replaceOpWithNewOp<LLVM::CallIntrinsicOp>(
        op, rewriter.getF32Type(), rewriter.getStringAttr("llvm.nvvm.sqrt.rn.f"),
        ValueRange{op.getOperand()});
    return success();
  }
};

/// `source[offset : offset + size]` of an i32 batch buffer, as a static-size
/// memref with a dynamic offset.
Value sliceBatch(ImplicitLocOpBuilder &b, Value source, Value offset,
                 int64_t size) {
  auto type = abi::memrefOf(b.getI32Type(), {size}, /*dynamicOffset=*/true);
  return memref::ReinterpretCastOp::create(
      b, type, source, OpFoldResult(offset),
      ArrayRef<OpFoldResult>{b.getIndexAttr(size)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
}

/// The functions and globals `root` uses, directly or not, `root` first.
llvm::SetVector<Operation *> symbolsUsedBy(ModuleOp module, Operation *root) {
  llvm::SetVector<Operation *> used;
  used.insert(root);
  for (size_t next = 0; next < used.size(); ++next)
    used[next]->walk([&](Operation *op) {
      std::optional<SymbolTable::UseRange> uses = SymbolTable::getSymbolUses(op);
      if (!uses)
        return;
      for (const SymbolTable::SymbolUse &use : *uses)
        if (Operation *symbol =
                SymbolTable::lookupSymbolIn(module, use.getSymbolRef()))
          used.insert(symbol);
    });
  return used;
}

/// Builds the kernel in `gpuModule`; it calls `perCommand` (the GPU
/// module's copy).
void buildKernel(ImplicitLocOpBuilder &b, gpu::GPUModuleOp gpuModule,
                 func::FuncOp perCommand, bool isModel) {
  LoweringBuilder build(b);
  FunctionType type = perCommand.getFunctionType();
  auto extent = [&](unsigned argument, unsigned dim) {
    return cast<MemRefType>(type.getInput(argument)).getDimSize(dim);
  };
  int64_t maxInput = extent(0, 0), maxOutput = extent(2, 0);
  b.setInsertionPointToEnd(gpuModule.getBody());
  auto i32 = b.getI32Type();
  auto buffer = MemRefType::get({ShapedType::kDynamic}, i32);
  auto kernelType = abi::EntryPoint<circc_batch_kernel>::type(
      b, {{ShapedType::kDynamic}, {ShapedType::kDynamic}, {ShapedType::kDynamic},
          {ShapedType::kDynamic}, {ShapedType::kDynamic}, {ShapedType::kDynamic}});
  assert(kernelType.getInput(0) == buffer && "batch buffers are memref<?xi32>");
  (void)buffer;
  auto kernel = gpu::GPUFuncOp::create(b, abi::kBatchKernel, kernelType);
  kernel->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
  Block &entry = kernel.getBody().front();
  b.setInsertionPointToStart(&entry);
  Value tokens = entry.getArgument(0), counts = entry.getArgument(1),
        out = entry.getArgument(2), lengths = entry.getArgument(3),
        statuses = entry.getArgument(4), learned = entry.getArgument(5),
        n = entry.getArgument(6);
  // A model's logits go to the thread's local memory.
  Value logits;
  if (isModel)
    logits = memref::AllocaOp::create(
        b, MemRefType::get({maxOutput, extent(5, 1)}, b.getF32Type()));

  Value block = gpu::BlockIdOp::create(b, gpu::Dimension::x);
  Value width = gpu::BlockDimOp::create(b, gpu::Dimension::x);
  Value thread = gpu::ThreadIdOp::create(b, gpu::Dimension::x);
  Value index = arith::AddIOp::create(
      b, arith::MulIOp::create(b, block, width), thread);
  Value inBatch = arith::CmpIOp::create(b, arith::CmpIPredicate::ult, index,
                                        build.toIndex(n));
  auto ifInBatch = scf::IfOp::create(b, inBatch, /*withElse=*/false);
  b.setInsertionPointToStart(ifInBatch.thenBlock());
  auto at = [&](int64_t stride) -> Value {
    return arith::MulIOp::create(b, index, build.index(stride));
  };
  SmallVector<Value> arguments = {
      sliceBatch(b, tokens, at(maxInput), maxInput),
      memref::LoadOp::create(b, counts, index),
      sliceBatch(b, out, at(maxOutput), maxOutput), build.i32(maxOutput),
      sliceBatch(b, lengths, index, 1)};
  if (isModel) {
    arguments.push_back(
        memref::CastOp::create(b, type.getInput(5), logits).getResult());
  } else {
    arguments.push_back(sliceBatch(b, learned, build.index(0), extent(5, 0)));
    arguments.push_back(build.i1(true)); // decode
  }
  Value status = func::CallOp::create(b, perCommand, arguments).getResult(0);
  memref::StoreOp::create(b, status, statuses, index);
  b.setInsertionPointToEnd(&entry);
  gpu::ReturnOp::create(b);
}

struct OutlineBatchKernelPass
    : public circc::impl::OutlineBatchKernelBase<OutlineBatchKernelPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<PerCommandFunction> found = findPerCommandFunction(module);
    if (failed(found))
      return signalPassFailure();
    func::FuncOp perCommand = found->func;
    if (!perCommand) {
      module.emitError() << "has no per-command function (@" << kRunOneName
                         << " or @" << kLogitsOneName
                         << ") to run on the GPU";
      return signalPassFailure();
    }
    if (module.lookupSymbol(abi::kGPUModule)) {
      module.emitError() << "already holds @" << abi::kGPUModule;
      return signalPassFailure();
    }
    // A thread's buffers are slices of fixed size.
    auto metadata = perCommand->getAttrOfType<DictionaryAttr>(kMetadataAttr);
    FailureOr<RuntimeMetadata> m =
        metadata ? RuntimeMetadata::fromAttribute(metadata)
                 : FailureOr<RuntimeMetadata>(failure());
    if (succeeded(m) && m->maxInput == 0) {
      module.emitError() << "takes inputs of any length; the GPU kernel "
                            "needs a max input (declare 'max input N;')";
      return signalPassFailure();
    }
    if (succeeded(m) && m->grows) {
      module.emitError() << "takes inputs of up to " << m->maxInput
                         << " tokens, whose stack grows at run time; the GPU "
                            "kernel needs a max input of at most "
                         << circuit::CircuitOp::kGrowAboveInput
                         << " (declare a smaller one)";
      return signalPassFailure();
    }
    module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                    UnitAttr::get(&getContext()));
    ImplicitLocOpBuilder b(perCommand.getLoc(), &getContext());
    b.setInsertionPointToEnd(module.getBody());
    auto gpuModule = gpu::GPUModuleOp::create(b, abi::kGPUModule);

    // The per-command function and everything it uses, in module order.
    llvm::SetVector<Operation *> used = symbolsUsedBy(module, perCommand);
    b.setInsertionPointToStart(gpuModule.getBody());
    func::FuncOp deviceCommand;
    for (Operation &op : module.getBody()->getOperations()) {
      if (!used.contains(&op))
        continue;
      Operation *copy = b.clone(op);
      copy->removeAttr(kMetadataAttr);
      if (&op == perCommand.getOperation())
        deviceCommand = cast<func::FuncOp>(copy);
    }
    RewritePatternSet patterns(&getContext());
    populateDeviceMathPatterns(patterns);
    if (failed(applyPatternsGreedily(gpuModule, std::move(patterns))))
      return signalPassFailure();
    buildKernel(b, gpuModule, deviceCommand, found->isModel);
  }
};

} // namespace

void circc::populateDeviceMathPatterns(RewritePatternSet &patterns) {
  patterns.add<ExpToNVVM, SqrtToNVVM>(patterns.getContext());
}
