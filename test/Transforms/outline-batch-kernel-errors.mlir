// RUN: circ-opt %s --split-input-file --circc-outline-batch-kernel --verify-diagnostics

// expected-error @below {{has no per-command function (@__circc_run_one or @__circc_logits_one) to run on the GPU}}
module {
  func.func @other() {
    return
  }
}

// -----

// expected-error @below {{already holds @circc_kernels}}
module attributes {gpu.container_module} {
  func.func private @__circc_run_one() {
    return
  }
  gpu.module @circc_kernels {
  }
}
