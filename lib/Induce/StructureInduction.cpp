//===- StructureInduction.cpp - A grammar's structure from commands -------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Induce/StructureInduction.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>

using namespace circc::induce;

namespace {
/// Per context (a command with one position left out), the tokens seen
/// there, each with the first command that shows it; contexts in order of
/// first appearance.
using Contexts = std::vector<std::vector<std::pair<size_t, size_t>>>;
} // namespace

static Contexts findContexts(const std::vector<std::vector<size_t>> &commands) {
  std::unordered_map<std::string, size_t> index;
  Contexts contexts;
  for (size_t c = 0; c < commands.size(); ++c) {
    const std::vector<size_t> &s = commands[c];
    for (size_t i = 0; i < s.size(); ++i) {
      std::string key;
      for (size_t j = 0; j < s.size(); ++j)
        key += (j == i ? std::string("_") : std::to_string(s[j])) + " ";
      auto [it, added] = index.try_emplace(key, contexts.size());
      if (added)
        contexts.emplace_back();
      auto &words = contexts[it->second];
      if (std::none_of(words.begin(), words.end(),
                       [&](auto &w) { return w.first == s[i]; }))
        words.push_back({s[i], c});
    }
  }
  return contexts;
}

WordClasses circc::induce::findWordClasses(
    const std::vector<std::vector<std::string>> &commands, double overlap) {
  WordClasses result;
  std::unordered_map<std::string, size_t> ids;
  for (const auto &command : commands) {
    std::vector<size_t> &tokens = result.commands.emplace_back();
    for (const std::string &word : command) {
      auto [it, added] = ids.try_emplace(word, result.tokens.size());
      if (added)
        result.tokens.push_back(word);
      tokens.push_back(it->second);
    }
  }
  size_t n = result.tokens.size();

  Contexts contexts = findContexts(result.commands);

  // Agglomerative: merge the two classes whose shared contexts are the
  // largest share of the rarer one's, while that share is at least
  // `overlap`. A context counts once per class.
  std::vector<size_t> classOf(n);
  std::iota(classOf.begin(), classOf.end(), 0);
  std::vector<std::pair<size_t, size_t>> evidence(n, {SIZE_MAX, SIZE_MAX});
  for (;;) {
    std::vector<size_t> size(n, 0);
    std::map<std::pair<size_t, size_t>, size_t> shared;
    std::map<std::pair<size_t, size_t>, std::pair<size_t, size_t>> example;
    for (const auto &words : contexts) {
      std::vector<std::pair<size_t, size_t>> present; // class, command
      for (auto [word, command] : words) {
        size_t c = classOf[word];
        if (std::none_of(present.begin(), present.end(),
                         [&](auto &p) { return p.first == c; }))
          present.push_back({c, command});
      }
      for (auto &p : present)
        ++size[p.first];
      for (size_t a = 0; a < present.size(); ++a)
        for (size_t b = a + 1; b < present.size(); ++b) {
          auto key = std::minmax(present[a].first, present[b].first);
          if (shared[key]++ == 0)
            example[key] = {present[a].second, present[b].second};
        }
    }
    double best = 0;
    std::pair<size_t, size_t> merge;
    for (auto &[key, count] : shared) {
      double share =
          double(count) / double(std::min(size[key.first], size[key.second]));
      if (share > best + 1e-12) {
        best = share;
        merge = key;
      }
    }
    if (best < overlap)
      break;
    // The rarer of the two may share as much with a third class that the
    // other does not go with: the data does not decide its class.
    auto shareOf = [&](size_t a, size_t b) {
      auto it = shared.find(std::minmax(a, b));
      return it == shared.end()
                 ? 0.0
                 : double(it->second) / double(std::min(size[a], size[b]));
    };
    size_t rare =
        size[merge.first] <= size[merge.second] ? merge.first : merge.second;
    size_t other = rare == merge.first ? merge.second : merge.first;
    for (size_t c = 0; c < n; ++c)
      if (size[c] && c != rare && c != other && shareOf(c, rare) >= overlap &&
          shareOf(c, other) < overlap)
        for (size_t t = 0; t < n; ++t)
          if (classOf[t] == rare)
            result.undecided.push_back({t, other, c});
    size_t keep = std::min(merge.first, merge.second);
    size_t drop = std::max(merge.first, merge.second);
    if (evidence[keep].first == SIZE_MAX)
      evidence[keep] = example[merge];
    for (size_t &c : classOf)
      if (c == drop)
        c = keep;
  }

  // Number the classes by their first token.
  std::vector<size_t> number(n, SIZE_MAX);
  result.classOf.resize(n);
  for (size_t t = 0; t < n; ++t) {
    size_t root = classOf[t];
    if (number[root] == SIZE_MAX) {
      number[root] = result.classes.size();
      result.classes.emplace_back();
      result.evidence.push_back(evidence[root]);
    }
    result.classes[number[root]].push_back(t);
    result.classOf[t] = number[root];
  }
  // Undecided only where the other class stayed apart; each word once.
  std::vector<WordClasses::Undecided> undecided;
  for (WordClasses::Undecided u : result.undecided) {
    u.chosen = result.classOf[u.chosen];
    u.other = result.classOf[u.other];
    if (u.other != result.classOf[u.token] &&
        std::none_of(undecided.begin(), undecided.end(),
                     [&](auto &v) { return v.token == u.token; }))
      undecided.push_back(u);
  }
  result.undecided = std::move(undecided);
  return result;
}

/// Whether `y` is `x` with some copies of `a` in place of copies of `b`:
/// x = s0 a s1 a ... and y = s0 b s1 b ... (the s_i alike).
static bool substitutes(const std::vector<std::string> &x,
                        const std::vector<std::string> &y,
                        const std::vector<std::string> &a,
                        const std::vector<std::string> &b) {
  size_t n = x.size(), m = y.size();
  std::vector<char> reach((n + 1) * (m + 1), 0);
  reach[0] = 1;
  auto at = [&](size_t i, size_t j) -> char & {
    return reach[i * (m + 1) + j];
  };
  auto matches = [](const std::vector<std::string> &s, size_t from,
                    const std::vector<std::string> &part) {
    return from + part.size() <= s.size() &&
           std::equal(part.begin(), part.end(), s.begin() + from);
  };
  for (size_t i = 0; i <= n; ++i)
    for (size_t j = 0; j <= m; ++j) {
      if (!at(i, j))
        continue;
      if (i < n && j < m && x[i] == y[j])
        at(i + 1, j + 1) = 1;
      if ((!a.empty() || !b.empty()) && matches(x, i, a) && matches(y, j, b))
        at(i + a.size(), j + b.size()) = 1;
    }
  return at(n, m);
}

std::vector<bool> circc::induce::substitutableClasses(
    const WordClasses &classes,
    const std::vector<std::vector<std::string>> &outputs, size_t maxItems) {
  const std::vector<std::vector<size_t>> &commands = classes.commands;
  // Per token, the shortest command (by output, then input) that holds it.
  std::vector<size_t> shortest(classes.tokens.size(), SIZE_MAX);
  for (size_t c = 0; c < commands.size(); ++c)
    for (size_t t : commands[c]) {
      size_t &best = shortest[t];
      if (best == SIZE_MAX ||
          std::make_pair(outputs[c].size(), commands[c].size()) <
              std::make_pair(outputs[best].size(), commands[best].size()))
        best = c;
    }
  Contexts contexts = findContexts(commands);
  std::vector<bool> result;
  for (const std::vector<size_t> &words : classes.classes) {
    if (words.size() < 2) {
      result.push_back(false);
      continue;
    }
    // The candidates of each word: the parts of its shortest command's
    // output, the empty one first.
    std::vector<std::vector<std::vector<std::string>>> candidates;
    for (size_t t : words) {
      const std::vector<std::string> &out = outputs[shortest[t]];
      std::set<std::vector<std::string>> seen = {{}};
      std::vector<std::vector<std::string>> parts = {{}};
      for (size_t length = 1; length <= std::min(maxItems, out.size());
           ++length)
        for (size_t from = 0; from + length <= out.size(); ++from) {
          std::vector<std::string> part(out.begin() + from,
                                        out.begin() + from + length);
          if (seen.insert(part).second)
            parts.push_back(std::move(part));
        }
      candidates.push_back(std::move(parts));
    }
    // Up to 20 pairs of commands per two words.
    auto position = [&](size_t t) {
      return size_t(std::find(words.begin(), words.end(), t) - words.begin());
    };
    std::map<std::pair<size_t, size_t>, std::vector<std::pair<size_t, size_t>>>
        pairs;
    for (const auto &present : contexts) {
      for (size_t i = 0; i < present.size(); ++i)
        for (size_t j = i + 1; j < present.size(); ++j) {
          if (classes.classOf[present[i].first] !=
                  classes.classOf[words.front()] ||
              classes.classOf[present[j].first] !=
                  classes.classOf[words.front()])
            continue;
          size_t u = position(present[i].first), v = position(present[j].first);
          auto &list = u < v ? pairs[{u, v}] : pairs[{v, u}];
          if (list.size() < 20)
            list.push_back(
                u < v ? std::make_pair(present[i].second, present[j].second)
                      : std::make_pair(present[j].second, present[i].second));
        }
    }
    // Backtracking over the words in order, each candidate checked against
    // the pairs with the words before it.
    std::vector<size_t> chosen(words.size());
    std::function<bool(size_t)> assign = [&](size_t w) {
      if (w == words.size())
        return true;
      for (size_t c = 0; c < candidates[w].size(); ++c) {
        chosen[w] = c;
        bool ok = true;
        for (size_t u = 0; u < w && ok; ++u) {
          auto it = pairs.find({u, w});
          if (it == pairs.end())
            continue;
          for (auto [cu, cw] : it->second)
            if (!substitutes(outputs[cu], outputs[cw], candidates[u][chosen[u]],
                             candidates[w][c])) {
              ok = false;
              break;
            }
        }
        if (ok && assign(w + 1))
          return true;
      }
      return false;
    };
    result.push_back(assign(0));
  }
  return result;
}

Structure circc::induce::findStructure(const WordClasses &classes,
                                       const std::vector<bool> &inlined,
                                       bool compress, size_t maxProductions) {
  using Sequence = std::vector<StructureSymbol>;
  // Every command as classes and words, distinct, shortest first (then in
  // order of first appearance).
  std::vector<std::pair<Sequence, size_t>> patterns;
  std::set<Sequence> seen;
  for (size_t c = 0; c < classes.commands.size(); ++c) {
    Sequence s;
    for (size_t t : classes.commands[c]) {
      size_t k = classes.classOf[t];
      s.push_back(inlined[k] ? StructureSymbol{StructureSymbol::Token, t}
                             : StructureSymbol{StructureSymbol::Class, k});
    }
    if (seen.insert(s).second)
      patterns.push_back({std::move(s), c});
  }
  std::sort(patterns.begin(), patterns.end(), [](auto &a, auto &b) {
    return std::make_pair(a.first.size(), a.second) <
           std::make_pair(b.first.size(), b.second);
  });

  // What may be replaced by the phrase: every part of a command's sequence
  // that shares a context with a command's (the rest of a command on either
  // side), and so on (Clark and Eyraud's congruence, from the whole
  // commands), and every production found so far.
  std::map<Sequence, size_t> partIds;
  std::vector<size_t> parent;
  std::function<size_t(size_t)> root = [&](size_t x) {
    return parent[x] == x ? x : parent[x] = root(parent[x]);
  };
  std::map<std::pair<Sequence, Sequence>, size_t> firstInContext;
  for (auto &[pattern, command] : patterns)
    for (size_t from = 0; from < pattern.size(); ++from)
      for (size_t to = from + 1; to <= pattern.size(); ++to) {
        Sequence part(pattern.begin() + from, pattern.begin() + to);
        auto [it, added] = partIds.try_emplace(part, parent.size());
        if (added)
          parent.push_back(parent.size());
        std::pair<Sequence, Sequence> context = {
            Sequence(pattern.begin(), pattern.begin() + from),
            Sequence(pattern.begin() + to, pattern.end())};
        auto [first, fresh] = firstInContext.try_emplace(context, it->second);
        if (!fresh)
          parent[root(it->second)] = root(first->second);
      }
  std::set<Sequence> phrases;
  if (!patterns.empty()) {
    size_t commandClass = root(partIds.at(patterns.front().first));
    for (auto &[part, id] : partIds)
      if (root(id) == commandClass)
        phrases.insert(part);
  }
  Structure structure;
  structure.inlined = inlined;
  std::set<Sequence> found;
  const StructureSymbol phrase{StructureSymbol::Phrase, 0};
  // A sequence's normal form: its parts that are phrases replaced, the
  // shortest and leftmost first, each part a phrase of its own first.
  std::function<void(Sequence, size_t)> reduce = [&](Sequence s,
                                                     size_t command) {
    for (bool changed = true; changed;) {
      changed = false;
      for (size_t length = 1; length < s.size() && !changed; ++length)
        for (size_t start = 0; start + length <= s.size(); ++start) {
          Sequence part(s.begin() + start, s.begin() + start + length);
          if (part == Sequence{phrase} || !phrases.count(part))
            continue;
          if (!found.count(part) &&
              std::find(part.begin(), part.end(), phrase) == part.end())
            reduce(part, command);
          s.erase(s.begin() + start, s.begin() + start + length);
          s.insert(s.begin() + start, phrase);
          changed = true;
          break;
        }
    }
    if (s == Sequence{phrase})
      return;
    phrases.insert(s);
    if (found.insert(s).second)
      structure.productions.push_back({s, command});
  };
  for (auto &[pattern, command] : patterns) {
    reduce(pattern, command);
    if (structure.productions.size() > maxProductions)
      return structure; // past the limit: the caller reports it
  }

  // Fewer productions where a part of some is a phrase of its own (only
  // where that saves productions; the most saved first, then the fewest
  // symbols, then the first found): `command D twice` and `command D thrice`
  // become `command D` beside `command twice` and `command thrice`.
  auto size = [](const std::vector<PhraseProduction> &ps) {
    size_t symbols = 0;
    for (const PhraseProduction &p : ps)
      symbols += p.rhs.size();
    return std::make_pair(ps.size(), symbols);
  };
  auto rewrite = [&](const std::vector<PhraseProduction> &ps,
                     const Sequence &part, size_t madeBy) {
    std::vector<PhraseProduction> out;
    std::set<Sequence> kept;
    auto add = [&](Sequence rhs, size_t command) {
      if (rhs != Sequence{phrase} && kept.insert(rhs).second)
        out.push_back({std::move(rhs), command});
    };
    for (const PhraseProduction &p : ps) {
      Sequence s;
      for (size_t i = 0; i < p.rhs.size();) {
        if (p.rhs != part && i + part.size() <= p.rhs.size() &&
            std::equal(part.begin(), part.end(), p.rhs.begin() + i)) {
          s.push_back(phrase);
          i += part.size();
        } else {
          s.push_back(p.rhs[i++]);
        }
      }
      if (s == p.rhs || kept.count(s) || s == Sequence{phrase} ||
          std::any_of(ps.begin(), ps.end(),
                      [&](const PhraseProduction &q) { return q.rhs == s; }))
        add(s, p.madeBy);
      else
        add(p.rhs, p.madeBy); // nothing saved by rewriting it alone
    }
    add(part, madeBy);
    return out;
  };
  if (compress)
    for (;;) {
      std::optional<std::vector<PhraseProduction>> best;
      for (const PhraseProduction &p : structure.productions)
        for (size_t from = 0; from < p.rhs.size(); ++from)
          for (size_t to = from + 2; to <= p.rhs.size(); ++to) {
            if (to - from == p.rhs.size())
              continue;
            Sequence part(p.rhs.begin() + from, p.rhs.begin() + to);
            if (std::find(part.begin(), part.end(), phrase) == part.end())
              continue;
            std::vector<PhraseProduction> next =
                rewrite(structure.productions, part, p.madeBy);
            if (next.size() < structure.productions.size() &&
                (!best || size(next) < size(*best)))
              best = std::move(next);
          }
      if (!best)
        break;
      structure.productions = std::move(*best);
    }
  return structure;
}

/// The tokens a symbol can begin with.
static void firstTokens(const WordClasses &classes, const StructureSymbol &s,
                        std::vector<size_t> &out) {
  auto add = [&](size_t t) {
    if (std::find(out.begin(), out.end(), t) == out.end())
      out.push_back(t);
  };
  if (s.kind == StructureSymbol::Token)
    add(s.id);
  else if (s.kind == StructureSymbol::Class)
    for (size_t t : classes.classes[s.id])
      add(t);
}

/// Of a production that ends with the phrase (and is more than it), the
/// last word or class before that: its precedence.
static const StructureSymbol *endingSymbol(const PhraseProduction &p) {
  const auto &rhs = p.rhs;
  if (rhs.size() < 2 || rhs.back().kind != StructureSymbol::Phrase)
    return nullptr;
  for (auto it = rhs.rbegin(); it != rhs.rend(); ++it)
    if (it->kind != StructureSymbol::Phrase)
      return &*it;
  return nullptr;
}

PrecedenceTokens circc::induce::precedenceTokens(const WordClasses &classes,
                                                 const Structure &structure) {
  PrecedenceTokens result;
  for (const PhraseProduction &p : structure.productions) {
    const StructureSymbol *last = endingSymbol(p);
    if (!last)
      continue;
    std::vector<size_t> tokens;
    firstTokens(classes, *last, tokens);
    for (size_t t : tokens)
      if (std::find(result.ending.begin(), result.ending.end(), t) ==
          result.ending.end())
        result.ending.push_back(t);
  }
  if (result.ending.empty())
    return result;
  std::vector<size_t> next;
  for (const PhraseProduction &p : structure.productions)
    for (size_t i = 0; i + 1 < p.rhs.size(); ++i)
      if (p.rhs[i].kind == StructureSymbol::Phrase)
        firstTokens(classes, p.rhs[i + 1], next);
  for (size_t t : next)
    if (std::find(result.ending.begin(), result.ending.end(), t) ==
        result.ending.end())
      result.continuing.push_back(t);
  std::sort(result.ending.begin(), result.ending.end());
  std::sort(result.continuing.begin(), result.continuing.end());
  return result;
}

static bool isIdentifier(const std::string &word) {
  if (word.empty() || !(std::isalpha((unsigned char)word[0]) || word[0] == '_'))
    return false;
  return std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum((unsigned char)c) || c == '_';
  });
}

std::vector<std::string> circc::induce::classNames(const WordClasses &classes) {
  std::set<std::string> taken(classes.tokens.begin(), classes.tokens.end());
  taken.insert("command");
  std::vector<std::string> names;
  for (size_t k = 0; k < classes.classes.size(); ++k) {
    const std::string &first = classes.tokens[classes.classes[k].front()];
    std::string name = isIdentifier(first) ? first + "_words"
                                           : "words_" + std::to_string(k + 1);
    while (taken.count(name))
      name += "_";
    taken.insert(name);
    names.push_back(name);
  }
  return names;
}

/// `word` as a grammar file's quoted token.
static std::string quote(const std::string &word) {
  std::string out = "\"";
  for (char c : word) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

static std::string describe(const std::vector<std::string> &command) {
  std::string out;
  for (const std::string &w : command)
    out += (out.empty() ? "" : " ") + w;
  return out;
}

std::string circc::induce::writeSkeleton(
    const std::string &name, const WordClasses &classes,
    const Structure &structure, const std::vector<std::string> &outputs,
    Binding binding, Associativity associativity, size_t maxInput,
    size_t maxOutput, const std::vector<std::vector<std::string>> &commands) {
  std::vector<std::string> names = classNames(classes);
  std::ostringstream os;
  os << "grammar " << name << ";\n\n";
  os << "tokens ";
  for (const std::string &t : classes.tokens)
    os << " " << quote(t);
  os << ";\noutputs";
  for (const std::string &o : outputs)
    os << " " << quote(o);
  os << ";\nstart   command;\nmax input " << maxInput << ";\nmax output "
     << maxOutput << ";\n";
  PrecedenceTokens precedence = precedenceTokens(classes, structure);
  if (!precedence.ending.empty()) {
    auto line = [&](const char *assoc, const std::vector<size_t> &tokens) {
      if (tokens.empty())
        return;
      os << "precedence " << assoc;
      for (size_t t : tokens)
        os << " " << quote(classes.tokens[t]);
      os << ";\n";
    };
    const char *ending = associativity == Associativity::Left    ? "left"
                         : associativity == Associativity::Right ? "right"
                                                                 : "nonassoc";
    // A later line binds tighter.
    if (binding == Binding::Unordered) {
      std::vector<size_t> all = precedence.ending;
      all.insert(all.end(), precedence.continuing.begin(),
                 precedence.continuing.end());
      line("nonassoc", all);
    } else if (binding == Binding::PostfixTighter) {
      line(ending, precedence.ending);
      line("left", precedence.continuing);
    } else {
      line("left", precedence.continuing);
      line(ending, precedence.ending);
    }
  }
  os << "\n";
  auto spell = [&](const StructureSymbol &s) {
    switch (s.kind) {
    case StructureSymbol::Phrase:
      return std::string("command");
    case StructureSymbol::Class:
      return names[s.id];
    case StructureSymbol::Token:
      return quote(classes.tokens[s.id]);
    }
    return std::string();
  };
  // The phrase, each production with the command that made it.
  os << "command";
  for (size_t i = 0; i < structure.productions.size(); ++i) {
    const PhraseProduction &p = structure.productions[i];
    std::string rhs;
    for (const StructureSymbol &s : p.rhs)
      rhs += (rhs.empty() ? "" : " ") + spell(s);
    // A class's level is its first word's, named by %prec.
    const StructureSymbol *last = endingSymbol(p);
    if (last && last->kind == StructureSymbol::Class &&
        !precedence.ending.empty())
      rhs +=
          " %prec " + quote(classes.tokens[classes.classes[last->id].front()]);
    os << (i == 0 ? " = " : "        | ") << rhs << " { ?? }  # from \""
       << describe(commands[p.madeBy]) << "\"\n";
  }
  os << "        ;\n";
  for (size_t k = 0; k < classes.classes.size(); ++k) {
    if (structure.inlined[k])
      continue;
    os << "\n# Words that share contexts";
    auto [a, b] = classes.evidence[k];
    if (a != SIZE_MAX)
      os << ", as in \"" << describe(commands[a]) << "\" and \""
         << describe(commands[b]) << "\"";
    os << ".\n" << names[k];
    for (size_t i = 0; i < classes.classes[k].size(); ++i)
      os << (i == 0 ? " = " : " | ")
         << quote(classes.tokens[classes.classes[k][i]]) << " { ?? }";
    os << ";\n";
  }
  return os.str();
}
