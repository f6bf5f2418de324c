//===- TemplateSearch.cpp - Templates that reproduce training outputs -----===//
//
// Part of circc. See TemplateSearch.h for the search.
//
//===----------------------------------------------------------------------===//

#include "circc/Induce/TemplateSearch.h"
#include "circc/Support/Slice.h"

#include <algorithm>
#include <deque>
#include <numeric>
#include <set>

using namespace circc::induce;

using Symbols = std::vector<int32_t>;
using Bindings = std::vector<std::optional<Symbols>>;

namespace {
/// A position of an expected output that nothing reads (a slice of a
/// child whose output is not known yet drops it): any symbol fits there.
constexpr int32_t kAny = -1;

bool fits(int32_t expected, int32_t symbol) {
  return expected == kAny || expected == symbol;
}

/// The positions of a child's output of `length` that `item` (not a
/// symbol) keeps, in the order it outputs them: `at(k)` for k < count.
struct Kept {
  size_t first = 0, count = 0;
  bool reversed = false;
  Kept(const Item &item, size_t length) : count(length) {
    reversed = item.kind == Item::Reverse;
    if (item.kind != Item::Slice)
      return;
    circc::Slice slice{item.start, item.stop == Item::kEnd
                                       ? std::nullopt
                                       : std::optional<int64_t>(item.stop)};
    auto [from, to] = slice.range(int64_t(length));
    first = size_t(from);
    count = size_t(to - from);
  }
  size_t at(size_t k) const {
    return reversed ? first + count - 1 - k : first + k;
  }
};
} // namespace

Symbols Item::apply(const Symbols &child) const {
  if (kind == Symbol)
    return {};
  Kept kept(*this, child.size());
  Symbols out(kept.count);
  for (size_t k = 0; k < kept.count; ++k)
    out[k] = child[kept.at(k)];
  return out;
}

const std::vector<Item> &circc::induce::sequenceFunctions(int32_t child) {
  // Per child, built once: the same list for every search.
  static std::deque<std::vector<Item>> lists; // references stay valid
  while (int32_t(lists.size()) <= child) {
    int32_t c = int32_t(lists.size());
    std::vector<Item> list{{Item::Reverse, c}};
    // A slice that keeps nothing of any sequence, or keeps what one before
    // it keeps of every sequence, is left out.
    auto keeps = [](const Item &item) {
      std::vector<Symbols> kept;
      for (int32_t length = 0; length <= 8; ++length) {
        Symbols sequence(static_cast<size_t>(length), 0);
        std::iota(sequence.begin(), sequence.end(), 0);
        kept.push_back(item.apply(sequence));
      }
      return kept;
    };
    std::vector<std::vector<Symbols>> seen{keeps({Item::Child, c})};
    auto slice = [&](int32_t start, int32_t stop) {
      Item item{Item::Slice, c, start, stop};
      std::vector<Symbols> kept = keeps(item);
      if (std::all_of(kept.begin(), kept.end(),
                      [](const Symbols &k) { return k.empty(); }) ||
          std::count(seen.begin(), seen.end(), kept))
        return;
      seen.push_back(std::move(kept));
      list.push_back(item);
    };
    // One position from either end, then the rest.
    slice(0, 1);
    slice(-1, Item::kEnd);
    slice(1, 2);
    slice(-2, -1);
    // A start from the end with a stop from the start ([-1:1]) keeps
    // something only of sequences shorter than four: a template does not
    // mean that, but one such item, empty here, would let a template
    // "refer" to a child it ignores.
    for (int32_t start : {0, 1, 2, -1, -2})
      for (int32_t stop : {Item::kEnd, 1, 2, -1, -2})
        if (!(start == 0 && stop == Item::kEnd) &&
            !(start < 0 && stop > 0 && stop != Item::kEnd))
          slice(start, stop);
    lists.push_back(std::move(list));
  }
  return lists[child];
}

std::optional<Symbols>
circc::induce::evaluate(const Example &example, int32_t node,
                        const std::vector<std::optional<Template>> &templates) {
  const Node &n = example.nodes[node];
  if (n.production < 0)
    return Symbols{n.symbol};
  const std::optional<Template> &items = templates[n.production];
  if (!items)
    return std::nullopt;
  Symbols out;
  for (const Item &item : *items) {
    if (item.kind == Item::Symbol) {
      out.push_back(item.value);
      continue;
    }
    std::optional<Symbols> child =
        evaluate(example, n.children[item.value], templates);
    if (!child)
      return std::nullopt;
    if (item.kind != Item::Child)
      *child = item.apply(*child);
    out.insert(out.end(), child->begin(), child->end());
  }
  return out;
}

namespace {

/// What comparing a derivation's output with an expected one can tell.
enum class Check { Right, Wrong, Unknown };

/// Compares, symbol by symbol and without building it, the output of
/// `node` with `expected` from `pos` on; `pos` moves past what matched.
/// Wrong as soon as a symbol differs (the output so far is fixed whatever
/// the templates still open), Unknown at an open template before that.
Check compareAt(const Example &example, int32_t node,
                const std::vector<std::optional<Template>> &templates,
                const Symbols &expected, size_t &pos) {
  const Node &n = example.nodes[node];
  if (n.production < 0) {
    if (pos >= expected.size() || !fits(expected[pos], n.symbol))
      return Check::Wrong;
    ++pos;
    return Check::Right;
  }
  const std::optional<Template> &items = templates[n.production];
  if (!items)
    return Check::Unknown;
  for (const Item &item : *items) {
    if (item.kind == Item::Symbol) {
      if (pos >= expected.size() || !fits(expected[pos], item.value))
        return Check::Wrong;
      ++pos;
      continue;
    }
    if (item.kind != Item::Child) {
      // A function of the child's output: the whole output first.
      std::optional<Symbols> child =
          evaluate(example, n.children[item.value], templates);
      if (!child)
        return Check::Unknown;
      Symbols part = item.apply(*child);
      if (pos + part.size() > expected.size() ||
          !std::equal(
              part.begin(), part.end(), expected.begin() + pos,
              [](int32_t symbol, int32_t e) { return fits(e, symbol); }))
        return Check::Wrong;
      pos += part.size();
      continue;
    }
    Check child =
        compareAt(example, n.children[item.value], templates, expected, pos);
    if (child != Check::Right)
      return child;
  }
  return Check::Right;
}

/// Whether `node` produces exactly `expected`.
Check compare(const Example &example, int32_t node,
              const std::vector<std::optional<Template>> &templates,
              const Symbols &expected) {
  size_t pos = 0;
  Check check = compareAt(example, node, templates, expected, pos);
  if (check == Check::Right && pos != expected.size())
    return Check::Wrong;
  return check;
}

/// The ways a template (given, or any within `maxItems`) produces
/// `expected` from children whose outputs are known or bound on the way.
class Matcher {
public:
  Matcher(const Symbols &expected, const Bindings &known,
          const Production &production, size_t limit)
      : expected(expected), maxItems(production.maxItems), limit(limit),
        sequenceFunctionsOn(production.sequenceFunctions),
        silent(production.silent), bindings(known) {}

  struct Match {
    Template items;
    Bindings bindings;
  };

  /// Every way `items` produces the expected output.
  std::vector<Match> matchKnown(const Template &items) {
    known = &items;
    walk(0, 0);
    return std::move(matches);
  }

  /// Every template within the limit that produces it, simplest first.
  std::vector<Match> enumerate() {
    known = nullptr;
    walk(0, 0);
    // Simplest first; among equals, in the order they were found.
    std::vector<size_t> order(matches.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::vector<decltype(key({}))> keys;
    keys.reserve(matches.size());
    for (const Match &match : matches)
      keys.push_back(key(match.items));
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return std::tie(keys[a], a) < std::tie(keys[b], b);
    });
    std::vector<Match> sorted;
    for (size_t index : order)
      sorted.push_back(std::move(matches[index]));
    return sorted;
  }

  /// How simple a template is, without the order of its items: what a
  /// tie is measured by.
  Simplicity simplicity(const Template &items) const {
    return circc::induce::simplicity(items, int32_t(bindings.size()), silent);
  }

  /// Whether the enumeration stopped at its limit.
  bool truncated() const { return matches.size() >= limit; }

private:
  std::pair<Simplicity, std::vector<std::tuple<int, int32_t, size_t>>>
  key(const Template &items) const {
    // Child references, then functions of them (in sequenceFunctions'
    // order), then symbols.
    std::vector<std::tuple<int, int32_t, size_t>> order;
    for (const Item &i : items) {
      if (i.kind == Item::Child || i.kind == Item::Symbol) {
        order.push_back({i.kind == Item::Child ? 0 : 2, i.value, 0});
        continue;
      }
      const std::vector<Item> &functions = sequenceFunctions(i.value);
      order.push_back({1, i.value,
                       size_t(std::find(functions.begin(), functions.end(), i) -
                              functions.begin())});
    }
    return {simplicity(items), order};
  }

  /// `item` (not a symbol) where its child's output is bound: the
  /// positions it keeps must give the expected output from `pos` on.
  /// Positions of the binding not known yet (kAny) take the expected
  /// symbols while the walk goes on.
  void tryBound(const Item &item, size_t pos, size_t next) {
    Symbols &bound = *bindings[item.value];
    Kept kept(item, bound.size());
    if (pos + kept.count > expected.size())
      return;
    bool unknown = false;
    for (size_t k = 0; k < kept.count; ++k) {
      int32_t symbol = bound[kept.at(k)];
      if (symbol == kAny)
        unknown = true;
      else if (!fits(expected[pos + k], symbol))
        return;
    }
    // What a child too short for it keeps nothing of: one such item per
    // open template at most (it adds nothing here, and any number of them
    // fit anywhere).
    bool empty = kept.count == 0 && item.kind != Item::Child && !known;
    if (empty && emptyItems > 0)
      return;
    Symbols saved;
    if (unknown) {
      saved = bound;
      for (size_t k = 0; k < kept.count; ++k)
        if (bound[kept.at(k)] == kAny)
          bound[kept.at(k)] = expected[pos + k];
    }
    emptyItems += empty;
    items.push_back(item);
    walk(pos + kept.count, next);
    items.pop_back();
    emptyItems -= empty;
    if (unknown)
      bound = std::move(saved);
  }

  void tryChild(int32_t child, size_t pos, size_t next) {
    std::optional<Symbols> &bound = bindings[child];
    if (bound) {
      tryBound({Item::Child, child}, pos, next);
      return;
    }
    for (size_t end = pos; end <= expected.size(); ++end) {
      bound = Symbols(expected.begin() + pos, expected.begin() + end);
      items.push_back({Item::Child, child});
      walk(end, next);
      items.pop_back();
      if (matches.size() >= limit)
        break;
    }
    bound.reset();
  }

  /// A sequence function of a child. Where the child's output is not
  /// known, a reversal binds it to the part reversed, and a slice (only
  /// in a known template: an open one proposes functions of known
  /// children only) binds it, for each length up to kSliceSlack more than
  /// the output left, to what the slice keeps, the rest unknown (kAny):
  /// what the template's other items or the child's own search make of
  /// it.
  void tryFunction(const Item &function, size_t pos, size_t next) {
    std::optional<Symbols> &bound = bindings[function.value];
    if (bound) {
      tryBound(function, pos, next);
      return;
    }
    if (function.kind == Item::Slice) {
      for (size_t length = 0; length <= expected.size() - pos + kSliceSlack;
           ++length) {
        bound = Symbols(length, kAny);
        tryBound(function, pos, next);
        if (matches.size() >= limit)
          break;
      }
      bound.reset();
      return;
    }
    for (size_t end = pos; end <= expected.size(); ++end) {
      bound = Symbols(expected.rend() - end, expected.rend() - pos);
      items.push_back(function);
      walk(end, next);
      items.pop_back();
      if (matches.size() >= limit)
        break;
    }
    bound.reset();
  }

  /// How much longer than the output left a child whose output is not
  /// known may be where a slice reads it: a slice with bounds 0-2 from
  /// either end drops at most four positions, but one that keeps a
  /// position or two from one end drops any number.
  static constexpr size_t kSliceSlack = 4;

  void walk(size_t pos, size_t next) {
    if (matches.size() >= limit)
      return;
    if (known) {
      if (next == known->size()) {
        if (pos == expected.size())
          matches.push_back({items, bindings});
        return;
      }
      const Item &item = (*known)[next];
      if (item.kind == Item::Symbol) {
        if (pos < expected.size() && fits(expected[pos], item.value)) {
          items.push_back(item);
          walk(pos + 1, next + 1);
          items.pop_back();
        }
        return;
      }
      if (item.kind == Item::Child)
        tryChild(item.value, pos, next + 1);
      else
        tryFunction(item, pos, next + 1);
      return;
    }
    if (pos == expected.size())
      matches.push_back({items, bindings});
    if (int32_t(items.size()) >= maxItems)
      return;
    for (int32_t child = 0; child < int32_t(bindings.size()); ++child)
      if (!isSilent(child))
        tryChild(child, pos, 0);
    if (sequenceFunctionsOn)
      for (int32_t child = 0; child < int32_t(bindings.size()); ++child)
        if (bindings[child] && !isSilent(child))
          for (const Item &function : sequenceFunctions(child))
            tryFunction(function, pos, 0);
    // A position nothing reads (kAny) gets no symbol: the data does not
    // say which.
    if (pos < expected.size() && expected[pos] != kAny) {
      items.push_back({Item::Symbol, expected[pos]});
      walk(pos + 1, 0);
      items.pop_back();
    }
  }

  bool isSilent(int32_t child) const {
    return size_t(child) < silent.size() && silent[child];
  }

  const Symbols &expected;
  int32_t maxItems;
  size_t limit;
  /// Whether open templates may apply sequence functions.
  bool sequenceFunctionsOn;
  const std::vector<bool> &silent;
  /// Function items of the template being built that keep nothing here.
  int emptyItems = 0;
  const Template *known = nullptr;
  Template items;
  Bindings bindings;
  std::vector<Match> matches;
};

/// The most candidate templates one node's enumeration keeps.
constexpr size_t kCandidateLimit = 200000;

/// The order the examples are searched in, and which use each open
/// production: what every search over the same productions (whatever
/// their exclusions and bounds) shares.
struct Plan {
  std::vector<size_t> order;
  /// Per open production: the examples whose derivations use it.
  std::vector<std::vector<size_t>> uses;
  /// Per example: the open productions its derivation uses.
  std::vector<std::vector<int32_t>> opens;

  /// Most constrained first: each example in turn is one whose derivation
  /// uses the fewest open productions not used by the examples before it
  /// (then the shortest output, the fewest nodes, the first in the data),
  /// so that each adds as few unknowns as possible to what is known.
  Plan(const std::vector<Production> &productions,
       const std::vector<Example> &examples) {
    size_t numProductions = productions.size();
    uses.assign(numProductions, {});
    opens.assign(examples.size(), {});
    std::vector<size_t> unknown(examples.size(), 0);
    for (size_t e = 0; e < examples.size(); ++e) {
      std::vector<bool> seen(numProductions, false);
      for (const Node &node : examples[e].nodes)
        if (node.production >= 0 && !productions[node.production].known &&
            !seen[node.production]) {
          seen[node.production] = true;
          uses[node.production].push_back(e);
          opens[e].push_back(node.production);
          ++unknown[e];
        }
    }
    auto key = [&](size_t e) {
      return std::make_tuple(unknown[e], examples[e].target.size(),
                             examples[e].nodes.size(), e);
    };
    std::set<decltype(key(0))> queue;
    for (size_t e = 0; e < examples.size(); ++e)
      queue.insert(key(e));
    std::vector<bool> covered(numProductions, false);
    while (!queue.empty()) {
      size_t e = std::get<3>(*queue.begin());
      queue.erase(queue.begin());
      order.push_back(e);
      for (const Node &node : examples[e].nodes) {
        int32_t p = node.production;
        if (p < 0 || productions[p].known || covered[p])
          continue;
        covered[p] = true;
        for (size_t other : uses[p]) {
          if (other == e || !queue.erase(key(other)))
            continue;
          --unknown[other];
          queue.insert(key(other));
        }
      }
    }
  }
};

class Search {
public:
  Search(const std::vector<Production> &productions,
         const std::vector<Example> &examples, const Options &options)
      : productions(productions), examples(examples), options(options),
        plan(productions, examples), order(plan.order), uses(plan.uses),
        opens(plan.opens), stepLimit(options.maxSteps) {
    templates.resize(productions.size());
    assignedAt.assign(productions.size(), 0);
    checkedAt.assign(examples.size(), 0);
    fixedBy.assign(productions.size(), -1);
    for (size_t p = 0; p < productions.size(); ++p)
      templates[p] = productions[p].known;
  }

  Result run() {
    Result result;
    if (examples.empty())
      first = templates;
    else
      solve(0, {{0, examples[order[0]].target}});
    result.steps = steps;
    result.truncated = truncated;
    if (!first) {
      result.status = outOfSteps ? Result::OutOfSteps : Result::NoTemplate;
      if (furthest >= 0) {
        result.failedExample = int64_t(order[furthest]);
        result.failedProductions = failedProductions;
        result.failedFixedBy = failedFixedBy;
      }
      return result;
    }
    result.status = Result::Found;
    // Gathering other fits may have stopped anywhere: back to the first.
    result.otherFitsStopped = outOfSteps;
    templates = *first;
    fixedBy = firstFixedBy;
    result.templates = templates;
    result.fixedBy = fixedBy;
    result.alternatives = alternatives();
    for (const Assignment &other : others)
      for (size_t p = 0; p < productions.size(); ++p) {
        std::vector<Template> &seen = result.alternatives[p];
        if (other[p] && *other[p] != *templates[p] &&
            !std::count(seen.begin(), seen.end(), *other[p]))
          seen.push_back(*other[p]);
      }
    result.otherFits = std::move(others);
    return result;
  }

private:
  struct Goal {
    int32_t node;
    Symbols expected;
  };

  /// Remembers the furthest example the search could not get past.
  void noteFailure(size_t position) {
    if (int64_t(position) < furthest)
      return;
    furthest = int64_t(position);
    ++notes;
    failedProductions.clear();
    failedFixedBy.clear();
    for (const Node &node : examples[order[position]].nodes) {
      if (node.production < 0 || productions[node.production].known ||
          std::count(failedProductions.begin(), failedProductions.end(),
                     node.production))
        continue;
      failedProductions.push_back(node.production);
      failedFixedBy.push_back(fixedBy[node.production]);
    }
  }

  /// The productions a failure depends on: the search goes back to the
  /// latest choice among them, past any choice it does not depend on
  /// (conflict-directed backjumping). Empty on success.
  using Conflict = std::vector<bool>;
  struct Outcome {
    bool ok;
    Conflict conflict;
  };
  static Outcome success() { return {true, {}}; }

  /// A failure that depends on every production of an example.
  Outcome failAt(size_t position, bool furthest = true) {
    if (furthest)
      noteFailure(position);
    Outcome outcome{false, Conflict(productions.size(), false)};
    for (const Node &node : examples[order[position]].nodes)
      if (node.production >= 0)
        outcome.conflict[node.production] = true;
    return outcome;
  }

  static void merge(Conflict &into, const Conflict &from) {
    if (into.empty()) {
      into = from;
      return;
    }
    for (size_t i = 0; i < from.size(); ++i)
      if (from[i])
        into[i] = true;
  }

  Outcome solve(size_t position, std::vector<Goal> goals) {
    if (outOfSteps)
      return {false, {}};
    if (goals.empty())
      return advance(position + 1);
    Goal goal = std::move(goals.back());
    goals.pop_back();
    const Example &example = examples[order[position]];
    const Node &node = example.nodes[goal.node];
    switch (compare(example, goal.node, templates, goal.expected)) {
    case Check::Right:
      return solve(position, std::move(goals));
    case Check::Wrong:
      return failAt(position);
    case Check::Unknown:
      break;
    }
    const Production &production = productions[node.production];
    Bindings known(node.children.size());
    for (size_t i = 0; i < node.children.size(); ++i)
      known[i] = evaluate(example, node.children[i], templates);
    Matcher matcher(goal.expected, known, production, kCandidateLimit);
    std::optional<Template> &assigned = templates[node.production];
    bool open = !assigned;
    std::vector<Matcher::Match> matches =
        open ? matcher.enumerate() : matcher.matchKnown(*assigned);
    truncated = truncated || matcher.truncated();
    // What every way of going on here failed for, and what this node's
    // expected output and its candidates came from. How far the search got
    // is noted by the failures below, or here if none noted it.
    Outcome failed = failAt(position, /*furthest=*/false);
    uint64_t notesBefore = notes;
    for (Matcher::Match &match : matches) {
      if (++steps > stepLimit) {
        outOfSteps = true;
        return {false, {}};
      }
      Simplicity added;
      if (open) {
        added = matcher.simplicity(match.items);
        if (overBound(added)) {
          // Candidates come simplest first: none after this one fits the
          // bound either, whichever the templates it depends on.
          for (size_t p = 0; p < productions.size(); ++p)
            if (templates[p] && !productions[p].known)
              failed.conflict[p] = true;
          break;
        }
        assigned = match.items;
        assignedAt[node.production] = ++epoch;
        size += added;
        fixedBy[node.production] = int64_t(order[position]);
      }
      std::vector<Goal> next = goals;
      for (size_t i = 0; i < node.children.size(); ++i)
        if (!known[i] && match.bindings[i])
          next.push_back({node.children[i], *match.bindings[i]});
      Outcome outcome = solve(position, std::move(next));
      if (outcome.ok || outOfSteps)
        return outcome;
      if (open) {
        assigned.reset();
        size -= added;
        fixedBy[node.production] = -1;
      }
      if (open && !outcome.conflict[node.production]) {
        // The failure does not depend on this choice: no other candidate
        // here can help.
        return outcome;
      }
      merge(failed.conflict, outcome.conflict);
    }
    if (open)
      failed.conflict[node.production] = false;
    if (notes == notesBefore)
      noteFailure(position);
    return failed;
  }

  /// Every example is reproduced. The first fit is the answer; the search
  /// then goes on, bounded by its size, for up to Options::otherFits more
  /// (each a failure that depends on every choice, so the search goes
  /// back to the latest).
  Outcome fitFound() {
    if (!first) {
      first = templates;
      firstFixedBy = fixedBy;
      if (options.otherFits <= 0)
        return success();
      bound = fitSize(productions, templates);
      stepLimit = steps + options.otherFitSteps;
    } else {
      others.push_back(templates);
      if (int32_t(others.size()) >= options.otherFits)
        return success();
    }
    return {false, Conflict(productions.size(), true)};
  }

  /// Whether example `e` was found right with the templates it uses now
  /// (none of them reassigned since), so it need not be evaluated again.
  bool stillChecked(size_t e) const {
    if (!checkedAt[e])
      return false;
    for (int32_t p : opens[e])
      if (!templates[p] || assignedAt[p] > checkedAt[e])
        return false;
    return true;
  }

  /// Whether a template of simplicity `added` takes the open templates
  /// assigned so far past Options::maxSize.
  bool overBound(const Simplicity &added) const {
    if (!bound)
      return false;
    Simplicity total = size;
    total += added;
    return *bound < total;
  }

  /// Checks the examples from `position` on that need no search, and
  /// searches the first that does.
  Outcome advance(size_t position) {
    // Examples that refuted recent candidates are likely to refute the
    // next ones too: they are checked first (each is checked in its turn
    // anyway, so the order only saves time).
    for (size_t hot : recentFailures) {
      if (hot < position)
        continue;
      const Example &example = examples[order[hot]];
      if (compare(example, 0, templates, example.target) == Check::Wrong)
        return failAt(hot, /*furthest=*/false);
    }
    for (; position < order.size(); ++position) {
      size_t e = order[position];
      if (stillChecked(e))
        continue;
      const Example &example = examples[e];
      Check check = compare(example, 0, templates, example.target);
      if (check == Check::Unknown)
        break;
      if (check == Check::Wrong) {
        if (!std::count(recentFailures.begin(), recentFailures.end(),
                        position)) {
          recentFailures.insert(recentFailures.begin(), position);
          if (recentFailures.size() > kRecentFailures)
            recentFailures.pop_back();
        }
        return failAt(position);
      }
      checkedAt[e] = epoch;
    }
    if (options.progress && position > reported) {
      reported = position;
      options.progress(position, order.size());
    }
    if (position == order.size())
      return fitFound();
    return solve(position, {{0, examples[order[position]].target}});
  }

  /// Whether every example that `templates` can evaluate comes out right.
  bool consistent(const std::vector<size_t> &uses) const {
    for (size_t index : uses) {
      const Example &example = examples[index];
      if (compare(example, 0, templates, example.target) == Check::Wrong)
        return false;
    }
    return true;
  }

  std::vector<std::vector<Template>> alternatives() {
    std::vector<std::vector<Template>> result(productions.size());
    for (size_t p = 0; p < productions.size(); ++p) {
      if (fixedBy[p] < 0)
        continue;
      const Example &example = examples[fixedBy[p]];
      auto it = std::find_if(
          example.nodes.begin(), example.nodes.end(),
          [&](const Node &n) { return n.production == int32_t(p); });
      int32_t node = int32_t(it - example.nodes.begin());
      std::optional<Symbols> expected = evaluate(example, node, templates);
      if (!expected)
        continue;
      Bindings known(it->children.size());
      for (size_t i = 0; i < it->children.size(); ++i)
        known[i] = evaluate(example, it->children[i], templates);
      Template chosen = *templates[p];
      Matcher matcher(*expected, known, productions[p], kCandidateLimit);
      auto simplest = matcher.simplicity(chosen);
      for (Matcher::Match &match : matcher.enumerate()) {
        // Only as simple a template is a real alternative.
        if (matcher.simplicity(match.items) != simplest ||
            match.items == chosen ||
            std::count(result[p].begin(), result[p].end(), match.items))
          continue;
        templates[p] = match.items;
        if (consistent(uses[p]))
          result[p].push_back(match.items);
      }
      templates[p] = chosen;
    }
    return result;
  }

  const std::vector<Production> &productions;
  const std::vector<Example> &examples;
  const Options &options;
  std::vector<std::optional<Template>> templates;
  std::vector<int64_t> fixedBy;
  /// The open templates assigned so far, together (see fitSize).
  Simplicity size;
  /// The first fit, with what fixed each template, and its size: the
  /// bound of the search for other fits, which the search gathers in
  /// `others`.
  std::optional<Assignment> first;
  std::vector<int64_t> firstFixedBy;
  std::optional<Simplicity> bound;
  std::vector<Assignment> others;
  const Plan plan;
  const std::vector<size_t> &order;
  const std::vector<std::vector<size_t>> &uses;
  const std::vector<std::vector<int32_t>> &opens;
  /// Options::maxSteps until the first fit, then the steps that took plus
  /// Options::otherFitSteps.
  uint64_t stepLimit;
  /// When each open production got its template, and when each example
  /// was last found right, counted in assignments (0: never).
  uint64_t epoch = 0;
  std::vector<uint64_t> assignedAt;
  std::vector<uint64_t> checkedAt;
  uint64_t steps = 0;
  bool outOfSteps = false;
  bool truncated = false;
  size_t reported = 0;
  int64_t furthest = -1;
  /// How many times noteFailure wrote.
  uint64_t notes = 0;
  std::vector<int32_t> failedProductions;
  std::vector<int64_t> failedFixedBy;
  /// Positions of examples that refuted candidates, latest first.
  std::vector<size_t> recentFailures;
  static constexpr size_t kRecentFailures = 32;
};

} // namespace

Result
circc::induce::searchTemplates(const std::vector<Production> &productions,
                               const std::vector<Example> &examples,
                               const Options &options) {
  return Search(productions, examples, options).run();
}

Simplicity circc::induce::simplicity(const Template &items,
                                     int32_t numChildren,
                                     const std::vector<bool> &silent) {
  Simplicity simple;
  std::vector<bool> used(size_t(std::max(numChildren, 0)), false);
  for (size_t child = 0; child < used.size() && child < silent.size(); ++child)
    used[child] = silent[child];
  for (const Item &i : items) {
    if (i.kind == Item::Symbol) {
      ++simple.symbols;
      continue;
    }
    if (i.kind != Item::Child)
      ++simple.functions;
    if (size_t(i.value) < used.size())
      used[i.value] = true;
  }
  simple.unused = size_t(std::count(used.begin(), used.end(), false));
  simple.items = items.size();
  return simple;
}

Simplicity circc::induce::fitSize(const std::vector<Production> &productions,
                                  const Assignment &templates) {
  Simplicity size;
  for (size_t p = 0; p < productions.size(); ++p)
    if (templates[p] && !productions[p].known)
      size += simplicity(*templates[p], productions[p].numChildren,
                         productions[p].silent);
  return size;
}

std::vector<Repetition> circc::induce::foldTemplate(const Template &items) {
  std::vector<Repetition> folded;
  for (size_t i = 0; i < items.size();) {
    // The repetition starting here that covers the most items, the
    // shortest period first among equals.
    size_t bestPeriod = 1, bestCount = 1;
    for (size_t period = 1; i + 2 * period <= items.size(); ++period) {
      size_t count = 1;
      while (i + (count + 1) * period <= items.size() &&
             std::equal(items.begin() + i, items.begin() + i + period,
                        items.begin() + i + count * period))
        ++count;
      if (count > 1 && count * period > bestCount * bestPeriod) {
        bestPeriod = period;
        bestCount = count;
      }
    }
    folded.push_back({i, bestPeriod, bestCount});
    i += bestPeriod * bestCount;
  }
  return folded;
}

std::string
circc::induce::formatItem(const Item &item,
                          const std::function<std::string(int32_t)> &child,
                          const std::function<std::string(int32_t)> &symbol) {
  switch (item.kind) {
  case Item::Child:
    return child(item.value);
  case Item::Symbol:
    return symbol(item.value);
  case Item::Reverse:
    return "reverse(" + child(item.value) + ")";
  case Item::Slice:
    break;
  }
  // One position: `$2[0]`, `$2[-1]`; else `$2[1:]`, `$2[1:-1]`.
  auto index = [](int32_t i) {
    return i == Item::kEnd ? std::string() : std::to_string(i);
  };
  bool one =
      item.start == -1 ? item.stop == Item::kEnd : item.stop == item.start + 1;
  if (one)
    return child(item.value) + "[" + std::to_string(item.start) + "]";
  return child(item.value) + "[" + index(item.start) + ":" + index(item.stop) +
         "]";
}

std::string circc::induce::formatTemplate(
    const Template &items, const std::function<std::string(int32_t)> &child,
    const std::function<std::string(int32_t)> &symbol) {
  std::string out;
  for (const Repetition &part : foldTemplate(items)) {
    std::string group;
    for (size_t k = 0; k < part.period; ++k) {
      group +=
          (k ? " " : "") + formatItem(items[part.start + k], child, symbol);
    }
    if (part.count > 1)
      group = (part.period > 1 ? "(" + group + ")" : group) + " * " +
              std::to_string(part.count);
    out += (out.empty() ? "" : " ") + group;
  }
  return out;
}
