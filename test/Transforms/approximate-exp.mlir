// RUN: circ-opt %s --circc-approximate-exp | FileCheck %s
// RUN: circ-opt %s --circc-approximate-exp | circ-opt --circc-standard-to-llvm | FileCheck %s --check-prefix=LLVM

// A vector of exponentials becomes vector arithmetic: the range reduction's
// 2^k is built in the float's bits, and no exp is left to become a call.
// CHECK-LABEL: func.func @heads
// CHECK-NOT: math.exp
// CHECK: math.fma {{.*}} : vector<8xf32>
// CHECK: arith.bitcast {{.*}} : vector<8xi32> to vector<8xf32>
// CHECK-NOT: math.exp
// CHECK: return
func.func @heads(%x: vector<8xf32>) -> vector<8xf32> {
  %e = math.exp %x : vector<8xf32>
  return %e : vector<8xf32>
}

// A scalar computes the same arithmetic.
// CHECK-LABEL: func.func @one
// CHECK-NOT: math.exp
// CHECK: math.fma {{.*}} : f32
// CHECK: return
func.func @one(%x: f32) -> f32 {
  %e = math.exp %x : f32
  return %e : f32
}

// Other exponentials are left alone, and so is the rest of the function.
// CHECK-LABEL: func.func @wide
// CHECK: arith.constant 2.0
// CHECK: arith.mulf
// CHECK: math.exp {{.*}} : f64
func.func @wide(%x: f64) -> f64 {
  %two = arith.constant 2.0 : f64
  %y = arith.mulf %x, %two : f64
  %e = math.exp %y : f64
  return %e : f64
}

// LLVM-NOT: expf
// LLVM-NOT: llvm.intr.exp{{.*}}f32
