//===- LRAutomaton.cpp - Canonical LR(1) tables for a grammar -------------===//
//
// Part of circc. The textbook construction (Knuth 1965; Aho, Lam, Sethi &
// Ullman, section 4.7): closures of LR(1) items, goto on every symbol,
// states identified by their item sets. Empty productions do not occur, so
// FIRST of a non-empty string is FIRST of its first symbol.
//
//===----------------------------------------------------------------------===//

#include "LRAutomaton.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <map>
#include <queue>
#include <set>
#include <tuple>

using namespace circc::lr;

namespace {
/// [production, dot, lookahead]; production == size() is the augmented
/// start production S' -> start.
struct Item {
  unsigned production;
  unsigned dot;
  unsigned lookahead;
  bool operator<(const Item &other) const {
    return std::tie(production, dot, lookahead) <
           std::tie(other.production, other.dot, other.lookahead);
  }
};
using ItemSet = std::set<Item>;

class Builder {
public:
  explicit Builder(const Grammar &grammar) : grammar(grammar) {
    augmented = grammar.productions.size();
    computeFirst();
    computeShortestSentences();
  }

  std::optional<Tables> build(uint64_t maxStates,
                              std::vector<Conflict> &conflicts,
                              size_t maxConflicts);

private:
  const std::vector<Symbol> &rhs(unsigned production) const {
    return production == augmented ? startRhs
                                   : grammar.productions[production].rhs;
  }
  void computeFirst();
  void computeShortestSentences();
  ItemSet closure(ItemSet items) const;
  std::vector<unsigned> describePath(unsigned state) const;

  const Grammar &grammar;
  unsigned augmented;
  std::vector<Symbol> startRhs{{false, grammar.start}};
  std::vector<std::set<unsigned>> first;
  std::vector<std::vector<unsigned>> shortest;
  /// For each state: its predecessor and the symbol read to reach it.
  std::vector<std::pair<int, Symbol>> parent;
};
} // namespace

void Builder::computeFirst() {
  first.assign(grammar.numNonterminals, {});
  for (bool changed = true; changed;) {
    changed = false;
    for (const Production &production : grammar.productions) {
      const Symbol &head = production.rhs.front();
      std::set<unsigned> &target = first[production.lhs];
      size_t before = target.size();
      if (head.isToken)
        target.insert(head.id);
      else
        target.insert(first[head.id].begin(), first[head.id].end());
      changed |= target.size() != before;
    }
  }
}

void Builder::computeShortestSentences() {
  std::vector<bool> known(grammar.numNonterminals, false);
  shortest.assign(grammar.numNonterminals, {});
  for (bool changed = true; changed;) {
    changed = false;
    for (const Production &production : grammar.productions) {
      std::vector<unsigned> sentence;
      bool complete = true;
      for (const Symbol &symbol : production.rhs) {
        if (symbol.isToken) {
          sentence.push_back(symbol.id);
        } else if (known[symbol.id]) {
          const std::vector<unsigned> &part = shortest[symbol.id];
          sentence.insert(sentence.end(), part.begin(), part.end());
        } else {
          complete = false;
          break;
        }
      }
      if (!complete)
        continue;
      if (!known[production.lhs] ||
          sentence.size() < shortest[production.lhs].size()) {
        known[production.lhs] = true;
        shortest[production.lhs] = std::move(sentence);
        changed = true;
      }
    }
  }
}

ItemSet Builder::closure(ItemSet items) const {
  std::vector<Item> worklist(items.begin(), items.end());
  while (!worklist.empty()) {
    Item item = worklist.back();
    worklist.pop_back();
    const std::vector<Symbol> &body = rhs(item.production);
    if (item.dot >= body.size() || body[item.dot].isToken)
      continue;
    // Lookaheads: FIRST of what follows the nonterminal, or the item's own.
    std::set<unsigned> lookaheads;
    if (item.dot + 1 < body.size()) {
      const Symbol &next = body[item.dot + 1];
      if (next.isToken)
        lookaheads.insert(next.id);
      else
        lookaheads = first[next.id];
    } else {
      lookaheads.insert(item.lookahead);
    }
    unsigned nonterminal = body[item.dot].id;
    for (unsigned p = 0; p < grammar.productions.size(); ++p) {
      if (grammar.productions[p].lhs != nonterminal)
        continue;
      for (unsigned lookahead : lookaheads) {
        Item added{p, 0, lookahead};
        if (items.insert(added).second)
          worklist.push_back(added);
      }
    }
  }
  return items;
}

std::vector<unsigned> Builder::describePath(unsigned state) const {
  std::vector<Symbol> symbols;
  for (int s = state; parent[s].first >= 0; s = parent[s].first)
    symbols.push_back(parent[s].second);
  std::reverse(symbols.begin(), symbols.end());
  std::vector<unsigned> tokens;
  for (const Symbol &symbol : symbols) {
    if (symbol.isToken)
      tokens.push_back(symbol.id);
    else
      tokens.insert(tokens.end(), shortest[symbol.id].begin(),
                    shortest[symbol.id].end());
  }
  return tokens;
}

Precedence Grammar::precedenceOf(const Production &production) const {
  if (production.precedence.level)
    return production.precedence;
  for (auto it = production.rhs.rbegin(); it != production.rhs.rend(); ++it)
    if (it->isToken && it->id < tokenPrecedence.size() &&
        tokenPrecedence[it->id].level)
      return tokenPrecedence[it->id];
  return {};
}

std::optional<Tables> Builder::build(uint64_t maxStates,
                                     std::vector<Conflict> &conflicts,
                                     size_t maxConflicts) {
  unsigned endToken = grammar.numTokens;
  unsigned columns = grammar.numTokens + 1;
  std::map<ItemSet, unsigned> stateIds;
  std::vector<ItemSet> states;
  // Per state: transitions on tokens and nonterminals.
  std::vector<std::map<unsigned, unsigned>> tokenEdges, nonterminalEdges;

  auto addState = [&](ItemSet items, int from, Symbol via) -> unsigned {
    auto [it, inserted] = stateIds.try_emplace(items, states.size());
    if (inserted) {
      states.push_back(std::move(items));
      tokenEdges.emplace_back();
      nonterminalEdges.emplace_back();
      parent.push_back({from, via});
    }
    return it->second;
  };
  addState(closure({{augmented, 0, endToken}}), -1, {true, 0});

  for (unsigned state = 0; state < states.size(); ++state) {
    if (states.size() > maxStates) {
      conflicts.assign(1, Conflict());
      conflicts.front().tooManyStates = true;
      return std::nullopt;
    }
    // Group the items by the symbol after the dot.
    std::map<std::pair<bool, unsigned>, ItemSet> kernels;
    for (const Item &item : states[state]) {
      const std::vector<Symbol> &body = rhs(item.production);
      if (item.dot >= body.size())
        continue;
      const Symbol &next = body[item.dot];
      kernels[{next.isToken, next.id}].insert(
          {item.production, item.dot + 1, item.lookahead});
    }
    for (auto &[key, kernel] : kernels) {
      Symbol via{key.first, key.second};
      unsigned target = addState(closure(std::move(kernel)), state, via);
      (via.isToken ? tokenEdges : nonterminalEdges)[state][via.id] = target;
    }
  }

  Tables tables;
  tables.numStates = states.size();
  tables.actions.assign(states.size() * columns, 0);
  tables.gotos.assign(states.size() * grammar.numNonterminals, -1);
  for (unsigned state = 0; state < states.size(); ++state) {
    // Per token: a production that precedence settled against the shift
    // while the entry does not hold its reduce (the shift won, or the
    // entry became an error); a second reduce there is a conflict.
    std::map<unsigned, int64_t> settled;
    auto set = [&](unsigned token, int32_t action, int64_t what) -> bool {
      int32_t &entry = tables.actions[state * columns + token];
      auto earlier = settled.find(token);
      if (earlier == settled.end() && (entry == 0 || entry == action)) {
        entry = action;
        return true;
      }
      // A shift (set first) against a reduce: settled by precedence when
      // both the token and the production have a level.
      if (earlier == settled.end() && entry > 0 && action < 0 &&
          action != Tables::kAccept && token < grammar.tokenPrecedence.size()) {
        Precedence shift = grammar.tokenPrecedence[token];
        Precedence reduce = grammar.precedenceOf(grammar.productions[what]);
        if (shift.level && reduce.level) {
          if (reduce.level > shift.level || (reduce.level == shift.level &&
                                             shift.assoc == Precedence::Left)) {
            entry = action;
          } else if (reduce.level < shift.level ||
                     shift.assoc == Precedence::Right) {
            settled[token] = what;
          } else {
            entry = 0;
            settled[token] = what;
          }
          return true;
        }
      }
      auto describe = [&](int32_t a) -> int64_t {
        return a > 0 ? -1 : -(static_cast<int64_t>(a) + 1);
      };
      // The entry keeps its first action; the pair is reported once.
      Conflict conflict;
      conflict.lookahead = token;
      conflict.first =
          earlier != settled.end() ? earlier->second : describe(entry);
      conflict.second = what;
      bool known = llvm::any_of(conflicts, [&](const Conflict &c) {
        return c.lookahead == token && c.first == conflict.first &&
               c.second == what;
      });
      if (!known && conflicts.size() < maxConflicts) {
        conflict.prefix = describePath(state);
        conflicts.push_back(std::move(conflict));
      }
      return false;
    };
    for (auto [token, target] : tokenEdges[state])
      set(token, static_cast<int32_t>(target) + 1, -1);
    for (auto [nonterminal, target] : nonterminalEdges[state])
      tables.gotos[state * grammar.numNonterminals + nonterminal] = target;
    for (const Item &item : states[state]) {
      if (item.dot != rhs(item.production).size())
        continue;
      if (item.production == augmented) {
        set(endToken, Tables::kAccept, -1);
        continue;
      }
      set(item.lookahead, -static_cast<int32_t>(item.production) - 1,
          item.production);
    }
  }
  // The first conflict is always kept (maxConflicts is at least 1).
  if (!conflicts.empty())
    return std::nullopt;
  return tables;
}

std::optional<Tables> circc::lr::buildTables(const Grammar &grammar,
                                             uint64_t maxStates,
                                             std::vector<Conflict> &conflicts,
                                             size_t maxConflicts) {
  conflicts.clear();
  return Builder(grammar).build(maxStates, conflicts,
                                std::max<size_t>(maxConflicts, 1));
}

std::optional<circc::lr::Ambiguity> circc::lr::findAmbiguousSentence(
    const Grammar &grammar, unsigned maxLength, size_t budget,
    const std::function<bool(const Ambiguity &)> &accept) {
  // Breadth-first over leftmost derivations: a form is its terminal prefix
  // followed by symbols still to expand, and the productions applied so
  // far. Every production consumes at least one token, so a form with more
  // symbols than maxLength can be dropped. Two leftmost derivations of one
  // sentence are two parse trees.
  struct Form {
    std::vector<unsigned> done;  // tokens derived so far
    std::vector<Symbol> pending; // leftmost first
    std::vector<unsigned> steps; // productions applied
  };
  std::map<std::vector<unsigned>, std::vector<unsigned>> sentences;
  std::queue<Form> forms;
  forms.push({{}, {{false, grammar.start}}, {}});
  size_t expanded = 0;
  while (!forms.empty() && expanded < budget) {
    Form form = std::move(forms.front());
    forms.pop();
    ++expanded;
    // Move leading tokens to the derived prefix.
    size_t first = 0;
    while (first < form.pending.size() && form.pending[first].isToken)
      form.done.push_back(form.pending[first++].id);
    form.pending.erase(form.pending.begin(), form.pending.begin() + first);
    if (form.pending.empty()) {
      auto [it, inserted] = sentences.try_emplace(form.done, form.steps);
      if (inserted)
        continue;
      Ambiguity found{form.done, {it->second, form.steps}};
      if (!accept || accept(found))
        return found;
      continue;
    }
    unsigned nonterminal = form.pending.front().id;
    for (auto [index, production] : llvm::enumerate(grammar.productions)) {
      if (production.lhs != nonterminal)
        continue;
      Form next{form.done, production.rhs, form.steps};
      next.steps.push_back(unsigned(index));
      next.pending.insert(next.pending.end(), form.pending.begin() + 1,
                          form.pending.end());
      if (next.done.size() + next.pending.size() <= maxLength)
        forms.push(std::move(next));
    }
  }
  return std::nullopt;
}
