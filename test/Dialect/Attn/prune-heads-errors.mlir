// RUN: circ-opt %s --attn-prune-heads="fraction=0.5 quiet=true" --split-input-file --verify-diagnostics -o /dev/null

// Attention ops the pass cannot prune are errors on the op.
func.func @no_importance(%q: tensor<?x2xf32>) -> tensor<?x2xf32> {
  // expected-error @+1 {{cannot be pruned: it has no head importance}}
  %a = attn.attention %q, %q, %q {heads = 2 : i64}
      : tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32> -> tensor<?x2xf32>
  return %a : tensor<?x2xf32>
}

// -----

func.func @not_a_projection(%q: tensor<?x2xf32>) -> tensor<?x2xf32> {
  // expected-error @+1 {{cannot be pruned: its query is not produced, for it alone, by an 'attn.linear' of constants}}
  %a = attn.attention %q, %q, %q {heads = 2 : i64, importance = array<f32: 0.1, 0.9>}
      : tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32> -> tensor<?x2xf32>
  return %a : tensor<?x2xf32>
}

// -----

func.func @shared_projection(%x: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2xf32>
  %b = arith.constant dense<1.0> : tensor<2xf32>
  %q = attn.linear %x, %w, %b : tensor<?x2xf32>, tensor<2x2xf32>, tensor<2xf32> -> tensor<?x2xf32>
  // expected-error @+1 {{cannot be pruned: its query is not produced, for it alone}}
  %a = attn.attention %q, %q, %q {heads = 2 : i64, importance = array<f32: 0.1, 0.9>}
      : tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32> -> tensor<?x2xf32>
  return %a : tensor<?x2xf32>
}

