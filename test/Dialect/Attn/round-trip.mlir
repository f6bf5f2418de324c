// RUN: circ-opt %s | circ-opt | FileCheck %s

// One pre-LN encoder layer of the tiny fixture model, with two of its four
// heads left after pruning: Q/K/V are 16 columns wide, not 32.

// CHECK-LABEL: func.func @encoder_layer
func.func @encoder_layer(%ids: tensor<5xindex>, %table: tensor<14x32xf32>,
                         %pos: tensor<9x32xf32>, %g: tensor<32xf32>,
                         %b: tensor<32xf32>, %wq: tensor<16x32xf32>,
                         %bq: tensor<16xf32>, %wo: tensor<32x16xf32>,
                         %bo: tensor<32xf32>) -> tensor<5x32xf32> {
  // CHECK: attn.embed %{{.*}}, %{{.*}}, %{{.*}} {scale = 5.65685415 : f32} : tensor<5xindex>, tensor<14x32xf32>, tensor<9x32xf32> -> tensor<5x32xf32>
  %x = attn.embed %ids, %table, %pos {scale = 5.65685415 : f32}
      : tensor<5xindex>, tensor<14x32xf32>, tensor<9x32xf32> -> tensor<5x32xf32>
  // CHECK: attn.layer_norm %{{.*}} {epsilon = 9.99999974E-6 : f32} : tensor<5x32xf32>, tensor<32xf32>, tensor<32xf32>
  %h = attn.layer_norm %x, %g, %b {epsilon = 1.0e-5 : f32}
      : tensor<5x32xf32>, tensor<32xf32>, tensor<32xf32>
  // CHECK: attn.linear %{{.*}} : tensor<5x32xf32>, tensor<16x32xf32>, tensor<16xf32> -> tensor<5x16xf32>
  %q = attn.linear %h, %wq, %bq : tensor<5x32xf32>, tensor<16x32xf32>, tensor<16xf32> -> tensor<5x16xf32>
  // CHECK: attn.attention %{{.*}} {heads = 2 : i64} : tensor<5x16xf32>, tensor<5x16xf32>, tensor<5x16xf32> -> tensor<5x16xf32>
  %a = attn.attention %q, %q, %q {heads = 2 : i64}
      : tensor<5x16xf32>, tensor<5x16xf32>, tensor<5x16xf32> -> tensor<5x16xf32>
  // CHECK: attn.linear %{{.*}} {relu} : tensor<5x16xf32>, tensor<32x16xf32>, tensor<32xf32> -> tensor<5x32xf32>
  %o = attn.linear %a, %wo, %bo {relu} : tensor<5x16xf32>, tensor<32x16xf32>, tensor<32xf32> -> tensor<5x32xf32>
  return %o : tensor<5x32xf32>
}

// Decoder self-attention over a growing cache: sizes known only at run time.
// CHECK-LABEL: func.func @causal
// CHECK: attn.attention %{{.*}} {causal, heads = 4 : i64} : tensor<?x32xf32>, tensor<?x32xf32>, tensor<?x32xf32> -> tensor<?x32xf32>
func.func @causal(%x: tensor<?x32xf32>) -> tensor<?x32xf32> {
  %a = attn.attention %x, %x, %x {heads = 4 : i64, causal}
      : tensor<?x32xf32>, tensor<?x32xf32>, tensor<?x32xf32> -> tensor<?x32xf32>
  return %a : tensor<?x32xf32>
}

// A model: the encoder and decoder it runs, and how commands are decoded.
func.func @encode(%ids: tensor<?xindex>) -> tensor<?x32xf32> {
  %t = arith.constant dense<0.5> : tensor<3x32xf32>
  %p = arith.constant dense<0.25> : tensor<9x32xf32>
  %x = attn.embed %ids, %t, %p {scale = 1.0 : f32} : tensor<?xindex>, tensor<3x32xf32>, tensor<9x32xf32> -> tensor<?x32xf32>
  return %x : tensor<?x32xf32>
}
func.func @decode(%ids: tensor<?xindex>, %memory: tensor<?x32xf32>) -> tensor<?x4xf32> {
  %t = arith.constant dense<0.5> : tensor<4x32xf32>
  %p = arith.constant dense<0.25> : tensor<50x32xf32>
  %y = attn.embed %ids, %t, %p {scale = 1.0 : f32} : tensor<?xindex>, tensor<4x32xf32>, tensor<50x32xf32> -> tensor<?x32xf32>
  %w = arith.constant dense<0.1> : tensor<4x32xf32>
  %b = arith.constant dense<0.0> : tensor<4xf32>
  %l = attn.linear %y, %w, %b : tensor<?x32xf32>, tensor<4x32xf32>, tensor<4xf32> -> tensor<?x4xf32>
  return %l : tensor<?x4xf32>
}
// CHECK: attn.greedy_decoder @scan encoder @encode decoder @decode {bos = 2 : i64, eos = 3 : i64, max_source = 9 : i64, max_target = 50 : i64, source_tokens = ["walk", "jump"], target_tokens = ["I_WALK", "I_JUMP", "<bos>", "<eos>"]}
attn.greedy_decoder @scan encoder @encode decoder @decode {
    source_tokens = ["walk", "jump"],
    target_tokens = ["I_WALK", "I_JUMP", "<bos>", "<eos>"],
    bos = 2 : i64, eos = 3 : i64, max_source = 9 : i64, max_target = 50 : i64}
