// RUN: circ-opt %s -split-input-file -verify-diagnostics

func.func @embed_width(%ids: tensor<5xindex>, %t: tensor<14x32xf32>, %p: tensor<9x16xf32>) {
  // expected-error @+1 {{position table has 16 columns, expected 32}}
  %x = attn.embed %ids, %t, %p {scale = 1.0 : f32} : tensor<5xindex>, tensor<14x32xf32>, tensor<9x16xf32> -> tensor<5x32xf32>
  return
}

// -----

func.func @embed_positions(%ids: tensor<10xindex>, %t: tensor<14x32xf32>, %p: tensor<9x32xf32>) {
  // expected-error @+1 {{position table has 9 rows, fewer than the 10 ids}}
  %x = attn.embed %ids, %t, %p {scale = 1.0 : f32} : tensor<10xindex>, tensor<14x32xf32>, tensor<9x32xf32> -> tensor<10x32xf32>
  return
}

// -----

func.func @norm_gamma(%x: tensor<5x32xf32>, %g: tensor<31xf32>, %b: tensor<32xf32>) {
  // expected-error @+1 {{gamma has 31 elements, expected 32}}
  %y = attn.layer_norm %x, %g, %b {epsilon = 1.0e-5 : f32} : tensor<5x32xf32>, tensor<31xf32>, tensor<32xf32>
  return
}

// -----

func.func @norm_epsilon(%x: tensor<5x32xf32>, %g: tensor<32xf32>) {
  // expected-error @+1 {{epsilon must be positive}}
  %y = attn.layer_norm %x, %g, %g {epsilon = 0.0 : f32} : tensor<5x32xf32>, tensor<32xf32>, tensor<32xf32>
  return
}

// -----

func.func @linear_input(%x: tensor<5x32xf32>, %w: tensor<16x30xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{input has 32 columns, expected 30}}
  %y = attn.linear %x, %w, %b : tensor<5x32xf32>, tensor<16x30xf32>, tensor<16xf32> -> tensor<5x16xf32>
  return
}

// -----

func.func @linear_bias(%x: tensor<5x32xf32>, %w: tensor<16x32xf32>, %b: tensor<32xf32>) {
  // expected-error @+1 {{bias has 32 elements, expected 16}}
  %y = attn.linear %x, %w, %b : tensor<5x32xf32>, tensor<16x32xf32>, tensor<32xf32> -> tensor<5x16xf32>
  return
}

// -----

func.func @attention_heads(%x: tensor<5x30xf32>) {
  // expected-error @+1 {{width 30 is not a multiple of 4 heads}}
  %y = attn.attention %x, %x, %x {heads = 4 : i64} : tensor<5x30xf32>, tensor<5x30xf32>, tensor<5x30xf32> -> tensor<5x30xf32>
  return
}

// -----

func.func @attention_zero_heads(%x: tensor<5x32xf32>) {
  // expected-error @+1 {{attribute 'heads' failed to satisfy constraint}}
  %y = attn.attention %x, %x, %x {heads = 0 : i64} : tensor<5x32xf32>, tensor<5x32xf32>, tensor<5x32xf32> -> tensor<5x32xf32>
  return
}

// -----

func.func @attention_value_rows(%q: tensor<5x32xf32>, %k: tensor<7x32xf32>, %v: tensor<6x32xf32>) {
  // expected-error @+1 {{value has 6 rows, expected 7}}
  %y = attn.attention %q, %k, %v {heads = 4 : i64} : tensor<5x32xf32>, tensor<7x32xf32>, tensor<6x32xf32> -> tensor<5x32xf32>
  return
}

// -----

func.func @attention_causal(%q: tensor<1x32xf32>, %k: tensor<7x32xf32>) {
  // expected-error @+1 {{causal attention needs as many key rows as query rows}}
  %y = attn.attention %q, %k, %k {heads = 4 : i64, causal} : tensor<1x32xf32>, tensor<7x32xf32>, tensor<7x32xf32> -> tensor<1x32xf32>
  return
}

// -----

func.func @attention_type(%q: tensor<5x32xf64>) {
  // expected-error @+1 {{must be 2D tensor of 32-bit float values}}
  %y = attn.attention %q, %q, %q {heads = 4 : i64} : tensor<5x32xf64>, tensor<5x32xf64>, tensor<5x32xf64> -> tensor<5x32xf64>
  return
}

// -----

func.func @attention_importance(%q: tensor<5x32xf32>) {
  // expected-error @+1 {{importance has 3 scores for 4 heads}}
  %y = attn.attention %q, %q, %q {heads = 4 : i64, importance = array<f32: 1.0, 2.0, 3.0>} : tensor<5x32xf32>, tensor<5x32xf32>, tensor<5x32xf32> -> tensor<5x32xf32>
  return
}

// -----

func.func @attention_head_ids(%q: tensor<5x32xf32>) {
  // expected-error @+1 {{head_ids has 1 entries for 4 heads}}
  %y = attn.attention %q, %q, %q {heads = 4 : i64, head_ids = array<i64: 3>} : tensor<5x32xf32>, tensor<5x32xf32>, tensor<5x32xf32> -> tensor<5x32xf32>
  return
}

// -----

func.func @encode(%ids: tensor<?xindex>) -> tensor<?x4xf32> {
  %t = arith.constant dense<0.5> : tensor<3x4xf32>
  %p = arith.constant dense<0.25> : tensor<5x4xf32>
  %x = attn.embed %ids, %t, %p {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x4xf32>, tensor<5x4xf32> -> tensor<?x4xf32>
  return %x : tensor<?x4xf32>
}
func.func @decode(%ids: tensor<?xindex>, %memory: tensor<?x4xf32>) -> tensor<?x3xf32> {
  %w = arith.constant dense<0.1> : tensor<3x4xf32>
  %b = arith.constant dense<0.0> : tensor<3xf32>
  %l = attn.linear %memory, %w, %b : tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32> -> tensor<?x3xf32>
  return %l : tensor<?x3xf32>
}
// expected-error @+1 {{eos id 3 is not one of the 3 target tokens}}
attn.greedy_decoder @toy encoder @encode decoder @decode {source_tokens = ["a", "b"], target_tokens = ["x", "<bos>", "<eos>"], bos = 1 : i64, eos = 3 : i64, max_source = 5 : i64, max_target = 3 : i64}

// -----

func.func @encode(%ids: tensor<?xindex>) -> tensor<?x4xf32> {
  %t = arith.constant dense<0.5> : tensor<3x4xf32>
  %p = arith.constant dense<0.25> : tensor<5x4xf32>
  %x = attn.embed %ids, %t, %p {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x4xf32>, tensor<5x4xf32> -> tensor<?x4xf32>
  return %x : tensor<?x4xf32>
}
func.func @decode(%ids: tensor<?xindex>, %memory: tensor<?x4xf32>) -> tensor<?x3xf32> {
  %w = arith.constant dense<0.1> : tensor<3x4xf32>
  %b = arith.constant dense<0.0> : tensor<3xf32>
  %l = attn.linear %memory, %w, %b : tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32> -> tensor<?x3xf32>
  return %l : tensor<?x3xf32>
}
// expected-error @+1 {{bos and eos are the same id 1}}
attn.greedy_decoder @toy encoder @encode decoder @decode {source_tokens = ["a", "b"], target_tokens = ["x", "<bos>", "<eos>"], bos = 1 : i64, eos = 1 : i64, max_source = 5 : i64, max_target = 3 : i64}

// -----

func.func @encode(%ids: tensor<?xindex>) -> tensor<?x4xf32> {
  %t = arith.constant dense<0.5> : tensor<3x4xf32>
  %p = arith.constant dense<0.25> : tensor<5x4xf32>
  %x = attn.embed %ids, %t, %p {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x4xf32>, tensor<5x4xf32> -> tensor<?x4xf32>
  return %x : tensor<?x4xf32>
}
func.func @decode(%ids: tensor<?xindex>, %memory: tensor<?x4xf32>) -> tensor<?x3xf32> {
  %w = arith.constant dense<0.1> : tensor<3x4xf32>
  %b = arith.constant dense<0.0> : tensor<3xf32>
  %l = attn.linear %memory, %w, %b : tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32> -> tensor<?x3xf32>
  return %l : tensor<?x3xf32>
}
// expected-error @+1 {{names token 'a' twice}}
attn.greedy_decoder @toy encoder @encode decoder @decode {source_tokens = ["a", "a"], target_tokens = ["x", "<bos>", "<eos>"], bos = 1 : i64, eos = 2 : i64, max_source = 5 : i64, max_target = 3 : i64}

// -----

func.func @encode(%ids: tensor<?xindex>) -> tensor<?x4xf32> {
  %t = arith.constant dense<0.5> : tensor<3x4xf32>
  %p = arith.constant dense<0.25> : tensor<5x4xf32>
  %x = attn.embed %ids, %t, %p {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x4xf32>, tensor<5x4xf32> -> tensor<?x4xf32>
  return %x : tensor<?x4xf32>
}
func.func @decode(%ids: tensor<?xindex>, %memory: tensor<?x4xf32>) -> tensor<?x3xf32> {
  %w = arith.constant dense<0.1> : tensor<3x4xf32>
  %b = arith.constant dense<0.0> : tensor<3xf32>
  %l = attn.linear %memory, %w, %b : tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32> -> tensor<?x3xf32>
  return %l : tensor<?x3xf32>
}
// expected-error @+1 {{needs at least one source token}}
attn.greedy_decoder @toy encoder @encode decoder @decode {source_tokens = [], target_tokens = ["x", "<bos>", "<eos>"], bos = 1 : i64, eos = 2 : i64, max_source = 5 : i64, max_target = 3 : i64}

// -----

func.func @encode(%ids: tensor<?xindex>) -> tensor<?x4xf32> {
  %t = arith.constant dense<0.5> : tensor<3x4xf32>
  %p = arith.constant dense<0.25> : tensor<5x4xf32>
  %x = attn.embed %ids, %t, %p {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x4xf32>, tensor<5x4xf32> -> tensor<?x4xf32>
  return %x : tensor<?x4xf32>
}
func.func @decode(%ids: tensor<?xindex>, %memory: tensor<?x4xf32>) -> tensor<?x3xf32> {
  %w = arith.constant dense<0.1> : tensor<3x4xf32>
  %b = arith.constant dense<0.0> : tensor<3xf32>
  %l = attn.linear %memory, %w, %b : tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32> -> tensor<?x3xf32>
  return %l : tensor<?x3xf32>
}
// expected-error @+1 {{encoder @nowhere does not name a function}}
attn.greedy_decoder @toy encoder @nowhere decoder @decode {source_tokens = ["a", "b"], target_tokens = ["x", "<bos>", "<eos>"], bos = 1 : i64, eos = 2 : i64, max_source = 5 : i64, max_target = 3 : i64}

// -----

func.func @encode(%ids: tensor<?xindex>) -> tensor<?x4xf32> {
  %t = arith.constant dense<0.5> : tensor<3x4xf32>
  %p = arith.constant dense<0.25> : tensor<5x4xf32>
  %x = attn.embed %ids, %t, %p {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x4xf32>, tensor<5x4xf32> -> tensor<?x4xf32>
  return %x : tensor<?x4xf32>
}
func.func @decode(%ids: tensor<?xindex>, %memory: tensor<?x4xf32>) -> tensor<?x3xf32> {
  %w = arith.constant dense<0.1> : tensor<3x4xf32>
  %b = arith.constant dense<0.0> : tensor<3xf32>
  %l = attn.linear %memory, %w, %b : tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32> -> tensor<?x3xf32>
  return %l : tensor<?x3xf32>
}
// expected-error @+1 {{encoder @decode has type '(tensor<?xindex>, tensor<?x4xf32>) -> tensor<?x3xf32>', expected (tensor<?xindex>) -> tensor<?xDxf32>}}
attn.greedy_decoder @toy encoder @decode decoder @decode {source_tokens = ["a", "b"], target_tokens = ["x", "<bos>", "<eos>"], bos = 1 : i64, eos = 2 : i64, max_source = 5 : i64, max_target = 3 : i64}

// -----

func.func @encode(%ids: tensor<?xindex>) -> tensor<?x4xf32> {
  %t = arith.constant dense<0.5> : tensor<3x4xf32>
  %p = arith.constant dense<0.25> : tensor<5x4xf32>
  %x = attn.embed %ids, %t, %p {scale = 2.0 : f32} : tensor<?xindex>, tensor<3x4xf32>, tensor<5x4xf32> -> tensor<?x4xf32>
  return %x : tensor<?x4xf32>
}
func.func @decode(%ids: tensor<?xindex>, %memory: tensor<?x4xf32>) -> tensor<?x3xf32> {
  %w = arith.constant dense<0.1> : tensor<3x4xf32>
  %b = arith.constant dense<0.0> : tensor<3xf32>
  %l = attn.linear %memory, %w, %b : tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32> -> tensor<?x3xf32>
  return %l : tensor<?x3xf32>
}
// expected-error @+1 {{decoder produces 3 logits per position for 4 target tokens}}
attn.greedy_decoder @toy encoder @encode decoder @decode {source_tokens = ["a", "b"], target_tokens = ["x", "y", "<bos>", "<eos>"], bos = 1 : i64, eos = 2 : i64, max_source = 5 : i64, max_target = 3 : i64}
