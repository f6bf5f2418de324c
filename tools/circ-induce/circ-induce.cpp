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
#include "circc/Frontend/GrammarParser.h"
#include "circc/Induce/TemplateSearch.h"
#include "circc/InitAllDialects.h"
#include "circc/Pipelines/Pipelines.h"
#include "circc/Target/SharedLibrary.h"

#include "CircuitLibrary.h"
#include "Derivation.h"
#include "ScanFile.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
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

namespace cl = llvm::cl;
namespace g = circc::grammar;
namespace induce = circc::induce;
using namespace mlir;

namespace {
cl::OptionCategory category("circ-induce options");

cl::opt<std::string> skeletonFile(cl::Positional, cl::desc("SKELETON.scan"),
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
    R"(circ-induce: finds the open templates of a skeleton grammar from data

  circ-induce grammars/scan_skeleton.scan --data=TRAIN -o scan_induced.scan

A skeleton is a grammar file some of whose templates are left open,
'{ ?? }' (or '{ ?? max N }'). circ-induce compiles the skeleton's
structure to a circuit with circc, parses every training command with it,
and searches, for every open template, a sequence of child references and
output symbols such that every command's derivation produces its output.
The search is exact (backtracking; docs/Induction.md); among templates that
fit it takes the simplest: fewest items, then fewest output symbols, then
child references before symbols and lower positions first. The grammar is
written with the templates filled in and a comment saying which example
fixed each; it compiles with circc like any other.

Exit status: 0 when every template is determined; 2 when the data leaves
some template open (never used where its output is seen, or other
templates fit as well): those stay '??' in the output, with the candidates
in a comment, and the report names them; 1 on errors, among them a
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

/// Flattens a written template into items; fails on what the search cannot
/// use (op tables, sequence functions, learned symbols).
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
    } else if (auto repeat = dyn_cast<g::RepeatOp>(op)) {
      induce::Template once;
      if (failed(flatten(*repeat.getBody(), positions, grammar, once)))
        return failure();
      for (int64_t i = 0; i < repeat.getCount(); ++i)
        out.insert(out.end(), once.begin(), once.end());
    } else {
      return op.emitError()
             << "circ-induce reads written templates of child references, "
                "output symbols and repetitions only; this production "
                "uses '"
             << op.getName().stripDialect() << "'";
    }
  }
  return success();
}

/// Compiles the skeleton's derivation grammar to the shared library `library`.
static LogicalResult compileStructure(ModuleOp skeleton, const char *argv0,
                                      llvm::StringRef library) {
  circc::LinkOptions link;
  link.linker = linker;
  link.runtimeArchive =
      runtimeLib.empty()
          ? circc::defaultRuntimeArchive(argv0, reinterpret_cast<void *>(&fail))
          : runtimeLib.getValue();
  std::string error;
  if (failed(circc::compileDerivationLibrary(skeleton, {}, link, library,
                                             error))) {
    if (!error.empty())
      fail(error);
    return failure();
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
  if (skeletonFile.empty())
    return fail("no skeleton grammar given (see --help)");
  if (dataFiles.empty())
    return fail("no training data given: --data=FILE");
  if (maxItems == 0 || maxItems > unsigned(g::HoleOp::kMaxItemsLimit))
    return fail("--max-items must be 1 to " +
                llvm::Twine(g::HoleOp::kMaxItemsLimit));
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
  llvm::SourceMgr sourceMgr;
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> input =
      openInputFile(skeletonFile, &error);
  if (!input)
    return fail(error);
  std::string skeletonText = input->getBuffer().str();
  sourceMgr.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module =
      circc::frontend::parseGrammarFile(sourceMgr, &context);
  if (!module)
    return 1;
  auto grammars = module->getOps<g::GrammarOp>();
  if (!llvm::hasSingleElement(grammars))
    return fail("the skeleton must hold one grammar");
  g::GrammarOp grammar = *grammars.begin();
  std::vector<std::string> outputs(
      grammar.getOutputs().getAsValueRange<StringAttr>().begin(),
      grammar.getOutputs().getAsValueRange<StringAttr>().end());

  // The productions, in the order grammar-derivation-output numbers them.
  std::vector<SkeletonProduction> skeleton;
  std::vector<induce::Production> productions;
  for (g::NonterminalOp nonterminal : grammar.getNonterminals()) {
    for (g::ProductionOp op :
         nonterminal.getBody()->getOps<g::ProductionOp>()) {
      SkeletonProduction entry;
      for (auto [index, item] : llvm::enumerate(op.getRhs()))
        if (isa<FlatSymbolRefAttr>(item))
          entry.positions.push_back(int64_t(index) + 1);
      if (auto loc = dyn_cast<FileLineColLoc>(op.getLoc()))
        entry.line = loc.getLine();
      induce::Production production;
      production.name = op.describe();
      production.numChildren = int32_t(entry.positions.size());
      Block &body = *op.getBody();
      if (!body.empty() && isa<g::HoleOp>(body.front())) {
        auto hole = cast<g::HoleOp>(body.front());
        production.maxItems = int32_t(hole.getMaxItems().value_or(maxItems));
        if (auto loc = dyn_cast<FileLineColLoc>(hole.getLoc()))
          entry.hole = {loc.getLine(), loc.getColumn()};
      } else {
        induce::Template items;
        if (failed(flatten(body, entry.positions, grammar, items)))
          return 1;
        production.known = std::move(items);
      }
      skeleton.push_back(entry);
      productions.push_back(std::move(production));
    }
  }
  size_t open = llvm::count_if(
      productions, [](const induce::Production &p) { return !p.known; });
  if (!quiet)
    llvm::errs() << "circ-induce: " << productions.size() << " productions, "
                 << open << " open\n";

  // The parser is the circuit's own.
  llvm::SmallString<128> folder;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueDirectory("circ-induce", folder))
    return fail("cannot create a temporary folder: " + ec.message());
  llvm::SmallString<128> libraryPath(folder);
  llvm::sys::path::append(libraryPath, "structure.so");
  llvm::scope_exit cleanUp([&] {
    llvm::sys::fs::remove(libraryPath);
    llvm::sys::fs::remove(folder);
  });
  if (failed(compileStructure(*module, argv[0], libraryPath)))
    return 1;
  circc::tools::CircuitLibrary library;
  bool loaded = library.open(std::string(libraryPath), error) &&
                library.create("", error);
  if (!loaded)
    return fail(error);
  if (!quiet)
    llvm::errs() << "circ-induce: compiled the skeleton's structure ("
                 << llvm::format("%.2f", seconds()) << " s)\n";

  // Every training command, parsed.
  std::map<std::string, int32_t> outputIds;
  for (auto [id, name] : llvm::enumerate(outputs))
    outputIds[name] = int32_t(id);
  std::vector<induce::Example> examples;
  std::vector<std::string> exampleFiles;
  std::vector<int32_t> ids(std::max(library.maxOutput(library.circuit), 1));
  std::vector<int32_t> numChildren;
  for (const induce::Production &production : productions)
    numChildren.push_back(production.numChildren);
  std::vector<circc::tools::DerivationNode> nodes;
  for (const std::string &file : dataFiles) {
    std::vector<circc::tools::ScanExample> read;
    circc::tools::ScanFileCounts counts;
    if (!circc::tools::readScanFile(file, /*stopOnError=*/true, read, counts,
                                    error))
      // A malformed line has been reported where it is.
      return error.empty() ? 1 : fail(error);
    std::string name = llvm::sys::path::filename(file).str();
    for (const circc::tools::ScanExample &scan : read) {
      induce::Example example;
      example.command = scan.command;
      example.line = scan.line;
      for (const std::string &action : scan.actions) {
        auto it = outputIds.find(action);
        if (it == outputIds.end())
          return fail(file + ":" + llvm::Twine(scan.line) + ": '" + action +
                      "' is not one of the skeleton's outputs");
        example.target.push_back(it->second);
      }
      circc_result result;
      circc_status status = library.runText(
          library.circuit, scan.command.data(), scan.command.size(), ids.data(),
          int32_t(ids.size()), &result);
      if (status != CIRCC_OK ||
          !circc::tools::readDerivation(ids.data(), size_t(result.length),
                                        numChildren, nodes)) {
        char message[256] = "the circuit's derivation is malformed";
        if (status != CIRCC_OK)
          library.describe(library.circuit, scan.command.data(),
                           scan.command.size(), &result, message,
                           sizeof(message));
        return fail(file + ":" + llvm::Twine(scan.line) +
                    ": the skeleton does not parse '" + scan.command +
                    "': " + message);
      }
      for (circc::tools::DerivationNode &node : nodes)
        example.nodes.push_back(
            {node.production, std::move(node.children), node.symbol});
      examples.push_back(std::move(example));
      exampleFiles.push_back(name);
    }
  }
  if (!quiet)
    llvm::errs() << "circ-induce: parsed " << examples.size()
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
    std::string text = exampleFiles[index] + ":" +
                       std::to_string(example.line) + ": \"" + example.command +
                       "\" ->";
    for (int32_t symbol : example.target)
      text += " " + outputs[symbol];
    return text;
  };
  auto where = [&](size_t p) {
    return skeletonFile + ":" + std::to_string(skeleton[p].line) + ": " +
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
  auto symbolName = [&](int32_t symbol) { return outputs[symbol]; };
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
  bool undetermined = false;
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
