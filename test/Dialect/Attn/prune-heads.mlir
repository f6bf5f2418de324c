// RUN: circ-opt %s --attn-prune-heads=fraction=0.5 2>&1 | FileCheck %s
// RUN: circ-opt %s --attn-prune-heads=fraction=0 2>&1 | FileCheck %s --check-prefix=NONE

// Two heads of width 1; head 0 is the less important, so its row of each
// of Q/K/V (and bias) and its column of O go.
// NONE: attn-prune-heads: 2 -> 2 heads, 24 -> 24 parameters
// NONE: attn.attention {{.*}} {heads = 2 : i64, importance = array<f32: 1.000000e-01, 0.899999976>}

// CHECK: attn-prune-heads: 2 -> 1 heads, 24 -> 13 parameters
// CHECK-LABEL: func.func @two_heads
// CHECK-DAG: arith.constant dense<{{\[}}[3.000000e+00, 4.000000e+00]]> : tensor<1x2xf32>
// CHECK-DAG: arith.constant dense<2.000000e+00> : tensor<1xf32>
// CHECK-DAG: arith.constant dense<{{\[}}[2.000000e+00], [4.000000e+00]]> : tensor<2x1xf32>
// CHECK: attn.attention {{.*}} {head_ids = array<i64: 1>, heads = 1 : i64, importance = array<f32: 0.899999976>} : tensor<?x1xf32>, tensor<?x1xf32>, tensor<?x1xf32> -> tensor<?x1xf32>
// CHECK: attn.linear {{.*}} : tensor<?x1xf32>, tensor<2x1xf32>, tensor<2xf32> -> tensor<?x2xf32>
func.func @two_heads(%x: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %wq = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %bq = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %wk = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %bk = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %wv = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %bv = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %wo = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %q = attn.linear %x, %wq, %bq : tensor<?x2xf32>, tensor<2x2xf32>, tensor<2xf32> -> tensor<?x2xf32>
  %k = attn.linear %x, %wk, %bk : tensor<?x2xf32>, tensor<2x2xf32>, tensor<2xf32> -> tensor<?x2xf32>
  %v = attn.linear %x, %wv, %bv : tensor<?x2xf32>, tensor<2x2xf32>, tensor<2xf32> -> tensor<?x2xf32>
  %a = attn.attention %q, %k, %v {heads = 2 : i64, importance = array<f32: 0.1, 0.9>}
      : tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32> -> tensor<?x2xf32>
  %o = attn.linear %a, %wo, %b : tensor<?x2xf32>, tensor<2x2xf32>, tensor<2xf32> -> tensor<?x2xf32>
  return %o : tensor<?x2xf32>
}
