//===- PruneFfn.cpp - The attn-prune-ffn pass -----------------------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Attn/AttnOps.h"
#include "circc/Dialect/Attn/AttnPasses.h"
#include "Pruning.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace circc::attn {
#define GEN_PASS_DEF_ATTNPRUNEFFN
#include "circc/Dialect/Attn/AttnPasses.h.inc"
} // namespace circc::attn

using namespace mlir;
using namespace circc::attn;
using namespace circc::attn::pruning;

namespace {

struct AttnPruneFfnPass
    : public circc::attn::impl::AttnPruneFfnBase<AttnPruneFfnPass> {
  using AttnPruneFfnBase::AttnPruneFfnBase;

  /// The hidden units of every feed-forward block.
  int64_t countUnits() {
    int64_t units = 0;
    getOperation().walk([&](LinearOp up) {
      if (up.getRelu())
        units += cast<RankedTensorType>(up.getType()).getDimSize(1);
    });
    return units;
  }

  LogicalResult prune(LinearOp up) {
    DenseElementsAttr upWeight = constantOf(up.getWeight());
    DenseElementsAttr upBias = constantOf(up.getBias());
    auto down = up->hasOneUse() ? dyn_cast<LinearOp>(*up->user_begin())
                                : LinearOp();
    if (!upWeight || !upBias || !down || down.getInput() != up.getResult() ||
        !constantOf(down.getWeight()))
      return up.emitOpError()
             << "cannot be pruned as a feed-forward block: its weight and "
                "bias must be constants and its result the input, for it "
                "alone, of an 'attn.linear' of constants";
    DenseElementsAttr downWeight = constantOf(down.getWeight());
    auto upType = cast<RankedTensorType>(upWeight.getType());
    int64_t units = upType.getDimSize(0), width = upType.getDimSize(1);
    int64_t outputs = cast<RankedTensorType>(downWeight.getType()).getDimSize(0);
    int64_t count = std::lround(fraction * units);
    if (count == 0)
      return success();
    if (count >= units)
      return up.emitOpError()
             << "pruning a fraction " << shortFloat(fraction) << " of "
             << units << " feed-forward units would remove them all";

    SmallVector<float> w(upWeight.getValues<float>());
    SmallVector<float> b(upBias.getValues<float>());
    SmallVector<float> d(downWeight.getValues<float>());
    SmallVector<double> score(units);
    for (int64_t j = 0; j < units; ++j) {
      double in = double(b[j]) * b[j], out = 0.0;
      for (int64_t c = 0; c < width; ++c)
        in += double(w[j * width + c]) * w[j * width + c];
      for (int64_t r = 0; r < outputs; ++r)
        out += double(d[r * units + j]) * d[r * units + j];
      score[j] = std::sqrt(in) * std::sqrt(out);
    }
    // Least important first; ties go to the lower unit.
    SmallVector<int64_t> order(units);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int64_t x, int64_t y) { return score[x] < score[y]; });
    SmallVector<int64_t> kept(order.begin() + count, order.end());
    llvm::sort(kept);

    replaceConstant(up.getWeightMutable(), slice(upWeight, kept, false));
    replaceConstant(up.getBiasMutable(), slice(upBias, kept, false));
    replaceConstant(down.getWeightMutable(), slice(downWeight, kept, true));
    auto resultType = cast<RankedTensorType>(up.getType());
    up.getResult().setType(
        resultType.clone({resultType.getDimSize(0), int64_t(kept.size())}));
    return success();
  }

  void runOnOperation() override {
    if (failed(checkFraction(getOperation(), "attn-prune-ffn", fraction)))
      return signalPassFailure();
    SmallVector<LinearOp> blocks;
    getOperation().walk([&](LinearOp op) {
      if (op.getRelu())
        blocks.push_back(op);
    });
    int64_t unitsBefore = countUnits();
    int64_t paramsBefore = countParameters(getOperation());
    for (LinearOp up : blocks)
      if (failed(prune(up)))
        return signalPassFailure();
    if (!quiet)
      llvm::errs() << "attn-prune-ffn: " << unitsBefore << " -> "
                   << countUnits() << " feed-forward units, " << paramsBefore
                   << " -> " << countParameters(getOperation())
                   << " parameters\n";
  }
};

} // namespace
