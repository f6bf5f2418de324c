//===- ParseView.h - circc --parse: derivation trees of inputs --*- C++ -*-===//
//
// Part of circc. Shows how a grammar's compiled circuit parses inputs: the
// grammar is compiled a second time to output its derivations
// (grammar-derivation-output, through the same parser lowering), and each
// input's derivation is printed as an indented tree, or as JSON.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_TOOLS_CIRCC_PARSEVIEW_H
#define CIRCC_TOOLS_CIRCC_PARSEVIEW_H

#include "circc/Pipelines/Pipelines.h"

#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace circc {

/// Prints to `os` the derivation tree of each of `inputs` under the one
/// grammar of `module`, compiled with the bounds of `circuit` and linked as
/// `link` says; an input the circuit refuses is reported (on stderr, or as
/// an "error" member with `json`). Returns the exit status: 1 when the
/// grammar does not compile or any input is refused.
int printParses(mlir::ModuleOp module, const CircuitPipelineOptions &circuit,
                const LinkOptions &link, const std::vector<std::string> &inputs,
                bool json, llvm::raw_ostream &os);

} // namespace circc

#endif // CIRCC_TOOLS_CIRCC_PARSEVIEW_H
