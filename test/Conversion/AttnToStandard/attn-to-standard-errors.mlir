// RUN: circ-opt %s -split-input-file -verify-diagnostics --convert-attn-to-standard

// Decoding one step at a time needs causal self-attention.

func.func @encode(%ids: tensor<?xindex>) -> tensor<?x4xf32> {
  %t = arith.constant dense<0.5> : tensor<3x4xf32>
  %p = arith.constant dense<0.25> : tensor<5x4xf32>
  %x = attn.embed %ids, %t, %p {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x4xf32>, tensor<5x4xf32> -> tensor<?x4xf32>
  return %x : tensor<?x4xf32>
}

func.func @decode(%ids: tensor<?xindex>, %memory: tensor<?x4xf32>) -> tensor<?x3xf32> {
  %t = arith.constant dense<0.5> : tensor<3x4xf32>
  %p = arith.constant dense<0.25> : tensor<3x4xf32>
  %y = attn.embed %ids, %t, %p {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x4xf32>, tensor<3x4xf32> -> tensor<?x4xf32>
  %w = arith.constant dense<0.1> : tensor<3x4xf32>
  %b = arith.constant dense<0.0> : tensor<3xf32>
  // expected-error @+1 {{'attn.attention' op attends to later targets, so the decoder cannot run one step at a time; decoder self-attention must be causal}}
  %a = attn.attention %y, %y, %y {heads = 2 : i64} : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  %l = attn.linear %a, %w, %b : tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32> -> tensor<?x3xf32>
  return %l : tensor<?x3xf32>
}

attn.greedy_decoder @toy encoder @encode decoder @decode {source_tokens = ["a", "b"], target_tokens = ["x", "<bos>", "<eos>"], bos = 1 : i64, eos = 2 : i64, max_source = 5 : i64, max_target = 3 : i64}

// -----

// Keys from the targets need values from the targets.

func.func @encode(%ids: tensor<?xindex>) -> tensor<?x4xf32> {
  %t = arith.constant dense<0.5> : tensor<3x4xf32>
  %p = arith.constant dense<0.25> : tensor<5x4xf32>
  %x = attn.embed %ids, %t, %p {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x4xf32>, tensor<5x4xf32> -> tensor<?x4xf32>
  return %x : tensor<?x4xf32>
}

func.func @decode(%ids: tensor<?xindex>, %memory: tensor<?x4xf32>) -> tensor<?x3xf32> {
  %t = arith.constant dense<0.5> : tensor<3x4xf32>
  %p = arith.constant dense<0.25> : tensor<3x4xf32>
  %y = attn.embed %ids, %t, %p {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x4xf32>, tensor<3x4xf32> -> tensor<?x4xf32>
  %w = arith.constant dense<0.1> : tensor<3x4xf32>
  %b = arith.constant dense<0.0> : tensor<3xf32>
  // expected-error @+1 {{'attn.attention' op has keys that depend on the targets but values that do not}}
  %a = attn.attention %y, %y, %memory {causal, heads = 2 : i64} : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  %l = attn.linear %a, %w, %b : tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32> -> tensor<?x3xf32>
  return %l : tensor<?x3xf32>
}

attn.greedy_decoder @toy encoder @encode decoder @decode {source_tokens = ["a", "b"], target_tokens = ["x", "<bos>", "<eos>"], bos = 1 : i64, eos = 2 : i64, max_source = 5 : i64, max_target = 3 : i64}

// -----

// Only the attn ops, constants and residual additions are lowered.

func.func @encode(%ids: tensor<?xindex>) -> tensor<?x4xf32> {
  %t = arith.constant dense<0.5> : tensor<3x4xf32>
  %p = arith.constant dense<0.25> : tensor<5x4xf32>
  %x = attn.embed %ids, %t, %p {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x4xf32>, tensor<5x4xf32> -> tensor<?x4xf32>
  return %x : tensor<?x4xf32>
}

func.func @decode(%ids: tensor<?xindex>, %memory: tensor<?x4xf32>) -> tensor<?x3xf32> {
  %t = arith.constant dense<0.5> : tensor<3x4xf32>
  %p = arith.constant dense<0.25> : tensor<3x4xf32>
  %y = attn.embed %ids, %t, %p {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x4xf32>, tensor<3x4xf32> -> tensor<?x4xf32>
  %w = arith.constant dense<0.1> : tensor<3x4xf32>
  %b = arith.constant dense<0.0> : tensor<3xf32>
  // expected-error @+1 {{'arith.mulf' op cannot be lowered by convert-attn-to-standard}}
  %m = arith.mulf %y, %y : tensor<?x4xf32>
  %l = attn.linear %m, %w, %b : tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32> -> tensor<?x3xf32>
  return %l : tensor<?x3xf32>
}

attn.greedy_decoder @toy encoder @encode decoder @decode {source_tokens = ["a", "b"], target_tokens = ["x", "<bos>", "<eos>"], bos = 1 : i64, eos = 2 : i64, max_source = 5 : i64, max_target = 3 : i64}

// -----

// Weights must be constants.

func.func @encode(%ids: tensor<?xindex>) -> tensor<?x4xf32> {
  %t = arith.constant dense<0.5> : tensor<3x4xf32>
  %p = arith.constant dense<0.25> : tensor<5x4xf32>
  %x = attn.embed %ids, %t, %p {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x4xf32>, tensor<5x4xf32> -> tensor<?x4xf32>
  return %x : tensor<?x4xf32>
}

func.func @decode(%ids: tensor<?xindex>, %memory: tensor<?x4xf32>) -> tensor<?x3xf32> {
  %t = arith.constant dense<0.5> : tensor<3x4xf32>
  %p = arith.constant dense<0.25> : tensor<3x4xf32>
  %y = attn.embed %ids, %t, %p {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x4xf32>, tensor<3x4xf32> -> tensor<?x4xf32>
  %w = arith.constant dense<0.1> : tensor<3x4xf32>
  %b = arith.constant dense<0.0> : tensor<3xf32>
  // expected-error @+1 {{'arith.addf' op operand #0 is not computed from the command}}
  %w2 = arith.addf %w, %w : tensor<3x4xf32>
  %l = attn.linear %y, %w2, %b : tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32> -> tensor<?x3xf32>
  return %l : tensor<?x3xf32>
}

attn.greedy_decoder @toy encoder @encode decoder @decode {source_tokens = ["a", "b"], target_tokens = ["x", "<bos>", "<eos>"], bos = 1 : i64, eos = 2 : i64, max_source = 5 : i64, max_target = 3 : i64}

// -----

// Logits that ignore the targets cannot drive greedy decoding.

func.func @encode(%ids: tensor<?xindex>) -> tensor<?x4xf32> {
  %t = arith.constant dense<0.5> : tensor<3x4xf32>
  %p = arith.constant dense<0.25> : tensor<5x4xf32>
  %x = attn.embed %ids, %t, %p {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x4xf32>, tensor<5x4xf32> -> tensor<?x4xf32>
  return %x : tensor<?x4xf32>
}

// expected-error @+1 {{'func.func' op returns logits that do not depend on the targets}}
func.func @decode(%ids: tensor<?xindex>, %memory: tensor<?x4xf32>) -> tensor<?x3xf32> {
  %w = arith.constant dense<0.1> : tensor<3x4xf32>
  %b = arith.constant dense<0.0> : tensor<3xf32>
  %l = attn.linear %memory, %w, %b : tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32> -> tensor<?x3xf32>
  return %l : tensor<?x3xf32>
}

attn.greedy_decoder @toy encoder @encode decoder @decode {source_tokens = ["a", "b"], target_tokens = ["x", "<bos>", "<eos>"], bos = 1 : i64, eos = 2 : i64, max_source = 5 : i64, max_target = 3 : i64}

// -----

// A library holds one model.

func.func @encode(%ids: tensor<?xindex>) -> tensor<?x4xf32> {
  %t = arith.constant dense<0.5> : tensor<3x4xf32>
  %p = arith.constant dense<0.25> : tensor<5x4xf32>
  %x = attn.embed %ids, %t, %p {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x4xf32>, tensor<5x4xf32> -> tensor<?x4xf32>
  return %x : tensor<?x4xf32>
}

func.func @decode(%ids: tensor<?xindex>, %memory: tensor<?x4xf32>) -> tensor<?x3xf32> {
  %t = arith.constant dense<0.5> : tensor<3x4xf32>
  %p = arith.constant dense<0.25> : tensor<3x4xf32>
  %y = attn.embed %ids, %t, %p {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x4xf32>, tensor<3x4xf32> -> tensor<?x4xf32>
  %w = arith.constant dense<0.1> : tensor<3x4xf32>
  %b = arith.constant dense<0.0> : tensor<3xf32>
  %l = attn.linear %y, %w, %b : tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32> -> tensor<?x3xf32>
  return %l : tensor<?x3xf32>
}

attn.greedy_decoder @toy encoder @encode decoder @decode {source_tokens = ["a", "b"], target_tokens = ["x", "<bos>", "<eos>"], bos = 1 : i64, eos = 2 : i64, max_source = 5 : i64, max_target = 3 : i64}
// expected-error @+1 {{'attn.greedy_decoder' op is a second model; a library holds one}}
attn.greedy_decoder @again encoder @encode decoder @decode {source_tokens = ["a", "b"], target_tokens = ["x", "<bos>", "<eos>"], bos = 1 : i64, eos = 2 : i64, max_source = 5 : i64, max_target = 3 : i64}
