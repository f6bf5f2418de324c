// RUN: circ-opt %s --pass-pipeline='builtin.module(circuit.circuit(circuit-count-params))' 2>&1 >/dev/null | FileCheck %s --check-prefix=REPORT
// RUN: circ-opt %s --pass-pipeline='builtin.module(circuit.circuit(circuit-count-params{quiet=true}))' 2>&1 | FileCheck %s --check-prefix=IR

// REPORT: circuit @c: 10 parameters in 2 tables (4 frozen, 6 learnable)
// IR-NOT: parameters in
// IR: circuit.circuit @c {{.*}} max_output 1 param_count 10 {
circuit.circuit @c tokens ["x"] outputs ["A", "B"] nonterminals ["a"] max_input 1 max_output 1 {
  circuit.param @fixed frozen = dense<[[1.0, 0.0], [0.0, 1.0]]> : tensor<2x2xf32>
  circuit.param @free = dense<0.0> : tensor<3x2xf32>
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 1 -> !circuit.seq<1> {
    %0 = circuit.gather @free[2] : !circuit.seq<1>
    circuit.yield %0 : !circuit.seq<1>
  }
}
