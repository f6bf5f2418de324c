//===- SharedLibrary.h - LLVM dialect to object file and .so ----*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_TARGET_SHAREDLIBRARY_H
#define CIRCC_TARGET_SHAREDLIBRARY_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
class raw_ostream;
class raw_pwrite_stream;
} // namespace llvm

namespace circc {

/// How host code is generated: the optimization level (0-3) and the CPU:
/// empty for the baseline of the host's architecture (x86-64-v2 on x86-64,
/// "generic" elsewhere), "native" (the host's CPU and features) or an LLVM
/// CPU name such as "generic" or "x86-64-v3".
struct CodeGenOptions {
  unsigned optLevel = 2;
  std::string cpu;
};

/// Whether code for `options`' CPU permutes the bytes of a vector by a
/// vector of indices in one instruction (on x86, SSSE3's pshufb): what
/// __circc_run_text's output needs to pay off. False for an unknown CPU.
bool hasFastBytePermute(const CodeGenOptions &options);

/// Translates an LLVM-dialect module to LLVM IR for the host and optimizes
/// it, all in-process. Returns null after reporting an error on the module.
std::unique_ptr<llvm::Module> translateToLLVMIR(mlir::ModuleOp module,
                                                llvm::LLVMContext &context,
                                                const CodeGenOptions &options);

/// Writes `module` as a position-independent host object file.
mlir::LogicalResult emitObjectFile(llvm::Module &module,
                                   const CodeGenOptions &options,
                                   llvm::raw_pwrite_stream &os,
                                   std::string &error);

/// How a shared library is linked: the system C compiler driver that
/// links it, the circc runtime archive linked in whole, and the prefix of
/// the exported names.
struct LinkOptions {
  std::string linker;
  std::string runtimeArchive;
  /// Empty: the library exports the runtime's C ABI under its own names
  /// (circc_create, ...). Otherwise each is exported as symbolPrefix + name
  /// (scan_circc_create, ...) and the circc_* names stay inside, so that
  /// several libraries link into one program.
  std::string symbolPrefix;
};

/// The runtime archive installed with the running tool:
/// lib/libcircc_runtime.a next to its bin/ (`anchor` is any function of the
/// tool, to find its executable).
std::string defaultRuntimeArchive(const char *argv0, void *anchor);

/// Whether `prefix` can start a C identifier: [A-Za-z_][A-Za-z0-9_]*.
bool isValidSymbolPrefix(llvm::StringRef prefix);

/// Links `objectPath` with the runtime archive into the shared library
/// `outputPath`, whose SONAME is its file name, exporting the runtime's C
/// ABI (CIRCC_EXPORTED_FUNCTIONS, circc/abi.h) and nothing else.
mlir::LogicalResult linkSharedLibrary(llvm::StringRef objectPath,
                                      llvm::StringRef outputPath,
                                      const LinkOptions &options,
                                      std::string &error);

/// The whole last phase: `module` as an object in a temporary file, linked
/// by linkSharedLibrary into `outputPath`; the object is removed either way.
mlir::LogicalResult emitSharedLibrary(llvm::Module &module,
                                      const CodeGenOptions &codegen,
                                      const LinkOptions &link,
                                      llvm::StringRef outputPath,
                                      std::string &error);

/// Writes a C header declaring the functions of a library linked with
/// `symbolPrefix`: each circc_* function of circc/runtime.h (whose types it
/// includes) under its prefixed name, with the same type. `library` names
/// the library in the header's comment.
void writeSymbolHeader(llvm::raw_ostream &os, llvm::StringRef symbolPrefix,
                       llvm::StringRef library);

} // namespace circc

#endif // CIRCC_TARGET_SHAREDLIBRARY_H
