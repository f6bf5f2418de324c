//===- Passes.td - circc's back-end passes -----------------*- tablegen -*-===//
//
// Part of circc. The passes that turn the per-command function a lowering
// produces (@__circc_run_one for circuits, @__circc_logits_one for models;
// see circc/Support/RuntimeABI.h) into what the runtime library calls.
// They know the runtime contract (circc/abi.h), not the dialects above.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_TRANSFORMS_PASSES_TD
#define CIRCC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def BuildEntryPoints : Pass<"circc-build-entry-points", "::mlir::ModuleOp"> {
  let summary = "Wrap the per-command function in the runtime's entry points";
  let description = [{
    Reads the metadata a lowering attached to the module's per-command
    function (`circc.metadata`) and adds the globals and functions the
    runtime library reads, with the C signatures of `circc/abi.h`:

    - `@__circc_info`, `@__circc_name`, `@__circc_token_names`,
      `@__circc_output_names`, `@__circc_weight_names`,
      `@__circc_weight_shapes`;
    - for a circuit (`@__circc_run_one`): `@__circc_run` (output symbols)
      and `@__circc_trace` (content codes), and where rows are loaded at run
      time `@__circc_gradient`: the forward route, the cross-entropy of the
      tied decoder at every position routed from a learnable row, and its
      gradient scattered back into that row along the same route;
    - for a model (`@__circc_logits_one`): `@__circc_logits`, `@__circc_run`
      (logits into a stack buffer) and `@__circc_trace`, which returns
      status 5 (a model has no content codes).

    Each wrapper calls the per-command function, casting its buffers to the
    function's dynamic-offset memrefs; the `inline` and `symbol-dce` passes
    then leave one function per entry point.

    ```mlir
    func.func @__circc_run(%tokens: memref<2xi32>, %n: i32,
        %out: memref<2xi32>, %capacity: i32, %info: memref<1xi32>,
        %learned: memref<1xi32>) -> i32 {
      ...
      %status = call @__circc_run_one(%0, %n, %1, %capacity, %2, %3, %true)
      return %status : i32
    }
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::math::MathDialect", "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
  ];
}

def OutlineBatchKernel : Pass<"circc-outline-batch-kernel", "::mlir::ModuleOp"> {
  let summary = "Add a GPU kernel that runs a batch of commands";
  let description = [{
    Clones the module's per-command function, and every function and global
    it uses, into `gpu.module @circc_kernels`, with the kernel the runtime
    launches (`circc_batch_kernel` in `circc/abi.h`):

    ```mlir
    gpu.func @circc_batch(%tokens: memref<?xi32>, %counts: memref<?xi32>,
                          %out: memref<?xi32>, %lengths: memref<?xi32>,
                          %statuses: memref<?xi32>, %learned: memref<?xi32>,
                          %n: i32) kernel
    ```

    Thread `i` (counting over the grid's x dimension) calls the function on
    its slices of the buffers: `max_input` token ids at
    `%tokens[i * max_input]`, its count at `%counts[i]`, its output at
    `%out[i * max_output]`, its length (or the failing token's position) at
    `%lengths[i]`, and stores the status at `%statuses[i]`; a model's logits
    go to a buffer in the thread's local memory. Host and device run the
    same code. In the GPU module, `math.exp` and `math.sqrt` become the NVVM
    intrinsics `llvm.nvvm.ex2.approx.ftz.f` (of x * log2 e) and
    `llvm.nvvm.sqrt.rn.f`, so the PTX needs no libdevice. The host's
    functions are left as they are.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::gpu::GPUDialect", "::mlir::LLVM::LLVMDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect",
  ];
}

def ApproximateExp : Pass<"circc-approximate-exp", "::mlir::ModuleOp"> {
  let summary = "Compute f32 exponentials without libm";
  let description = [{
    Rewrites every `math.exp` on `f32` or a vector of `f32` into upstream
    MLIR's polynomial approximation (`populateMathPolynomialApproximationPatterns`,
    range reduction to `2^k * e^r` and a polynomial in `r`, a few ulp from
    the correctly rounded result, 0 below the underflow bound and +inf
    above the overflow bound). A vector's exponentials then stay vector
    arithmetic instead of one call to `expf` per lane, and a scalar's are
    the same arithmetic, so code that computes a value as a lane of a
    vector and code that computes it alone agree. The models' pipeline runs
    it on the host code (a model's softmax over all of a key's heads at
    once); a circuit's exponentials and the GPU kernel's are left as they
    are.

    ```mlir
    %e = math.exp %x : vector<8xf32>
    // becomes arith and math.fma on vector<8xf32> and an
    // arith.bitcast of the exponent into the float's bits
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect",
  ];
}

#endif // CIRCC_TRANSFORMS_PASSES_TD
