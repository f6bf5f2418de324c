//===- TextEntry.cpp - The whole run from a command's text ----------------===//
//
// Part of circc.
//
// __circc_run_text runs a command from its bytes to its output symbols in one
// function, for a circuit whose shapes are tabulated and whose weights are
// baked in. The vocabulary is known here, so the word recogniser is compiled
// with it: a multiplicative hash, found now, that sends every word of the
// vocabulary to its own slot of a small table holding the word's bytes (for
// the check), its class and its meaning.
//
//   1. Four 16-byte loads inside the text (the last ones overlap when the
//      text is shorter than 64 bytes; a text shorter than 16 bytes is first
//      copied into 16 spaces) give a 64-bit mask of the bytes that belong
//      to words; word starts and ends follow with two bit operations.
//   2. Each word is read as one 8-byte load ending at its last byte, shifted
//      so that only the word remains, hashed and checked against its slot;
//      its class goes into the packed class-sequence key and its meaning
//      into a 16-byte table of leaves.
//   3. The key finds the shape (as in __circc_run); the shape's route, kept
//      here as indices into the leaf table (constant codes occupy the slots
//      past the last input position), picks each output symbol: 4 at a
//      time (16 bytes), a variable byte permutation that the x86 back end emits as one
//      pshufb where SSSE3 is available.
//
// The entry has circc_run_text's signature. Everything it does not handle
// it passes, having written nothing, to the runtime's general path
// (__circc_run_text_general: lexing, then __circc_run), which reports the
// precise error: text longer than 64 bytes, control
// bytes, words longer than the vocabulary's longest, unknown words, too many
// words, commands that are not sentences, output buffers smaller than the
// padded route. On success all of out[0, R) may be written, R being the
// route length rounded up to 4.
//
//===----------------------------------------------------------------------===//

#include "CircuitCode.h"
#include "circc/Support/PerfectHash.h"
#include "circc/Support/RuntimeABI.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace circc;
namespace c = circc::circuit;

namespace {

/// The text is read in 16-byte chunks (a shorter text is copied into one),
/// at most the 64 bytes one 64-bit mask covers.
constexpr int64_t kChunk = 16;
constexpr int64_t kMaxText = 64;
/// Words are read as one 64-bit load.
constexpr int64_t kMaxWord = 8;
/// The leaf slot that always holds zero.
constexpr int64_t kZeroLeaf = kChunk - 1;

/// The compile-time half of the entry: the word hash and the tables.
struct TextPlan {
  unsigned hashBits = 0;
  uint64_t multiplier = 0;
  SmallVector<int64_t> prefixes; // the word's bytes, little-endian; 0: empty
  SmallVector<int8_t> classes;   // class + 1; 0 for an empty slot
  SmallVector<int8_t> meanings;  // the token's output symbol
  SmallVector<int8_t> leaves;    // initial leaf table: the constant codes
  SmallVector<int8_t> routes;    // per shape, 4 leaf indices per symbol
  int64_t routeWidth = 0;        // symbols per route, a multiple of 4
  int64_t longestWord = 0;
};

uint64_t wordBits(StringRef word) {
  uint64_t bits = 0;
  for (size_t i = 0; i < word.size(); ++i)
    bits |= uint64_t(uint8_t(word[i])) << (8 * i);
  return bits;
}

/// Plans the entry for `circuit`, or fails when it does not apply.
std::optional<TextPlan> planTextEntry(c::CircuitOp circuit) {
  c::ShapesOp shapes = circuit.getShapes();
  if (!shapes || !shapes.getKeys() || circuit.getNumRuntimeRows() > 0)
    return std::nullopt;
  auto lexicon = cast<DenseIntElementsAttr>(shapes.getLexicon());
  auto lexiconType = cast<ShapedType>(lexicon.getType());
  if (lexiconType.getDimSize(1) != 1)
    return std::nullopt;
  int64_t maxInput = *circuit.getMaxInput();
  if (maxInput >= kZeroLeaf)
    return std::nullopt;
  TextPlan plan;
  SmallVector<StringRef> tokens(circuit.getTokens().getAsValueRange<StringAttr>());
  SmallVector<uint64_t> words;
  for (StringRef token : tokens) {
    if (token.empty() || (int64_t)token.size() > kMaxWord ||
        llvm::any_of(token, [](char ch) { return uint8_t(ch) <= ' '; }))
      return std::nullopt;
    plan.longestWord = std::max<int64_t>(plan.longestWord, token.size());
    words.push_back(wordBits(token));
  }
  SmallVector<int64_t> meanings;
  for (APInt value : lexicon.getValues<APInt>())
    meanings.push_back(value.getSExtValue());
  if (llvm::any_of(meanings, [](int64_t m) { return m < 0 || m > 127; }))
    return std::nullopt;

  // Leaf slots: one per input position, then one per constant code.
  auto routes = cast<DenseIntElementsAttr>(shapes.getRoutes());
  auto routeType = cast<ShapedType>(routes.getType());
  int64_t numShapes = routeType.getDimSize(0), rowLength = routeType.getDimSize(1);
  // Four route bytes per output symbol: its leaf, then three times the
  // last leaf slot, which stays zero, for the symbol's upper bytes.
  plan.routeWidth = llvm::alignTo(rowLength, kChunk / 4);
  llvm::DenseMap<int64_t, int64_t> constantSlot;
  plan.leaves.assign(kChunk, 0);
  plan.routes.assign(numShapes * plan.routeWidth * 4, kZeroLeaf);
  int64_t position = 0;
  for (APInt value : routes.getValues<APInt>()) {
    int64_t ref = value.getSExtValue();
    int64_t slot = ref;
    if (ref < 0) {
      int64_t code = -1 - ref;
      auto [it, inserted] =
          constantSlot.try_emplace(code, maxInput + (int64_t)constantSlot.size());
      if (inserted) {
        if (it->second >= kZeroLeaf || code > 127)
          return std::nullopt;
        plan.leaves[it->second] = code;
      }
      slot = it->second;
    }
    if (slot >= kZeroLeaf)
      return std::nullopt;
    int64_t shape = position / rowLength, column = position % rowLength;
    plan.routes[(shape * plan.routeWidth + column) * 4] = slot;
    ++position;
  }

  // The smallest table (at least twice the vocabulary, at most 4096 slots)
  // with a multiplier that gives every word its own slot.
  MultiplierSearch search;
  for (unsigned bits = llvm::Log2_64_Ceil(words.size() * 2); bits <= 12; ++bits) {
    SmallVector<int64_t> owner;
    auto collides = [&](uint64_t multiplier) -> int64_t {
      owner.assign(size_t(1) << bits, -1);
      for (auto [id, word] : llvm::enumerate(words)) {
        int64_t &slot = owner[MultiplierSearch::slot(word, multiplier, bits)];
        if (slot >= 0)
          return 1;
        slot = id;
      }
      return 0;
    };
    std::optional<HashMultiplier> found = search.next(2048, collides);
    if (!found || found->cost != 0)
      continue;
    // `owner` holds the last multiplier's table, which is the perfect one.
    plan.hashBits = bits;
    plan.multiplier = found->multiplier;
    ArrayRef<int32_t> classes = shapes.getClasses();
    for (int64_t id : owner) {
      plan.prefixes.push_back(id < 0 ? 0 : (int64_t)words[id]);
      plan.classes.push_back(id < 0 ? 0 : classes[id] + 1);
      plan.meanings.push_back(id < 0 ? 0 : meanings[id]);
    }
    return plan;
  }
  return std::nullopt;
}

/// Emits the entry's body; `plan` holds what was decided at compile time.
class TextEntryBuilder {
public:
  TextEntryBuilder(ImplicitLocOpBuilder &b, const CircuitCode &code,
                   const TextPlan &plan)
      : b(b), build(b), circuit(code.circuit), shapes(circuit.getShapes()), code(code),
        plan(plan) {
    i1 = b.getI1Type();
    i8 = b.getI8Type();
    i16 = b.getI16Type();
    i32 = b.getI32Type();
    i64 = b.getI64Type();
    bytes = VectorType::get({kChunk}, i8);
  }

  void buildFunction() {
    int64_t maxInput = *circuit.getMaxInput();
    // (circuit handle, text, length, out, capacity, result) -> status, the
    // arguments of circc_run_text; the handle is passed on untouched.
    auto funcType = abi::EntryPoint<circc_compiled_text_fn>::type(
        b, {{1}, {kMaxText}, {plan.routeWidth}, {3}});
    auto general = func::FuncOp::create(b, abi::kRunTextGeneral, funcType);
    general.setPrivate();
    auto func = func::FuncOp::create(b, abi::kRunText, funcType);
    Block *entry = func.addEntryBlock();
    b.setInsertionPointToStart(entry);
    text = entry->getArgument(1);
    Value length = entry->getArgument(2);
    out = entry->getArgument(3);
    Value capacity = entry->getArgument(4);
    Value result = entry->getArgument(5);
    getTables();
    // The leaf table: each word's meaning, then the constant codes.
    leaves = memref::AllocaOp::create(b, MemRefType::get({kChunk}, i8));
    // A text shorter than one chunk is copied into 16 bytes of spaces:
    // trailing spaces change nothing, and every load stays inside.
    auto textType = cast<MemRefType>(text.getType());
    Value padded = memref::AllocaOp::create(b, textType);
    Value isShort = cmp(arith::CmpIPredicate::ult, length, build.i64(kChunk));
    auto source = scf::IfOp::create(b, TypeRange{textType}, isShort,
                                    /*withElse=*/true);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(source.thenBlock());
      vector::StoreOp::create(b, splat(' '), padded, ValueRange{build.index(0)});
      Value original = text;
      scf::ForOp::create(
          b, build.index(0), build.toIndex(length), build.index(1), ValueRange{},
          [&](OpBuilder &, Location, Value i, ValueRange) {
            memref::StoreOp::create(b, memref::LoadOp::create(b, original, i),
                                    padded, i);
            scf::YieldOp::create(b);
          });
      scf::YieldOp::create(b, padded);
      b.setInsertionPointToStart(source.elseBlock());
      scf::YieldOp::create(b, text);
    }
    text = source.getResult(0);
    length = arith::MaxUIOp::create(b, length, build.i64(kChunk));

    Value handled = all({cmp(arith::CmpIPredicate::sle, length, build.i64(kMaxText)),
                         cmp(arith::CmpIPredicate::sge, capacity,
                             build.i32(plan.routeWidth))});
    Value status = ifElse(handled, [&] {
      // 1. The bytes that belong to words, and the control bytes.
      Value last = arith::SubIOp::create(b, length, build.i64(kChunk));
      Value inWord = build.i64(0), control = build.i64(0);
      for (int64_t k = 0; k < kMaxText / kChunk; ++k) {
        Value offset = arith::MinUIOp::create(b, build.i64(k * kChunk), last);
        Value chunk = vector::LoadOp::create(b, bytes, text, ValueRange{build.toIndex(offset)});
        Value space = splat(' ');
        Value word = maskOf(arith::CmpIOp::create(b, arith::CmpIPredicate::ugt, chunk, space));
        Value low = maskOf(arith::CmpIOp::create(b, arith::CmpIPredicate::ult, chunk, space));
        inWord = arith::OrIOp::create(b, inWord, arith::ShLIOp::create(b, word, offset));
        control = arith::OrIOp::create(b, control, low);
      }
      Value starts = andNot(inWord, arith::ShLIOp::create(b, inWord, build.i64(1)));
      Value ends = andNot(inWord, arith::ShRUIOp::create(b, inWord, build.i64(1)));
      // A bit of `tooLong` marks a word with more bytes than any token: the
      // start of longestWord + 1 word bytes in a row, found by doubling.
      Value tooLong = inWord;
      int64_t run = 1, needed = plan.longestWord + 1;
      for (; 2 * run < needed; run *= 2)
        tooLong = arith::AndIOp::create(
            b, tooLong, arith::ShRUIOp::create(b, tooLong, build.i64(run)));
      tooLong = arith::AndIOp::create(
          b, tooLong, arith::ShRUIOp::create(b, tooLong, build.i64(needed - run)));
      Value count = math::CtPopOp::create(b, starts);
      Value fits = all({cmp(arith::CmpIPredicate::eq, control, build.i64(0)),
                        cmp(arith::CmpIPredicate::eq, tooLong, build.i64(0)),
                        cmp(arith::CmpIPredicate::ne, count, build.i64(0)),
                        cmp(arith::CmpIPredicate::ule, count, build.i64(maxInput))});
      return ifElse(fits, [&] { return emitWords(starts, ends); });
    });
    // `status` is the output length, or -1: then the runtime's general
    // path runs the command (a tail call).
    auto done = scf::IfOp::create(
        b, TypeRange{i32}, cmp(arith::CmpIPredicate::sge, status, build.i32(0)),
        /*withElse=*/true);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(done.thenBlock());
      Value address =
          memref::ExtractAlignedPointerAsIndexOp::create(b, result);
      auto store = scf::IfOp::create(
          b, arith::CmpIOp::create(b, arith::CmpIPredicate::ne, address, build.index(0)),
          /*withElse=*/false);
      b.setInsertionPointToStart(store.thenBlock());
      memref::StoreOp::create(b, build.i32(CIRCC_OK), result, build.index(0));
      memref::StoreOp::create(b, status, result, build.index(1));
      memref::StoreOp::create(b, build.i32(-1), result, build.index(2));
      b.setInsertionPointAfter(store);
      scf::YieldOp::create(b, build.i32(CIRCC_OK));
      b.setInsertionPointToStart(done.elseBlock());
      scf::YieldOp::create(
          b, func::CallOp::create(b, general, entry->getArguments()).getResult(0));
    }
    func::ReturnOp::create(b, done.getResult(0));
  }

private:
  /// 2. Recognises every word; returns the status. A word is read with one
  /// load of the 8 bytes ending at its last byte, shifted right to drop the
  /// bytes before it. That needs 8 bytes before the word's end; for words
  /// that end sooner (the first one, usually) the first 8 bytes are read and
  /// also shifted left to drop what follows the word. The first word is read
  /// on its own; the others by one of two loops: the one-shift loop when
  /// they all end at byte 8 or later (checked once), else the general one.
  Value emitWords(Value starts, Value ends) {
    vector::StoreOp::create(b, constant(bytes, plan.leaves), leaves,
                            ValueRange{build.index(0)});
    Value word = readWord(math::CountTrailingZerosOp::create(b, starts),
                          endOf(ends), /*early=*/true);
    auto [firstKnown, firstKey] = recognise(word, build.index(0), build.i64(0));
    // An unknown word leaves `starts` cleared, which stops the loop.
    Value rest = arith::SelectOp::create(b, firstKnown, clearLowest(starts), build.i64(0));
    Value laterEnds = clearLowest(ends);
    Value earlyEnds =
        arith::AndIOp::create(b, laterEnds, build.i64((int64_t(1) << (kMaxWord - 1)) - 1));
    auto loops = scf::IfOp::create(
        b, TypeRange{i64, i1}, cmp(arith::CmpIPredicate::eq, earlyEnds, build.i64(0)),
        /*withElse=*/true);
    for (bool early : {false, true}) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(early ? loops.elseBlock() : loops.thenBlock());
      scf::YieldOp::create(
          b, emitWordLoop(rest, laterEnds, firstKey, firstKnown, early));
    }
    Value allKnown = loops.getResult(1);
    return ifElse(allKnown, [&] {
      Value shape = emitShapeLookup(b, shapes, slotTable, keyTable, loops.getResult(0));
      return ifElse(cmp(arith::CmpIPredicate::sge, shape, build.i32(0)),
                    [&] { return emitOutput(shape); });
    });
  }

  /// The loop over the words after the first; returns the key and whether
  /// every word was known.
  SmallVector<Value> emitWordLoop(Value starts, Value ends, Value key,
                                  Value known, bool early) {
    Type indexType = b.getIndexType();
    auto loop = scf::WhileOp::create(
        b, TypeRange{i64, i64, indexType, i64, i1},
        ValueRange{starts, ends, build.index(1), key, known},
        [&](OpBuilder &, Location, ValueRange args) {
          scf::ConditionOp::create(
              b, cmp(arith::CmpIPredicate::ne, args[0], build.i64(0)), args);
        },
        [&](OpBuilder &, Location, ValueRange args) {
          Value starts = args[0], ends = args[1], n = args[2];
          Value word = readWord(math::CountTrailingZerosOp::create(b, starts),
                                endOf(ends), early);
          auto [known, key] = recognise(word, n, args[3]);
          scf::YieldOp::create(
              b, ValueRange{arith::SelectOp::create(b, known, clearLowest(starts),
                                                    build.i64(0)),
                            clearLowest(ends),
                            arith::AddIOp::create(b, n, build.index(1)), key, known});
        });
    return {loop.getResult(3), loop.getResult(4)};
  }

  /// The bytes of the word [start, end), as a little-endian i64; `early`
  /// when the word may end before byte 8.
  Value readWord(Value start, Value end, bool early) {
    Value before = times8(arith::SubIOp::create(
        b, build.i64(kMaxWord), arith::SubIOp::create(b, end, start)));
    if (!early)
      return arith::ShRUIOp::create(
          b, load64(arith::SubIOp::create(b, end, build.i64(kMaxWord))), before);
    Value base = arith::SelectOp::create(
        b, cmp(arith::CmpIPredicate::ugt, end, build.i64(kMaxWord)),
        arith::SubIOp::create(b, end, build.i64(kMaxWord)), build.i64(0));
    Value after = times8(arith::SubIOp::create(
        b, build.i64(kMaxWord), arith::SubIOp::create(b, end, base)));
    return arith::ShRUIOp::create(
        b, arith::ShLIOp::create(b, load64(base), after), before);
  }

  /// The end (one past the last byte) of the first word in `ends`.
  Value endOf(Value ends) {
    return arith::AddIOp::create(b, math::CountTrailingZerosOp::create(b, ends),
                                 build.i64(1));
  }

  /// Eight bytes of the text from `offset`, as a little-endian i64.
  Value load64(Value offset) {
    Value loaded = vector::LoadOp::create(b, VectorType::get({kMaxWord}, i8),
                                          text, ValueRange{build.toIndex(offset)});
    return vector::ExtractOp::create(
        b, vector::BitCastOp::create(b, VectorType::get({1}, i64), loaded),
        ArrayRef<int64_t>{0});
  }

  /// Looks up the `n`-th word, given as its bytes: stores its meaning as
  /// leaf `n` and adds its class to `key`. Returns whether the word is in
  /// the vocabulary, and the new key.
  std::pair<Value, Value> recognise(Value word, Value n, Value key) {
    Value slot = build.toIndex(arith::ShRUIOp::create(
        b, arith::MulIOp::create(b, word, build.i64((int64_t)plan.multiplier)),
        build.i64(64 - plan.hashBits)));
    Value known = cmp(arith::CmpIPredicate::eq,
                      memref::LoadOp::create(b, prefixTable, slot), word);
    Value cls = arith::ExtUIOp::create(
        b, i64, memref::LoadOp::create(b, classTable, slot));
    Value shift = arith::MulIOp::create(
        b, arith::IndexCastOp::create(b, i64, n), build.i64(*shapes.getClassBits()));
    key = arith::OrIOp::create(b, key, arith::ShLIOp::create(b, cls, shift));
    memref::StoreOp::create(b, memref::LoadOp::create(b, meaningTable, slot),
                            leaves, n);
    return {known, key};
  }

  /// 3. Writes the shape's output; returns the status.
  Value emitOutput(Value shape) {
    Value row = build.toIndex(shape);
    Value length = memref::LoadOp::create(b, lengthTable, row);
    if (length.getType() != i32)
      length = arith::ExtSIOp::create(b, i32, length);
    Value table = vector::LoadOp::create(b, bytes, leaves, ValueRange{build.index(0)});
    auto words = VectorType::get({kChunk / 4}, i32);
    for (int64_t chunk = 0; chunk < plan.routeWidth * 4 / kChunk; ++chunk) {
      Value picks = vector::LoadOp::create(b, bytes, routeTable,
                                           ValueRange{row, build.index(chunk * kChunk)});
      // A variable permutation of the leaf table, element by element: the
      // bytes of four output symbols.
      SmallVector<Value> symbols;
      for (int64_t i = 0; i < kChunk; ++i) {
        Value pick = vector::ExtractOp::create(b, picks, ArrayRef<int64_t>{i});
        Value at = arith::IndexCastUIOp::create(b, b.getIndexType(), pick);
        symbols.push_back(
            vector::ExtractOp::create(b, table, ArrayRef<OpFoldResult>{at}));
      }
      Value picked = vector::FromElementsOp::create(b, bytes, symbols);
      vector::StoreOp::create(b, vector::BitCastOp::create(b, words, picked), out,
                              ValueRange{build.index(chunk * kChunk / 4)});
    }
    return length;
  }

  void getTables() {
    int64_t slots = int64_t(1) << plan.hashBits;
    int64_t numShapes = plan.routes.size() / (plan.routeWidth * 4);
    prefixTable = makeGlobal("__circc_text_words", {slots}, plan.prefixes);
    classTable = makeGlobal("__circc_text_classes", {slots}, plan.classes);
    meaningTable = makeGlobal("__circc_text_meanings", {slots}, plan.meanings);
    routeTable = makeGlobal("__circc_text_routes",
                            {numShapes, plan.routeWidth * 4}, plan.routes);
    lengthTable = get(code.shapes.lengths);
    keyTable = get(code.shapes.keys);
    slotTable = get(code.shapes.slots);
  }

  /// A constant table next to the function, and the value to read it by.
  template <typename T>
  Value makeGlobal(StringRef name, ArrayRef<int64_t> shape,
                   const SmallVector<T> &values) {
    auto type = RankedTensorType::get(shape, b.getIntegerType(8 * sizeof(T)));
    memref::GlobalOp global;
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(b.getInsertionBlock()->getParentOp());
      global = createTableGlobal(
          b, name, DenseIntElementsAttr::get(type, ArrayRef<T>(values)));
    }
    return get(global);
  }

  Value get(memref::GlobalOp global) {
    return memref::GetGlobalOp::create(b, global.getType(), global.getSymName());
  }

  /// Builds `scf.if cond -> i32 { then } else { -1 }`.
  Value ifElse(Value cond, function_ref<Value()> thenBuilder) {
    auto op = scf::IfOp::create(b, TypeRange{i32}, cond, /*withElse=*/true);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(op.thenBlock());
      scf::YieldOp::create(b, thenBuilder());
      b.setInsertionPointToStart(op.elseBlock());
      scf::YieldOp::create(b, build.i32(-1));
    }
    return op.getResult(0);
  }

  Value all(ArrayRef<Value> conditions) {
    Value result = conditions.front();
    for (Value cond : conditions.drop_front())
      result = arith::AndIOp::create(b, result, cond);
    return result;
  }
  Value cmp(arith::CmpIPredicate predicate, Value lhs, Value rhs) {
    return arith::CmpIOp::create(b, predicate, lhs, rhs);
  }
  /// The 16-bit mask of a vector<16xi1>, as an i64.
  Value maskOf(Value bits) {
    Value mask = vector::ExtractOp::create(
        b, vector::BitCastOp::create(b, VectorType::get({1}, i16), bits),
        ArrayRef<int64_t>{0});
    return arith::ExtUIOp::create(b, i64, mask);
  }
  Value andNot(Value x, Value y) {
    return arith::AndIOp::create(b, x,
                                 arith::XOrIOp::create(b, y, build.i64(-1)));
  }
  Value clearLowest(Value x) {
    return arith::AndIOp::create(b, x, arith::SubIOp::create(b, x, build.i64(1)));
  }
  Value times8(Value x) { return arith::ShLIOp::create(b, x, build.i64(3)); }
  Value splat(int64_t value) {
    return arith::ConstantOp::create(
        b, DenseElementsAttr::get(bytes, b.getIntegerAttr(i8, value)));
  }
  Value constant(VectorType type, ArrayRef<int8_t> values) {
    return arith::ConstantOp::create(b, DenseIntElementsAttr::get(type, values));
  }

  ImplicitLocOpBuilder &b;
  LoweringBuilder build;
  c::CircuitOp circuit;
  c::ShapesOp shapes;
  const CircuitCode &code;
  const TextPlan &plan;
  Type i1, i8, i16, i32, i64;
  VectorType bytes;
  Value text, out, leaves;
  Value prefixTable, classTable, meaningTable, routeTable, lengthTable,
      keyTable, slotTable;
};

} // namespace

bool circc::buildTextEntry(ImplicitLocOpBuilder &b, const CircuitCode &code) {
  std::optional<TextPlan> plan = planTextEntry(code.circuit);
  if (!plan)
    return false;
  OpBuilder::InsertionGuard guard(b);
  TextEntryBuilder(b, code, *plan).buildFunction();
  return true;
}
