// RUN: circ-opt %s --convert-attn-to-standard | FileCheck %s --implicit-check-not=attn.
// RUN: circ-opt %s --convert-attn-to-standard --circc-build-entry-points | FileCheck %s --check-prefix=ENTRY
// RUN: circ-opt %s --circc-attn-to-standard --circc-standard-to-llvm | FileCheck %s --check-prefix=LLVM --implicit-check-not=linalg. --implicit-check-not=scf. --implicit-check-not=memref.
// RUN: circ-opt %s --circc-attn-to-standard | FileCheck %s --check-prefix=LOOPS --implicit-check-not=linalg. --implicit-check-not=math.exp
// RUN: circ-opt %s --convert-attn-to-standard=batch-tile=0 --circc-build-entry-points | FileCheck %s --check-prefix=NOBATCH --implicit-check-not=__circc_decode_batch

// A toy encoder-decoder: width 4, two heads, commands of up to 5 tokens,
// at most 2 outputs (max_target 3 positions, the first for <bos>).

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

// Linear weights are stored transposed, [in, out].
// CHECK-DAG: memref.global "private" constant @[[W:__circc_weight[0-9]+]] : memref<4x4xf32> = dense<{{\[}}[1.000000e+00, 5.000000e+00, 1.000000e+00, 0.000000e+00], [2.000000e+00, 6.000000e+00, 0.000000e+00, 1.000000e+00]
// CHECK-DAG: memref.global "private" constant @{{__circc_weight[0-9]+}} : memref<4x3xf32>

// One command's decoding, with the library's metadata.
// CHECK-LABEL: func.func private @__circc_logits_one(
// CHECK-SAME: %[[TOKENS:.*]]: memref<5xi32, strided<[1], offset: ?>>, %[[N:.*]]: i32, %[[OUT:.*]]: memref<2xi32, strided<[1], offset: ?>>, %[[CAP:.*]]: i32, %[[INFO:.*]]: memref<1xi32, strided<[1], offset: ?>>, %[[LOGITS:.*]]: memref<2x3xf32, strided<[3, 1], offset: ?>>) -> i32
// CHECK-SAME: circc.metadata = {batch_tile = 16 : i64, max_input = 5 : i64, max_output = 2 : i64, name = "toy", num_rules = 0 : i64, num_states = 0 : i64, outputs = ["x", "<bos>", "<eos>"], param_count = 99 : i64, runtime_rows = 0 : i64, tokens = ["a", "b"], weight_names = [], weight_shapes = array<i32>, workspace_kb = 7 : i64}
// Encoder values hold the longest command; the self-attention caches one
// row per step; decoder values are one row.
// CHECK-DAG: memref.alloca() : memref<5x4xf32>
// CHECK-DAG: %[[KCACHE:.*]] = memref.alloca() : memref<2x4xf32>
// CHECK-DAG: memref.alloca() : memref<1x4xf32>
// An empty command is status 3 (no parse).
// CHECK: arith.cmpi eq
// CHECK: scf.if
// The products iterate (row, input, output).
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]
// The greedy loop starts from <bos> (1).
// CHECK: scf.for %[[STEP:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %c1{{(_[0-9]+)?}}, %{{.*}} = %c0{{(_[0-9]+)?}}, %{{.*}} = %true)
// The step's key row enters the cache at row `step`.
// CHECK: memref.store %{{.*}}, %[[KCACHE]][%[[STEP]], %{{.*}}]
// Each step's logits land in row `step`.
// CHECK: memref.store %{{.*}}, %[[LOGITS]][%[[STEP]], %{{.*}}]
// CHECK: arith.cmpf ogt
// CHECK: return

// The runtime's metadata: ABI 2, 5 tokens in, 2 out, 2 source tokens, 3
// target tokens, 99 parameters (the f32 constants' scalars), batches of 128
// commands taking 32 KiB of workspace (or none with batch-tile=0).
// ENTRY-DAG: memref.global "public" constant @__circc_info : memref<15xi32> = dense<[2, 5, 2, 2, 3, 99, 0, 0, 0, 0, 16, 7, 0, 0, 0]>
// NOBATCH: memref.global "public" constant @__circc_info : memref<15xi32> = dense<[2, 5, 2, 2, 3, 99, 0, 0, 0, 0, 0, 0, 0, 0, 0]>
// ENTRY-DAG: memref.global "public" constant @__circc_name : memref<4xi8> = dense<[116, 111, 121, 0]>

// ENTRY-LABEL: func.func @__circc_logits(
// ENTRY-SAME: memref<5xi32>, %{{.*}}: i32, %{{.*}}: memref<2xi32>, %{{.*}}: i32, %{{.*}}: memref<1xi32>, %{{.*}}: memref<2x3xf32>) -> i32
// ENTRY: call @__circc_logits_one
// ENTRY-LABEL: func.func @__circc_run(
// ENTRY: memref.alloca() : memref<2x3xf32>
// ENTRY: call @__circc_logits(
// ENTRY-LABEL: func.func @__circc_trace(
// ENTRY: %[[FIVE:.*]] = arith.constant 5 : i32
// ENTRY: return %[[FIVE]]

// LOOPS-LABEL: func.func @__circc_logits(
// LOOPS: scf.for
// LOOPS: math.sqrt
// The softmax's exponentials are arithmetic (circc-approximate-exp).
// LOOPS: math.fma

// LLVM: llvm.func @__circc_logits(%{{.*}}: !llvm.ptr, %{{.*}}: i32, %{{.*}}: !llvm.ptr, %{{.*}}: i32, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) -> i32
// LLVM: llvm.func @__circc_run(
// LLVM: llvm.func @__circc_trace(
