//===- Routing.cpp - A rule's routing, evaluated into scratch -------------===//
//
// Part of circc.
//
// A rule's body routes its children's outputs: block arguments (a child's
// output, in its stack slot), gathers and constants (one content code),
// concatenations and repeats. Evaluating it writes content codes into the
// scratch buffer as ScratchLayout describes.
//
//===----------------------------------------------------------------------===//

#include "CircuitCode.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace circc;
namespace c = circc::circuit;

/// One rule being evaluated: where it sits and whether its first child's
/// output is already where the rule's output starts.
struct Routing::RuleEmission {
  c::RuleOp rule;
  Value base, scratch, lengths;
  /// Set while the first leaf is a child already in place: the first visit
  /// of a leaf then writes nothing.
  bool firstLeafInPlace = false;
};

/// The first value that contributes positions to `value`, if any.
static std::optional<Value> firstLeaf(Value value) {
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

void Routing::copy(Value scratch, Value src, Value dst, Value length) {
  scf::ForOp::create(b, build.index(0), length, build.index(1), ValueRange{},
                     [&](OpBuilder &nested, Location loc, Value i, ValueRange) {
                       ImplicitLocOpBuilder nb(loc, nested);
                       Value from = arith::AddIOp::create(nb, src, i);
                       Value to = arith::AddIOp::create(nb, dst, i);
                       Value v = memref::LoadOp::create(nb, scratch, from);
                       memref::StoreOp::create(nb, v, scratch, to);
                       scf::YieldOp::create(nb);
                     });
}

Value Routing::lowerRule(c::RuleOp rule, Value base, Value scratch,
                         Value lengths) {
  const ScratchLayout &layout = code.layout;
  c::YieldOp yield = rule.getYield();
  Value slotStart = arith::MulIOp::create(b, base, build.index(layout.slotSize));
  std::optional<Value> first = firstLeaf(yield.getValue());
  RuleEmission emission{rule, base, scratch, lengths};
  emission.firstLeafInPlace =
      first && isa<BlockArgument>(*first) &&
      rule.getChildren()[cast<BlockArgument>(*first).getArgNumber()] == 0;
  bool inPlace = emission.firstLeafInPlace;
  Value dst = inPlace ? slotStart : build.index(layout.spareRegion);
  Value length = emit(emission, yield.getValue(), dst);
  if (!inPlace)
    copy(scratch, dst, slotStart, length);
  return length;
}

Value Routing::emit(RuleEmission &rule, Value value, Value dst) {
  auto store = [&](int64_t codeValue) {
    memref::StoreOp::create(b, build.i32(codeValue), rule.scratch, dst);
    return build.index(1);
  };
  if (auto argument = dyn_cast<BlockArgument>(value)) {
    int64_t position = rule.rule.getChildren()[argument.getArgNumber()];
    Value slot = arith::AddIOp::create(b, rule.base, build.index(position));
    Value length = build.toIndex(memref::LoadOp::create(b, rule.lengths, slot));
    if (rule.firstLeafInPlace) {
      rule.firstLeafInPlace = false;
      return length;
    }
    Value src = arith::MulIOp::create(b, slot, build.index(code.layout.slotSize));
    copy(rule.scratch, src, dst, length);
    return length;
  }
  Operation *op = value.getDefiningOp();
  if (auto constant = dyn_cast<c::ConstantOp>(op))
    return store(constant.getSymbol());
  if (auto gather = dyn_cast<c::GatherOp>(op)) {
    // Baked weights: the tied decoder's choice is known now; weights
    // loaded at run time are decoded at the output.
    auto param = symbols.lookup<c::ParamOp>(gather.getTable());
    return store(code.circuit.getContentCode(param, gather.getRow()));
  }
  if (isa<c::EmptyOp>(op))
    return build.index(0);
  if (auto concat = dyn_cast<c::ConcatOp>(op)) {
    Value cursor = dst;
    for (Value input : concat.getInputs())
      cursor = arith::AddIOp::create(b, cursor, emit(rule, input, cursor));
    return arith::SubIOp::create(b, cursor, dst);
  }
  auto repeat = cast<c::RepeatOp>(op);
  Value length = emit(rule, repeat.getInput(), dst);
  for (int64_t copyIndex = 1; copyIndex < repeat.getCount(); ++copyIndex)
    copy(rule.scratch, dst,
         arith::AddIOp::create(
             b, dst, arith::MulIOp::create(b, length, build.index(copyIndex))),
         length);
  return arith::MulIOp::create(b, length, build.index(repeat.getCount()));
}

Value Routing::decode(Value codeValue) {
  if (code.circuit.getNumRuntimeRows() == 0)
    return codeValue;
  int64_t numOutputs = code.circuit.getOutputs().size();
  Value outputs = build.i32(numOutputs);
  Value isSymbol =
      arith::CmpIOp::create(b, arith::CmpIPredicate::slt, codeValue, outputs);
  Value row = arith::MaxSIOp::create(
      b, arith::SubIOp::create(b, codeValue, outputs), build.i32(0));
  Value symbol = memref::LoadOp::create(b, args.learned, build.toIndex(row));
  // Trace (decode false) keeps the content code.
  Value keep = arith::OrIOp::create(
      b, isSymbol, arith::XOrIOp::create(b, args.decode, build.i1(true)));
  return arith::SelectOp::create(b, keep, codeValue, symbol);
}
