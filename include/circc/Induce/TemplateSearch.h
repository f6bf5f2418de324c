//===- TemplateSearch.h - Templates that fit training data ------*- C++ -*-===//
//
// Part of circc. Given a grammar's productions, some of whose templates are
// left open, and training examples parsed into derivations, finds a
// template for every open production such that every example's derivation
// produces its output. Plain C++: circ-induce builds the inputs from a
// skeleton grammar and the circuit compiled from it.
//
// The search is exact, by backtracking. Examples are taken most
// constrained first: each next one is one whose derivation uses the fewest
// open productions that the examples before it do not (then the shortest
// output). Each is matched top-down from its root against its output: a
// production whose template is known splits the expected output among the
// children it refers to; one that is open gets, in turn, every template
// (child references and output symbols, at most its item limit) that can
// produce the expected output, simplest first (sequence functions of
// children whose output is known, `reverse($2)`, `$2[1:]`, among them),
// and its children get the
// parts it gives them. Simplest means: refers to every child, then has the
// fewest items, then the fewest output symbols; ties are broken by child
// references before symbols, then lower child positions and symbol ids
// first. A child whose output is already computable must produce exactly
// its part; one whose subtree is still open is matched against the part in
// turn. A known template may slice a child whose output is not computable
// yet: the child is then matched against what the slices keep, positions
// they drop left unknown (any symbol fits there, and no output symbol is
// proposed for one). An example all of whose templates are known is checked by
// evaluating it. A failure goes back to the latest choice it depends on
// (conflict-directed backjumping). After the first fit the search goes on,
// bounded by that fit's size, to find other fits no larger: templates
// they change are ones the data does not decide.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_INDUCE_TEMPLATESEARCH_H
#define CIRCC_INDUCE_TEMPLATESEARCH_H

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace circc::induce {

/// One item of a flat template: a child's whole output, one symbol, or a
/// sequence function of one child's output: reversed, or positions
/// [start, stop) of it as Python slices them (`$2[1:]`, `$2[-1]`).
struct Item {
  enum Kind : uint8_t { Child, Symbol, Reverse, Slice };
  Kind kind;
  /// Child, Reverse, Slice: the index into Production::children; Symbol:
  /// the output id.
  int32_t value;
  /// Slice: its bounds; kEnd for no stop.
  int32_t start = 0, stop = kEnd;
  static constexpr int32_t kEnd = INT32_MAX;
  bool operator==(const Item &other) const {
    return kind == other.kind && value == other.value && start == other.start &&
           stop == other.stop;
  }
  /// What the item makes of its child's output `child`.
  std::vector<int32_t> apply(const std::vector<int32_t> &child) const;
};

/// The sequence functions the search proposes for a child whose output is
/// known, in the order it prefers them: `reverse($N)`, then the slices
/// of one position from either end (`$N[0]`, `$N[-1]`, `$N[1]`, `$N[-2]`),
/// then the others whose bounds are 0, 1, 2 or -1, -2 from the ends (but
/// no start from the end with a stop from the start, as `[-1:1]`).
const std::vector<Item> &sequenceFunctions(int32_t child);
/// A template with its repetitions unrolled.
using Template = std::vector<Item>;

/// How simple a template, or a fit's templates together, are; compared in
/// this order (fewer is simpler): child references missing (children a
/// template does not refer to), items (repetitions unrolled), output
/// symbols (a child reference generalises, a copied symbol does not),
/// sequence functions (a whole child is the plainest reference).
struct Simplicity {
  size_t unused = 0;
  size_t items = 0;
  size_t symbols = 0;
  /// Items that apply a sequence function to a child.
  size_t functions = 0;
  bool operator<(const Simplicity &other) const {
    return std::tie(unused, items, symbols, functions) <
           std::tie(other.unused, other.items, other.symbols, other.functions);
  }
  bool operator==(const Simplicity &other) const {
    return std::tie(unused, items, symbols, functions) ==
           std::tie(other.unused, other.items, other.symbols, other.functions);
  }
  bool operator!=(const Simplicity &other) const { return !(*this == other); }
  Simplicity &operator+=(const Simplicity &other) {
    unused += other.unused;
    items += other.items;
    functions += other.functions;
    symbols += other.symbols;
    return *this;
  }
  Simplicity &operator-=(const Simplicity &other) {
    unused -= other.unused;
    items -= other.items;
    functions -= other.functions;
    symbols -= other.symbols;
    return *this;
  }
};

/// The simplicity of one template of a production with `numChildren`, of
/// which those `silent` marks are not counted unused.
Simplicity simplicity(const Template &items, int32_t numChildren,
                      const std::vector<bool> &silent = {});

struct Production {
  /// How reports name it: `phrase = action "around" direction`.
  std::string name;
  /// How many children a template may refer to (nonterminals and token
  /// classes of the right-hand side, in order).
  int32_t numChildren = 0;
  /// The template written in the grammar; empty when it is open.
  std::optional<Template> known;
  /// The most items an open template may have.
  int32_t maxItems = 8;
  /// Whether an open template may apply sequence functions to children
  /// whose outputs are known (see sequenceFunctions): some 25 more items
  /// per such child, which a search that backtracks much (SCAN's) cannot
  /// afford, so they are asked for (circ-induce --sequence-functions).
  bool sequenceFunctions = false;
  /// Per child, whether it outputs nothing whatever the input (a synonym
  /// written `{ }`): an open template does not refer to it, and leaving
  /// it out is not counting it unused. Empty: none is.
  std::vector<bool> silent;
};

/// One node of a derivation: a production applied to child nodes, or a
/// token class's word, whose output is one known symbol.
struct Node {
  /// The production; -1 for a class word.
  int32_t production = -1;
  /// Node indices, one per child of the production.
  std::vector<int32_t> children;
  /// A class word's output symbol.
  int32_t symbol = -1;
};

struct Example {
  /// nodes[0] is the root.
  std::vector<Node> nodes;
  std::vector<int32_t> target;
  /// Where the example came from, for reports.
  std::string command;
  size_t line = 0;
};

struct Options {
  /// Search steps (candidate templates tried) before giving up.
  uint64_t maxSteps = 20'000'000;
  /// Called now and then with the examples settled so far and the total.
  std::function<void(size_t settled, size_t total)> progress;
  /// After the first fit of every example, the search goes on for up to
  /// this many other fits whose open templates are together no larger
  /// (see fitSize); a production they give another template is
  /// undetermined. 0 skips the check.
  int32_t otherFits = 3;
  /// The steps that search for other fits may take.
  uint64_t otherFitSteps = 200'000;
};

/// A template per production, as a fit assigns them.
using Assignment = std::vector<std::optional<Template>>;

/// How large a fit is: the simplicity of its open templates, summed.
Simplicity fitSize(const std::vector<Production> &productions,
                   const Assignment &templates);

struct Result {
  enum Status {
    /// Every open template found: `templates` holds them.
    Found,
    /// No assignment of templates reproduces every example.
    NoTemplate,
    /// The search ran out of steps.
    OutOfSteps,
  } status = NoTemplate;
  /// Per production: its template, or none for an open one that no
  /// example constrains (never used where its output is seen).
  std::vector<std::optional<Template>> templates;
  /// Per production: the example whose search fixed the template, or -1.
  std::vector<int64_t> fixedBy;
  /// Per production: other templates, no larger, that reproduce every
  /// example as well, alone or with other templates elsewhere (the data
  /// leaves the choice open).
  std::vector<std::vector<Template>> alternatives;
  /// The other fits, no larger, the search went on to find, each whole.
  std::vector<Assignment> otherFits;
  /// The search for other fits ran out of Options::otherFitSteps before
  /// it had tried every fit no larger: the templates are not shown to be
  /// the only ones.
  bool otherFitsStopped = false;
  /// NoTemplate: the example the search could not get past, the open
  /// productions in its derivation, and for each the example that had
  /// fixed it when the search last failed there (-1 if none).
  int64_t failedExample = -1;
  std::vector<int32_t> failedProductions;
  std::vector<int64_t> failedFixedBy;
  uint64_t steps = 0;
  /// Whether some node had more candidate templates than the search keeps
  /// (200,000): the search was then not exhaustive there.
  bool truncated = false;
};

Result searchTemplates(const std::vector<Production> &productions,
                       const std::vector<Example> &examples,
                       const Options &options = {});

/// The output of `example`'s node `node` under `templates`, or none when a
/// template it needs is missing.
std::optional<std::vector<int32_t>>
evaluate(const Example &example, int32_t node,
         const std::vector<std::optional<Template>> &templates);

/// A run of a template as a grammar file writes it: the `period` items
/// from `start`, `count` times (1: written once, no repetition).
struct Repetition {
  size_t start, period, count;
};

/// `items` cut into runs, each the repetition starting there that covers
/// the most items (the shortest period among equals). The items as
/// written are the sum of the periods.
std::vector<Repetition> foldTemplate(const Template &items);

/// One item in a grammar file's template syntax: `$2`, `I_WALK`,
/// `reverse($2)`, `$2[0]`, `$2[1:-1]`.
std::string formatItem(const Item &item,
                       const std::function<std::string(int32_t)> &child,
                       const std::function<std::string(int32_t)> &symbol);

/// `items` written in a grammar file's template syntax, repetitions folded
/// (`($3 $1) * 4`); `child(i)` and `symbol(id)` spell the items.
std::string formatTemplate(const Template &items,
                           const std::function<std::string(int32_t)> &child,
                           const std::function<std::string(int32_t)> &symbol);

} // namespace circc::induce

#endif // CIRCC_INDUCE_TEMPLATESEARCH_H
