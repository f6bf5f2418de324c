//===- SharedLibrary.cpp - LLVM dialect to object file and .so ------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Target/SharedLibrary.h"

#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

using namespace mlir;

static std::unique_ptr<llvm::TargetMachine>
createHostTargetMachine(const circc::CodeGenOptions &options,
                        std::string &error) {
  unsigned optLevel = options.optLevel;
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::Triple triple(llvm::sys::getDefaultTargetTriple());
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return nullptr;
  llvm::CodeGenOptLevel level = optLevel == 0   ? llvm::CodeGenOptLevel::None
                                : optLevel == 1 ? llvm::CodeGenOptLevel::Less
                                : optLevel == 2 ? llvm::CodeGenOptLevel::Default
                                                : llvm::CodeGenOptLevel::Aggressive;
  // By default a generic CPU: the library runs on any machine of the host's
  // architecture.
  std::string cpu = options.cpu, features;
  if (cpu == "native") {
    cpu = llvm::sys::getHostCPUName().str();
    llvm::SubtargetFeatures host;
    for (const auto &feature : llvm::sys::getHostCPUFeatures())
      host.AddFeature(feature.getKey(), feature.getValue());
    features = host.getString();
  }
  std::unique_ptr<llvm::MCSubtargetInfo> info(
      target->createMCSubtargetInfo(triple, "generic", ""));
  if (!info || !info->isCPUStringValid(cpu)) {
    error = "unknown CPU '" + cpu + "' for " + triple.str();
    return nullptr;
  }
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

LogicalResult circc::linkSharedLibrary(StringRef linker, StringRef objectPath,
                                       StringRef runtimeArchive,
                                       StringRef outputPath,
                                       std::string &error) {
  llvm::ErrorOr<std::string> program = llvm::sys::findProgramByName(linker);
  if (!program) {
    error = "cannot find the linker driver '" + linker.str() +
            "'; install clang-22 (scripts/setup.sh) or pass --linker";
    return failure();
  }
  if (!llvm::sys::fs::exists(runtimeArchive)) {
    error = "cannot find the circc runtime library '" + runtimeArchive.str() +
            "'; pass --runtime-lib";
    return failure();
  }
  // Only the runtime's C ABI leaves the library.
  llvm::SmallString<128> versionScript;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
          "circc-exports", "map", versionScript)) {
    error = "cannot create a temporary file: " + ec.message();
    return failure();
  }
  {
    std::error_code ec;
    llvm::raw_fd_ostream script(versionScript, ec);
    if (ec) {
      error = "cannot write " + versionScript.str().str() + ": " + ec.message();
      return failure();
    }
    script << "{ global: circc_*; local: *; };\n";
  }
  std::string scriptFlag = "-Wl,--version-script=" + versionScript.str().str();
  // Nothing in the object refers to the runtime, so take all of it.
  SmallVector<StringRef> args = {*program, "-shared", "-o", outputPath,
                                 objectPath, "-Wl,--whole-archive",
                                 runtimeArchive, "-Wl,--no-whole-archive",
                                 scriptFlag, "-lm",
                                 "-Wl,-z,noexecstack", "-Wl,--as-needed"};
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
