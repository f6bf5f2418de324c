//===- circ-opt.cpp - circc's optimizer driver ----------------------------===//
//
// Part of circc. Parses MLIR in any circc or upstream dialect, runs passes,
// and prints the result, like mlir-opt.
//
//===----------------------------------------------------------------------===//

#include "circc/InitAllDialects.h"
#include "circc/InitAllPasses.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  circc::registerAllDialects(registry);
  mlir::registerAllPasses();
  circc::registerAllPasses();
  llvm::cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "circ-opt (circc " << CIRCC_VERSION << ")\n  built with LLVM/MLIR "
       << LLVM_VERSION_STRING << "\n";
  });
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "circc optimizer driver\n", registry));
}
