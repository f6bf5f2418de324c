// RUN: circ-opt %s --split-input-file --circc-build-entry-points --verify-diagnostics

// expected-error @below {{'func.func' op needs the attribute 'circc.metadata' with the library's metadata}}
func.func private @__circc_run_one(%tokens: memref<2xi32, strided<[1], offset: ?>>, %n: i32,
    %out: memref<3xi32, strided<[1], offset: ?>>, %capacity: i32,
    %info: memref<1xi32, strided<[1], offset: ?>>,
    %learned: memref<1xi32, strided<[1], offset: ?>>, %decode: i1) -> i32
    attributes {circc.metadata = {name = "to", tokens = ["walk"]}} {
  %c0 = arith.constant 0 : i32
  return %c0 : i32
}

// -----

// expected-error @below {{holds both a circuit and a model; a library holds one}}
module {
  func.func private @__circc_run_one() {
    return
  }
  func.func private @__circc_logits_one() {
    return
  }
}
