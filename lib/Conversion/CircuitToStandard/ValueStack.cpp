//===- ValueStack.cpp - An automaton stack of one symbol per slot ---------===//
//
// Part of circc.
//
// Where every rule outputs one symbol (CruxMini, ListOps and their op
// tables), a slot's output is one content code: the stack keeps it in an
// array of codes, one per slot, and a reduce computes its rule from the
// children's codes and stores the result in its first child's slot, where
// the routing of Automaton.cpp would keep offsets and lengths, copy the
// children into a scratch buffer and check the stack's capacity (a stack
// of n + 2 slots always holds n tokens' codes).
//
//===----------------------------------------------------------------------===//

#include "CircuitCode.h"
#include "circc/Dialect/Circuit/ContentWalk.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace circc;
namespace c = circc::circuit;

namespace {

/// Whether a walk of a rule's content meets only children, codes and
/// applications (each one symbol); a walkContent visitor.
struct OneSymbolCheck {
  using Result = bool;
  struct Sequence {};
  bool child(int64_t) { return true; }
  bool code(int64_t) { return true; }
  bool empty() { return false; }
  Sequence beginConcat() { return {}; }
  void append(Sequence &, function_ref<bool()>) {}
  bool endConcat(Sequence &) { return false; }
  bool repeat(int64_t, function_ref<bool()>) { return false; }
  bool repeatBy(c::RepeatOp, int64_t, function_ref<bool()>) { return false; }
  bool apply(c::ApplyOp op, function_ref<bool(unsigned)> operand) {
    for (unsigned i = 0, e = op.getInputs().size(); i < e; ++i)
      if (!operand(i))
        return false;
    return true;
  }
  bool reverse(function_ref<bool()>) { return false; }
  bool slice(c::SliceOp, function_ref<bool()>) { return false; }
  bool position(c::PositionOp) { return false; }
  bool delimiter() { return false; }
  bool field(c::FieldOp, function_ref<bool()>) { return false; }
};

/// A rule's one symbol as a content code (an i32); a walkContent visitor.
struct ValueEmission {
  using Result = Value;
  struct Sequence {};

  ImplicitLocOpBuilder &b;
  LoweringBuilder build;
  Routing &routing;
  Value values, base;
  int64_t numOutputs;

  Value child(int64_t position) {
    Value slot = arith::AddIOp::create(b, base, build.index(position));
    return memref::LoadOp::create(b, values, slot);
  }
  Value code(int64_t content) { return build.i32(content); }
  /// The row is the operands' symbols, most significant first.
  Value apply(c::ApplyOp op, function_ref<Value(unsigned)> operand) {
    Value row = build.index(0);
    for (unsigned i = 0, e = op.getInputs().size(); i < e; ++i) {
      Value symbol = build.toIndex(routing.symbolOf(operand(i)));
      row = arith::AddIOp::create(
          b, arith::MulIOp::create(b, row, build.index(numOutputs)), symbol);
    }
    return routing.tableEntry(op, row);
  }
  // holdsValues admits none of these.
  [[noreturn]] static void unreachable() {
    llvm_unreachable("not a one-symbol rule");
  }
  Value empty() { unreachable(); }
  Sequence beginConcat() { unreachable(); }
  void append(Sequence &, function_ref<Value()>) { unreachable(); }
  Value endConcat(Sequence &) { unreachable(); }
  Value repeat(int64_t, function_ref<Value()>) { unreachable(); }
  Value repeatBy(c::RepeatOp, int64_t, function_ref<Value()>) { unreachable(); }
  Value reverse(function_ref<Value()>) { unreachable(); }
  Value slice(c::SliceOp, function_ref<Value()>) { unreachable(); }
  Value position(c::PositionOp) { unreachable(); }
  Value delimiter() { unreachable(); }
  Value field(c::FieldOp, function_ref<Value()>) { unreachable(); }
};

class OneSymbolStack : public StackSemantics {
public:
  OneSymbolStack(ImplicitLocOpBuilder &b, const CircuitCode &code,
                 const RunArguments &args)
      : b(b), build(b), code(code), args(args), routing(b, code, args),
        symbols(code.circuit) {}

  void allocate(int64_t slots) override {
    values = memref::AllocaOp::create(
        b, MemRefType::get({slots}, b.getI32Type()));
  }
  void allocateIn(const WorkspaceStorage &storage) override {
    values = storage.lengths;
  }
  /// A token of a class carries its symbol; another is never a child.
  Value shift(Value slot, Value token, Value position) override {
    if (code.lexemes)
      memref::StoreOp::create(b, carriedCode(b, code, token, position), values,
                              slot);
    return {};
  }
  Value reduce(c::RuleOp rule, Value base) override {
    ValueEmission emission{b, build, routing, values, base,
                           int64_t(code.circuit.getOutputs().size())};
    Value result =
        c::walkContent(rule, rule.getYield().getValue(), symbols, emission);
    memref::StoreOp::create(b, result, values, base);
    return {};
  }
  /// One symbol out, if there is room for it.
  Value accept() override {
    Value zero = build.index(0);
    memref::StoreOp::create(b, build.i32(1), args.info, zero);
    Value fits = arith::CmpIOp::create(b, arith::CmpIPredicate::sge,
                                       args.capacity, build.i32(1));
    auto write = scf::IfOp::create(b, fits, /*withElse=*/false);
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(write.thenBlock());
      Value result = memref::LoadOp::create(b, values, build.index(1));
      memref::StoreOp::create(b, routing.decode(result), args.out, zero);
    }
    return arith::SelectOp::create(b, fits, build.i32(CIRCC_OK),
                                   build.i32(CIRCC_OUTPUT_TOO_SMALL));
  }

private:
  ImplicitLocOpBuilder &b;
  LoweringBuilder build;
  const CircuitCode &code;
  const RunArguments &args;
  Routing routing;
  SymbolTable symbols;
  Value values;
};

} // namespace

bool circc::holdsValues(const CircuitCode &code) {
  c::CircuitOp circuit = code.circuit;
  if (circuit.getMaxOutput() != 1)
    return false;
  SymbolTable symbols(circuit);
  for (c::RuleOp rule : code.rules) {
    if (rule.getChecked())
      return false;
    OneSymbolCheck check;
    if (!c::walkContent(rule, rule.getYield().getValue(), symbols, check))
      return false;
  }
  return true;
}

std::unique_ptr<StackSemantics>
circc::createValueSemantics(ImplicitLocOpBuilder &b, const CircuitCode &code,
                            const RunArguments &args) {
  return std::make_unique<OneSymbolStack>(b, code, args);
}
