//===- Shapes.cpp - The tabulated structure of one run --------------------===//
//
// Part of circc.
//
// A circuit whose derivation shapes are tabulated (circuit.shapes) runs
// without the automaton: the command's packed class sequence finds its
// shape in a hash table (or, for a command that is not a sentence, a walk
// of the trie finds where it fails), and the shape's route gathers the
// output from the tokens' meanings and constant codes.
//
//===----------------------------------------------------------------------===//

#include "CircuitCode.h"
#include "circc/Support/RuntimeABI.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace circc;
namespace c = circc::circuit;

ShapeGlobals circc::createShapeGlobals(ImplicitLocOpBuilder &b, c::CircuitOp circuit,
                                c::ShapesOp shapes) {
  int64_t numTokens = circuit.getTokens().size();
  auto table = [&](StringRef name, Attribute value) {
    return createTableGlobal(b, name, cast<DenseIntElementsAttr>(value));
  };
  ShapeGlobals globals;
  globals.classes = table(
      "__circc_classes",
      DenseIntElementsAttr::get(RankedTensorType::get({numTokens}, b.getI32Type()),
                                shapes.getClasses()));
  globals.lexicon = table("__circc_lexicon", shapes.getLexicon());
  globals.trie = table("__circc_trie", shapes.getTransitions());
  globals.accepting = table("__circc_accepting", shapes.getAccepting());
  globals.routes = table("__circc_routes", shapes.getRoutes());
  globals.lengths = table("__circc_lengths", shapes.getLengths());
  if (shapes.getKeys()) {
    globals.keys = table("__circc_shape_keys", *shapes.getKeys());
    globals.slots = table("__circc_shape_slots", *shapes.getSlots());
  }
  return globals;
}

Value circc::emitShapeLookup(ImplicitLocOpBuilder &b, c::ShapesOp shapes,
                             Value slotTable, Value keyTable, Value key) {
  auto i64 = b.getI64Type();
  auto i32 = b.getI32Type();
  auto constI32 = [&](int64_t v) -> Value {
    return arith::ConstantIntOp::create(b, i32, v);
  };
  int64_t numSlots = cast<ShapedType>(shapes.getSlots()->getType()).getDimSize(0);
  int64_t logSlots = llvm::Log2_64(numSlots);
  Value hash = arith::ShRUIOp::create(
      b,
      arith::MulIOp::create(
          b, key, arith::ConstantIntOp::create(b, i64, *shapes.getMultiplier())),
      arith::ConstantIntOp::create(b, i64, 64 - logSlots));
  Type indexType = b.getIndexType();
  // Probe until an empty slot (-1) or the key's shape.
  auto probe = scf::WhileOp::create(
      b, TypeRange{indexType, i32},
      ValueRange{arith::IndexCastOp::create(b, indexType, hash).getResult(),
                 constI32(-1)},
      [&](OpBuilder &, Location, ValueRange args) {
        Value slot = args[0];
        Value shape = memref::LoadOp::create(b, slotTable, slot);
        if (shape.getType() != i32)
          shape = arith::ExtSIOp::create(b, i32, shape);
        Value empty =
            arith::CmpIOp::create(b, arith::CmpIPredicate::slt, shape, constI32(0));
        Value candidate = arith::IndexCastOp::create(
            b, indexType, arith::MaxSIOp::create(b, shape, constI32(0)));
        Value stored = memref::LoadOp::create(b, keyTable, candidate);
        Value other = arith::CmpIOp::create(b, arith::CmpIPredicate::ne, stored, key);
        Value keepLooking = arith::AndIOp::create(
            b, other,
            arith::XOrIOp::create(
                b, empty, arith::ConstantIntOp::create(b, b.getI1Type(), 1)));
        scf::ConditionOp::create(b, keepLooking, ValueRange{slot, shape});
      },
      [&](OpBuilder &, Location, ValueRange args) {
        Value next = arith::AndIOp::create(
            b, arith::AddIOp::create(b, args[0],
                                     arith::ConstantIndexOp::create(b, 1)),
            arith::ConstantIndexOp::create(b, numSlots - 1));
        scf::YieldOp::create(b, ValueRange{next, args[1]});
      });
  // The loop stops at the shape, or at an empty slot, which holds -1.
  return probe.getResult(1);
}

namespace {

/// Emits the run function's body for a circuit with a circuit.shapes op:
/// find the command's shape (by its packed key, or by walking the trie),
/// then gather the output along the shape's route.
class ShapeCodegen {
public:
  ShapeCodegen(ImplicitLocOpBuilder &b, const CircuitCode &code,
               const RunArguments &args)
      : b(b), gen(b), routing(b, code, args),
        shapes(code.circuit.getShapes()), tokens(args.tokens), n(args.n),
        out(args.out), capacity(args.capacity), infoOut(args.info) {
    const ShapeGlobals &globals = code.shapes;
    i32 = b.getI32Type();
    width = cast<ShapedType>(shapes.getLexicon().getType()).getDimSize(1);
    auto get = [&](memref::GlobalOp global) -> Value {
      return global ? memref::GetGlobalOp::create(b, global.getType(),
                                                  global.getSymName())
                    : Value();
    };
    classTable = get(globals.classes);
    lexiconTable = get(globals.lexicon);
    trieTable = get(globals.trie);
    acceptTable = get(globals.accepting);
    routeTable = get(globals.routes);
    lengthTable = get(globals.lengths);
    keyTable = get(globals.keys);
    slotTable = get(globals.slots);
  }

  Value emit() {
    emitLeaves();
    if (!slotTable)
      return emitTrie();
    Value shape = emitLookup();
    Value found =
        arith::CmpIOp::create(b, arith::CmpIPredicate::sge, shape, gen.i32(0));
    // A command that is not a sentence walks the trie to find where it fails.
    auto result = scf::IfOp::create(
        b, found,
        [&](OpBuilder &, Location) { scf::YieldOp::create(b, emitRoute(shape)); },
        [&](OpBuilder &, Location) { scf::YieldOp::create(b, emitTrie()); });
    return result.getResult(0);
  }

private:
  Value zero() { return gen.index(0); }
  /// A load from a table of any integer width, sign-extended to i32.
  Value loadI32(Value table, ValueRange indices) {
    Value value = memref::LoadOp::create(b, table, indices);
    if (value.getType() == i32)
      return value;
    return arith::ExtSIOp::create(b, i32, value);
  }
  Value classOf(Value k) {
    Value token = gen.toIndex(memref::LoadOp::create(b, tokens, k));
    return memref::LoadOp::create(b, classTable, token);
  }

  /// leaves[k * E + e] = lexicon[tokens[k]][e] for every input slot: the
  /// run function's contract is that all max_input token slots hold valid
  /// ids (the runtime zeroes those past the input), so this needs no
  /// branches.
  void emitLeaves() {
    int64_t maxInput = cast<MemRefType>(tokens.getType()).getDimSize(0);
    leaves = memref::AllocaOp::create(b, MemRefType::get({maxInput * width}, i32));
    scf::ForOp::create(
        b, zero(), gen.index(maxInput), gen.index(1), ValueRange{},
        [&](OpBuilder &, Location, Value k, ValueRange) {
          Value token = gen.toIndex(memref::LoadOp::create(b, tokens, k));
          for (int64_t e = 0; e < width; ++e) {
            Value meaning = memref::LoadOp::create(
                b, lexiconTable, ValueRange{token, gen.index(e)});
            Value slot = arith::AddIOp::create(
                b, arith::MulIOp::create(b, k, gen.index(width)), gen.index(e));
            memref::StoreOp::create(b, meaning, leaves, slot);
          }
          scf::YieldOp::create(b);
        });
  }

  /// The shape whose packed class sequence is the command's, or -1.
  Value emitLookup() {
    auto i64 = b.getI64Type();
    int64_t bits = *shapes.getClassBits();
    int64_t maxInput = cast<MemRefType>(tokens.getType()).getDimSize(0);
    // All max_input slots, masked past the input: a fixed trip count.
    auto pack = scf::ForOp::create(
        b, zero(), gen.index(maxInput), gen.index(1),
        ValueRange{arith::ConstantIntOp::create(b, i64, 0).getResult()},
        [&](OpBuilder &, Location, Value k, ValueRange args) {
          Value inInput = arith::CmpIOp::create(b, arith::CmpIPredicate::ult, k, n);
          Value cls = arith::SelectOp::create(
              b, inInput, arith::AddIOp::create(b, classOf(k), gen.i32(1)),
              gen.i32(0));
          Value shift = arith::MulIOp::create(
              b, arith::IndexCastOp::create(b, i64, k),
              arith::ConstantIntOp::create(b, i64, bits));
          scf::YieldOp::create(
              b, arith::OrIOp::create(
                     b, args[0],
                     arith::ShLIOp::create(
                         b, arith::ExtUIOp::create(b, i64, cls), shift))
                     .getResult());
        });
    return emitShapeLookup(b, shapes, slotTable, keyTable, pack.getResult(0));
  }

  /// Walks the trie; on a complete sentence gathers its route, else
  /// reports where the command stops being a prefix of one.
  Value emitTrie() {
    Type indexType = b.getIndexType();
    auto walk = scf::WhileOp::create(
        b, TypeRange{indexType, i32}, ValueRange{zero(), gen.i32(0)},
        [&](OpBuilder &, Location, ValueRange args) {
          Value k = args[0], node = args[1];
          Value inRange = arith::CmpIOp::create(b, arith::CmpIPredicate::ult, k, n);
          auto next = scf::IfOp::create(
              b, inRange,
              [&](OpBuilder &, Location) {
                Value cls = gen.toIndex(classOf(k));
                scf::YieldOp::create(
                    b, memref::LoadOp::create(b, trieTable,
                                              ValueRange{gen.toIndex(node), cls})
                           .getResult());
              },
              [&](OpBuilder &, Location) { scf::YieldOp::create(b, gen.i32(-1)); });
          Value viable = arith::CmpIOp::create(b, arith::CmpIPredicate::sge,
                                               next.getResult(0), gen.i32(0));
          Value go = arith::AndIOp::create(b, inRange, viable);
          Value carried = arith::SelectOp::create(b, go, next.getResult(0), node);
          scf::ConditionOp::create(b, go, ValueRange{k, carried});
        },
        [&](OpBuilder &, Location, ValueRange args) {
          scf::YieldOp::create(
              b, ValueRange{arith::AddIOp::create(b, args[0], gen.index(1)), args[1]});
        });
    Value stopped = walk.getResult(0), node = walk.getResult(1);
    Value allRead = arith::CmpIOp::create(b, arith::CmpIPredicate::eq, stopped, n);
    auto outcome = scf::IfOp::create(
        b, allRead,
        [&](OpBuilder &, Location) {
          Value shape = memref::LoadOp::create(b, acceptTable, gen.toIndex(node));
          Value complete = arith::CmpIOp::create(b, arith::CmpIPredicate::sge,
                                                 shape, gen.i32(0));
          auto accepted = scf::IfOp::create(
              b, complete,
              [&](OpBuilder &, Location) { scf::YieldOp::create(b, emitRoute(shape)); },
              [&](OpBuilder &, Location) {
                // The input ends before the sentence does.
                memref::StoreOp::create(b, gen.toI32(n), infoOut, zero());
                scf::YieldOp::create(b, gen.i32(CIRCC_NO_PARSE));
              });
          scf::YieldOp::create(b, accepted.getResults());
        },
        [&](OpBuilder &, Location) {
          memref::StoreOp::create(b, gen.toI32(stopped), infoOut, zero());
          scf::YieldOp::create(b, gen.i32(CIRCC_NO_PARSE));
        });
    return outcome.getResult(0);
  }

  /// Writes the output of `shape` if it fits; returns the status.
  Value emitRoute(Value shape) {
    Value row = gen.toIndex(shape);
    Value length = loadI32(lengthTable, row);
    memref::StoreOp::create(b, length, infoOut, zero());
    Value fits =
        arith::CmpIOp::create(b, arith::CmpIPredicate::sle, length, capacity);
    auto write = scf::IfOp::create(b, fits, /*withElse=*/false);
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(write.thenBlock());
      scf::ForOp::create(
          b, zero(), gen.toIndex(length), gen.index(1), ValueRange{},
          [&](OpBuilder &, Location, Value i, ValueRange) {
            Value ref = loadI32(routeTable, ValueRange{row, i});
            // A token's meaning, or a constant code.
            Value isToken =
                arith::CmpIOp::create(b, arith::CmpIPredicate::sge, ref, gen.i32(0));
            Value refIndex = gen.toIndex(arith::MaxSIOp::create(b, ref, gen.i32(0)));
            Value meaning = memref::LoadOp::create(b, leaves, refIndex);
            Value constant = arith::SubIOp::create(b, gen.i32(-1), ref);
            Value code = arith::SelectOp::create(b, isToken, meaning, constant);
            memref::StoreOp::create(b, routing.decode(code), out, i);
            scf::YieldOp::create(b);
          });
    }
    return arith::SelectOp::create(b, fits, gen.i32(CIRCC_OK),
                                   gen.i32(CIRCC_OUTPUT_TOO_SMALL));
  }

  ImplicitLocOpBuilder &b;
  LoweringBuilder gen;
  Routing routing;
  c::ShapesOp shapes;
  Value tokens, n, out, capacity, infoOut;
  Type i32;
  int64_t width;
  Value classTable, lexiconTable, trieTable, acceptTable, routeTable,
      lengthTable, keyTable, slotTable, leaves;
};

} // namespace

Value circc::emitShapes(ImplicitLocOpBuilder &b, const CircuitCode &code,
                        const RunArguments &args) {
  return ShapeCodegen(b, code, args).emit();
}
