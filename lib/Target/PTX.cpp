//===- PTX.cpp - The PTX of a circuit's batch kernel ----------------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Target/PTX.h"
#include "circc/Support/RuntimeABI.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"

using namespace mlir;

FailureOr<std::string> circc::takePTX(ModuleOp module) {
  std::string ptx;
  bool found = false;
  for (gpu::BinaryOp binary :
       llvm::make_early_inc_range(module.getOps<gpu::BinaryOp>())) {
    for (Attribute object : binary.getObjects()) {
      auto gpuObject = cast<gpu::ObjectAttr>(object);
      if (gpuObject.getFormat() != gpu::CompilationTarget::Assembly)
        continue;
      ptx = gpuObject.getObject().getValue().str();
      found = true;
    }
    binary.erase();
  }
  module->removeAttr(gpu::GPUDialect::getContainerModuleAttrName());
  if (!found)
    return module.emitError() << "no PTX was produced for the batch kernel";
  return ptx;
}

void circc::embedPTX(llvm::Module &module, StringRef ptx) {
  llvm::Constant *text =
      llvm::ConstantDataArray::getString(module.getContext(), ptx, true);
  new llvm::GlobalVariable(module, text->getType(), /*isConstant=*/true,
                           llvm::GlobalValue::ExternalLinkage, text,
                           circc::abi::kPTX);
}
