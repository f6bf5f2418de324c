//===- circc.cpp - The circc compiler driver ------------------------------===//
//
// Part of circc. Reads a grammar file and compiles it up to the phase named
// by --emit; the phases themselves live in lib/Pipelines and lib/Target.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Grammar/GrammarOps.h"
#include "circc/Dialect/Attn/AttnOps.h"
#include "circc/Frontend/GrammarParser.h"
#include "circc/Import/TransformerImporter.h"
#include "circc/InitAllDialects.h"
#include "circc/Pipelines/Pipelines.h"
#include "circc/Target/PTX.h"
#include "circc/Target/SharedLibrary.h"

#include "ParseView.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <iostream>

using namespace mlir;
using circc::Phase;
namespace cl = llvm::cl;

namespace {
cl::OptionCategory circcCategory("circc options");

cl::opt<std::string> inputFilename(cl::Positional,
                                   cl::desc("<grammar file | model directory "
                                            "| .mlir file | - for stdin>"),
                                   cl::Required, cl::cat(circcCategory));

enum class InputKind { Detect, Grammar, MLIR };
cl::opt<InputKind> inputKind(
    "x", cl::desc("What the input is (default: a .mlir file is MLIR, a "
                  "directory a model, anything else a grammar)"),
    cl::values(clEnumValN(InputKind::Grammar, "grammar", "a grammar file"),
               clEnumValN(InputKind::MLIR, "mlir",
                          "MLIR: a grammar, circuit or attn module")),
    cl::init(InputKind::Detect), cl::cat(circcCategory));

cl::opt<std::string> outputFilename(
    "o", cl::desc("Output file ('-' is stdout; default: stdout for text "
                  "phases, NAME.o or NAME.so after the input's stem)"),
    cl::value_desc("file"), cl::cat(circcCategory));

cl::opt<Phase> emitPhase(
    "emit", cl::desc("The phase to stop after and write out"),
    cl::values(
        clEnumValN(Phase::Grammar, "grammar", "the grammar dialect"),
        clEnumValN(Phase::Attn, "attn",
                   "the attn dialect, after pruning (models)"),
        clEnumValN(Phase::Circuit, "circuit",
                   "the circuit dialect, after the circuit passes"),
        clEnumValN(Phase::PTX, "ptx",
                   "the PTX of the GPU batch kernel (--target=nvptx)"),
        clEnumValN(Phase::Standard, "standard",
                   "func/scf/arith/memref: the circuit or model as loops"),
        clEnumValN(Phase::LLVM, "llvm", "LLVM IR, optimized at -O"),
        clEnumValN(Phase::Object, "obj", "a host object file"),
        clEnumValN(Phase::SharedLibrary, "so",
                   "a shared library with the circc C ABI (default)")),
    cl::init(Phase::SharedLibrary), cl::cat(circcCategory));

cl::opt<char> optLevel("O",
                       cl::desc("Optimization level of the generated code: "
                                "-O0, -O1, -O2 or -O3 (default -O2)"),
                       cl::Prefix, cl::init('2'), cl::cat(circcCategory));

cl::opt<std::string> targetCpu(
    "mcpu",
    cl::desc("CPU of the generated host code (default: the baseline of the "
             "host's architecture, x86-64-v2 on x86-64, i.e. any x86-64 CPU "
             "since about 2009; 'generic' elsewhere): 'native' (this "
             "machine's CPU and features), or an LLVM CPU name such as "
             "generic, x86-64 or x86-64-v3"),
    cl::init(""), cl::cat(circcCategory));

cl::opt<uint64_t> maxInput(
    "max-input",
    cl::desc("Longest input (in tokens) the circuit accepts; default: the "
             "grammar's 'max input', or its longest sentence"),
    cl::init(0), cl::cat(circcCategory));

cl::opt<uint64_t> maxOutput(
    "max-output",
    cl::desc("Longest output (in symbols) the circuit builds, and longest "
             "part of one; a command that needs more stops with "
             "CIRCC_OUTPUT_TOO_LONG. Default: the grammar's 'max output', "
             "or the bound derived from the input bound"),
    cl::init(0), cl::cat(circcCategory));

enum class Target { CPU, NVPTX };
cl::opt<Target> target(
    "target", cl::desc("What the library runs on"),
    cl::values(clEnumValN(Target::CPU, "cpu", "the host CPU (default)"),
               clEnumValN(Target::NVPTX, "nvptx",
                          "the host CPU, plus an NVIDIA GPU batch kernel in "
                          "PTX (circc_gpu_run_batch)")),
    cl::init(Target::CPU), cl::cat(circcCategory));

cl::opt<std::string> gpuArch("gpu-arch",
                             cl::desc("GPU architecture of the PTX (default "
                                      "sm_90)"),
                             cl::init("sm_90"), cl::cat(circcCategory));

enum class WeightsMode { Baked, File };
cl::opt<WeightsMode> weightsMode(
    "weights", cl::desc("Where the learnable tables' values come from"),
    cl::values(clEnumValN(WeightsMode::Baked, "baked",
                          "baked into the library (default)"),
               clEnumValN(WeightsMode::File, "file",
                          "a safetensors file given to "
                          "circc_create_with_weights at run time")),
    cl::init(WeightsMode::Baked), cl::cat(circcCategory));

cl::opt<int64_t> shapeTableLimit(
    "shape-table-limit",
    cl::desc("Largest trie of derivation shapes to tabulate (default 65536); "
             "0 runs the LR automaton instead"),
    cl::init(1 << 16), cl::cat(circcCategory));

cl::opt<uint64_t> maxParserStates(
    "max-parser-states",
    cl::desc("Most LR(1) states the grammar's parser may have (default "
             "65536); a grammar that needs more is refused before the "
             "construction grows further"),
    cl::init(1 << 16), cl::cat(circcCategory));

cl::opt<unsigned> maxErrors(
    "max-errors",
    cl::desc("Most parser conflicts reported, each with the productions "
             "involved and, where one is found, a sentence with two "
             "derivations shown as trees (default 10)"),
    cl::init(10), cl::cat(circcCategory));

cl::opt<int64_t> directAutomatonStates(
    "direct-automaton-states",
    cl::desc("Emit an LR automaton of at most this many states as code, a "
             "block per state (default 1024); a larger one, or any with 0, "
             "walks its action and goto tables"),
    cl::init(1024), cl::cat(circcCategory));

cl::opt<double> pruneHeads(
    "prune-heads",
    cl::desc("Models: remove this fraction of the heads of every attention "
             "module, least important first (attn-prune-heads)"),
    cl::init(0.0), cl::cat(circcCategory));

cl::opt<double> pruneFfn(
    "prune-ffn",
    cl::desc("Models: remove this fraction of the hidden units of every "
             "feed-forward block, least important first (attn-prune-ffn)"),
    cl::init(0.0), cl::cat(circcCategory));

cl::opt<int> batchTile(
    "batch-tile",
    cl::desc("Models: commands circc_run_batch decodes in lockstep, each "
             "decoding step reading the weights once for all of them (a "
             "multiple of 8; 0: one command at a time). The workspace this "
             "takes is allocated by circc_create"),
    cl::init(16), cl::cat(circcCategory));

cl::list<std::string> removeHeads(
    "remove-heads",
    cl::desc("Models: remove exactly these heads, each MODULE:HEAD (e.g. "
             "decoder.0.cross_attention:3), comma-separated; a long list "
             "can come from a response file, circc MODEL @FILE"),
    cl::CommaSeparated, cl::value_desc("module:head,..."),
    cl::cat(circcCategory));

cl::opt<std::string> linker("linker",
                            cl::desc("C compiler driver that links the .so"),
                            cl::init(CIRCC_DEFAULT_LINKER),
                            cl::cat(circcCategory));

cl::opt<std::string> symbolPrefix(
    "symbol-prefix",
    cl::desc("Export the library's C ABI with this prefix (scan_circc_create, "
             "... for scan_) and write a header declaring the prefixed "
             "names, so that several circuits link into one program"),
    cl::value_desc("prefix"), cl::cat(circcCategory));

cl::opt<std::string> headerFilename(
    "header",
    cl::desc("Where --symbol-prefix writes its header (default: the output "
             "file with .h for .so)"),
    cl::value_desc("file"), cl::cat(circcCategory));

cl::list<std::string> parseInputs(
    "parse",
    cl::desc("Print how the compiled circuit parses TEXT, as its derivation "
             "tree (one production per line, indented by depth, with the "
             "words it covers), instead of writing the library; repeatable, "
             "and '-' reads one input per line from stdin"),
    cl::value_desc("text"), cl::cat(circcCategory));

cl::opt<bool> parseJson(
    "json",
    cl::desc("With --parse: one JSON object per input, {\"input\", \"tree\"} "
             "or {\"input\", \"error\"}, a line each"),
    cl::cat(circcCategory));

cl::opt<bool> emitDerivations(
    "derivations",
    cl::desc("Also write the grammar's derivation library beside the .so "
             "(NAME.derivations.so for NAME.so): the circuit compiled to "
             "output how it parses each command, which the Python package's "
             "Circuit.parse reads (docs/Runtime.md)"),
    cl::cat(circcCategory));

cl::opt<std::string> runtimeLib(
    "runtime-lib",
    cl::desc("The circc runtime archive linked into every .so (default: "
             "lib/libcircc_runtime.a next to circc's bin/)"),
    cl::cat(circcCategory));
} // namespace

/// LLVM already owns a `--stats` flag (its pass statistics, empty in
/// release builds); circc takes it over, so `--stats` prints circc's own
/// figures. Its value is read back with llvm::AreStatisticsEnabled().
static void adoptStatsOption() {
  auto &options = cl::getRegisteredOptions();
  auto it = options.find("stats");
  if (it == options.end())
    return;
  it->second->setDescription("Print the grammar's size and bounds and the "
                             "circuit's parameter count, or a model's heads "
                             "and parameters before and after pruning, to "
                             "stderr");
  it->second->setHiddenFlag(cl::NotHidden);
  it->second->addCategory(circcCategory);
}

static constexpr const char *kOverview =
    R"(circc: compiles a compositional grammar into a fixed circuit

  circc grammars/scan.scan -o scan.so            # a shared library (C ABI)
  circc grammars/scan.scan --emit=circuit        # the circuit, as MLIR
  circc MODEL_DIR --prune-heads=0.5 -o model.so  # a Transformer, pruned
  circc MODEL_DIR --prune-ffn=0.5 -o model.so    # half its feed-forward units removed

Reads a grammar file (format: docs/GrammarFormat.md), checks it, compiles it
to a circuit (docs/Dialects/Circuit.md) and lowers that to native code. The
library's C interface is circc/runtime.h (docs/Runtime.md). A directory
holding config.json and weights.safetensors (baselines/transformer) is a
Transformer: it is imported into the attn dialect (docs/Dialects/Attn.md),
optionally pruned, and compiled to a library with the same interface, which
decodes greedily. A .mlir file may hold either kind of module. Errors are
printed as FILE:LINE:COL: error: MESSAGE and make circc exit with status 1.
)";

static std::string defaultOutput(const char *extension) {
  // Read from stdin, the input has no name to take: "stdin.so".
  llvm::SmallString<128> path(inputFilename == "-"
                                  ? llvm::StringRef("stdin")
                                  : llvm::sys::path::stem(inputFilename));
  path += extension;
  return std::string(path);
}

static std::string defaultRuntimeLib(const char *argv0) {
  return circc::defaultRuntimeArchive(
      argv0, reinterpret_cast<void *>(&defaultRuntimeLib));
}

static int fail(const llvm::Twine &message) {
  llvm::errs() << "circc: error: " << message << "\n";
  return 1;
}

/// Writes the output file (-o, or `fallback` without it) through `write`,
/// which reports its own errors; returns the exit status.
static int writeOutput(StringRef fallback,
                       llvm::function_ref<LogicalResult(llvm::raw_pwrite_stream &)>
                           write) {
  std::string path =
      outputFilename.empty() ? fallback.str() : outputFilename.getValue();
  std::string errorMessage;
  std::unique_ptr<llvm::ToolOutputFile> output =
      openOutputFile(path, &errorMessage);
  if (!output)
    return fail(errorMessage);
  if (failed(write(output->os())))
    return 1;
  output->keep();
  return 0;
}

/// Writes `module` (func/scf/arith/memref, or the LLVM dialect past
/// --emit=standard) at the phase --emit names: MLIR, LLVM IR, an object
/// file or a shared library; `ptx`, when not empty, is embedded.
/// How every library is linked: with the runtime archive.
static circc::LinkOptions linkOptions(const char *argv0) {
  circc::LinkOptions link;
  link.linker = linker;
  link.runtimeArchive =
      runtimeLib.empty() ? defaultRuntimeLib(argv0) : runtimeLib.getValue();
  return link;
}

/// `NAME.derivations.so` beside `NAME.so` (or beside any other name).
static std::string derivationLibraryPath(StringRef library) {
  llvm::SmallString<128> path(library);
  if (llvm::sys::path::extension(path) == ".so")
    llvm::sys::path::replace_extension(path, "");
  path += ".derivations.so";
  return std::string(path);
}

static int emitNative(ModuleOp module, unsigned level, const char *argv0,
                      StringRef ptx = {}) {
  std::string errorMessage;
  circc::CodeGenOptions codegen;
  codegen.optLevel = level;
  codegen.cpu = targetCpu;
  if (emitPhase <= Phase::Standard)
    return writeOutput("-", [&](llvm::raw_pwrite_stream &os) {
      module.print(os);
      os << "\n";
      return success();
    });

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      circc::translateToLLVMIR(module, llvmContext, codegen);
  if (!llvmModule)
    return 1;
  if (!ptx.empty())
    circc::embedPTX(*llvmModule, ptx);

  if (emitPhase == Phase::LLVM)
    return writeOutput("-", [&](llvm::raw_pwrite_stream &os) {
      llvmModule->print(os, nullptr);
      return success();
    });

  if (emitPhase == Phase::Object)
    return writeOutput(defaultOutput(".o"), [&](llvm::raw_pwrite_stream &os) {
      if (succeeded(circc::emitObjectFile(*llvmModule, codegen, os, errorMessage)))
        return success();
      fail(errorMessage);
      return failure();
    });

  std::string path =
      outputFilename.empty() ? defaultOutput(".so") : outputFilename.getValue();
  circc::LinkOptions link = linkOptions(argv0);
  link.symbolPrefix = symbolPrefix;
  // The header of prefixed names, written once the library is.
  std::string header = headerFilename;
  if (!symbolPrefix.empty() && header.empty()) {
    if (path == "-")
      return fail("--symbol-prefix with -o - needs --header=FILE");
    llvm::SmallString<128> replaced(path);
    llvm::sys::path::replace_extension(replaced, ".h");
    header = std::string(replaced);
  }
  auto writeHeader = [&]() {
    if (symbolPrefix.empty())
      return 0;
    std::string error;
    std::unique_ptr<llvm::ToolOutputFile> output =
        openOutputFile(header, &error);
    if (!output)
      return fail(error);
    circc::writeSymbolHeader(output->os(), symbolPrefix,
                             path == "-" ? defaultOutput(".so")
                                         : llvm::sys::path::filename(path).str());
    output->keep();
    return 0;
  };
  if (path != "-") {
    if (failed(circc::emitSharedLibrary(*llvmModule, codegen, link, path,
                                        errorMessage)))
      return fail(errorMessage);
    return writeHeader();
  }
  // To stdout: linked in a temporary folder under the input's name (its
  // SONAME), then copied out.
  llvm::SmallString<128> folder;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueDirectory("circc-so", folder))
    return fail("cannot create a temporary folder: " + ec.message());
  llvm::SmallString<128> library(folder);
  llvm::sys::path::append(library, defaultOutput(".so"));
  LogicalResult linked = circc::emitSharedLibrary(*llvmModule, codegen, link,
                                                 library, errorMessage);
  std::unique_ptr<llvm::MemoryBuffer> bytes;
  if (succeeded(linked)) {
    auto read = llvm::MemoryBuffer::getFile(library, /*IsText=*/false);
    if (read)
      bytes = std::move(*read);
    else
      errorMessage = "cannot read " + library.str().str();
  }
  llvm::sys::fs::remove(library);
  llvm::sys::fs::remove(folder);
  if (!bytes)
    return fail(errorMessage);
  if (int status = writeOutput("-", [&](llvm::raw_pwrite_stream &os) {
        os << bytes->getBuffer();
        return success();
      }))
    return status;
  return writeHeader();
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(circcCategory);
  adoptStatsOption();
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "circc " << CIRCC_VERSION << "\n  built with LLVM/MLIR "
       << LLVM_VERSION_STRING << "\n";
  });
  cl::ParseCommandLineOptions(argc, argv, kOverview);
  if (optLevel < '0' || optLevel > '3')
    return fail("unknown optimization level -O" + llvm::Twine(optLevel) +
                "; use -O0, -O1, -O2 or -O3");
  unsigned level = optLevel - '0';
  if (symbolPrefix.getNumOccurrences() &&
      !circc::isValidSymbolPrefix(symbolPrefix))
    return fail("--symbol-prefix='" + symbolPrefix +
                "' does not start a C identifier ([A-Za-z_][A-Za-z0-9_]*)");
  if ((!symbolPrefix.empty() || !headerFilename.empty()) &&
      emitPhase != Phase::SharedLibrary)
    return fail("--symbol-prefix and --header apply to --emit=so");
  if (!headerFilename.empty() && symbolPrefix.empty())
    return fail("--header names the header of --symbol-prefix");
  bool stats = llvm::AreStatisticsEnabled();

  std::string errorMessage;
  DialectRegistry registry;
  circc::registerAllDialects(registry);
  MLIRContext context(registry);
  // Diagnostics point into the input file; the IR is no help there.
  context.printOpOnDiagnostic(false);
  llvm::SourceMgr sourceMgr;
  std::optional<SourceMgrDiagnosticHandler> sourceDiagnostics;
  std::optional<ScopedDiagnosticHandler> modelDiagnostics;

  OwningOpRef<ModuleOp> module;
  if (inputFilename != "-" && llvm::sys::fs::is_directory(inputFilename)) {
    // A model's ops point at its weights file, which has no lines to show.
    modelDiagnostics.emplace(&context, [](Diagnostic &diag) {
      if (auto file = dyn_cast<FileLineColLoc>(diag.getLocation()))
        llvm::errs() << file.getFilename().getValue() << ": ";
      llvm::errs() << (diag.getSeverity() == DiagnosticSeverity::Error
                           ? "error: "
                           : "note: ")
                   << diag << "\n";
      return success();
    });
    llvm::SmallString<256> config(inputFilename.getValue());
    llvm::sys::path::append(config, "config.json");
    if (!llvm::sys::fs::exists(config))
      return fail("'" + inputFilename + "' is a directory without " +
                  "config.json; a model directory holds config.json and "
                  "weights.safetensors (baselines/transformer)");
    module = circc::importTransformer(context, inputFilename, errorMessage);
    if (!module)
      return fail(errorMessage);
  } else {
    std::unique_ptr<llvm::MemoryBuffer> input =
        openInputFile(inputFilename, &errorMessage);
    if (!input)
      return fail(errorMessage);
    sourceMgr.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
    sourceDiagnostics.emplace(sourceMgr, &context);
    bool isMLIR = inputKind == InputKind::MLIR ||
                  (inputKind == InputKind::Detect &&
                   llvm::sys::path::extension(inputFilename) == ".mlir");
    if (isMLIR)
      module = parseSourceFile<ModuleOp>(sourceMgr, &context);
    else
      module = circc::frontend::parseGrammarFile(sourceMgr, &context);
    if (!module)
      return 1;
  }
  bool isModel = !module->getOps<circc::attn::GreedyDecoderOp>().empty();
  if (isModel) {
    if (emitPhase == Phase::Grammar || emitPhase == Phase::Circuit)
      return fail("the input is a Transformer: --emit=grammar and circuit "
                  "apply to grammars");
    if (pruneHeads < 0.0 || pruneHeads >= 1.0)
      return fail("--prune-heads must be in [0, 1), got " +
                  std::to_string(pruneHeads.getValue()));
    if (pruneHeads > 0.0 && !removeHeads.empty())
      return fail("--prune-heads and --remove-heads exclude each other");
    if (pruneFfn < 0.0 || pruneFfn >= 1.0)
      return fail("--prune-ffn must be in [0, 1), got " +
                  std::to_string(pruneFfn.getValue()));
    if (batchTile < 0 || batchTile > 4096 || batchTile % 8 != 0)
      return fail("--batch-tile must be a multiple of 8 in [0, 4096], got " +
                  std::to_string(batchTile.getValue()));
    if (weightsMode == WeightsMode::File || maxInput != 0 || maxOutput != 0)
      return fail("the input is a Transformer: --weights=file, --max-input "
                  "and --max-output "
                  "apply to grammars (a model's weights are baked in, its "
                  "bounds come from config.json)");
  } else {
    if (emitPhase == Phase::Attn)
      return fail("--emit=attn applies to Transformers");
    if (pruneHeads != 0.0 || !removeHeads.empty() || pruneFfn != 0.0)
      return fail("--prune-heads, --remove-heads and --prune-ffn apply to "
                  "Transformers");
  }

  // The grammar's circuit: compiled, or (--parse) its derivations'.
  circc::CircuitPipelineOptions circuit;
  circuit.maxInput = maxInput;
  circuit.maxOutput = maxOutput;
  circuit.maxShapeNodes = shapeTableLimit;
  circuit.maxParserStates = maxParserStates;
  circuit.directAutomatonStates = directAutomatonStates;
  circuit.maxConflicts = maxErrors;
  circuit.runtimeWeights = weightsMode == WeightsMode::File;

  if (!parseInputs.empty()) {
    if (isModel)
      return fail("--parse applies to grammars");
    if (emitPhase.getNumOccurrences() || !symbolPrefix.empty() ||
        target != Target::CPU || weightsMode != WeightsMode::Baked)
      return fail("--parse prints trees (to -o or stdout): --emit, "
                  "--symbol-prefix, --target and --weights do not apply");
    std::vector<std::string> inputs;
    for (const std::string &text : parseInputs) {
      if (text != "-") {
        inputs.push_back(text);
        continue;
      }
      if (inputFilename == "-")
        return fail("--parse=- reads inputs from stdin, which holds the "
                    "grammar here; give the grammar as a file");
      for (std::string line; std::getline(std::cin, line);)
        inputs.push_back(line);
    }
    circc::LinkOptions link = linkOptions(argv[0]);
    int status = 0;
    if (int opened = writeOutput("-", [&](llvm::raw_pwrite_stream &os) {
          status =
              circc::printParses(*module, circuit, link, inputs, parseJson, os);
          return success();
        }))
      return opened;
    return status;
  }
  if (parseJson)
    return fail("--json applies to --parse");
  if (emitDerivations) {
    if (isModel)
      return fail("--derivations applies to grammars");
    if (emitPhase != Phase::SharedLibrary || outputFilename == "-")
      return fail("--derivations writes a library beside the .so: it needs "
                  "--emit=so and an output file (-o NAME.so)");
    // Compiled first: the grammar's own compilation lowers the module.
    std::string path = derivationLibraryPath(
        outputFilename.empty() ? defaultOutput(".so") : outputFilename);
    std::string error;
    if (failed(circc::compileDerivationLibrary(
            *module, circuit, linkOptions(argv[0]), path, error)))
      return error.empty() ? 1 : fail(error);
  }

  circc::CompileOptions options;
  options.emit = emitPhase;
  options.circuit = circuit;
  options.pruneHeads = pruneHeads;
  options.pruneFfn = pruneFfn;
  options.batchTile = batchTile;
  options.removeHeads.assign(removeHeads.begin(), removeHeads.end());
  options.stats = stats;
  options.gpu = target == Target::NVPTX;
  options.gpuArch = gpuArch;
  // The compiled text entry pays off only with a fast byte permutation.
  circc::CodeGenOptions host;
  host.cpu = targetCpu;
  options.textEntry = circc::hasFastBytePermute(host);
  std::string ptx;
  if (failed(circc::compileToPhase(*module, options, ptx)))
    return 1;
  if (emitPhase == Phase::PTX)
    return writeOutput("-", [&](llvm::raw_pwrite_stream &os) {
      os << ptx;
      return success();
    });
  return emitNative(*module, level, argv[0], ptx);
}
