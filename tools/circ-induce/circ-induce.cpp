//===- circ-induce.cpp - Find a skeleton grammar's open templates ---------===//
//
// Part of circc. Reads a skeleton grammar (templates left open with
// `{ ?? }`) and training files, parses every training command with the
// circuit circc compiles from the skeleton's structure
// (grammar-derivation-output), searches the open templates that reproduce
// every training output (circc/Induce/TemplateSearch.h) and writes the
// grammar with them filled in.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Grammar/GrammarOps.h"
#include "circc/Dialect/Grammar/GrammarPasses.h"
#include "circc/Frontend/GrammarLexer.h"
#include "circc/Frontend/GrammarParser.h"
#include "circc/Induce/StructureInduction.h"
#include "circc/Induce/TemplateSearch.h"
#include "circc/InitAllDialects.h"
#include "circc/Pipelines/Pipelines.h"
#include "circc/Target/SharedLibrary.h"

#include "CircuitLibrary.h"
#include "Derivation.h"
#include "ScanFile.h"
#include "TemporaryFolder.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include "mlir/Support/FileUtilities.h"

#include <chrono>
#include <map>
#include <set>

namespace cl = llvm::cl;
namespace g = circc::grammar;
namespace induce = circc::induce;
using namespace mlir;

namespace {
cl::OptionCategory category("circ-induce options");

cl::opt<std::string> skeletonFile(cl::Positional, cl::desc("[SKELETON.scan]"),
                                  cl::cat(category));

cl::list<std::string>
    dataFiles("data",
              cl::desc("A training file (SCAN format: IN: ... OUT: ..., or "
                       "TSV); may be given several times"),
              cl::value_desc("file"), cl::cat(category));

cl::opt<std::string> outputFilename(
    "o", cl::desc("Write the grammar to this file ('-', the default: stdout)"),
    cl::value_desc("file"), cl::init("-"), cl::cat(category));

cl::opt<unsigned>
    maxItems("max-items",
             cl::desc("The most items an open template may have, repetitions "
                      "unrolled, where the skeleton does not say ('?? max N'); "
                      "default 8"),
             cl::init(8), cl::cat(category));

cl::opt<bool> sequenceFunctions(
    "sequence-functions",
    cl::desc("Let open templates apply sequence functions to children whose "
             "output is known: reverse($N) and slices $N[I], $N[A:B] with "
             "bounds 0, 1, 2 from either end (PCFG SET's functions; the "
             "search space grows with them)"),
    cl::cat(category));

cl::opt<uint64_t> maxSteps("max-steps",
                           cl::desc("Candidate templates the search may try "
                                    "before it gives up (default 20000000)"),
                           cl::init(20'000'000), cl::cat(category));

cl::opt<int32_t> otherFits(
    "other-fits",
    cl::desc("After the first fit of every example, how many other fits, no "
             "larger in all, to look for: a template they change is "
             "undetermined (0: no check; default 3)"),
    cl::init(3), cl::cat(category));

cl::opt<uint64_t> otherFitSteps(
    "other-fit-steps",
    cl::desc("Candidate templates that look may try (default 200000)"),
    cl::init(200'000), cl::cat(category));

cl::opt<bool> pickSimplest(
    "pick-simplest",
    cl::desc("Where the data fits more than one template, write the "
             "simplest anyway (the fit smallest in all, then the first "
             "found), saying so in the file's comments"),
    cl::cat(category));

cl::opt<double> classOverlap(
    "class-overlap",
    cl::desc("Without a skeleton: two word classes merge when the contexts "
             "they share are at least this share of the rarer one's "
             "(default 0.3)"),
    cl::init(0.3), cl::cat(category));

cl::opt<unsigned> maxInput(
    "max-input",
    cl::desc("Without a skeleton: the induced grammar's 'max input' (default: "
             "the larger of 64 and twice the longest training command)"),
    cl::init(0), cl::cat(category));

cl::opt<unsigned> maxOutput(
    "max-output",
    cl::desc("Without a skeleton: the induced grammar's 'max output' "
             "(default: the larger of 256 and four times the longest training "
             "output)"),
    cl::init(0), cl::cat(category));

cl::opt<unsigned> maxProductions(
    "max-productions",
    cl::desc("Without a skeleton: the most phrase productions a structure "
             "tried may have (default 200)"),
    cl::init(200), cl::cat(category));

cl::opt<std::string>
    grammarName("name",
                cl::desc("Without a skeleton: the induced grammar's name"),
                cl::init("induced"), cl::cat(category));

cl::opt<bool> showTries(
    "show-tries",
    cl::desc("Without a skeleton: print every skeleton tried, and how far "
             "the template search got with it, on stderr"),
    cl::cat(category));

cl::opt<bool> quiet("quiet", cl::desc("No progress on stderr"),
                    cl::cat(category));

cl::opt<std::string> linker("linker",
                            cl::desc("C compiler driver that links the "
                                     "structure's circuit"),
                            cl::init(CIRCC_DEFAULT_LINKER), cl::cat(category));

cl::opt<std::string> runtimeLib(
    "runtime-lib",
    cl::desc("The circc runtime archive (default: lib/libcircc_runtime.a "
             "next to bin/)"),
    cl::cat(category));
} // namespace

static constexpr const char *kOverview =
    R"(circ-induce: finds a grammar, or a skeleton grammar's open templates, from data

  circ-induce grammars/scan_skeleton.scan --data=TRAIN -o scan_induced.scan
  circ-induce --data=TRAIN -o induced.scan

A skeleton is a grammar file some of whose templates are left open,
'{ ?? }' (or '{ ?? max N }'). circ-induce compiles the skeleton's
structure to a circuit with circc, parses every training command with it,
and searches, for every open template, a sequence of child references and
output symbols (with --sequence-functions also reverse($N) and slices
$N[I], $N[A:B] of children) such that every command's derivation produces
its output. The search is exact (backtracking; docs/Induction.md); among
templates that fit it takes the simplest: refers to every child, then
fewest items, then fewest output symbols, then child references before
symbols and lower positions first. The grammar is
written with the templates filled in and a comment saying which example
fixed each; it compiles with circc like any other.

Without a skeleton, circ-induce first finds one from the training commands
(docs/Induction.md, "Without a skeleton"): word classes from the contexts
words share, one phrase category 'command' whose productions are the
commands with their parts that are commands replaced by it, precedence
between the productions that end with a phrase and those that continue
one, and a class written as its words where the words' outputs do not
substitute for each other. Each choice is tried with the template search;
what the data does not decide is reported, as for templates.

Exit status: 0 when every template is determined; 2 when the data leaves
some template open (never used where its output is seen, or other
templates fit as well): those stay '??' in the output, with the candidates
in a comment, and the report names them (without a skeleton, also a word
class, order or associativity the data does not decide); 1 on errors, among them a
training command the skeleton does not parse and data no template fits (the
report names the example and the productions involved).
)";

static int fail(const llvm::Twine &message) {
  llvm::errs() << "circ-induce: error: " << message << "\n";
  return 1;
}

namespace {
/// What circ-induce knows of each production of the skeleton.
struct SkeletonProduction {
  /// 1-based right-hand-side positions of the children, in order.
  std::vector<int64_t> positions;
  /// Where its `??` is (line, column; 1-based), if it is open.
  std::optional<std::pair<unsigned, unsigned>> hole;
  unsigned line = 0;
};
} // namespace

/// `reverse($N)` or a slice `$N[...]` of one whole child, as an item.
static std::optional<induce::Item>
readSequenceFunction(Operation &op, const std::vector<int64_t> &positions) {
  if (!isa<g::ReverseOp, g::SliceOp>(op))
    return std::nullopt;
  Block &body = op.getRegion(0).front();
  auto child = body.getOperations().size() == 1
                   ? dyn_cast<g::ChildOp>(body.front())
                   : g::ChildOp();
  if (!child || child.getStream())
    return std::nullopt;
  int32_t index =
      int32_t(llvm::find(positions, child.getIndex()) - positions.begin());
  if (isa<g::ReverseOp>(op))
    return induce::Item{induce::Item::Reverse, index};
  circc::Slice slice = cast<g::SliceOp>(op).getSlice();
  auto narrow = [](int64_t i) {
    return int32_t(std::clamp<int64_t>(i, INT32_MIN + 1, INT32_MAX - 1));
  };
  return induce::Item{induce::Item::Slice, index, narrow(slice.start),
                      slice.stop ? narrow(*slice.stop) : induce::Item::kEnd};
}

/// Flattens a written template into items; fails on what the search cannot
/// use (op tables, sequence functions of more than one child, learned
/// symbols).
static LogicalResult flatten(Block &body, const std::vector<int64_t> &positions,
                             g::GrammarOp grammar, induce::Template &out) {
  auto outputs = grammar.getOutputs().getAsValueRange<StringAttr>();
  for (Operation &op : body) {
    if (auto child = dyn_cast<g::ChildOp>(op)) {
      auto it = llvm::find(positions, child.getIndex());
      out.push_back({induce::Item::Child, int32_t(it - positions.begin())});
    } else if (auto emit = dyn_cast<g::EmitOp>(op)) {
      out.push_back(
          {induce::Item::Symbol,
           int32_t(llvm::find(outputs, emit.getSymbol()) - outputs.begin())});
    } else if (auto function = readSequenceFunction(op, positions)) {
      out.push_back(*function);
    } else if (auto repeat = dyn_cast<g::RepeatOp>(op);
               repeat && repeat.getCount()) {
      induce::Template once;
      if (failed(flatten(*repeat.getBody(), positions, grammar, once)))
        return failure();
      for (uint64_t i = 0; i < *repeat.getCount(); ++i)
        out.insert(out.end(), once.begin(), once.end());
    } else {
      return op.emitError()
             << "circ-induce reads written templates of child references, "
                "output symbols, repetitions a fixed number of times and "
                "reverse or a slice of one child only; this production uses '"
             << op.getName().stripDialect()
             << (isa<g::RepeatOp>(op) ? " by" : "") << "'";
    }
  }
  return success();
}

/// Marks each production's children that output nothing whatever the input:
/// nonterminals whose every production is written and refers only to such
/// children (`{ }` first). `nonterminals[p]` is production p's nonterminal,
/// `childNames[p]` its children's names.
static void
markSilentChildren(const std::vector<std::string> &nonterminals,
                   const std::vector<std::vector<StringRef>> &childNames,
                   std::vector<induce::Production> &productions) {
  std::set<StringRef> silent;
  for (const std::string &name : nonterminals)
    silent.insert(name);
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t p = 0; p < productions.size(); ++p) {
      StringRef name = nonterminals[p];
      if (!silent.count(name))
        continue;
      bool quiet = productions[p].known.has_value();
      if (quiet)
        for (const induce::Item &item : *productions[p].known)
          quiet = quiet && item.kind != induce::Item::Symbol &&
                  silent.count(childNames[p][item.value]);
      if (!quiet) {
        silent.erase(name);
        changed = true;
      }
    }
  }
  for (size_t p = 0; p < productions.size(); ++p)
    for (StringRef child : childNames[p])
      productions[p].silent.push_back(silent.count(child) > 0);
}

/// Compiles the skeleton's derivation grammar to the shared library
/// `library`; `error` says why not, unless a diagnostic has.
static LogicalResult compileStructure(ModuleOp skeleton, const char *argv0,
                                      llvm::StringRef library,
                                      std::string &error) {
  circc::LinkOptions link;
  link.linker = linker;
  link.runtimeArchive =
      runtimeLib.empty()
          ? circc::defaultRuntimeArchive(argv0, reinterpret_cast<void *>(&fail))
          : runtimeLib.getValue();
  return circc::compileDerivationLibrary(skeleton, {}, link, library, error);
}

namespace {
/// The training data, read once.
struct TrainingData {
  std::vector<circc::tools::ScanExample> examples;
  /// Per example, its file's name.
  std::vector<std::string> files;
  /// The output symbols, in order of first appearance.
  std::vector<std::string> outputs;
};

/// A skeleton read, its structure compiled and every training command
/// parsed with it.
struct Prepared {
  OwningOpRef<ModuleOp> module;
  std::vector<std::string> outputs;
  std::vector<SkeletonProduction> skeleton;
  std::vector<induce::Production> productions;
  /// Per production, its nonterminal's name.
  std::vector<std::string> nonterminals;
  std::vector<induce::Example> examples;
};

} // namespace

/// Where training example `e` is: `FILE:LINE`.
static std::string exampleAt(const TrainingData &data, size_t e) {
  return data.files[e] + ":" + std::to_string(data.examples[e].line);
}

static bool readData(TrainingData &data, std::string &error) {
  std::map<std::string, size_t> seen;
  for (const std::string &file : dataFiles) {
    std::vector<circc::tools::ScanExample> read;
    circc::tools::ScanFileCounts counts;
    if (!circc::tools::readScanFile(file, /*stopOnError=*/true, read, counts,
                                    error))
      return false;
    std::string name = llvm::sys::path::filename(file).str();
    for (circc::tools::ScanExample &scan : read) {
      for (const std::string &action : scan.actions)
        if (seen.emplace(action, data.outputs.size()).second)
          data.outputs.push_back(action);
      data.examples.push_back(std::move(scan));
      data.files.push_back(name);
    }
  }
  return true;
}

/// Reads the skeleton `text`, compiles its structure and parses every
/// training command with it. On failure, `error` says why (empty when a
/// diagnostic has).
static LogicalResult prepare(MLIRContext &context, const std::string &text,
                             const std::string &name, bool silent,
                             const TrainingData &data, const char *argv0,
                             circc::tools::TemporaryFolder &folder,
                             Prepared &out, std::string &error) {
  llvm::SourceMgr sourceMgr;
  std::optional<SourceMgrDiagnosticHandler> diagnostics;
  if (!silent)
    diagnostics.emplace(sourceMgr, &context);
  sourceMgr.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, name),
                               llvm::SMLoc());
  out.module = circc::frontend::parseGrammarFile(sourceMgr, &context);
  if (!out.module)
    return failure();
  auto grammars = out.module->getOps<g::GrammarOp>();
  if (!llvm::hasSingleElement(grammars)) {
    error = "the skeleton must hold one grammar";
    return failure();
  }
  g::GrammarOp grammar = *grammars.begin();
  out.outputs.assign(grammar.getOutputs().getAsValueRange<StringAttr>().begin(),
                     grammar.getOutputs().getAsValueRange<StringAttr>().end());

  // The productions, in the order grammar-derivation-output numbers them.
  std::vector<std::vector<StringRef>> childNames;
  for (g::NonterminalOp nonterminal : grammar.getNonterminals()) {
    for (g::ProductionOp op :
         nonterminal.getBody()->getOps<g::ProductionOp>()) {
      SkeletonProduction entry;
      childNames.emplace_back();
      for (auto [index, item] : llvm::enumerate(op.getRhs()))
        if (auto child = dyn_cast<FlatSymbolRefAttr>(item)) {
          entry.positions.push_back(int64_t(index) + 1);
          childNames.back().push_back(child.getValue());
        }
      if (auto loc = dyn_cast<FileLineColLoc>(op.getLoc()))
        entry.line = loc.getLine();
      induce::Production production;
      production.name = op.describe();
      production.numChildren = int32_t(entry.positions.size());
      Block &body = *op.getBody();
      if (!body.empty() && isa<g::HoleOp>(body.front())) {
        auto hole = cast<g::HoleOp>(body.front());
        production.maxItems = int32_t(hole.getMaxItems().value_or(maxItems));
        production.sequenceFunctions = sequenceFunctions;
        if (auto loc = dyn_cast<FileLineColLoc>(hole.getLoc()))
          entry.hole = {loc.getLine(), loc.getColumn()};
      } else {
        induce::Template items;
        if (failed(flatten(body, entry.positions, grammar, items)))
          return failure();
        production.known = std::move(items);
      }
      out.skeleton.push_back(entry);
      out.productions.push_back(std::move(production));
      out.nonterminals.push_back(nonterminal.getSymName().str());
    }
  }

  markSilentChildren(out.nonterminals, childNames, out.productions);

  // The parser is the circuit's own.
  std::string libraryPath =
      folder.file("structure" + llvm::Twine(folder.size()) + ".so");
  if (failed(compileStructure(*out.module, argv0, libraryPath, error)))
    return failure();
  circc::tools::CircuitLibrary library;
  if (!library.open(libraryPath, error) || !library.create("", error))
    return failure();

  std::map<std::string, int32_t> outputIds;
  for (auto [id, output] : llvm::enumerate(out.outputs))
    outputIds[output] = int32_t(id);
  std::vector<int32_t> ids(std::max(library.maxOutput(library.circuit), 1));
  std::vector<int32_t> numChildren;
  for (const induce::Production &production : out.productions)
    numChildren.push_back(production.numChildren);
  std::vector<circc::tools::DerivationNode> nodes;
  for (auto [scan, file] : llvm::zip(data.examples, data.files)) {
    induce::Example example;
    example.command = scan.command;
    example.line = scan.line;
    for (const std::string &action : scan.actions) {
      auto it = outputIds.find(action);
      if (it == outputIds.end()) {
        error = file + ":" + std::to_string(scan.line) + ": '" + action +
                "' is not one of the skeleton's outputs";
        return failure();
      }
      example.target.push_back(it->second);
    }
    circc_result result;
    circc_status status = library.runText(library.circuit, scan.command.data(),
                                          scan.command.size(), ids.data(),
                                          int32_t(ids.size()), &result);
    if (status != CIRCC_OK ||
        !circc::tools::readDerivation(ids.data(), size_t(result.length),
                                      numChildren, nodes)) {
      char message[256] = "the circuit's derivation is malformed";
      if (status != CIRCC_OK)
        library.describe(library.circuit, scan.command.data(),
                         scan.command.size(), &result, message,
                         sizeof(message));
      error = file + ":" + std::to_string(scan.line) +
              ": the skeleton does not parse '" + scan.command +
              "': " + message;
      return failure();
    }
    for (circc::tools::DerivationNode &node : nodes)
      example.nodes.push_back(
          {node.production, std::move(node.children), node.symbol});
    out.examples.push_back(std::move(example));
  }
  return success();
}

namespace {
/// A skeleton found from the training commands alone, and what the search
/// for it could not decide.
struct FoundSkeleton {
  std::string text;
  /// Comment lines for the written file's head.
  std::vector<std::string> report;
  bool undetermined = false;
};
} // namespace

/// Finds a skeleton from the training commands (docs/Induction.md, "Without
/// a skeleton"): word classes, the phrase productions, which classes are
/// written as their words and the precedence, each choice tried with the
/// template search. Fails (reported on stderr) when nothing tried fits.
static LogicalResult findSkeleton(MLIRContext &context,
                                  const TrainingData &data, const char *argv0,
                                  circc::tools::TemporaryFolder &folder,
                                  FoundSkeleton &found) {
  std::vector<std::vector<std::string>> commands;
  size_t longestCommand = 0, longestOutput = 0;
  for (const circc::tools::ScanExample &scan : data.examples) {
    llvm::SmallVector<llvm::StringRef> words;
    llvm::StringRef(scan.command).split(words, ' ', -1, false);
    commands.emplace_back(words.begin(), words.end());
    longestCommand = std::max(longestCommand, words.size());
    longestOutput = std::max(longestOutput, scan.actions.size());
  }
  // A command given two outputs fits no grammar.
  std::map<std::string, size_t> firstOf;
  for (size_t i = 0; i < data.examples.size(); ++i) {
    auto [it, added] = firstOf.try_emplace(data.examples[i].command, i);
    if (!added &&
        data.examples[it->second].actions != data.examples[i].actions) {
      llvm::errs() << "circ-induce: error: the training data contradicts "
                      "itself: '"
                   << data.examples[i].command << "' has one output at "
                   << exampleAt(data, it->second) << " and another at "
                   << exampleAt(data, i) << "\n";
      return failure();
    }
  }
  size_t inputBound =
      maxInput ? size_t(maxInput) : std::max<size_t>(64, 2 * longestCommand);
  size_t outputBound =
      maxOutput ? size_t(maxOutput) : std::max<size_t>(256, 4 * longestOutput);
  induce::WordClasses classes = induce::findWordClasses(commands, classOverlap);
  std::vector<std::string> names = induce::classNames(classes);
  if (!quiet) {
    size_t kept = llvm::count_if(classes.classes,
                                 [](auto &words) { return words.size() > 1; });
    llvm::errs() << "circ-induce: " << classes.tokens.size() << " tokens, "
                 << kept << " word classes of two or more\n";
  }

  struct Attempt {
    std::string text;
    induce::Structure structure;
    bool fits = false;
    size_t settled = 0;
    std::string error;
    /// Where the template search stopped: the example, and those that had
    /// fixed the productions it needs.
    std::vector<std::string> failure;
    /// Per example, its derivation's productions (and symbols) in order.
    std::vector<std::vector<int32_t>> derivations;
  };
  size_t attempts = 0;
  bool compress = true;
  auto attempt = [&](const std::vector<bool> &inlined, induce::Binding binding,
                     induce::Associativity associativity) {
    Attempt a;
    a.structure =
        induce::findStructure(classes, inlined, compress, maxProductions);
    if (a.structure.productions.size() > maxProductions) {
      a.error = "the commands' structure needs more than "
                "--max-productions=" +
                std::to_string(maxProductions) + " phrase productions";
      return a;
    }
    a.text = induce::writeSkeleton(grammarName, classes, a.structure,
                                   data.outputs, binding, associativity,
                                   inputBound, outputBound, commands);
    ++attempts;
    if (showTries)
      llvm::errs() << "circ-induce: try " << attempts << ":\n" << a.text;
    auto report = llvm::make_scope_exit([&] {
      if (showTries)
        llvm::errs() << "circ-induce: try " << attempts << ": "
                     << (a.fits            ? "fits"
                         : a.error.empty() ? "no template fits"
                                           : a.error)
                     << "; " << a.settled << " examples reproduced\n";
    });
    // Diagnostics of a skeleton tried are not the user's.
    ScopedDiagnosticHandler silence(&context, [&](Diagnostic &d) {
      if (d.getSeverity() == DiagnosticSeverity::Error && a.error.empty())
        a.error = d.str();
      return success();
    });
    Prepared prepared;
    std::string error;
    if (failed(prepare(context, a.text, "skeleton" + std::to_string(attempts),
                       /*silent=*/true, data, argv0, folder, prepared,
                       error))) {
      if (!error.empty())
        a.error = error;
      return a;
    }
    induce::Options options;
    options.maxSteps = std::min<uint64_t>(maxSteps, 2'000'000);
    options.otherFits = 0;
    options.progress = [&](size_t settled, size_t) {
      a.settled = std::max(a.settled, settled);
    };
    induce::Result result = induce::searchTemplates(prepared.productions,
                                                    prepared.examples, options);
    a.fits = result.status == induce::Result::Found;
    auto at = [&](int64_t e) {
      return exampleAt(data, e) + ": \"" + data.examples[e].command + "\"";
    };
    if (!a.fits && result.failedExample >= 0) {
      a.failure.push_back("the furthest command no template fits: " +
                          at(result.failedExample));
      for (auto [p, by] :
           llvm::zip(result.failedProductions, result.failedFixedBy))
        if (by >= 0)
          a.failure.push_back("with " + prepared.productions[p].name + " as " +
                              at(by) + " fixed it");
    }
    for (const induce::Example &example : prepared.examples) {
      std::vector<int32_t> &d = a.derivations.emplace_back();
      for (const induce::Node &node : example.nodes)
        d.push_back(node.production >= 0 ? node.production : -2 - node.symbol);
    }
    return a;
  };

  // A class is kept as a nonterminal where its words' outputs substitute
  // for each other; the others are written as their words.
  std::vector<std::vector<std::string>> targets;
  for (const circc::tools::ScanExample &scan : data.examples)
    targets.push_back(scan.actions);
  std::vector<bool> kept =
      induce::substitutableClasses(classes, targets, maxItems);
  std::vector<bool> inlined;
  for (bool keep : kept)
    inlined.push_back(!keep);
  if (!quiet)
    for (size_t k = 0; k < classes.classes.size(); ++k)
      if (classes.classes[k].size() > 1 && inlined[k])
        llvm::errs() << "circ-induce: " << names[k]
                     << " written as its words: their outputs do not "
                        "substitute for each other\n";
  std::optional<Attempt> fit;
  induce::Binding binding = induce::Binding::PostfixTighter;
  std::string lastError;
  std::vector<std::string> lastFailure;
  // The fewer productions first; then as the commands' parts give them.
  for (bool compressed : {true, false}) {
    compress = compressed;
    for (induce::Binding tried :
         {induce::Binding::PostfixTighter, induce::Binding::PrefixTighter}) {
      Attempt a = attempt(inlined, tried, induce::Associativity::Left);
      if (a.fits) {
        fit = std::move(a);
        binding = tried;
        break;
      }
      lastError = a.error;
      lastFailure = a.failure;
      if (induce::precedenceTokens(classes, a.structure).ending.empty())
        break; // nothing else to try
    }
    if (fit)
      break;
  }
  if (!fit) {
    llvm::errs() << "circ-induce: error: no grammar found within the limits "
                    "fits the training data";
    if (!lastError.empty())
      llvm::errs() << " (" << lastError << ")";
    llvm::errs() << "; give a skeleton (docs/Induction.md)\n";
    for (const std::string &line : lastFailure)
      llvm::errs() << "  " << line << "\n";
    return failure();
  }

  // What the data decides of the precedence: each choice is tried against
  // the other. When both fit, the data does not decide.
  induce::Associativity associativity = induce::Associativity::Left;
  induce::Binding written = binding;
  induce::PrecedenceTokens precedence =
      induce::precedenceTokens(classes, fit->structure);
  auto spellTokens = [&](const std::vector<size_t> &tokens) {
    std::string out;
    for (size_t t : tokens)
      out += (out.empty() ? "'" : ", '") + classes.tokens[t] + "'";
    return out;
  };
  if (!precedence.ending.empty()) {
    std::string ending = spellTokens(precedence.ending);
    std::string continuing = spellTokens(precedence.continuing);
    if (!precedence.continuing.empty()) {
      induce::Binding other = binding == induce::Binding::PostfixTighter
                                  ? induce::Binding::PrefixTighter
                                  : induce::Binding::PostfixTighter;
      Attempt b = attempt(inlined, other, induce::Associativity::Left);
      std::string tighter = binding == induce::Binding::PostfixTighter
                                ? continuing + " bind tighter than " + ending
                                : ending + " bind tighter than " + continuing;
      if (b.fits) {
        // Where no training command has them in conflict, such commands
        // are refused; where some has, the templates fit either way and
        // the first order is written.
        bool apart = b.derivations == fit->derivations;
        found.report.push_back(
            "undetermined: which of " + ending + " and " + continuing +
            " binds tighter (" +
            (apart ? "no training command has them in conflict"
                   : "the templates fit either way") +
            ")" +
            (pickSimplest ? "; picked (--pick-simplest): " + tighter
             : apart      ? "; written 'nonassoc' on one level: such "
                            "commands are refused"
                          : "; written: " + tighter));
        if (!pickSimplest) {
          if (apart)
            written = induce::Binding::Unordered;
          found.undetermined = true;
        }
      } else {
        found.report.push_back("precedence: " + tighter +
                               " (the other way no template fits)");
      }
    }
    Attempt r = attempt(inlined, binding, induce::Associativity::Right);
    if (r.fits) {
      bool apart = r.derivations == fit->derivations;
      found.report.push_back(
          "undetermined: whether " + ending + " group to the left or right (" +
          (apart ? "no training command has two of them"
                 : "the templates fit either way") +
          ")" +
          (pickSimplest ? "; picked (--pick-simplest): left"
           : apart      ? "; written 'nonassoc': such commands are refused"
                        : "; written: left"));
      if (!pickSimplest) {
        if (apart)
          associativity = induce::Associativity::NonAssoc;
        found.undetermined = true;
      }
    } else {
      found.report.push_back("precedence: " + ending +
                             " group to the left (to the right no template "
                             "fits)");
    }
  }
  for (const auto &u : classes.undecided)
    found.report.push_back("undetermined: the class of '" +
                           classes.tokens[u.token] +
                           "': it shares contexts with " + names[u.chosen] +
                           ", where it is put, and with " + names[u.other]);
  for (size_t k = 0; k < classes.classes.size(); ++k)
    if (inlined[k] && classes.classes[k].size() > 1)
      found.report.push_back("the words of " + names[k] + " (" +
                             spellTokens(classes.classes[k]) +
                             ") share contexts but are written apart: their "
                             "templates differ");
  found.text = induce::writeSkeleton(grammarName, classes, fit->structure,
                                     data.outputs, written, associativity,
                                     inputBound, outputBound, commands);
  if (!quiet) {
    llvm::errs() << "circ-induce: found a structure of "
                 << fit->structure.productions.size()
                 << " phrase productions in " << attempts << " tries\n";
    for (const std::string &line : found.report)
      llvm::errs() << "circ-induce: " << line << "\n";
  }
  return success();
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "circ-induce (circc " << CIRCC_VERSION << ")\n";
  });
  cl::ParseCommandLineOptions(argc, argv, kOverview);
  if (dataFiles.empty())
    return fail("no training data given: --data=FILE");
  if (maxItems == 0 || maxItems > unsigned(g::HoleOp::kMaxItemsLimit))
    return fail("--max-items must be 1 to " +
                llvm::Twine(g::HoleOp::kMaxItemsLimit));
  if (!skeletonFile.empty() &&
      (classOverlap.getNumOccurrences() || maxInput.getNumOccurrences() ||
       maxOutput.getNumOccurrences() || grammarName.getNumOccurrences() ||
       maxProductions.getNumOccurrences() || showTries.getNumOccurrences()))
    return fail("--class-overlap, --max-input, --max-output, "
                "--max-productions, --name and --show-tries apply without a "
                "skeleton only");
  if (circc::frontend::spellWord(grammarName) != grammarName.getValue())
    return fail("--name must be an identifier: '" + grammarName + "'");
  if (!(classOverlap > 0 && classOverlap <= 1))
    return fail("--class-overlap must be more than 0 and at most 1");
  auto started = std::chrono::steady_clock::now();
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         started)
        .count();
  };

  DialectRegistry registry;
  circc::registerAllDialects(registry);
  MLIRContext context(registry);
  context.printOpOnDiagnostic(false);
  std::string error;
  TrainingData data;
  if (!readData(data, error))
    // A malformed line has been reported where it is.
    return error.empty() ? 1 : fail(error);
  circc::tools::TemporaryFolder folder;
  if (!folder.create("circ-induce", error))
    return fail(error);

  std::string skeletonText, skeletonName;
  FoundSkeleton foundSkeleton;
  if (skeletonFile.empty()) {
    if (failed(findSkeleton(context, data, argv[0], folder, foundSkeleton)))
      return 1;
    skeletonText = foundSkeleton.text;
    skeletonName = "the induced grammar";
  } else {
    std::unique_ptr<llvm::MemoryBuffer> input =
        openInputFile(skeletonFile, &error);
    if (!input)
      return fail(error);
    skeletonText = input->getBuffer().str();
    skeletonName = skeletonFile;
  }
  Prepared prepared;
  if (failed(prepare(context, skeletonText, skeletonName, /*silent=*/false,
                     data, argv[0], folder, prepared, error)))
    return error.empty() ? 1 : fail(error);
  const std::vector<std::string> &outputs = prepared.outputs;
  std::vector<SkeletonProduction> &skeleton = prepared.skeleton;
  std::vector<induce::Production> &productions = prepared.productions;
  std::vector<induce::Example> &examples = prepared.examples;
  size_t open = llvm::count_if(
      productions, [](const induce::Production &p) { return !p.known; });
  if (!quiet)
    llvm::errs() << "circ-induce: " << productions.size() << " productions, "
                 << open << " open; parsed " << examples.size()
                 << " training commands (" << llvm::format("%.2f", seconds())
                 << " s)\n";

  induce::Options options;
  options.maxSteps = maxSteps;
  options.otherFits = otherFits;
  options.otherFitSteps = otherFitSteps;
  size_t lastTenth = 0;
  if (!quiet)
    options.progress = [&](size_t settled, size_t total) {
      size_t tenth = settled * 10 / std::max<size_t>(total, 1);
      if (tenth > lastTenth || settled == total) {
        lastTenth = tenth;
        llvm::errs() << "circ-induce: " << settled << "/" << total
                     << " examples reproduced\n";
      }
    };
  induce::Result result =
      induce::searchTemplates(productions, examples, options);
  if (result.truncated)
    llvm::errs() << "circ-induce: warning: some output had more candidate "
                    "templates than the search keeps (200000); lower "
                    "--max-items or '?? max N' for an exhaustive search\n";

  auto describeExample = [&](int64_t index) {
    const induce::Example &example = examples[index];
    std::string text =
        exampleAt(data, index) + ": \"" + example.command + "\" ->";
    for (int32_t symbol : example.target)
      text += " " + outputs[symbol];
    return text;
  };
  auto where = [&](size_t p) {
    return skeletonName + ":" + std::to_string(skeleton[p].line) + ": " +
           productions[p].name;
  };
  if (result.status != induce::Result::Found) {
    if (result.status == induce::Result::OutOfSteps)
      llvm::errs() << "circ-induce: error: the search gave up after "
                   << result.steps
                   << " candidate templates (--max-steps raises the limit)\n";
    else
      llvm::errs() << "circ-induce: error: no template fits the training "
                      "data\n";
    if (result.failedExample >= 0) {
      llvm::errs() << "  the furthest example the search could not reproduce: "
                   << describeExample(result.failedExample) << "\n"
                   << "  the open productions in its derivation, each with "
                      "the example that had fixed it:\n";
      for (auto [p, by] :
           llvm::zip(result.failedProductions, result.failedFixedBy))
        llvm::errs() << "    " << where(p) << ": "
                     << (by >= 0 ? describeExample(by)
                                 : std::string("not fixed by an earlier "
                                               "example"))
                     << "\n";
    }
    return 1;
  }

  // The grammar, written back with the templates in place of the `??`s.
  auto childName = [&](size_t p) {
    return [&, p](int32_t child) {
      return "$" + std::to_string(skeleton[p].positions[child]);
    };
  };
  auto symbolName = [&](int32_t symbol) {
    return circc::frontend::spellWord(outputs[symbol]);
  };
  struct Replacement {
    size_t offset, length;
    std::string text;
  };
  std::vector<Replacement> replacements;
  std::vector<size_t> lineStarts = {0};
  for (size_t i = 0; i < skeletonText.size(); ++i)
    if (skeletonText[i] == '\n')
      lineStarts.push_back(i + 1);
  std::string report;
  llvm::raw_string_ostream header(report);
  header << "# Templates found by circ-induce from";
  for (const std::string &file : dataFiles)
    header << " " << llvm::sys::path::filename(file);
  header << " (" << examples.size() << " examples), each with the example that "
         << "fixed it:\n";
  bool undetermined = foundSkeleton.undetermined;
  if (skeletonFile.empty()) {
    header << "# The structure found by circ-induce from the commands alone "
              "(docs/Induction.md):\n";
    for (const std::string &line : foundSkeleton.report)
      header << "#   " << line << "\n";
  }
  // The fit written: the first, or with --pick-simplest the smallest in
  // all of those found (the first among equals).
  const induce::Assignment *picked = &result.templates;
  if (pickSimplest)
    for (const induce::Assignment &other : result.otherFits)
      if (induce::fitSize(productions, other) <
          induce::fitSize(productions, *picked))
        picked = &other;
  // The size of what was found: items as written (a repetition's body
  // once) and unrolled.
  size_t writtenItems = 0, unrolledItems = 0;
  for (size_t p = 0; p < productions.size(); ++p) {
    if (!skeleton[p].hole)
      continue;
    auto [line, column] = *skeleton[p].hole;
    size_t start = lineStarts[line - 1] + column - 1;
    size_t close = skeletonText.find('}', start);
    std::string text;
    const std::optional<induce::Template> &found = (*picked)[p];
    auto spell = [&](const induce::Template &items) {
      return induce::formatTemplate(items, childName(p), symbolName);
    };
    std::string spelled = found ? spell(*found) : "";
    header << "#   " << productions[p].name << " { ";
    if (!found) {
      undetermined = true;
      header << "?? }  left open: no training example uses it where its "
                "output is seen\n";
      llvm::errs() << "circ-induce: undetermined: " << where(p)
                   << ": no training example uses it where its output is "
                      "seen\n";
      continue;
    }
    // What else fits: the first fit's template and its alternatives, but
    // the one written.
    std::string others;
    std::vector<induce::Template> fits = {*result.templates[p]};
    llvm::append_range(fits, result.alternatives[p]);
    for (const induce::Template &other : fits)
      if (other != *found)
        others += (others.empty() ? "{ " : ", { ") + spell(other) + " }";
    if (!others.empty() && !pickSimplest) {
      undetermined = true;
      std::string candidates = "{ " + spelled + " }, " + others;
      header << "?? }  left open: the data fits " << candidates << "\n";
      llvm::errs() << "circ-induce: undetermined: " << where(p)
                   << ": the training data fits " << candidates << "\n";
      continue;
    }
    for (const induce::Repetition &part : induce::foldTemplate(*found))
      writtenItems += part.period;
    unrolledItems += found->size();
    header << spelled << (spelled.empty() ? "" : " ") << "}  ";
    if (others.empty())
      header << "fixed by " << describeExample(result.fixedBy[p]) << "\n";
    else {
      header << "picked (--pick-simplest): the data also fits " << others
             << "\n";
      llvm::errs() << "circ-induce: note: " << where(p) << ": picked { "
                   << spelled << " }; the training data also fits " << others
                   << "\n";
    }
    if (close != std::string::npos)
      replacements.push_back(
          {start, close - start, spelled + (spelled.empty() ? "" : " ")});
  }
  if (result.otherFitsStopped) {
    header << "# The look for other fits stopped after --other-fit-steps="
           << otherFitSteps << ": these templates are not shown to be the "
           << "only ones.\n";
    llvm::errs() << "circ-induce: note: the look for other fits stopped "
                    "after --other-fit-steps="
                 << otherFitSteps
                 << " candidate templates; the templates are not shown to be "
                    "the only ones\n";
  }
  std::string written = skeletonText;
  for (auto it = replacements.rbegin(); it != replacements.rend(); ++it)
    written.replace(it->offset, it->length, it->text);
  written = report + "\n" + written;

  std::unique_ptr<llvm::ToolOutputFile> output =
      openOutputFile(outputFilename, &error);
  if (!output)
    return fail(error);
  output->os() << written;
  output->keep();
  if (!quiet)
    llvm::errs() << "circ-induce: " << open << " templates searched in "
                 << result.steps << " steps, "
                 << llvm::format("%.2f", seconds()) << " s in all; "
                 << writtenItems << " items as written, " << unrolledItems
                 << " unrolled\n";
  return undetermined ? 2 : 0;
}
