// RUN: circ-opt %s --convert-attn-to-standard=batch-tile=16 | FileCheck %s
// RUN: circ-opt %s --convert-attn-to-standard=batch-tile=16 --circc-build-entry-points --inline --symbol-dce --convert-linalg-to-loops --circc-standard-to-llvm | FileCheck %s --check-prefix=LLVM
// RUN: circ-opt %s -verify-diagnostics --convert-attn-to-standard=batch-tile=12

// A batch of commands decoded in lockstep (@__circc_decode_batch): a toy
// model 32 wide, commands of up to 5 tokens, 2 outputs; one head, two in
// the decoder's self-attention.

func.func @encode(%ids: tensor<?xindex>) -> tensor<?x32xf32> {
  %table = arith.constant dense<0.5> : tensor<3x32xf32>
  %pos = arith.constant dense<0.25> : tensor<5x32xf32>
  %x = attn.embed %ids, %table, %pos {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x32xf32>, tensor<5x32xf32> -> tensor<?x32xf32>
  %a = attn.attention %x, %x, %x {heads = 1 : i64} : tensor<?x32xf32>, tensor<?x32xf32>, tensor<?x32xf32> -> tensor<?x32xf32>
  return %a : tensor<?x32xf32>
}

func.func @decode(%ids: tensor<?xindex>, %memory: tensor<?x32xf32>) -> tensor<?x3xf32> {
  %table = arith.constant dense<0.5> : tensor<3x32xf32>
  %pos = arith.constant dense<0.25> : tensor<3x32xf32>
  %y = attn.embed %ids, %table, %pos {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x32xf32>, tensor<3x32xf32> -> tensor<?x32xf32>
  %g = arith.constant dense<1.0> : tensor<32xf32>
  %b = arith.constant dense<0.0> : tensor<32xf32>
  %h = attn.layer_norm %y, %g, %b {epsilon = 1.0e-5 : f32} : tensor<?x32xf32>, tensor<32xf32>, tensor<32xf32>
  %self = attn.attention %h, %h, %h {causal, heads = 2 : i64} : tensor<?x32xf32>, tensor<?x32xf32>, tensor<?x32xf32> -> tensor<?x32xf32>
  %w = arith.constant dense<0.125> : tensor<32x32xf32>
  %k = attn.linear %memory, %w, %b : tensor<?x32xf32>, tensor<32x32xf32>, tensor<32xf32> -> tensor<?x32xf32>
  %cross = attn.attention %self, %k, %k {heads = 1 : i64} : tensor<?x32xf32>, tensor<?x32xf32>, tensor<?x32xf32> -> tensor<?x32xf32>
  %up = attn.linear %cross, %w, %b {relu} : tensor<?x32xf32>, tensor<32x32xf32>, tensor<32xf32> -> tensor<?x32xf32>
  %wo = arith.constant dense<0.5> : tensor<3x32xf32>
  %bo = arith.constant dense<0.0> : tensor<3xf32>
  %logits = attn.linear %up, %wo, %bo : tensor<?x32xf32>, tensor<3x32xf32>, tensor<3xf32> -> tensor<?x3xf32>
  return %logits : tensor<?x3xf32>
}

// expected-error @+1 {{'attn.greedy_decoder' op cannot be batched by 12 commands: batch-tile must be a multiple of 8}}
attn.greedy_decoder @toy encoder @encode decoder @decode {
  source_tokens = ["a", "b"], target_tokens = ["x", "<bos>", "<eos>"],
  bos = 1 : i64, eos = 2 : i64, max_source = 5 : i64, max_target = 3 : i64}

// The 32-column weights as one panel [1, in, 32]; the 3 logit columns as
// [in, out] for the remaining columns.
// CHECK-DAG: memref.global "private" constant @{{__circc_weight[0-9]+}} : memref<1x32x32xf32>
// CHECK-DAG: memref.global "private" constant @{{__circc_weight[0-9]+}} : memref<32x3xf32>

// The metadata states the tile and the workspace.
// CHECK-LABEL: func.func private @__circc_logits_one(
// CHECK-SAME: batch_tile = 16 : i64
// CHECK-SAME: workspace_kb = [[KB:[0-9]+]] : i64

// CHECK-LABEL: func.func @__circc_decode_batch(
// CHECK-SAME: %[[TOKENS:.*]]: memref<16x5xi32>, %[[COUNTS:.*]]: memref<16xi32>, %[[N:.*]]: i32, %[[OUT:.*]]: memref<16x2xi32>, %[[INFOS:.*]]: memref<16xi32>, %[[STATUSES:.*]]: memref<16xi32>, %[[WS:.*]]: memref<[[BYTES:[0-9]+]]xi8>) -> i32
// Every buffer is a view of the workspace: the commands' first rows (and
// the total), each packed row's command, the encoder's values over the
// packed rows (16 commands x 5 tokens + the row an empty command attends
// to, rounded up to the register tile), the caches 2 rows per command, a
// step's values one row per command.
// CHECK-DAG: memref.view %[[WS]][%{{.*}}][] : memref<[[BYTES]]xi8> to memref<17xi32>
// CHECK-DAG: memref.view %[[WS]][%{{.*}}][] : memref<[[BYTES]]xi8> to memref<88xi32>
// CHECK-DAG: memref.view %[[WS]][%{{.*}}][] : memref<[[BYTES]]xi8> to memref<88x32xf32>
// CHECK-DAG: memref.view %[[WS]][%{{.*}}][] : memref<[[BYTES]]xi8> to memref<32x32xf32>
// CHECK-DAG: memref.view %[[WS]][%{{.*}}][] : memref<[[BYTES]]xi8> to memref<16x32xf32>
// CHECK-NOT: memref.alloca
// The encoder runs once, over the packed rows: a row's token is its
// command's token at the row's position.
// CHECK-NOT: memref.subview %[[TOKENS]]
// CHECK: memref.load %[[TOKENS]][%{{.*}}, %{{.*}}] : memref<16x5xi32>
// A product over register tiles: 8 rows of 2 vectors, the accumulators
// carried through the inputs.
// CHECK: scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// While the row tiles read a block of weights, the next one is fetched.
// CHECK: memref.prefetch %{{.*}}[%{{.*}}], read, locality<3>, data : memref<1024xf32>
// CHECK: vector.load %{{.*}} : memref<1x32x32xf32>, vector<16xf32>
// Then the steps in lockstep until no command runs.
// CHECK: scf.for %{{.*}} iter_args(%{{.*}} = %true) -> (i1)
// The heads are whole vectors; the cache rows of the next command are
// fetched while a command reads its own. A key's scores for the two heads
// of 16 are one tree: the heads' halves merged into one vector, then
// folded until each head is one lane.
// CHECK: memref.prefetch %{{.*}}[%{{.*}}, %{{.*}}], read, locality<2>, data : memref<32x32xf32>
// CHECK: vector.shuffle %[[H0:.*]], %[[H1:.*]] [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23] : vector<16xf32>, vector<16xf32>
// CHECK: vector.shuffle %[[H0]], %[[H1]] [8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31] : vector<16xf32>, vector<16xf32>
// CHECK: vector.shuffle %[[S:.*]], %[[S]] [0, 2] : vector<4xf32>, vector<4xf32>
// CHECK: vector.shuffle %[[S]], %[[S]] [1, 3] : vector<4xf32>, vector<4xf32>
// CHECK-NOT: vector.reduction
// The key's two scores are one row of scores, and each step of the
// softmax runs over both heads at once.
// CHECK: vector.store %{{.*}}, %[[KEYS:.*]][%{{.*}}, %{{.*}}] : memref<5x16xf32>, vector<2xf32>
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : vector<2xf32>
// CHECK: math.exp %{{.*}} : vector<2xf32>
// CHECK: vector.store %{{.*}}, %[[KEYS]][%{{.*}}, %{{.*}}] : memref<5x16xf32>, vector<2xf32>
// CHECK: arith.divf %{{.*}}, %{{.*}} : vector<2xf32>
// CHECK: memref.prefetch %{{.*}}[%{{.*}}, %{{.*}}], read, locality<2>, data : memref<88x32xf32>
// The cross-attention's one head of 32: its two halves added, then folded.
// CHECK: vector.extract_strided_slice %{{.*}} {offsets = [16], sizes = [16], strides = [1]} : vector<32xf32> to vector<16xf32>
// The logits' columns are a linalg.generic.
// CHECK: linalg.generic
// CHECK: arith.cmpf ogt
// CHECK: arith.ori
// CHECK: return

// LLVM: llvm.func @__circc_decode_batch(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i32, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) -> i32
// LLVM: llvm.fmul {{.*}}contract{{.*}} : vector<16xf32>
