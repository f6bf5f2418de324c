//===- SharedLibrary.cpp - LLVM dialect to object file and .so ------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Target/SharedLibrary.h"

#include "circc/abi.h"

#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

using namespace mlir;

namespace {
/// The host target and the CPU and features `options` ask for.
struct HostTarget {
  llvm::Triple triple;
  const llvm::Target *target = nullptr;
  std::string cpu, features;
};
} // namespace

static bool resolveHostTarget(const circc::CodeGenOptions &options,
                              HostTarget &host, std::string &error) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  host.triple = llvm::Triple(llvm::sys::getDefaultTargetTriple());
  host.target = llvm::TargetRegistry::lookupTarget(host.triple, error);
  if (!host.target)
    return false;
  // By default a baseline CPU: the library runs on any machine of the
  // host's architecture (on x86-64, any made since about 2009).
  host.cpu = options.cpu;
  if (host.cpu.empty())
    host.cpu = host.triple.getArch() == llvm::Triple::x86_64 ? "x86-64-v2"
                                                             : "generic";
  if (host.cpu == "native") {
    host.cpu = llvm::sys::getHostCPUName().str();
    llvm::SubtargetFeatures features;
    for (const auto &feature : llvm::sys::getHostCPUFeatures())
      features.AddFeature(feature.getKey(), feature.getValue());
    host.features = features.getString();
  }
  std::unique_ptr<llvm::MCSubtargetInfo> info(
      host.target->createMCSubtargetInfo(host.triple, "generic", ""));
  if (!info || !info->isCPUStringValid(host.cpu)) {
    error = "unknown CPU '" + host.cpu + "' for " + host.triple.str();
    return false;
  }
  return true;
}

bool circc::hasFastBytePermute(const CodeGenOptions &options) {
  HostTarget host;
  std::string error;
  if (!resolveHostTarget(options, host, error))
    return false;
  // Elsewhere (AArch64's TBL, ...) a byte permutation is one instruction.
  if (host.triple.getArch() != llvm::Triple::x86_64 &&
      host.triple.getArch() != llvm::Triple::x86)
    return true;
  std::unique_ptr<llvm::MCSubtargetInfo> info(host.target->createMCSubtargetInfo(
      host.triple, host.cpu, host.features));
  return info && info->checkFeatures("+ssse3");
}

static std::unique_ptr<llvm::TargetMachine>
createHostTargetMachine(const circc::CodeGenOptions &options,
                        std::string &error) {
  unsigned optLevel = options.optLevel;
  HostTarget host;
  if (!resolveHostTarget(options, host, error))
    return nullptr;
  llvm::CodeGenOptLevel level = optLevel == 0   ? llvm::CodeGenOptLevel::None
                                : optLevel == 1 ? llvm::CodeGenOptLevel::Less
                                : optLevel == 2 ? llvm::CodeGenOptLevel::Default
                                                : llvm::CodeGenOptLevel::Aggressive;
  const llvm::Triple &triple = host.triple;
  const llvm::Target *target = host.target;
  const std::string &cpu = host.cpu, &features = host.features;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features, llvm::TargetOptions(), llvm::Reloc::PIC_,
      std::nullopt, level));
  if (!machine)
    error = "cannot create a target machine for " + triple.str();
  return machine;
}

std::unique_ptr<llvm::Module>
circc::translateToLLVMIR(ModuleOp module, llvm::LLVMContext &context,
                         const CodeGenOptions &options) {
  unsigned optLevel = options.optLevel;
  registerBuiltinDialectTranslation(*module->getContext());
  registerLLVMDialectTranslation(*module->getContext());
  std::unique_ptr<llvm::Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, context);
  if (!llvmModule) {
    module.emitError() << "cannot translate the module to LLVM IR";
    return nullptr;
  }
  std::string error;
  std::unique_ptr<llvm::TargetMachine> machine =
      createHostTargetMachine(options, error);
  if (!machine) {
    module.emitError() << error;
    return nullptr;
  }
  llvmModule->setDataLayout(machine->createDataLayout());
  llvmModule->setTargetTriple(machine->getTargetTriple());
  if (optLevel == 0)
    return llvmModule;

  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgscc;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder builder(machine.get());
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(cgscc);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, cgscc, modules);
  llvm::OptimizationLevel level = optLevel == 1   ? llvm::OptimizationLevel::O1
                                  : optLevel == 2 ? llvm::OptimizationLevel::O2
                                                  : llvm::OptimizationLevel::O3;
  builder.buildPerModuleDefaultPipeline(level).run(*llvmModule, modules);
  return llvmModule;
}

LogicalResult circc::emitObjectFile(llvm::Module &module,
                                    const CodeGenOptions &options,
                                    llvm::raw_pwrite_stream &os,
                                    std::string &error) {
  std::unique_ptr<llvm::TargetMachine> machine =
      createHostTargetMachine(options, error);
  if (!machine)
    return failure();
  llvm::legacy::PassManager passes;
  if (machine->addPassesToEmitFile(passes, os, nullptr,
                                   llvm::CodeGenFileType::ObjectFile)) {
    error = "the target cannot emit object files";
    return failure();
  }
  passes.run(module);
  return success();
}

/// The names a library exports: CIRCC_EXPORTED_FUNCTIONS.
static constexpr const char *kExportedFunctions[] = {
#define CIRCC_EXPORTED_NAME(name) #name,
    CIRCC_EXPORTED_FUNCTIONS(CIRCC_EXPORTED_NAME)
#undef CIRCC_EXPORTED_NAME
};

std::string circc::defaultRuntimeArchive(const char *argv0, void *anchor) {
  std::string exe = llvm::sys::fs::getMainExecutable(argv0, anchor);
  llvm::SmallString<256> path(llvm::sys::path::parent_path(exe));
  llvm::sys::path::append(path, "..", "lib", "libcircc_runtime.a");
  return std::string(path);
}

bool circc::isValidSymbolPrefix(StringRef prefix) {
  if (prefix.empty() || llvm::isDigit(prefix.front()))
    return false;
  return llvm::all_of(prefix,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

LogicalResult circc::linkSharedLibrary(StringRef objectPath,
                                       StringRef outputPath,
                                       const LinkOptions &options,
                                       std::string &error) {
  llvm::ErrorOr<std::string> program =
      llvm::sys::findProgramByName(options.linker);
  if (!program) {
    error = "cannot find the linker driver '" + options.linker +
            "'; install clang-22 (scripts/setup.sh) or pass --linker";
    return failure();
  }
  if (!llvm::sys::fs::exists(options.runtimeArchive)) {
    error = "cannot find the circc runtime library '" +
            options.runtimeArchive + "'; pass --runtime-lib";
    return failure();
  }
  // Only the runtime's C ABI leaves the library, under its prefixed names
  // when there is a prefix: each is an alias of the runtime's function,
  // which stays local.
  llvm::SmallString<128> versionScript;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
          "circc-exports", "map", versionScript)) {
    error = "cannot create a temporary file: " + ec.message();
    return failure();
  }
  std::vector<std::string> aliases;
  {
    std::error_code ec;
    llvm::raw_fd_ostream script(versionScript, ec);
    if (ec) {
      error = "cannot write " + versionScript.str().str() + ": " + ec.message();
      return failure();
    }
    script << "{ global:";
    for (const char *name : kExportedFunctions) {
      script << " " << options.symbolPrefix << name << ";";
      if (!options.symbolPrefix.empty())
        aliases.push_back("-Wl,--defsym=" + options.symbolPrefix + name + "=" +
                          name);
    }
    script << " local: *; };\n";
  }
  std::string scriptFlag = "-Wl,--version-script=" + versionScript.str().str();
  // The library is known by its file name, so that a program linked with
  // it finds it on its run path wherever it runs.
  std::string sonameFlag =
      "-Wl,-soname," + llvm::sys::path::filename(outputPath).str();
  // Nothing in the object refers to the runtime, so take all of it.
  SmallVector<StringRef> args = {*program, "-shared", "-o", outputPath,
                                 objectPath, "-Wl,--whole-archive",
                                 options.runtimeArchive,
                                 "-Wl,--no-whole-archive",
                                 scriptFlag, sonameFlag, "-lm", "-pthread",
                                 "-Wl,-z,noexecstack", "-Wl,--as-needed"};
  args.append(aliases.begin(), aliases.end());
  std::string message;
  int status = llvm::sys::ExecuteAndWait(*program, args, std::nullopt, {}, 0, 0,
                                         &message);
  llvm::sys::fs::remove(versionScript);
  if (status != 0) {
    error = "linking " + outputPath.str() + " failed" +
            (message.empty() ? "" : ": " + message);
    return failure();
  }
  return success();
}

LogicalResult circc::emitSharedLibrary(llvm::Module &module,
                                       const CodeGenOptions &codegen,
                                       const LinkOptions &link,
                                       StringRef outputPath, std::string &error) {
  llvm::SmallString<128> objectPath;
  int objectFd;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
          "circc", "o", objectFd, objectPath)) {
    error = "cannot create a temporary object file: " + ec.message();
    return failure();
  }
  {
    llvm::raw_fd_ostream object(objectFd, /*shouldClose=*/true);
    if (failed(emitObjectFile(module, codegen, object, error))) {
      llvm::sys::fs::remove(objectPath);
      return failure();
    }
  }
  LogicalResult linked = linkSharedLibrary(objectPath, outputPath, link, error);
  llvm::sys::fs::remove(objectPath);
  return linked;
}

void circc::writeSymbolHeader(llvm::raw_ostream &os, StringRef symbolPrefix,
                              StringRef library) {
  std::string guard = "CIRCC_" + symbolPrefix.upper() + "H";
  os << "/* " << library << ": the circc C ABI (circc/runtime.h, "
     << "docs/Runtime.md) under the\n   prefix '" << symbolPrefix
     << "'. Generated by circc --symbol-prefix=" << symbolPrefix
     << "; link with " << library << ". */\n\n"
     << "#ifndef " << guard << "\n#define " << guard << "\n\n"
     << "#include <circc/runtime.h>\n\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  for (const char *name : kExportedFunctions)
    os << "extern __typeof__(" << name << ") " << symbolPrefix << name
       << ";\n";
  os << "\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << guard << " */\n";
}
