//===- GrammarAnalysis.cpp - Facts about a grammar's nonterminals ---------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Grammar/GrammarAnalysis.h"

#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <vector>
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace circc::grammar;

GrammarAnalysis::GrammarAnalysis(GrammarOp grammar) : grammar(grammar) {
  for (NonterminalOp nonterminal : grammar.getNonterminals()) {
    indexByName.try_emplace(nonterminal.getSymName(), nonterminals.size());
    nonterminals.push_back(nonterminal);
  }
  for (ClassOp tokenClass : grammar.getClasses())
    classSizes.try_emplace(tokenClass.getSymName(), tokenClass.getTokens().size());
}

bool GrammarAnalysis::isClassChild(ProductionOp production,
                                   int64_t position) const {
  FlatSymbolRefAttr symbol = production.getChildSymbol(position);
  return symbol && isClass(symbol.getValue());
}

/// The fewest tokens `symbol` of a right-hand side derives, given each
/// nonterminal's (UINT64_MAX: none, or an undefined name): one for a token
/// or a token class.
static uint64_t symbolInput(const GrammarAnalysis &analysis, Attribute symbol,
                            ArrayRef<uint64_t> shortest) {
  auto ref = dyn_cast<FlatSymbolRefAttr>(symbol);
  if (!ref || analysis.isClass(ref.getValue()))
    return 1;
  std::optional<unsigned> child = analysis.lookup(ref.getValue());
  return child ? shortest[*child] : UINT64_MAX;
}

std::optional<unsigned> GrammarAnalysis::lookup(StringRef name) const {
  auto it = indexByName.find(name);
  if (it == indexByName.end())
    return std::nullopt;
  return it->second;
}

SmallVector<unsigned> GrammarAnalysis::getChildren(ProductionOp production) const {
  SmallVector<unsigned> children;
  for (Attribute symbol : production.getRhs())
    if (auto ref = dyn_cast<FlatSymbolRefAttr>(symbol))
      if (std::optional<unsigned> index = lookup(ref.getValue()))
        children.push_back(*index);
  return children;
}

llvm::BitVector GrammarAnalysis::computeReachable() const {
  llvm::BitVector reachable(nonterminals.size());
  SmallVector<unsigned> worklist;
  if (std::optional<unsigned> start = lookup(grammar.getStart())) {
    reachable.set(*start);
    worklist.push_back(*start);
  }
  while (!worklist.empty()) {
    unsigned current = worklist.pop_back_val();
    for (ProductionOp production : nonterminals[current].getProductions())
      for (unsigned child : getChildren(production))
        if (!reachable.test(child)) {
          reachable.set(child);
          worklist.push_back(child);
        }
  }
  return reachable;
}

llvm::BitVector GrammarAnalysis::computeProductive() const {
  llvm::BitVector productive(nonterminals.size());
  for (bool changed = true; changed;) {
    changed = false;
    for (auto [index, nonterminal] : llvm::enumerate(nonterminals)) {
      if (productive.test(index))
        continue;
      for (ProductionOp production : nonterminal.getProductions()) {
        // An undefined child is never productive; a token class is a
        // terminal.
        unsigned numRefs = llvm::count_if(production.getRhs(), [&](Attribute a) {
          auto ref = dyn_cast<FlatSymbolRefAttr>(a);
          return ref && !isClass(ref.getValue());
        });
        SmallVector<unsigned> children = getChildren(production);
        if (children.size() == numRefs &&
            llvm::all_of(children,
                         [&](unsigned c) { return productive.test(c); })) {
          productive.set(index);
          changed = true;
          break;
        }
      }
    }
  }
  return productive;
}

SmallVector<unsigned> GrammarAnalysis::findCycle(bool unitOnly) const {
  size_t n = nonterminals.size();
  SmallVector<SmallVector<unsigned>> successors(n);
  for (auto [index, nonterminal] : llvm::enumerate(nonterminals))
    for (ProductionOp production : nonterminal.getProductions())
      if (!unitOnly || production.getRhs().size() == 1)
        llvm::append_range(successors[index], getChildren(production));

  // Iterative depth-first search; a back edge closes a cycle.
  enum class Mark { Unvisited, OnStack, Done };
  SmallVector<Mark> marks(n, Mark::Unvisited);
  for (unsigned root = 0; root < n; ++root) {
    if (marks[root] != Mark::Unvisited)
      continue;
    SmallVector<std::pair<unsigned, unsigned>> stack = {{root, 0}};
    marks[root] = Mark::OnStack;
    while (!stack.empty()) {
      auto &[node, next] = stack.back();
      if (next == successors[node].size()) {
        marks[node] = Mark::Done;
        stack.pop_back();
        continue;
      }
      unsigned succ = successors[node][next++];
      if (marks[succ] == Mark::OnStack) {
        SmallVector<unsigned> cycle;
        auto it = llvm::find_if(stack, [&](auto &f) { return f.first == succ; });
        for (; it != stack.end(); ++it)
          cycle.push_back(it->first);
        return cycle;
      }
      if (marks[succ] == Mark::Unvisited) {
        marks[succ] = Mark::OnStack;
        stack.push_back({succ, 0});
      }
    }
  }
  return {};
}

/// The distinct children a template block places.
static unsigned countChildren(Block &body) {
  llvm::SmallDenseSet<int64_t, 4> children;
  for (Operation &op : body)
    op.walk([&](ChildOp child) { children.insert(child.getIndex()); });
  return children.size();
}

/// Lengths saturate here: far beyond any bound circc compiles, and small
/// enough that a slice's arithmetic cannot overflow.
static constexpr uint64_t kLengthCeiling = uint64_t(1) << 62;

/// The delimiters that pack a production's streams: one fewer than its
/// nonterminal's streams, when `body` is the template of such a production.
static uint64_t countDelimiters(Block &body) {
  auto production = dyn_cast_or_null<ProductionOp>(body.getParentOp());
  if (!production || body.getOps<StreamOp>().empty())
    return 0;
  NonterminalOp nonterminal = production.getNonterminal();
  size_t streams = nonterminal ? nonterminal.getStreamNames().size() : 1;
  return streams > 0 ? streams - 1 : 0;
}

uint64_t circc::grammar::getTemplateLength(
    Block &body, llvm::function_ref<uint64_t(int64_t)> childLength) {
  // A stream of a child is bounded by the child's whole output.
  uint64_t length = countDelimiters(body);
  for (Operation &op : body) {
    uint64_t item = 0;
    if (auto child = dyn_cast<ChildOp>(op))
      item = childLength(child.getIndex());
    else if (isa<EmitOp, LearnedOp, ApplyOp, PositionOp>(op))
      item = 1;
    else if (auto stream = dyn_cast<StreamOp>(op))
      item = getTemplateLength(*stream.getBody(), childLength);
    else if (auto repeat = dyn_cast<RepeatOp>(op))
      item = llvm::SaturatingMultiply(
          repeat.getMaxCount(),
          getTemplateLength(*repeat.getBody(), childLength));
    else if (auto reverse = dyn_cast<ReverseOp>(op))
      item = getTemplateLength(*reverse.getBody(), childLength);
    else if (auto slice = dyn_cast<SliceOp>(op)) {
      // Of one child, the slice's longest result over its lengths; of
      // several, a bound that keeps the template a sum of one function per
      // child (what computeOutputBounds needs): the slice's own cap when it
      // has one, else its body's length.
      circc::Slice range = slice.getSlice();
      int64_t cap = range.maxLength(int64_t(kLengthCeiling));
      uint64_t inner = std::min(
          kLengthCeiling, getTemplateLength(*slice.getBody(), childLength));
      item = countChildren(*slice.getBody()) <= 1
                 ? uint64_t(range.maxLength(int64_t(inner)))
                 : (uint64_t(cap) < kLengthCeiling ? uint64_t(cap) : inner);
    }
    length = llvm::SaturatingAdd(length, item);
  }
  return length;
}

/// The shortest and longest output of a template block given its
/// children's; a longest of UINT64_MAX is unbounded.
static std::pair<uint64_t, uint64_t> getTemplateLengthRange(
    Block &body,
    llvm::function_ref<std::pair<uint64_t, uint64_t>(int64_t)> childRange) {
  uint64_t lo = countDelimiters(body), hi = lo;
  for (Operation &op : body) {
    std::pair<uint64_t, uint64_t> item{0, 0};
    if (auto child = dyn_cast<ChildOp>(op)) {
      item = childRange(child.getIndex());
      // One stream of a child: from nothing up to the child's whole output.
      if (child.getStream())
        item.first = 0;
    } else if (isa<EmitOp, LearnedOp, ApplyOp, PositionOp>(op)) {
      item = {1, 1};
    } else if (auto stream = dyn_cast<StreamOp>(op)) {
      item = getTemplateLengthRange(*stream.getBody(), childRange);
    } else if (auto repeat = dyn_cast<RepeatOp>(op)) {
      auto [a, b] = getTemplateLengthRange(*repeat.getBody(), childRange);
      // Repeated by a child's count: from its smallest to its largest.
      uint64_t least = repeat.getCount().value_or(UINT64_MAX);
      for (auto [symbol, count] : repeat.getCounts())
        least = std::min(least, count);
      if (least == UINT64_MAX)
        least = 0;
      uint64_t most = repeat.getMaxCount();
      item = {llvm::SaturatingMultiply(least, a),
              llvm::SaturatingMultiply(most, b)};
    } else if (auto reverse = dyn_cast<ReverseOp>(op)) {
      item = getTemplateLengthRange(*reverse.getBody(), childRange);
    } else if (auto slice = dyn_cast<SliceOp>(op)) {
      auto [a, b] = getTemplateLengthRange(*slice.getBody(), childRange);
      int64_t first = std::min(a, kLengthCeiling);
      int64_t last = std::min(b, kLengthCeiling);
      circc::Slice range = slice.getSlice();
      uint64_t longest = range.maxLength(last, first);
      item = {uint64_t(range.minLength(first, last)),
              b == UINT64_MAX && longest == uint64_t(range.lengthOf(last))
                  ? UINT64_MAX
                  : longest};
    }
    lo = llvm::SaturatingAdd(lo, item.first);
    hi = llvm::SaturatingAdd(hi, item.second);
  }
  return {lo, hi};
}

SmallVector<LengthRange>
GrammarAnalysis::computeLengthRanges(uint64_t cap) const {
  // Template lengths are sums, positive multiples and slices of child
  // lengths, so counting up to the cap (the cap: "that many or more") gives
  // bounds on them; each range only widens, through {0, ..., cap}.
  cap = std::max<uint64_t>(cap, 2);
  SmallVector<LengthRange> ranges(nonterminals.size(), LengthRange{cap, 0});
  SmallVector<bool> reached(nonterminals.size(), false);
  auto capped = [&](uint64_t length) { return std::min(length, cap); };
  for (bool changed = true; changed;) {
    changed = false;
    for (unsigned index = 0; index < nonterminals.size(); ++index) {
      for (ProductionOp production : nonterminals[index].getProductions()) {
        // Only productions whose children have derived something so far.
        SmallVector<unsigned> children = getChildren(production);
        if (llvm::any_of(children, [&](unsigned c) { return !reached[c]; }))
          continue;
        // A capped length reads "that many or more": unbounded above.
        auto [low, high] = getTemplateLengthRange(
            *production.getBody(),
            [&](int64_t position) -> std::pair<uint64_t, uint64_t> {
              FlatSymbolRefAttr symbol = production.getChildSymbol(position);
              if (symbol && isClass(symbol.getValue()))
                return {1, 1};
              std::optional<unsigned> child =
                  symbol ? lookup(symbol.getValue()) : std::nullopt;
              if (!child)
                return {0, 0};
              return {ranges[*child].min, ranges[*child].max >= cap
                                              ? UINT64_MAX
                                              : ranges[*child].max};
            });
        LengthRange &range = ranges[index];
        uint64_t shortest = capped(low), longest = capped(high);
        if (!reached[index] || shortest < range.min || longest > range.max) {
          range.min = reached[index] ? std::min(range.min, shortest) : shortest;
          range.max = reached[index] ? std::max(range.max, longest) : longest;
          reached[index] = true;
          changed = true;
        }
      }
    }
  }
  return ranges;
}

std::optional<SmallVector<FiniteBounds>>
GrammarAnalysis::computeFiniteBounds() const {
  if (!findCycle(/*unitOnly=*/false).empty())
    return std::nullopt;
  // Without recursion, memoised recursion over nonterminals terminates.
  SmallVector<std::optional<FiniteBounds>> memo(nonterminals.size());
  std::function<FiniteBounds(unsigned)> compute = [&](unsigned index) {
    if (memo[index])
      return *memo[index];
    FiniteBounds bounds;
    for (ProductionOp production : nonterminals[index].getProductions()) {
      uint64_t input = 0, derivations = 1;
      SmallVector<FiniteBounds> childBounds(production.getRhs().size());
      for (auto [pos, symbol] : llvm::enumerate(production.getRhs())) {
        auto ref = dyn_cast<FlatSymbolRefAttr>(symbol);
        if (!ref) {
          input = llvm::SaturatingAdd(input, uint64_t(1));
          continue;
        }
        if (auto size = classSizes.find(ref.getValue());
            size != classSizes.end()) {
          childBounds[pos] = {1, 1, size->second};
          input = llvm::SaturatingAdd(input, uint64_t(1));
          derivations = llvm::SaturatingMultiply(derivations, size->second);
          continue;
        }
        std::optional<unsigned> child = lookup(ref.getValue());
        if (!child) {
          derivations = 0;
          continue;
        }
        childBounds[pos] = compute(*child);
        input = llvm::SaturatingAdd(input, childBounds[pos].maxInput);
        derivations =
            llvm::SaturatingMultiply(derivations, childBounds[pos].derivations);
      }
      uint64_t output =
          getTemplateLength(*production.getBody(), [&](int64_t childIndex) {
            return childIndex >= 1 &&
                           childIndex <= static_cast<int64_t>(childBounds.size())
                       ? childBounds[childIndex - 1].maxOutput
                       : uint64_t(0);
          });
      bounds.maxInput = std::max(bounds.maxInput, input);
      bounds.maxOutput = std::max(bounds.maxOutput, output);
      bounds.derivations = llvm::SaturatingAdd(bounds.derivations, derivations);
    }
    memo[index] = bounds;
    return bounds;
  };
  SmallVector<FiniteBounds> result;
  for (unsigned index = 0; index < nonterminals.size(); ++index)
    result.push_back(compute(index));
  return result;
}

/// The fewest tokens each nonterminal derives (UINT64_MAX: none).
static SmallVector<uint64_t>
shortestInputs(const GrammarAnalysis &analysis,
               ArrayRef<NonterminalOp> nonterminals) {
  SmallVector<uint64_t> shortest(nonterminals.size(), UINT64_MAX);
  for (bool changed = true; changed;) {
    changed = false;
    for (unsigned index = 0; index < nonterminals.size(); ++index)
      for (ProductionOp production :
           NonterminalOp(nonterminals[index]).getProductions()) {
        uint64_t length = 0;
        for (Attribute symbol : production.getRhs())
          length = llvm::SaturatingAdd(length,
                                       symbolInput(analysis, symbol, shortest));
        if (length < shortest[index]) {
          shortest[index] = length;
          changed = true;
        }
      }
  }
  return shortest;
}

/// Output lengths saturate at kUnboundedOutput instead of overflowing: a
/// grammar whose outputs grow with nesting (`$2 * 8`) can exceed 2^63.
static constexpr int64_t kUnboundedOutput = int64_t(1) << 62;
static int64_t saturatingAdd(int64_t a, int64_t b) {
  return std::min(kUnboundedOutput, a + b); // both operands are below 2^62
}
static int64_t saturatingMul(int64_t a, int64_t b) {
  int64_t product;
  if (__builtin_mul_overflow(a, b, &product))
    return kUnboundedOutput;
  return std::min(kUnboundedOutput, product);
}

/// The fewest tokens that surround each nonterminal in a sentence (its
/// context: what the rest of a derivation from the start consumes at
/// least); UINT64_MAX where it is unreachable. A nonterminal then spans at
/// most maxInput minus its context.
static SmallVector<uint64_t>
shortestContexts(const GrammarAnalysis &analysis,
                 ArrayRef<NonterminalOp> nonterminals,
                 ArrayRef<uint64_t> shortest, std::optional<unsigned> start) {
  SmallVector<uint64_t> context(nonterminals.size(), UINT64_MAX);
  if (!start)
    return context;
  context[*start] = 0;
  for (bool changed = true; changed;) {
    changed = false;
    for (unsigned index = 0; index < nonterminals.size(); ++index) {
      if (context[index] == UINT64_MAX)
        continue;
      for (ProductionOp production :
           NonterminalOp(nonterminals[index]).getProductions()) {
        SmallVector<std::optional<unsigned>> children;
        uint64_t total = context[index];
        for (Attribute symbol : production.getRhs()) {
          auto ref = dyn_cast<FlatSymbolRefAttr>(symbol);
          children.push_back(ref ? analysis.lookup(ref.getValue())
                                 : std::nullopt);
          total = llvm::SaturatingAdd(total,
                                      symbolInput(analysis, symbol, shortest));
        }
        if (total == UINT64_MAX)
          continue;
        for (std::optional<unsigned> child : children) {
          if (!child)
            continue;
          uint64_t around = total - shortest[*child];
          if (around < context[*child]) {
            context[*child] = around;
            changed = true;
          }
        }
      }
    }
  }
  return context;
}

/// A token of a class is a stack entry too: one token, one symbol.
void GrammarAnalysis::addClassTokens(OutputBounds &bounds) const {
  if (!classSizes.empty() && bounds.bySpan.size() > 1)
    bounds.bySpan[1] = std::max<int64_t>(bounds.bySpan[1], 1);
}

OutputBounds GrammarAnalysis::computeOutputBounds(uint64_t maxInput) const {
  // Each nonterminal spans at most maxInput minus the tokens around it.
  SmallVector<uint64_t> shortestInput = shortestInputs(*this, nonterminals);
  SmallVector<uint64_t> context = shortestContexts(
      *this, nonterminals, shortestInput, lookup(grammar.getStart()));
  auto spanOf = [&](unsigned index) -> int64_t {
    return context[index] > maxInput ? -1 : int64_t(maxInput - context[index]);
  };

  // Grammars whose every output is at most one symbol (values): the bound
  // is the length range wherever some sentence fits, without the dynamic
  // program over input lengths, so its cost does not grow with the bound.
  SmallVector<LengthRange> ranges = computeLengthRanges();
  if (llvm::all_of(ranges, [](const LengthRange &r) { return r.max <= 1; })) {
    ArrayRef<uint64_t> shortest = shortestInput;
    OutputBounds bounds;
    for (unsigned index = 0; index < nonterminals.size(); ++index)
      bounds.nonterminals.push_back(
          int64_t(shortest[index]) <= spanOf(index) ? int64_t(ranges[index].max)
                                                    : -1);
    for (unsigned index = 0; index < nonterminals.size(); ++index)
      for (ProductionOp production : nonterminals[index].getProductions()) {
        uint64_t length = 0;
        for (Attribute symbol : production.getRhs())
          length = llvm::SaturatingAdd(length,
                                       symbolInput(*this, symbol, shortest));
        int64_t output = int64_t(std::min<uint64_t>(
            1, getTemplateLength(*production.getBody(),
                                 [&](int64_t position) -> uint64_t {
                                   FlatSymbolRefAttr symbol =
                                       production.getChildSymbol(position);
                                   if (symbol && isClass(symbol.getValue()))
                                     return 1;
                                   std::optional<unsigned> child =
                                       symbol ? lookup(symbol.getValue())
                                              : std::nullopt;
                                   return child ? ranges[*child].max : 0;
                                 })));
        bounds.productions.push_back(
            spanOf(index) >= 0 && length <= uint64_t(spanOf(index)) ? output
                                                                    : -1);
      }
    bounds.bySpan.assign(maxInput + 1, -1);
    for (unsigned index = 0; index < nonterminals.size(); ++index)
      for (uint64_t span = shortest[index]; span <= maxInput; ++span)
        bounds.bySpan[span] =
            std::max(bounds.bySpan[span], int64_t(ranges[index].max));
    addClassTokens(bounds);
    return bounds;
  }

  // A production's output is at most base + sum_k f_k(|child k|): without
  // slices f_k is a coefficient (how often the template places child k)
  // times the length; a slice makes it a nondecreasing function of the
  // child's length, evaluated through getTemplateLength.
  struct Linear {
    ProductionOp op;
    unsigned lhs;
    int64_t base;
    SmallVector<int64_t> coefficient;          // per right-hand-side symbol
    SmallVector<std::optional<unsigned>> child; // nonterminal, or token
    bool sliced = false;
    /// Per right-hand-side symbol: whether it is a token class, which
    /// outputs one symbol and, like a token, reads one.
    SmallVector<bool> isClass;

    /// The length of a position that the dynamic program does not vary.
    uint64_t fixedLength(int64_t position) const {
      return isClass[position - 1] ? 1 : 0;
    }

    int64_t contribution(size_t i, int64_t length) const {
      if (!sliced)
        return saturatingMul(coefficient[i], length);
      int64_t position = i + 1;
      uint64_t total = getTemplateLength(
          *ProductionOp(op).getBody(), [&](int64_t k) -> uint64_t {
            return k == position ? uint64_t(length) : fixedLength(k);
          });
      return std::min<uint64_t>(total, kUnboundedOutput) - base;
    }
  };
  SmallVector<Linear> productions;
  for (unsigned index = 0; index < nonterminals.size(); ++index) {
    for (ProductionOp production : nonterminals[index].getProductions()) {
      Linear linear{production, index, 0, {}, {}};
      Block &body = *production.getBody();
      linear.sliced = production.getBody()
                          ->walk([](SliceOp) { return WalkResult::interrupt(); })
                          .wasInterrupted();
      for (int64_t position = 1, e = production.getRhs().size(); position <= e;
           ++position)
        linear.isClass.push_back(isClassChild(production, position));
      linear.base = std::min<uint64_t>(
          getTemplateLength(body,
                            [&](int64_t k) { return linear.fixedLength(k); }),
          kUnboundedOutput);
      for (auto [pos, symbol] : llvm::enumerate(production.getRhs())) {
        int64_t position = pos + 1;
        linear.coefficient.push_back(
            getTemplateLength(body,
                              [&](int64_t k) -> uint64_t {
                                return k == position ? 1
                                                     : linear.fixedLength(k);
                              }) -
            linear.base);
        auto ref = dyn_cast<FlatSymbolRefAttr>(symbol);
        // A token class reads one token like a token; its output is in base.
        linear.child.push_back(ref ? lookup(ref.getValue()) : std::nullopt);
      }
      productions.push_back(std::move(linear));
    }
  }

  size_t n = nonterminals.size();
  // best[a][l]: longest output of nonterminal a over inputs of exactly l.
  std::vector<std::vector<int64_t>> best(n, std::vector<int64_t>(maxInput + 1, -1));
  std::vector<std::vector<int64_t>> byProduction(
      productions.size(), std::vector<int64_t>(maxInput + 1, -1));

  // Longest output of `p` over inputs of exactly `length` tokens, from the
  // children's bests (max-plus convolution over the right-hand side).
  // Only the tokens after the last nonterminal are left when it is read,
  // so it needs one total, not all of them: that keeps the whole program
  // quadratic in the input bound for productions with one or two children
  // around tokens.
  auto evaluate = [&](const Linear &p, uint64_t length) -> int64_t {
    std::vector<int64_t> reach(length + 1, -1);
    reach[0] = 0;
    size_t last = p.child.size();
    while (last > 0 && !p.child[last - 1])
      --last;
    uint64_t suffix = p.child.size() - last; // tokens after it
    for (size_t i = 0; i < p.child.size(); ++i) {
      std::vector<int64_t> next(length + 1, -1);
      for (uint64_t used = 0; used <= length; ++used) {
        if (reach[used] < 0)
          continue;
        if (!p.child[i]) {
          if (used + 1 <= length)
            next[used + 1] = std::max(next[used + 1], reach[used]);
          continue;
        }
        uint64_t first = 1;
        if (i + 1 == last) { // Only the total that leaves room for the rest.
          if (used + suffix >= length)
            continue;
          first = length - suffix - used;
        }
        for (uint64_t part = first; used + part <= length; ++part) {
          if (i + 1 == last && part > first)
            break;
          int64_t out = best[*p.child[i]][part];
          if (out >= 0)
            next[used + part] = std::max(
                next[used + part],
                saturatingAdd(reach[used], p.contribution(i, out)));
        }
      }
      reach = std::move(next);
    }
    return reach[length] < 0 ? -1 : saturatingAdd(reach[length], p.base);
  };

  for (uint64_t length = 1; length <= maxInput; ++length) {
    // Productions of two or more symbols only read shorter children; unit
    // productions read same-length ones, and settle in at most n rounds
    // because no unit chain loops.
    for (size_t round = 0; round <= n; ++round) {
      bool changed = false;
      for (auto [index, p] : llvm::enumerate(productions)) {
        bool unit = p.child.size() == 1 && p.child[0];
        if (round > 0 && !unit)
          continue;
        int64_t out = evaluate(p, length);
        if (out > byProduction[index][length]) {
          byProduction[index][length] = out;
          changed = true;
        }
        if (out > best[p.lhs][length]) {
          best[p.lhs][length] = out;
          changed = true;
        }
      }
      if (!changed)
        break;
    }
  }

  // The longest output over the lengths each nonterminal can span.
  auto longest = [&](const std::vector<int64_t> &byLength, unsigned lhs) {
    int64_t span = spanOf(lhs);
    if (span < 0)
      return int64_t(-1);
    return *std::max_element(byLength.begin(), byLength.begin() + span + 1);
  };
  OutputBounds bounds;
  bounds.bySpan.assign(maxInput + 1, -1);
  for (size_t a = 0; a < n; ++a)
    for (uint64_t span = 0; span <= maxInput; ++span)
      bounds.bySpan[span] = std::max(bounds.bySpan[span], best[a][span]);
  for (size_t a = 0; a < n; ++a)
    bounds.nonterminals.push_back(longest(best[a], a));
  for (size_t p = 0; p < productions.size(); ++p)
    bounds.productions.push_back(longest(byProduction[p], productions[p].lhs));
  addClassTokens(bounds);
  return bounds;
}

void circc::grammar::printGrammarStats(GrammarOp grammar, raw_ostream &os) {
  GrammarAnalysis analysis(grammar);
  unsigned numProductions = 0, numLearned = 0;
  for (unsigned index = 0; index < analysis.getNumNonterminals(); ++index)
    numProductions +=
        llvm::range_size(analysis.getNonterminal(index).getProductions());
  grammar.walk([&](LearnedOp) { ++numLearned; });

  os << "grammar @" << grammar.getSymName() << ": "
     << analysis.getNumNonterminals() << " nonterminals, "
     << numProductions << " productions, " << grammar.getTokens().size()
     << " tokens, ";
  if (size_t classes = llvm::range_size(grammar.getClasses()))
    os << classes << " token class" << (classes == 1 ? "" : "es") << ", ";
  os << grammar.getOutputs().size() << " outputs, "
     << numLearned << " learnable\n";

  std::optional<unsigned> start = analysis.lookup(grammar.getStart());
  std::optional<SmallVector<FiniteBounds>> bounds =
      analysis.computeFiniteBounds();
  if (!start) {
    os << "  language: undefined start nonterminal\n";
  } else if (bounds) {
    const FiniteBounds &top = (*bounds)[*start];
    os << "  language: finite, ";
    if (top.derivations == UINT64_MAX)
      os << "more than 2^64";
    else
      os << top.derivations;
    os << " derivations, inputs <= " << top.maxInput << " tokens";
    if (std::optional<uint64_t> maxInput = grammar.getMaxInput();
        maxInput && *maxInput < top.maxInput)
      os << " (declared max input " << *maxInput << ": longer ones refused)";
    os << ", outputs <= " << top.maxOutput << " symbols\n";
  } else {
    os << "  language: recursive, inputs <= ";
    if (std::optional<uint64_t> maxInput = grammar.getMaxInput())
      os << *maxInput << " tokens (declared)\n";
    else
      os << "unbounded\n";
  }
}
