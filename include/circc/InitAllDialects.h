//===- InitAllDialects.h - Register every circc dialect ---------*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_INITALLDIALECTS_H
#define CIRCC_INITALLDIALECTS_H

#include "circc/Dialect/Attn/AttnDialect.h"
#include "circc/Dialect/Circuit/CircuitDialect.h"
#include "circc/Dialect/Grammar/GrammarDialect.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

namespace circc {

/// Adds every circc dialect, and the upstream dialects circc lowers to, to
/// `registry`, with the interfaces their lowerings to LLVM and NVVM (and the
/// in-process PTX compilation) need.
inline void registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<grammar::GrammarDialect, circuit::CircuitDialect, attn::AttnDialect,
                  mlir::arith::ArithDialect, mlir::func::FuncDialect,
                  mlir::memref::MemRefDialect, mlir::scf::SCFDialect,
                  mlir::gpu::GPUDialect, mlir::NVVM::NVVMDialect,
                  mlir::math::MathDialect, mlir::linalg::LinalgDialect,
                  mlir::affine::AffineDialect, mlir::LLVM::LLVMDialect>();
  mlir::registerAllExtensions(registry);
  mlir::registerAllToLLVMIRTranslations(registry);
  mlir::NVVM::registerNVVMTargetInterfaceExternalModels(registry);
}

} // namespace circc

#endif // CIRCC_INITALLDIALECTS_H
