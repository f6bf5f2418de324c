//===- RuntimeABI.cpp - What compiled code provides the runtime ----------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Conversion/RuntimeABI.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;

/// A NUL-separated blob of strings as a public constant i8 global.
static void createStringGlobal(ImplicitLocOpBuilder &b, StringRef name,
                               ArrayRef<StringRef> strings) {
  SmallVector<int8_t> bytes;
  for (StringRef s : strings) {
    bytes.append(s.begin(), s.end());
    bytes.push_back(0);
  }
  auto tensorType = RankedTensorType::get({(int64_t)bytes.size()}, b.getI8Type());
  auto memrefType = MemRefType::get({(int64_t)bytes.size()}, b.getI8Type());
  memref::GlobalOp::create(b, name, b.getStringAttr("public"), memrefType,
                           DenseElementsAttr::get(tensorType, ArrayRef<int8_t>(bytes)),
                           /*constant=*/true, IntegerAttr());
}

static void createIntGlobal(ImplicitLocOpBuilder &b, StringRef name,
                            ArrayRef<int32_t> values) {
  auto type = RankedTensorType::get({(int64_t)values.size()}, b.getI32Type());
  memref::GlobalOp::create(b, name, b.getStringAttr("public"),
                           MemRefType::get({(int64_t)values.size()}, b.getI32Type()),
                           DenseElementsAttr::get(type, values),
                           /*constant=*/true, IntegerAttr());
}

void circc::emitRuntimeMetadata(ImplicitLocOpBuilder &b,
                                const RuntimeMetadata &m) {
  // The layout runtime.c's INFO_* enumerators name.
  int32_t tables = m.weightNames.size();
  createIntGlobal(b, "__circc_info",
                  {kRuntimeAbiVersion, int32_t(m.maxInput), int32_t(m.maxOutput),
                   int32_t(m.tokens.size()), int32_t(m.outputs.size()),
                   int32_t(m.paramCount), int32_t(m.numRules),
                   int32_t(m.numStates), int32_t(m.runtimeRows), tables});
  createStringGlobal(b, "__circc_name", {m.name});
  createStringGlobal(b, "__circc_token_names", m.tokens);
  createStringGlobal(b, "__circc_output_names", m.outputs);
  // Never empty, so that every library defines both globals.
  SmallVector<StringRef> names(m.weightNames);
  if (names.empty())
    names.push_back("");
  createStringGlobal(b, "__circc_weight_names", names);
  SmallVector<int32_t> shapes(m.weightShapes);
  if (shapes.empty())
    shapes = {0, 0};
  createIntGlobal(b, "__circc_weight_shapes", shapes);
}

/// `source[offset : offset + size]` of an i32 batch buffer, as a static-size
/// memref.
static Value sliceBatch(ImplicitLocOpBuilder &b, Value source, Value offset,
                        int64_t size) {
  auto type = MemRefType::get(
      {size}, b.getI32Type(),
      StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic, {1}));
  return memref::ReinterpretCastOp::create(
      b, type, source, OpFoldResult(offset),
      ArrayRef<OpFoldResult>{b.getIndexAttr(size)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
}

LogicalResult circc::buildBatchKernel(
    ImplicitLocOpBuilder &b, Operation *anchor, int64_t maxInput,
    int64_t maxOutput, int64_t learnedRows,
    function_ref<FailureOr<Value>(const BatchCommand &)> run) {
  auto module = anchor->getParentOfType<ModuleOp>();
  module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                  b.getUnitAttr());
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(anchor);
  auto gpuModule = gpu::GPUModuleOp::create(b, kGPUModuleName);
  b.setInsertionPointToStart(gpuModule.getBody());

  auto i32 = b.getI32Type();
  auto buffer = MemRefType::get({ShapedType::kDynamic}, i32);
  auto kernelType = b.getFunctionType(
      {buffer, buffer, buffer, buffer, buffer, buffer, i32}, {});
  auto kernel = gpu::GPUFuncOp::create(b, kBatchKernelName, kernelType);
  kernel->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
  Block &entry = kernel.getBody().front();
  b.setInsertionPointToStart(&entry);
  Value tokens = entry.getArgument(0), counts = entry.getArgument(1),
        out = entry.getArgument(2), lengths = entry.getArgument(3),
        statuses = entry.getArgument(4), learned = entry.getArgument(5),
        n = entry.getArgument(6);
  Operation *marker = arith::ConstantIndexOp::create(b, 0);

  Value block = gpu::BlockIdOp::create(b, gpu::Dimension::x);
  Value width = gpu::BlockDimOp::create(b, gpu::Dimension::x);
  Value thread = gpu::ThreadIdOp::create(b, gpu::Dimension::x);
  Value index = arith::AddIOp::create(
      b, arith::MulIOp::create(b, block, width), thread);
  Value inBatch = arith::CmpIOp::create(
      b, arith::CmpIPredicate::ult, index,
      arith::IndexCastOp::create(b, b.getIndexType(), n));
  auto ifInBatch = scf::IfOp::create(b, inBatch, /*withElse=*/false);
  b.setInsertionPointToStart(ifInBatch.thenBlock());
  auto at = [&](int64_t stride) -> Value {
    return arith::MulIOp::create(b, index,
                                 arith::ConstantIndexOp::create(b, stride));
  };
  BatchCommand command;
  command.tokens = sliceBatch(b, tokens, at(maxInput), maxInput);
  command.count = memref::LoadOp::create(b, counts, index);
  command.out = sliceBatch(b, out, at(maxOutput), maxOutput);
  command.length = sliceBatch(b, lengths, index, 1);
  command.learned = sliceBatch(b, learned, arith::ConstantIndexOp::create(b, 0),
                               std::max<int64_t>(1, learnedRows));
  command.gpuModule = gpuModule;
  command.marker = marker;
  FailureOr<Value> status = run(command);
  if (failed(status))
    return failure();
  memref::StoreOp::create(b, *status, statuses, index);
  b.setInsertionPointToEnd(&entry);
  gpu::ReturnOp::create(b);
  return success();
}
