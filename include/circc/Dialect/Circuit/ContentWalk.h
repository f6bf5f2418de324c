//===- ContentWalk.h - One walk over a rule's content ops -------*- C++ -*-===//
//
// Part of circc.
//
// A rule's body routes content: block arguments (its children's outputs),
// circuit.constant and circuit.gather (one content code each),
// circuit.empty, circuit.concat and circuit.repeat, circuit.apply, the
// position remaps circuit.reverse and circuit.slice, circuit.position (an
// input position as a symbol), and the streams of circuit.pack and
// circuit.field. Every analysis and
// lowering that evaluates a rule walks it with walkContent, giving only what
// each kind of node means to it, so that a new content op is added in one
// place.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_CIRCUIT_CONTENTWALK_H
#define CIRCC_DIALECT_CIRCUIT_CONTENTWALK_H

#include "circc/Dialect/Circuit/CircuitOps.h"

#include "llvm/ADT/STLFunctionalExtras.h"

namespace circc::circuit {

/// Evaluates `value`, the content of `rule` or part of it, in output order.
/// `Visitor` defines `Result` (what a part evaluates to) and `Sequence`
/// (the state of a concatenation being built), and:
///
///   Result child(int64_t position);  // the child at `position` of the rule
///   Result code(int64_t code);       // one content code
///   Result empty();
///   Sequence beginConcat();
///   void append(Sequence &, llvm::function_ref<Result()> part);
///   Result endConcat(Sequence &);
///   Result repeat(int64_t count, llvm::function_ref<Result()> part);
///   // As many times as the count of the symbol of the child at `position`.
///   Result repeatBy(RepeatOp op, int64_t position,
///                   llvm::function_ref<Result()> part);
///   Result apply(ApplyOp op, llvm::function_ref<Result(unsigned)> operand);
///   Result reverse(llvm::function_ref<Result()> part);
///   Result slice(SliceOp op, llvm::function_ref<Result()> part);
///   Result position(PositionOp op);  // where a child starts, as a symbol
///   Result delimiter();              // the mark between packed streams
///   Result field(FieldOp op, llvm::function_ref<Result()> part);
///
/// A circuit.pack is walked as a concatenation of its operands with a
/// delimiter() between each two.
/// `append`, `repeat`, `repeatBy`, `reverse`, `slice` and `field` evaluate
/// their part by calling it (once each), and `apply` its i-th operand by
/// calling `operand(i)`, so that a visitor decides where a part goes before it
/// is evaluated. `symbols` is the circuit's symbol table (for gathers' tables).
template <typename Visitor>
typename Visitor::Result walkContent(RuleOp rule, mlir::Value value,
                                     mlir::SymbolTable &symbols,
                                     Visitor &visitor) {
  using Result = typename Visitor::Result;
  if (auto argument = llvm::dyn_cast<mlir::BlockArgument>(value))
    return visitor.child(rule.getChildren()[argument.getArgNumber()]);
  mlir::Operation *op = value.getDefiningOp();
  if (auto constant = llvm::dyn_cast<ConstantOp>(op))
    return visitor.code(constant.getSymbol());
  if (auto gather = llvm::dyn_cast<GatherOp>(op)) {
    auto circuit = rule->getParentOfType<CircuitOp>();
    auto param = symbols.lookup<ParamOp>(gather.getTable());
    return visitor.code(circuit.getContentCode(param, gather.getRow()));
  }
  if (llvm::isa<EmptyOp>(op))
    return visitor.empty();
  if (auto concat = llvm::dyn_cast<ConcatOp>(op)) {
    typename Visitor::Sequence sequence = visitor.beginConcat();
    for (mlir::Value input : concat.getInputs())
      visitor.append(sequence, [&]() -> Result {
        return walkContent(rule, input, symbols, visitor);
      });
    return visitor.endConcat(sequence);
  }
  if (auto apply = llvm::dyn_cast<ApplyOp>(op))
    return visitor.apply(apply, [&](unsigned i) -> Result {
      return walkContent(rule, apply.getInputs()[i], symbols, visitor);
    });
  if (auto reverse = llvm::dyn_cast<ReverseOp>(op))
    return visitor.reverse([&]() -> Result {
      return walkContent(rule, reverse.getInput(), symbols, visitor);
    });
  if (auto slice = llvm::dyn_cast<SliceOp>(op))
    return visitor.slice(slice, [&]() -> Result {
      return walkContent(rule, slice.getInput(), symbols, visitor);
    });
  if (auto position = llvm::dyn_cast<PositionOp>(op))
    return visitor.position(position);
  if (auto pack = llvm::dyn_cast<PackOp>(op)) {
    typename Visitor::Sequence sequence = visitor.beginConcat();
    for (unsigned i = 0, e = pack.getInputs().size(); i < e; ++i) {
      mlir::Value input = pack.getInputs()[i];
      if (i > 0)
        visitor.append(sequence, [&]() -> Result { return visitor.delimiter(); });
      visitor.append(sequence, [&]() -> Result {
        return walkContent(rule, input, symbols, visitor);
      });
    }
    return visitor.endConcat(sequence);
  }
  if (auto field = llvm::dyn_cast<FieldOp>(op))
    return visitor.field(field, [&]() -> Result {
      return walkContent(rule, field.getInput(), symbols, visitor);
    });
  auto repeat = llvm::cast<RepeatOp>(op);
  auto part = [&]() -> Result {
    return walkContent(rule, repeat.getInput(), symbols, visitor);
  };
  if (mlir::Value by = repeat.getBy())
    return visitor.repeatBy(
        repeat,
        rule.getChildren()[llvm::cast<mlir::BlockArgument>(by).getArgNumber()],
        part);
  return visitor.repeat(repeat.getCount(), part);
}

} // namespace circc::circuit

#endif // CIRCC_DIALECT_CIRCUIT_CONTENTWALK_H
