// RUN: circ-opt %s --convert-attn-to-standard --circc-outline-batch-kernel | FileCheck %s
// RUN: circ-opt %s --circc-attn-to-ptx | FileCheck %s --check-prefix=PTX

// A model's kernel: the GPU module has its own copy of the weights and of
// the decoder, and the kernel has the circuits' batch kernel signature.
// CHECK: module attributes {gpu.container_module}
// CHECK: func.func private @__circc_logits_one(
// CHECK: math.sqrt
// CHECK: gpu.module @circc_kernels {
// CHECK-DAG: memref.global "private" constant @{{__circc_weight[0-9]+}} : memref<4x3xf32>
// The CPU's decoder, with NVVM's square root and exponential.
// CHECK: func.func private @__circc_logits_one(
// CHECK-NOT: math.
// CHECK: llvm.call_intrinsic "llvm.nvvm.sqrt.rn.f"
// CHECK: linalg.generic
// CHECK: llvm.call_intrinsic "llvm.nvvm.ex2.approx.ftz.f"
// CHECK-NOT: math.
// CHECK: gpu.func @circc_batch(%[[TOKENS:.+]]: memref<?xi32>, %[[COUNTS:.+]]: memref<?xi32>, %[[OUT:.+]]: memref<?xi32>, %[[LENGTHS:.+]]: memref<?xi32>, %[[STATUSES:.+]]: memref<?xi32>, %{{.+}}: memref<?xi32>, %[[N:.+]]: i32) kernel {
// Each thread's logits are its own.
// CHECK: %[[LOGITS:.+]] = memref.alloca() : memref<2x3xf32>
// One command per thread over the grid's x dimension.
// CHECK: gpu.block_id x
// CHECK: gpu.thread_id x
// CHECK: scf.if
// Thread i's command: max_source tokens, max_target - 1 outputs.
// CHECK: memref.reinterpret_cast %[[TOKENS]] to offset: [%{{.*}}], sizes: [5], strides: [1]
// CHECK: memref.load %[[COUNTS]]
// CHECK: memref.reinterpret_cast %[[OUT]] to offset: [%{{.*}}], sizes: [2], strides: [1]
// CHECK: memref.cast %[[LOGITS]] : memref<2x3xf32> to memref<2x3xf32, strided<[3, 1], offset: ?>>
// CHECK: %[[STATUS:.+]] = func.call @__circc_logits_one(
// CHECK: memref.store %[[STATUS]], %[[STATUSES]]
// CHECK: gpu.return

// In the PTX, the kernel is an entry point and nothing calls libdevice.
// PTX: gpu.binary @circc_kernels {{.*}}.visible .entry circc_batch(
// PTX-NOT: __nv_

func.func @encode(%ids: tensor<?xindex>) -> tensor<?x4xf32> {
  %table = arith.constant dense<0.5> : tensor<3x4xf32>
  %pos = arith.constant dense<0.25> : tensor<5x4xf32>
  %x = attn.embed %ids, %table, %pos {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x4xf32>, tensor<5x4xf32> -> tensor<?x4xf32>
  %g = arith.constant dense<1.0> : tensor<4xf32>
  %b = arith.constant dense<0.0> : tensor<4xf32>
  %h = attn.layer_norm %x, %g, %b {epsilon = 1.0e-5 : f32} : tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>
  %a = attn.attention %h, %h, %h {heads = 2 : i64} : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  %y = arith.addf %x, %a : tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

func.func @decode(%ids: tensor<?xindex>, %memory: tensor<?x4xf32>) -> tensor<?x3xf32> {
  %table = arith.constant dense<0.5> : tensor<3x4xf32>
  %pos = arith.constant dense<0.25> : tensor<3x4xf32>
  %y = attn.embed %ids, %table, %pos {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x4xf32>, tensor<3x4xf32> -> tensor<?x4xf32>
  %w = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0]]> : tensor<4x4xf32>
  %bias = arith.constant dense<0.0> : tensor<4xf32>
  %q = attn.linear %y, %w, %bias {relu} : tensor<?x4xf32>, tensor<4x4xf32>, tensor<4xf32> -> tensor<?x4xf32>
  %self = attn.attention %q, %q, %q {causal, heads = 2 : i64} : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  %k = attn.linear %memory, %w, %bias : tensor<?x4xf32>, tensor<4x4xf32>, tensor<4xf32> -> tensor<?x4xf32>
  %cross = attn.attention %self, %k, %k {heads = 2 : i64} : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  %wo = arith.constant dense<0.1> : tensor<3x4xf32>
  %bo = arith.constant dense<0.0> : tensor<3xf32>
  %logits = attn.linear %cross, %wo, %bo : tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32> -> tensor<?x3xf32>
  return %logits : tensor<?x3xf32>
}

attn.greedy_decoder @toy encoder @encode decoder @decode {
  source_tokens = ["a", "b"], target_tokens = ["x", "<bos>", "<eos>"],
  bos = 1 : i64, eos = 2 : i64, max_source = 5 : i64, max_target = 3 : i64}
