// RUN: circ-opt %s --split-input-file --circc-build-entry-points | FileCheck %s

// A circuit's run, with one learnable row loaded at run time. Its metadata
// moves to the globals.
// CHECK: func.func private @__circc_run_one(
// CHECK-NOT: circc.metadata
// CHECK-DAG: memref.global "public" constant @__circc_info : memref<15xi32> = dense<[2, 2, 3, 1, 2, 6, 1, 1, 1, 1, 0, 0, 0, 0, 0]>
// CHECK-DAG: memref.global "public" constant @__circc_name : memref<3xi8> = dense<[116, 111, 0]>
// CHECK-DAG: memref.global "public" constant @__circc_token_names : memref<5xi8> = dense<[119, 97, 108, 107, 0]>
// CHECK-DAG: memref.global "public" constant @__circc_output_names : memref<4xi8> = dense<[65, 0, 66, 0]>
// CHECK-DAG: memref.global "public" constant @__circc_weight_names : memref<2xi8> = dense<[119, 0]>
// CHECK-DAG: memref.global "public" constant @__circc_weight_shapes : memref<2xi32> = dense<[1, 2]>
// __circc_run decodes; __circc_trace keeps content codes.
// CHECK-LABEL: func.func @__circc_run(
// CHECK-SAME: %[[TOKENS:.+]]: memref<2xi32>, %[[N:.+]]: i32, %[[OUT:.+]]: memref<3xi32>, %[[CAP:.+]]: i32, %[[INFO:.+]]: memref<1xi32>, %[[LEARNED:.+]]: memref<1xi32>, %[[WORKSPACE:.+]]: memref<1xi32>, %[[WORDS:.+]]: i64) -> i32
// CHECK: %[[T:.+]] = memref.cast %[[TOKENS]] : memref<2xi32> to memref<2xi32, strided<[1], offset: ?>>
// CHECK: %[[STATUS:.+]] = call @__circc_run_one(%[[T]], %[[N]], %{{.+}}, %[[CAP]], %{{.+}}, %{{.+}}, %true)
// CHECK: return %[[STATUS]]
// CHECK-LABEL: func.func @__circc_trace(
// CHECK: call @__circc_run_one({{.*}}, %false)
// The gradient runs the trace into a stack buffer, then the tied decoder's
// cross-entropy over each learnable row.
// CHECK-LABEL: func.func @__circc_gradient(
// CHECK-SAME: memref<2xi32>, %{{.+}}: i32, %{{.+}}: memref<3xi32>, %{{.+}}: i32, %{{.+}}: memref<2xf32>, %{{.+}}: memref<2xf32>, %{{.+}}: memref<1xf32>) -> i32
// CHECK: %[[CODES:.+]] = memref.alloca() : memref<3xi32>
// CHECK: memref.cast %[[CODES]]
// CHECK: call @__circc_run_one({{.*}}, %false)
// CHECK: scf.for
// CHECK: math.exp
// CHECK: math.log
func.func private @__circc_run_one(%tokens: memref<2xi32, strided<[1], offset: ?>>, %n: i32,
    %out: memref<3xi32, strided<[1], offset: ?>>, %capacity: i32,
    %info: memref<1xi32, strided<[1], offset: ?>>,
    %learned: memref<1xi32, strided<[1], offset: ?>>, %decode: i1) -> i32
    attributes {circc.metadata = {name = "to", tokens = ["walk"], outputs = ["A", "B"],
                max_input = 2 : i64, max_output = 3 : i64, param_count = 6 : i64,
                num_rules = 1 : i64, num_states = 1 : i64, runtime_rows = 1 : i64,
                weight_names = ["w"], weight_shapes = array<i32: 1, 2>}} {
  %c0 = arith.constant 0 : i32
  return %c0 : i32
}

// -----

// A model's decoding: __circc_logits, __circc_run with the logits on the
// stack, and a trace that reports status 5.
// CHECK-DAG: memref.global "public" constant @__circc_info : memref<15xi32> = dense<[2, 4, 2, 1, 3, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0]>
// CHECK-LABEL: func.func @__circc_logits(
// CHECK-SAME: memref<4xi32>, %{{.+}}: i32, %{{.+}}: memref<2xi32>, %{{.+}}: i32, %{{.+}}: memref<1xi32>, %[[LOGITS:.+]]: memref<2x3xf32>) -> i32
// CHECK: memref.cast %[[LOGITS]] : memref<2x3xf32> to memref<2x3xf32, strided<[3, 1], offset: ?>>
// CHECK: call @__circc_logits_one(
// CHECK-LABEL: func.func @__circc_run(
// CHECK-SAME: memref<4xi32>, %{{.+}}: i32, %{{.+}}: memref<2xi32>, %{{.+}}: i32, %{{.+}}: memref<1xi32>, %{{.+}}: memref<1xi32>, %{{.+}}: memref<1xi32>, %{{.+}}: i64) -> i32
// CHECK: %[[STACK:.+]] = memref.alloca() : memref<2x3xf32>
// CHECK: call @__circc_logits({{.*}}, %[[STACK]]) {no_inline}
// CHECK-LABEL: func.func @__circc_trace(
// CHECK: %[[FIVE:.+]] = arith.constant 5 : i32
// CHECK: return %[[FIVE]]
// CHECK-NOT: __circc_gradient
func.func private @__circc_logits_one(%tokens: memref<4xi32, strided<[1], offset: ?>>, %n: i32,
    %out: memref<2xi32, strided<[1], offset: ?>>, %capacity: i32,
    %info: memref<1xi32, strided<[1], offset: ?>>,
    %logits: memref<2x3xf32, strided<[3, 1], offset: ?>>) -> i32
    attributes {circc.metadata = {name = "m", tokens = ["a"], outputs = ["x", "<bos>", "<eos>"],
                max_input = 4 : i64, max_output = 2 : i64, param_count = 7 : i64,
                num_rules = 0 : i64, num_states = 0 : i64, runtime_rows = 0 : i64,
                weight_names = [], weight_shapes = array<i32>}} {
  %c0 = arith.constant 0 : i32
  return %c0 : i32
}

// -----

// Nothing to wrap: the module is left alone.
// CHECK-LABEL: func.func @other
// CHECK-NOT: __circc
func.func @other() {
  return
}
