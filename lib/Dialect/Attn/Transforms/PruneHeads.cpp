//===- PruneHeads.cpp - The attn-prune-heads pass -------------------------===//
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
#define GEN_PASS_DEF_ATTNPRUNEHEADS
#include "circc/Dialect/Attn/AttnPasses.h.inc"
} // namespace circc::attn

using namespace mlir;
using namespace circc::attn;
using namespace circc::attn::pruning;

namespace {

RankedTensorType withWidth(Type type, int64_t width) {
  auto ranked = cast<RankedTensorType>(type);
  return ranked.clone({ranked.getDimSize(0), width});
}

struct AttnPruneHeadsPass
    : public circc::attn::impl::AttnPruneHeadsBase<AttnPruneHeadsPass> {
  using AttnPruneHeadsBase::AttnPruneHeadsBase;

  /// The head ids `remove` names, by module.
  llvm::StringMap<SmallVector<int64_t>> named;

  /// Counts heads and the scalars in f32 constants.
  std::pair<int64_t, int64_t> count() {
    int64_t heads = 0;
    getOperation().walk([&](AttentionOp attention) { heads += attention.getHeads(); });
    return {heads, countParameters(getOperation())};
  }

  /// The linear op that produces `value` for `attention` alone, with
  /// constant weight and bias, or null after an error.
  LinearOp producer(AttentionOp attention, Value value, StringRef role) {
    auto linear = value.getDefiningOp<LinearOp>();
    if (!linear || !value.hasOneUse() || !constantOf(linear.getWeight()) ||
        !constantOf(linear.getBias())) {
      attention.emitOpError() << "cannot be pruned: its " << role
                              << " is not produced, for it alone, by an "
                                 "'attn.linear' of constants";
      return nullptr;
    }
    return linear;
  }

  /// The heads (positions in the op) `remove` names for `attention`, or
  /// the least important round(fraction * heads); null after an error.
  FailureOr<SmallVector<int64_t>> headsToDrop(AttentionOp attention) {
    int64_t heads = attention.getHeads();
    std::optional<ArrayRef<int64_t>> oldIds = attention.getHeadIds();
    auto original = [&](int64_t h) { return oldIds ? (*oldIds)[h] : h; };
    SmallVector<int64_t> drop;
    if (!remove.empty()) {
      StringRef module = attention.getModule().value_or("");
      for (int64_t id : named.lookup(module)) {
        int64_t h = 0;
        while (h < heads && original(h) != id)
          ++h;
        if (h == heads) {
          std::string present;
          for (int64_t k = 0; k < heads; ++k)
            present += (k ? ", " : "") + std::to_string(original(k));
          return attention.emitOpError()
                 << "has no head " << id << " to remove (its heads: "
                 << present << ")";
        }
        if (!llvm::is_contained(drop, h))
          drop.push_back(h);
      }
      if (int64_t(drop.size()) == heads)
        return attention.emitOpError()
               << "would lose all " << heads << " of its heads";
      return drop;
    }
    int64_t count = std::lround(fraction * heads);
    if (count == 0)
      return drop;
    if (count >= heads)
      return attention.emitOpError()
             << "pruning a fraction " << shortFloat(fraction) << " of " << heads
             << " heads would remove them all";
    std::optional<ArrayRef<float>> importance = attention.getImportance();
    if (!importance)
      return attention.emitOpError()
             << "cannot be pruned: it has no head importance";
    // Least important first; ties go to the lower head.
    SmallVector<int64_t> order(heads);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
      return (*importance)[a] < (*importance)[b];
    });
    drop.assign(order.begin(), order.begin() + count);
    return drop;
  }

  LogicalResult prune(AttentionOp attention) {
    int64_t heads = attention.getHeads();
    FailureOr<SmallVector<int64_t>> drop = headsToDrop(attention);
    if (failed(drop))
      return failure();
    if (drop->empty())
      return success();
    LinearOp q = producer(attention, attention.getQuery(), "query");
    LinearOp k = q ? producer(attention, attention.getKey(), "key") : nullptr;
    LinearOp v = k ? producer(attention, attention.getValue(), "value") : nullptr;
    if (!v)
      return failure();
    auto o = attention->hasOneUse()
                 ? dyn_cast<LinearOp>(*attention->user_begin())
                 : LinearOp();
    if (!o || o.getInput() != attention.getResult() ||
        !constantOf(o.getWeight()))
      return attention.emitOpError()
             << "cannot be pruned: its result is not consumed, by it alone, "
                "as the input of an 'attn.linear' of constants";

    SmallVector<int64_t> kept;
    for (int64_t h = 0; h < heads; ++h)
      if (!llvm::is_contained(*drop, h))
        kept.push_back(h);

    int64_t width = cast<RankedTensorType>(attention.getType()).getDimSize(1);
    int64_t headDim = width / heads;
    SmallVector<int64_t> columns;
    for (int64_t h : kept)
      for (int64_t c = 0; c < headDim; ++c)
        columns.push_back(h * headDim + c);
    int64_t newWidth = columns.size();

    for (LinearOp linear : {q, k, v}) {
      replaceConstant(linear.getWeightMutable(),
                      slice(constantOf(linear.getWeight()), columns, false));
      replaceConstant(linear.getBiasMutable(),
                      slice(constantOf(linear.getBias()), columns, false));
      linear.getResult().setType(withWidth(linear.getType(), newWidth));
    }
    replaceConstant(o.getWeightMutable(),
                    slice(constantOf(o.getWeight()), columns, true));
    attention.getResult().setType(withWidth(attention.getType(), newWidth));

    SmallVector<int64_t> ids;
    SmallVector<float> scores;
    std::optional<ArrayRef<int64_t>> oldIds = attention.getHeadIds();
    std::optional<ArrayRef<float>> importance = attention.getImportance();
    for (int64_t h : kept) {
      ids.push_back(oldIds ? (*oldIds)[h] : h);
      if (importance)
        scores.push_back((*importance)[h]);
    }
    attention.setHeads(kept.size());
    attention.setHeadIds(ids);
    if (importance)
      attention.setImportance(scores);
    return success();
  }

  void runOnOperation() override {
    if (failed(checkFraction(getOperation(), "attn-prune-heads", fraction)))
      return signalPassFailure();
    // MODULE:HEAD entries, by module.
    named.clear();
    for (const std::string &entry : remove) {
      auto [module, head] = StringRef(entry).rsplit(':');
      int64_t id;
      if (module.empty() || head.getAsInteger(10, id) || id < 0) {
        getOperation().emitError()
            << "attn-prune-heads: '" << entry
            << "' is not MODULE:HEAD (e.g. decoder.0.cross_attention:3)";
        return signalPassFailure();
      }
      named[module].push_back(id);
    }
    SmallVector<AttentionOp> attentions;
    getOperation().walk([&](AttentionOp op) { attentions.push_back(op); });
    for (StringRef module : named.keys())
      if (llvm::none_of(attentions, [&](AttentionOp op) {
            return op.getModule() == module;
          })) {
        getOperation().emitError()
            << "attn-prune-heads: no attention module is named '"
            << module << "'";
        return signalPassFailure();
      }
    auto [headsBefore, paramsBefore] = count();
    for (AttentionOp attention : attentions)
      if (failed(prune(attention)))
        return signalPassFailure();
    auto [headsAfter, paramsAfter] = count();
    if (!quiet)
      llvm::errs() << "attn-prune-heads: " << headsBefore << " -> "
                   << headsAfter << " heads, " << paramsBefore << " -> "
                   << paramsAfter << " parameters\n";
  }
};

} // namespace
