//===- grammar.cpp - Fuzz the grammar front end and the circuit phases -----===//
//
// Part of circc's fuzzers. Every input is a grammar file: the front end
// parses and verifies it, and a grammar that passes goes through
// convert-grammar-to-circuit and the circuit passes, all in this process
// and instrumented (libMLIR itself is not). Whatever the input, this must
// end in a module or in diagnostics: no crash, no sanitizer report, no
// runaway memory (libFuzzer's -rss_limit_mb).
//
//===----------------------------------------------------------------------===//

#include "circc/Conversion/Passes.h"
#include "circc/Dialect/Circuit/CircuitDialect.h"
#include "circc/Dialect/Circuit/CircuitOps.h"
#include "circc/Dialect/Circuit/CircuitPasses.h"
#include "circc/Dialect/Grammar/GrammarDialect.h"
#include "circc/Frontend/GrammarParser.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 4096)
    return 0;
  mlir::DialectRegistry registry;
  registry.insert<circc::grammar::GrammarDialect,
                  circc::circuit::CircuitDialect>();
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // Diagnostics are expected; they are swallowed.
  mlir::ScopedDiagnosticHandler quiet(&context,
                                      [](mlir::Diagnostic &) { return mlir::success(); });
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.scan"),
      llvm::SMLoc());
  mlir::OwningOpRef<mlir::ModuleOp> module =
      circc::frontend::parseGrammarFile(sourceMgr, &context);
  if (!module)
    return 0;
  mlir::PassManager pm(&context);
  pm.addPass(circc::createConvertGrammarToCircuit());
  mlir::OpPassManager &circuit = pm.nest<circc::circuit::CircuitOp>();
  circuit.addPass(circc::circuit::createCircuitShareWeights());
  circc::circuit::CircuitCountParamsOptions count;
  count.quiet = true;
  circuit.addPass(circc::circuit::createCircuitCountParams(count));
  circuit.addPass(circc::circuit::createCircuitFoldFrozenWeights());
  circuit.addPass(circc::circuit::createCircuitEliminateDeadRoutes());
  circc::circuit::CircuitTabulateShapesOptions tabulate;
  tabulate.maxNodes = 1 << 12;
  circuit.addPass(circc::circuit::createCircuitTabulateShapes(tabulate));
  (void)pm.run(*module);
  return 0;
}
