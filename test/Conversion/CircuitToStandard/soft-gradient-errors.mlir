// RUN: circ-opt %s -split-input-file --convert-circuit-to-standard --verify-diagnostics

// Learning op tables from answers needs every rule to compute one symbol.
circuit.circuit @pairs tokens ["0", "1"] outputs ["0", "1"] nonterminals ["e"] max_input 1 max_output 2 runtime_weights {
  circuit.param @neg = dense<0.0> : tensor<2x2xf32>
  circuit.parser actions dense<[[2, 3, 0], [0, 0, 2147483647], [0, 0, -1], [0, 0, -2]]> : tensor<4x3xi32> gotos dense<[[1], [-1], [-1], [-1]]> : tensor<4x1xi32>
  // expected-error @+1 {{computes something other than one symbol from tables; learning op tables needs every rule to output one symbol}}
  circuit.rule 0 lhs 0 arity 1 token 0 -> !circuit.seq<2> {
    %0 = circuit.constant 0 : <1>
    %1 = circuit.apply @neg(%0) : (!circuit.seq<1>) -> !circuit.seq<1>
    %2 = circuit.concat %0, %1 : (!circuit.seq<1>, !circuit.seq<1>) -> !circuit.seq<2>
    circuit.yield %2 : <2>
  }
  circuit.rule 1 lhs 0 arity 1 token 1 -> !circuit.seq<1> {
    %0 = circuit.constant 1 : <1>
    circuit.yield %0 : <1>
  }
}

// -----

// Token classes carry symbols onto the stack that the soft gradient's
// nodes do not model yet.
// expected-error @+1 {{reads token classes; learning op tables through them is not supported yet}}
circuit.circuit @classes tokens ["0", "1"] outputs ["0", "1"] nonterminals ["e"] max_input 1 max_output 1 runtime_weights {
  circuit.param @neg = dense<0.0> : tensor<2x2xf32>
  circuit.parser actions dense<[[2, 0], [0, 2147483647], [0, -1]]> : tensor<3x2xi32> gotos dense<[[1], [-1], [-1]]> : tensor<3x1xi32> columns [0, 0] lexemes [0, 1]
  circuit.rule 0 lhs 0 arity 1 children [0] -> !circuit.seq<1> {
  ^bb0(%d: !circuit.seq<1>):
    %0 = circuit.apply @neg(%d) : (!circuit.seq<1>) -> !circuit.seq<1>
    circuit.yield %0 : <1>
  }
}
