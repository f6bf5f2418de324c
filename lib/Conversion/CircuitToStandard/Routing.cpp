//===- Routing.cpp - A rule's routing, evaluated into scratch -------------===//
//
// Part of circc.
//
// A rule's body routes its children's outputs: block arguments (a child's
// output, on the stack), gathers and constants (one content code),
// concatenations and repeats, position remaps, input positions and packed
// streams. Evaluating it writes content codes into the
// scratch buffer as ScratchLayout describes.
//
//===----------------------------------------------------------------------===//

#include "CircuitCode.h"
#include "circc/Dialect/Circuit/ContentWalk.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace circc;
namespace c = circc::circuit;

/// One rule being evaluated (a walkContent visitor): where it sits and
/// where the part being evaluated goes (`dst`).
struct Routing::RuleEmission {
  using Result = Value;
  /// Where a concatenation started, and where its next part goes.
  struct Sequence {
    Value start, cursor;
  };

  Routing &routing;
  c::RuleOp rule;
  Value base, scratch, lengths, offsets, starts, dst;
  /// The leading children still to be visited that are already in place.
  int64_t inPlaceLeft;

  Value child(int64_t position) {
    ImplicitLocOpBuilder &b = routing.b;
    const LoweringBuilder &build = routing.build;
    Value slot = arith::AddIOp::create(b, base, build.index(position));
    Value length = build.toIndex(memref::LoadOp::create(b, lengths, slot));
    if (inPlaceLeft > 0) {
      --inPlaceLeft;
      return length;
    }
    Value src = build.toIndex(memref::LoadOp::create(b, offsets, slot));
    routing.copy(scratch, src, dst, length);
    return length;
  }
  /// Baked weights: the tied decoder's choice is known now; weights loaded
  /// at run time are decoded at the output.
  Value code(int64_t content) {
    memref::StoreOp::create(routing.b, routing.build.i32(content), scratch, dst);
    return routing.build.index(1);
  }
  Value empty() { return routing.build.index(0); }
  Sequence beginConcat() { return {dst, dst}; }
  void append(Sequence &sequence, function_ref<Value()> part) {
    dst = sequence.cursor;
    sequence.cursor = arith::AddIOp::create(routing.b, sequence.cursor, part());
  }
  Value endConcat(Sequence &sequence) {
    dst = sequence.start;
    return arith::SubIOp::create(routing.b, sequence.cursor, sequence.start);
  }
  /// Each operand is one symbol: evaluated at `dst` and read back, its row
  /// index accumulated; the table's symbol for the row goes to `dst`.
  Value apply(c::ApplyOp op, function_ref<Value(unsigned)> operand) {
    ImplicitLocOpBuilder &b = routing.b;
    const LoweringBuilder &build = routing.build;
    Value start = dst;
    int64_t symbols = routing.code.circuit.getOutputs().size();
    Value row = build.index(0);
    for (unsigned i = 0, e = op.getInputs().size(); i < e; ++i) {
      dst = start;
      operand(i);
      Value code = memref::LoadOp::create(b, scratch, start);
      Value symbol = build.toIndex(routing.symbolOf(code));
      row = arith::AddIOp::create(
          b, arith::MulIOp::create(b, row, build.index(symbols)), symbol);
    }
    dst = start;
    memref::StoreOp::create(b, routing.tableEntry(op, row), scratch, start);
    return build.index(1);
  }
  /// Evaluates `part` where the result goes: its start and length.
  std::pair<Value, Value> evaluateHere(function_ref<Value()> part) {
    Value start = dst;
    Value length = part();
    dst = start;
    return {start, length};
  }
  /// Keeps positions [first, last) of the sequence at `start`, moved to
  /// its start unless `first` is known to be 0: the kept length.
  Value keep(Value start, Value first, Value last, bool atStart) {
    Value kept = arith::SubIOp::create(routing.b, last, first);
    if (!atStart)
      routing.copy(scratch, arith::AddIOp::create(routing.b, start, first),
                   start, kept);
    return kept;
  }
  /// The part is evaluated where the result goes, then its positions are
  /// swapped end for end.
  Value reverse(function_ref<Value()> part) {
    ImplicitLocOpBuilder &b = routing.b;
    const LoweringBuilder &build = routing.build;
    Value start, length;
    std::tie(start, length) = evaluateHere(part);
    Value half = arith::DivUIOp::create(b, length, build.index(2));
    Value last = arith::SubIOp::create(
        b, arith::AddIOp::create(b, start, length), build.index(1));
    scf::ForOp::create(
        b, build.index(0), half, build.index(1), ValueRange{},
        [&](OpBuilder &nested, Location loc, Value i, ValueRange) {
          ImplicitLocOpBuilder nb(loc, nested);
          Value front = arith::AddIOp::create(nb, start, i);
          Value back = arith::SubIOp::create(nb, last, i);
          Value a = memref::LoadOp::create(nb, scratch, front);
          Value z = memref::LoadOp::create(nb, scratch, back);
          memref::StoreOp::create(nb, z, scratch, front);
          memref::StoreOp::create(nb, a, scratch, back);
          scf::YieldOp::create(nb);
        });
    return length;
  }
  /// The part is evaluated where the result goes (ScratchLayout leaves room
  /// for it), then the kept positions are moved to its start.
  Value slice(c::SliceOp op, function_ref<Value()> part) {
    ImplicitLocOpBuilder &b = routing.b;
    const LoweringBuilder &build = routing.build;
    Value start, length;
    std::tie(start, length) = evaluateHere(part);
    Slice slice = op.getSlice();
    // Slice::resolve, for an index known now and a length known at run time.
    auto resolve = [&](int64_t index) -> Value {
      if (index < 0)
        return arith::MaxSIOp::create(
            b, arith::AddIOp::create(b, length, build.index(index)),
            build.index(0));
      return arith::MinUIOp::create(b, length, build.index(index));
    };
    Value first = resolve(slice.start);
    Value last = slice.stop ? resolve(*slice.stop) : length;
    last = arith::MaxSIOp::create(b, first, last);
    return keep(start, first, last, slice.start == 0);
  }
  /// The child's first token's position p, as output symbol base + p.
  Value position(c::PositionOp op) {
    ImplicitLocOpBuilder &b = routing.b;
    const LoweringBuilder &build = routing.build;
    Value slot = arith::AddIOp::create(b, base, build.index(op.getChild()));
    Value start = memref::LoadOp::create(b, starts, slot);
    memref::StoreOp::create(
        b, arith::AddIOp::create(b, start, build.i32(op.getBase())), scratch,
        dst);
    return build.index(1);
  }
  Value delimiter() { return code(kStreamDelimiter); }
  /// The packed part is evaluated where the result goes (ScratchLayout
  /// leaves room for it); one pass finds the field's ends, the positions
  /// after the index-th delimiter and before the next, and the field is
  /// moved to the start.
  Value field(c::FieldOp op, function_ref<Value()> part) {
    Value start, length;
    std::tie(start, length) = evaluateHere(part);
    int64_t index = op.getIndex();
    auto [first, last] = routing.findField(scratch, start, length,
                                           routing.build.index(index));
    return keep(start, first, last, index == 0);
  }
  Value repeat(int64_t count, function_ref<Value()> part) {
    ImplicitLocOpBuilder &b = routing.b;
    Value start, length;
    std::tie(start, length) = evaluateHere(part);
    for (int64_t copyIndex = 1; copyIndex < count; ++copyIndex)
      routing.copy(scratch, start,
                   arith::AddIOp::create(
                       b, start,
                       arith::MulIOp::create(b, length,
                                             routing.build.index(copyIndex))),
                   length);
    return arith::MulIOp::create(b, length, routing.build.index(count));
  }
  /// As many copies as the count child's symbol says: its code is read from
  /// the stack first (countInPlace builds the rule in the spare region when
  /// the output could cover the child), its count found by a select per
  /// count symbol; the part is evaluated where the result goes, and one
  /// ascending copy from its start to its end repeats it, each position
  /// copied after the one a length before it.
  Value repeatBy(c::RepeatOp op, int64_t position, function_ref<Value()> part) {
    ImplicitLocOpBuilder &b = routing.b;
    const LoweringBuilder &build = routing.build;
    Value slot = arith::AddIOp::create(b, base, build.index(position));
    Value at = build.toIndex(memref::LoadOp::create(b, offsets, slot));
    Value symbol = routing.symbolOf(memref::LoadOp::create(b, scratch, at));
    Value count = build.index(0);
    ArrayRef<int64_t> counts = *op.getCounts();
    for (size_t i = 0; i < counts.size(); i += 2)
      count = arith::SelectOp::create(
          b,
          arith::CmpIOp::create(b, arith::CmpIPredicate::eq, symbol,
                                build.i32(counts[i])),
          build.index(counts[i + 1]), count);
    Value start, length;
    std::tie(start, length) = evaluateHere(part);
    Value total = arith::MulIOp::create(b, length, count);
    Value rest = arith::MaxSIOp::create(
        b, arith::SubIOp::create(b, total, length), build.index(0));
    routing.copy(scratch, start, arith::AddIOp::create(b, start, length), rest);
    return total;
  }
};

/// The block arguments that `value` reads, transitively (a repeat's count
/// child among them).
static void collectArguments(Value value, llvm::SmallDenseSet<unsigned> &read) {
  if (auto argument = dyn_cast<BlockArgument>(value)) {
    read.insert(argument.getArgNumber());
    return;
  }
  for (Value operand : value.getDefiningOp()->getOperands())
    collectArguments(operand, read);
}

/// How many of the rule's children are already where its output goes: the
/// output begins with children 0, 1, ..., k-1, each a whole item, which lie
/// one after the other on the stack (the tokens between them carry
/// nothing), and nothing after them reads a child past k - 1, which the
/// output would overwrite. 0: the rule is built in the spare region.
static int64_t countInPlace(c::RuleOp rule) {
  Value yielded = rule.getYield().getValue();
  SmallVector<Value> items;
  if (auto concat = yielded.getDefiningOp<c::ConcatOp>())
    llvm::append_range(items, concat.getInputs());
  else
    items.push_back(yielded);
  // Children that carry nothing (a bound of 0) take no room between others.
  Block *body = rule.getBody();
  auto nextCarrying = [&](unsigned argument) {
    while (argument < body->getNumArguments() &&
           cast<c::SeqType>(body->getArgument(argument).getType())
                   .getMaxLength() == 0)
      ++argument;
    return argument;
  };
  int64_t leading = 0;
  unsigned next = nextCarrying(0);
  while (leading < int64_t(items.size())) {
    auto argument = dyn_cast<BlockArgument>(items[leading]);
    if (!argument || argument.getArgNumber() != next)
      break;
    ++leading;
    next = nextCarrying(next + 1);
  }
  llvm::SmallDenseSet<unsigned> read;
  for (Value item : llvm::drop_begin(items, leading))
    collectArguments(item, read);
  for (unsigned argument : read)
    if (argument >= next &&
        cast<c::SeqType>(body->getArgument(argument).getType()).getMaxLength())
      return 0;
  return leading;
}

/// A big circuit shares one function per kind of loop: a grammar with many
/// rules copies and scans in hundreds of places, and LLVM's loop passes
/// grow with the loops of one function (COGS's 73 rules took 22 s to
/// compile with them inline, 0.7 s shared). A small circuit keeps them
/// inline, where LLVM specializes each to its place. Calls to the shared
/// function are not inlined.
SmallVector<Value>
Routing::loop(StringRef name, ValueRange arguments, TypeRange results,
              function_ref<SmallVector<Value>(ImplicitLocOpBuilder &, ValueRange)>
                  body) {
  if (!code.shareLoops)
    return body(b, arguments);
  // The run's own ops may still be under construction (an scf.if's
  // region): the function goes before the circuit being lowered.
  auto module = code.circuit->getParentOfType<ModuleOp>();
  auto function = module.lookupSymbol<func::FuncOp>(name);
  if (!function) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(code.circuit);
    function = func::FuncOp::create(
        b, name, b.getFunctionType(arguments.getTypes(), results));
    function.setPrivate();
    Block *entry = function.addEntryBlock();
    b.setInsertionPointToStart(entry);
    func::ReturnOp::create(b, body(b, entry->getArguments()));
  }
  auto call = func::CallOp::create(b, function, arguments);
  call.setNoInline(true);
  return call.getResults();
}

void Routing::copy(Value scratch, Value src, Value dst, Value length) {
  loop("__circc_copy", {scratch, src, dst, length}, {},
       [&](ImplicitLocOpBuilder &lb, ValueRange args) {
         Value buffer = args[0], from = args[1], to = args[2], count = args[3];
         LoweringBuilder lbuild(lb);
         scf::ForOp::create(
             lb, lbuild.index(0), count, lbuild.index(1), ValueRange{},
             [&](OpBuilder &nested, Location loc, Value i, ValueRange) {
               ImplicitLocOpBuilder nb(loc, nested);
               Value v = memref::LoadOp::create(
                   nb, buffer, ValueRange{arith::AddIOp::create(nb, from, i)});
               memref::StoreOp::create(
                   nb, v, buffer, ValueRange{arith::AddIOp::create(nb, to, i)});
               scf::YieldOp::create(nb);
             });
         return SmallVector<Value>();
       });
}

std::pair<Value, Value> Routing::findField(Value scratch, Value start,
                                           Value length, Value index) {
  Type indexType = b.getIndexType();
  SmallVector<Value> ends = loop(
      "__circc_field", {scratch, start, length, index}, {indexType, indexType},
      [&](ImplicitLocOpBuilder &lb, ValueRange args) {
        Value buffer = args[0], from = args[1], count = args[2],
              wanted = args[3];
        LoweringBuilder lbuild(lb);
        Value zero = lbuild.index(0), one = lbuild.index(1);
        Value previous = arith::SubIOp::create(lb, wanted, one);
        Value delimiterCode = lbuild.i32(kStreamDelimiter);
        // A missing delimiter leaves the field empty: first = last = count.
        Value initialFirst = arith::SelectOp::create(
            lb, arith::CmpIOp::create(lb, arith::CmpIPredicate::eq, wanted, zero),
            zero, count);
        auto scan = scf::ForOp::create(
            lb, zero, count, one, ValueRange{zero, initialFirst, count},
            [&](OpBuilder &nested, Location loc, Value i, ValueRange state) {
              ImplicitLocOpBuilder nb(loc, nested);
              Value seen = state[0], first = state[1], last = state[2];
              Value at = arith::AddIOp::create(nb, from, i);
              Value content = memref::LoadOp::create(nb, buffer, at);
              Value isDelimiter = arith::CmpIOp::create(
                  nb, arith::CmpIPredicate::eq, content, delimiterCode);
              auto delimiterNumber = [&](Value number) {
                return arith::AndIOp::create(
                    nb, isDelimiter,
                    arith::CmpIOp::create(nb, arith::CmpIPredicate::eq, seen,
                                          number));
              };
              first = arith::SelectOp::create(
                  nb, delimiterNumber(previous),
                  arith::AddIOp::create(nb, i, one), first);
              last = arith::SelectOp::create(nb, delimiterNumber(wanted), i, last);
              seen = arith::AddIOp::create(
                  nb, seen, arith::SelectOp::create(nb, isDelimiter, one, zero));
              scf::YieldOp::create(nb, ValueRange{seen, first, last});
            });
        Value first = scan.getResult(1);
        Value last = arith::MaxUIOp::create(lb, first, scan.getResult(2));
        return SmallVector<Value>{first, last};
      });
  return {ends[0], ends[1]};
}

Routing::RuleOutput Routing::lowerRule(c::RuleOp rule, Value base,
                                       const Stack &stack) {
  c::YieldOp yield = rule.getYield();
  int64_t inPlace = countInPlace(rule);
  Value dst =
      inPlace ? build.toIndex(memref::LoadOp::create(b, stack.offsets, base))
              : build.index(code.layout.spareRegion);
  RuleEmission emission{*this,         rule,           base,
                        stack.scratch, stack.lengths,  stack.offsets,
                        stack.starts,  dst,            inPlace};
  Value length = c::walkContent(rule, yield.getValue(), symbols, emission);
  return {length, dst, inPlace > 0};
}

Value Routing::tableEntry(c::ApplyOp op, Value row) {
  StringAttr name = op.getTableAttr().getAttr();
  if (auto rowBase = code.runtimeOpTables.find(name);
      rowBase != code.runtimeOpTables.end()) {
    // A table loaded at run time: each row's symbol, decoded at load.
    Value learnedRow = arith::AddIOp::create(b, row, build.index(rowBase->second));
    return memref::LoadOp::create(b, args.learned, learnedRow);
  }
  memref::GlobalOp global = code.opTables.lookup(name);
  Value table =
      memref::GetGlobalOp::create(b, global.getType(), global.getSymName());
  Value result = memref::LoadOp::create(b, table, row);
  if (result.getType() != b.getI32Type())
    result = arith::ExtSIOp::create(b, b.getI32Type(), result);
  return result;
}

Value Routing::symbolOf(Value codeValue) {
  if (code.circuit.getNumRuntimeRows() == 0)
    return codeValue;
  int64_t numOutputs = code.circuit.getOutputs().size();
  Value outputs = build.i32(numOutputs);
  Value isSymbol =
      arith::CmpIOp::create(b, arith::CmpIPredicate::slt, codeValue, outputs);
  Value row = arith::MaxSIOp::create(
      b, arith::SubIOp::create(b, codeValue, outputs), build.i32(0));
  Value symbol = memref::LoadOp::create(b, args.learned, build.toIndex(row));
  return arith::SelectOp::create(b, isSymbol, codeValue, symbol);
}

Value Routing::decode(Value codeValue) {
  if (code.circuit.getNumRuntimeRows() == 0)
    return codeValue;
  // Trace (decode false) keeps the content code.
  return arith::SelectOp::create(b, args.decode, symbolOf(codeValue), codeValue);
}
