//===- RuntimeABI.cpp - What compiled code provides the runtime ----------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Conversion/RuntimeABI.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;

void circc::createStringGlobal(ImplicitLocOpBuilder &b, StringRef name,
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

Value circc::sliceBatch(ImplicitLocOpBuilder &b, Value source, Value offset,
                        int64_t size) {
  auto type = MemRefType::get(
      {size}, b.getI32Type(),
      StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic, {1}));
  return memref::ReinterpretCastOp::create(
      b, type, source, OpFoldResult(offset),
      ArrayRef<OpFoldResult>{b.getIndexAttr(size)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
}
