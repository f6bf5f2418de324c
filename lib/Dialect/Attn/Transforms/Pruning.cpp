//===- Pruning.cpp - What the attn pruning passes share -------------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "Pruning.h"

#include <cstdio>

using namespace mlir;
using namespace circc::attn;

std::string pruning::shortFloat(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}

DenseElementsAttr pruning::constantOf(Value value) {
  auto constant = value.getDefiningOp<arith::ConstantOp>();
  return constant ? dyn_cast<DenseElementsAttr>(constant.getValue())
                  : DenseElementsAttr();
}

DenseElementsAttr pruning::slice(DenseElementsAttr attr, ArrayRef<int64_t> keep,
                        bool columns) {
  auto type = cast<RankedTensorType>(attr.getType());
  SmallVector<float> values(attr.getValues<float>());
  SmallVector<int64_t> shape(type.getShape());
  int64_t width = type.getRank() == 2 ? shape[1] : 1;
  SmallVector<float> out;
  if (columns) {
    for (int64_t r = 0; r < shape[0]; ++r)
      for (int64_t c : keep)
        out.push_back(values[r * width + c]);
    shape[1] = keep.size();
  } else {
    for (int64_t r : keep)
      out.append(values.begin() + r * width, values.begin() + (r + 1) * width);
    shape[0] = keep.size();
  }
  return DenseElementsAttr::get(type.clone(shape), ArrayRef<float>(out));
}

void pruning::replaceConstant(OpOperand &operand, DenseElementsAttr attr) {
  auto old = operand.get().getDefiningOp<arith::ConstantOp>();
  OpBuilder builder(old);
  auto fresh = arith::ConstantOp::create(builder, old.getLoc(), attr.getType(),
                                         attr);
  operand.set(fresh);
  if (old->use_empty())
    old->erase();
}


int64_t pruning::countParameters(ModuleOp module) {
  int64_t params = 0;
  module.walk([&](arith::ConstantOp constant) {
    if (auto type = dyn_cast<RankedTensorType>(constant.getType());
        type && type.getElementType().isF32())
      params += type.getNumElements();
  });
  return params;
}

LogicalResult pruning::checkFraction(ModuleOp module, StringRef pass,
                                     double fraction) {
  if (fraction >= 0.0 && fraction < 1.0)
    return success();
  return module.emitError() << pass << ": fraction must be in [0, 1), got "
                            << shortFloat(fraction);
}
