// RUN: circ-opt %s --convert-attn-to-standard=batch-tile=16 | FileCheck %s
// RUN: circ-opt %s --convert-attn-to-standard=batch-tile=16 --circc-build-entry-points --inline --symbol-dce --convert-linalg-to-loops --circc-standard-to-llvm | FileCheck %s --check-prefix=LLVM

// A batch's product over more than two blocks of inputs (320 = 128 + 128
// + 64) with a ReLU: the first block starts from the bias, the middle ones
// run in a loop, and the last one applies the ReLU as it stores the sums;
// no pass over the output follows.

func.func @encode(%ids: tensor<?xindex>) -> tensor<?x32xf32> {
  %table = arith.constant dense<0.5> : tensor<3x32xf32>
  %pos = arith.constant dense<0.25> : tensor<5x32xf32>
  %x = attn.embed %ids, %table, %pos {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x32xf32>, tensor<5x32xf32> -> tensor<?x32xf32>
  return %x : tensor<?x32xf32>
}

func.func @decode(%ids: tensor<?xindex>, %memory: tensor<?x32xf32>) -> tensor<?x3xf32> {
  %table = arith.constant dense<0.5> : tensor<3x320xf32>
  %pos = arith.constant dense<0.25> : tensor<3x320xf32>
  %y = attn.embed %ids, %table, %pos {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x320xf32>, tensor<3x320xf32> -> tensor<?x320xf32>
  %w = arith.constant dense<0.125> : tensor<32x320xf32>
  %b = arith.constant dense<0.0> : tensor<32xf32>
  %down = attn.linear %y, %w, %b {relu} : tensor<?x320xf32>, tensor<32x320xf32>, tensor<32xf32> -> tensor<?x32xf32>
  %cross = attn.attention %down, %memory, %memory {heads = 1 : i64} : tensor<?x32xf32>, tensor<?x32xf32>, tensor<?x32xf32> -> tensor<?x32xf32>
  %wo = arith.constant dense<0.5> : tensor<3x32xf32>
  %bo = arith.constant dense<0.0> : tensor<3xf32>
  %logits = attn.linear %cross, %wo, %bo : tensor<?x32xf32>, tensor<3x32xf32>, tensor<3xf32> -> tensor<?x3xf32>
  return %logits : tensor<?x3xf32>
}

attn.greedy_decoder @toy encoder @encode decoder @decode {
  source_tokens = ["a", "b"], target_tokens = ["x", "<bos>", "<eos>"],
  bos = 1 : i64, eos = 2 : i64, max_source = 5 : i64, max_target = 3 : i64}

// CHECK-LABEL: func.func @__circc_decode_batch(
// CHECK: scf.for %{{.*}} = %{{.*}} to %c128{{.*}} step %c1{{.*}} iter_args(
// CHECK-NOT: arith.maximumf
// CHECK: scf.for %{{.*}} = %c128{{.*}} to %c256{{.*}} step %c128
// CHECK-NOT: arith.maximumf
// CHECK: scf.for %{{.*}} = %c256{{.*}} to %c320{{.*}} step %c1{{.*}} iter_args(
// CHECK-COUNT-16: arith.maximumf %{{.*}} : vector<16xf32>
// CHECK-NOT: arith.maximumf %{{.*}} : vector<16xf32>
// CHECK: return

// LLVM: llvm.func @__circc_decode_batch(
