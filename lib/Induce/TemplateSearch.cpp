//===- TemplateSearch.cpp - Templates that reproduce training outputs -----===//
//
// Part of circc. See TemplateSearch.h for the search.
//
//===----------------------------------------------------------------------===//

#include "circc/Induce/TemplateSearch.h"

#include <algorithm>
#include <numeric>
#include <set>

using namespace circc::induce;

using Symbols = std::vector<int32_t>;
using Bindings = std::vector<std::optional<Symbols>>;

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
    out.insert(out.end(), child->begin(), child->end());
  }
  return out;
}

namespace {

/// The ways a template (given, or any within `maxItems`) produces
/// `expected` from children whose outputs are known or bound on the way.
class Matcher {
public:
  Matcher(const Symbols &expected, const Bindings &known, int32_t maxItems,
          size_t limit)
      : expected(expected), maxItems(maxItems), limit(limit), bindings(known) {}

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
  std::tuple<size_t, size_t, size_t> simplicity(const Template &items) const {
    auto [unused, size, symbols, order] = key(items);
    return {unused, size, symbols};
  }

  /// Whether the enumeration stopped at its limit.
  bool truncated() const { return matches.size() >= limit; }

private:
  std::tuple<size_t, size_t, size_t, std::vector<std::pair<int, int32_t>>>
  key(const Template &items) const {
    size_t symbols =
        std::count_if(items.begin(), items.end(),
                      [](const Item &i) { return i.kind == Item::Symbol; });
    std::vector<bool> used(bindings.size(), false);
    std::vector<std::pair<int, int32_t>> order;
    for (const Item &i : items) {
      order.push_back({i.kind == Item::Child ? 0 : 1, i.value});
      if (i.kind == Item::Child)
        used[i.value] = true;
    }
    size_t unused = std::count(used.begin(), used.end(), false);
    return {unused, items.size(), symbols, order};
  }

  bool matchesAt(size_t pos, const Symbols &part) const {
    return pos + part.size() <= expected.size() &&
           std::equal(part.begin(), part.end(), expected.begin() + pos);
  }

  void tryChild(int32_t child, size_t pos, size_t next) {
    std::optional<Symbols> &bound = bindings[child];
    if (bound) {
      if (!matchesAt(pos, *bound))
        return;
      items.push_back({Item::Child, child});
      walk(pos + bound->size(), next);
      items.pop_back();
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
        if (pos < expected.size() && expected[pos] == item.value) {
          items.push_back(item);
          walk(pos + 1, next + 1);
          items.pop_back();
        }
        return;
      }
      tryChild(item.value, pos, next + 1);
      return;
    }
    if (pos == expected.size())
      matches.push_back({items, bindings});
    if (int32_t(items.size()) >= maxItems)
      return;
    for (int32_t child = 0; child < int32_t(bindings.size()); ++child)
      tryChild(child, pos, 0);
    if (pos < expected.size()) {
      items.push_back({Item::Symbol, expected[pos]});
      walk(pos + 1, 0);
      items.pop_back();
    }
  }

  const Symbols &expected;
  int32_t maxItems;
  size_t limit;
  const Template *known = nullptr;
  Template items;
  Bindings bindings;
  std::vector<Match> matches;
};

/// The most candidate templates one node's enumeration keeps.
constexpr size_t kCandidateLimit = 200000;

class Search {
public:
  Search(const std::vector<Production> &productions,
         const std::vector<Example> &examples, const Options &options)
      : productions(productions), examples(examples), options(options) {
    templates.resize(productions.size());
    fixedBy.assign(productions.size(), -1);
    for (size_t p = 0; p < productions.size(); ++p)
      templates[p] = productions[p].known;
    orderExamples();
  }

  /// Most constrained first: each example in turn is one whose derivation
  /// uses the fewest open productions not used by the examples before it
  /// (then the shortest output, the fewest nodes, the first in the data),
  /// so that each adds as few unknowns as possible to what is known.
  void orderExamples() {
    size_t numProductions = productions.size();
    uses.assign(numProductions, {});
    std::vector<size_t> unknown(examples.size(), 0);
    for (size_t e = 0; e < examples.size(); ++e) {
      std::vector<bool> seen(numProductions, false);
      for (const Node &node : examples[e].nodes)
        if (node.production >= 0 && !productions[node.production].known &&
            !seen[node.production]) {
          seen[node.production] = true;
          uses[node.production].push_back(e);
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

  Result run() {
    Result result;
    bool found =
        examples.empty() || solve(0, {{0, examples[order[0]].target}}).ok;
    result.steps = steps;
    result.truncated = truncated;
    if (!found) {
      result.status = outOfSteps ? Result::OutOfSteps : Result::NoTemplate;
      if (furthest >= 0) {
        result.failedExample = int64_t(order[furthest]);
        result.failedProductions = failedProductions;
        result.failedFixedBy = failedFixedBy;
      }
      return result;
    }
    result.status = Result::Found;
    result.templates = templates;
    result.fixedBy = fixedBy;
    result.alternatives = alternatives();
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
    if (std::optional<Symbols> out = evaluate(example, goal.node, templates)) {
      if (*out == goal.expected)
        return solve(position, std::move(goals));
      return failAt(position);
    }
    const Production &production = productions[node.production];
    Bindings known(node.children.size());
    for (size_t i = 0; i < node.children.size(); ++i)
      known[i] = evaluate(example, node.children[i], templates);
    Matcher matcher(goal.expected, known, production.maxItems, kCandidateLimit);
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
      if (++steps > options.maxSteps) {
        outOfSteps = true;
        return {false, {}};
      }
      if (open) {
        assigned = match.items;
        fixedBy[node.production] = int64_t(order[position]);
      }
      std::vector<Goal> next = goals;
      for (size_t i = 0; i < node.children.size(); ++i)
        if (!known[i] && match.bindings[i])
          next.push_back({node.children[i], *match.bindings[i]});
      Outcome outcome = solve(position, std::move(next));
      if (outcome.ok || outOfSteps)
        return outcome;
      if (open && !outcome.conflict[node.production]) {
        // The failure does not depend on this choice: no other candidate
        // here can help.
        assigned.reset();
        fixedBy[node.production] = -1;
        return outcome;
      }
      merge(failed.conflict, outcome.conflict);
    }
    if (open) {
      assigned.reset();
      fixedBy[node.production] = -1;
      failed.conflict[node.production] = false;
    }
    if (notes == notesBefore)
      noteFailure(position);
    return failed;
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
      std::optional<Symbols> out = evaluate(example, 0, templates);
      if (out && *out != example.target)
        return failAt(hot, /*furthest=*/false);
    }
    for (; position < order.size(); ++position) {
      const Example &example = examples[order[position]];
      std::optional<Symbols> out = evaluate(example, 0, templates);
      if (!out)
        break;
      if (*out != example.target) {
        if (!std::count(recentFailures.begin(), recentFailures.end(),
                        position)) {
          recentFailures.insert(recentFailures.begin(), position);
          if (recentFailures.size() > kRecentFailures)
            recentFailures.pop_back();
        }
        return failAt(position);
      }
    }
    if (options.progress && position > reported) {
      reported = position;
      options.progress(position, order.size());
    }
    if (position == order.size())
      return success();
    return solve(position, {{0, examples[order[position]].target}});
  }

  /// Whether every example that `templates` can evaluate comes out right.
  bool consistent(const std::vector<size_t> &uses) const {
    for (size_t index : uses) {
      const Example &example = examples[index];
      std::optional<Symbols> out = evaluate(example, 0, templates);
      if (out && *out != example.target)
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
      Matcher matcher(*expected, known, productions[p].maxItems,
                      kCandidateLimit);
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
  std::vector<size_t> order;
  /// Per open production: the examples whose derivations use it.
  std::vector<std::vector<size_t>> uses;
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

std::string circc::induce::formatTemplate(
    const Template &items, const std::function<std::string(int32_t)> &child,
    const std::function<std::string(int32_t)> &symbol) {
  std::string out;
  for (const Repetition &part : foldTemplate(items)) {
    std::string group;
    for (size_t k = 0; k < part.period; ++k) {
      const Item &item = items[part.start + k];
      group += (k ? " " : "") + (item.kind == Item::Child ? child(item.value)
                                                          : symbol(item.value));
    }
    if (part.count > 1)
      group = (part.period > 1 ? "(" + group + ")" : group) + " * " +
              std::to_string(part.count);
    out += (out.empty() ? "" : " ") + group;
  }
  return out;
}
