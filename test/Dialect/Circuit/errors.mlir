// RUN: circ-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{must hold exactly one 'circuit.parser'}}
circuit.circuit @c tokens ["x"] outputs ["X"] nonterminals ["a"] max_input 1 max_output 1 {
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X"] nonterminals ["a"] max_input 1 max_output 1 {
  // expected-error @+1 {{needs one action column per token plus one for the end of input (2), found 3}}
  circuit.parser actions dense<0> : tensor<1x3xi32> gotos dense<-1> : tensor<1x1xi32>
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X"] nonterminals ["a"] max_input 1 max_output 1 {
  // expected-error @+1 {{shifts to state 6 of 1}}
  circuit.parser actions dense<[[7, 0]]> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X"] nonterminals ["a"] max_input 1 max_output 1 {
  // expected-error @+1 {{reduces by rule 4 of 0}}
  circuit.parser actions dense<[[-5, 0]]> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X", "Y"] nonterminals ["a"] max_input 1 max_output 1 {
  // expected-error @+1 {{rows must be content vectors over the 2 output symbols, found 3 columns}}
  circuit.param @p frozen = dense<0.0> : tensor<1x3xf32>
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X"] nonterminals ["a"] max_input 1 max_output 1 {
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
  // expected-error @+1 {{is rule 3 but stands at position 0; rules are numbered in order from 0}}
  circuit.rule 3 lhs 0 arity 1 -> !circuit.seq<1> {
    %0 = circuit.constant 0 : !circuit.seq<1>
    circuit.yield %0 : !circuit.seq<1>
  }
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X"] nonterminals ["a"] max_input 1 max_output 1 {
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
  // expected-error @+1 {{may output '!circuit.seq<2>', more than the circuit's max_output 1}}
  circuit.rule 0 lhs 0 arity 1 -> !circuit.seq<2> {
    %0 = circuit.constant 0 : !circuit.seq<1>
    %1 = circuit.repeat %0 x 2 : !circuit.seq<1> -> !circuit.seq<2>
    circuit.yield %1 : !circuit.seq<2>
  }
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X"] nonterminals ["a"] max_input 1 max_output 1 {
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 1 -> !circuit.seq<1> {
    // expected-error @+1 {{refers to 'nowhere', which is not a 'circuit.param'}}
    %0 = circuit.gather @nowhere[0] : !circuit.seq<1>
    circuit.yield %0 : !circuit.seq<1>
  }
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X"] nonterminals ["a"] max_input 1 max_output 1 {
  circuit.param @p frozen = dense<1.0> : tensor<2x1xf32>
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 1 -> !circuit.seq<1> {
    // expected-error @+1 {{reads row 2 of 'p', which has 2 rows}}
    %0 = circuit.gather @p[2] : !circuit.seq<1>
    circuit.yield %0 : !circuit.seq<1>
  }
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X"] nonterminals ["a"] max_input 1 max_output 1 {
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 1 -> !circuit.seq<1> {
    // expected-error @+1 {{names output symbol 3 but the circuit has 1}}
    %0 = circuit.constant 3 : !circuit.seq<1>
    circuit.yield %0 : !circuit.seq<1>
  }
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X"] nonterminals ["a"] max_input 1 max_output 4 {
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 1 -> !circuit.seq<4> {
    %0 = circuit.constant 0 : !circuit.seq<1>
    // expected-error @+1 {{result bound must be 3 times the input bound (3)}}
    %1 = circuit.repeat %0 x 3 : !circuit.seq<1> -> !circuit.seq<4>
    circuit.yield %1 : !circuit.seq<4>
  }
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X"] nonterminals ["a"] max_input 1 max_output 4 {
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 1 -> !circuit.seq<4> {
    %0 = circuit.constant 0 : !circuit.seq<1>
    // expected-error @+1 {{result bound must be the sum of the input bounds (2)}}
    %1 = circuit.concat %0, %0 : (!circuit.seq<1>, !circuit.seq<1>) -> !circuit.seq<4>
    circuit.yield %1 : !circuit.seq<4>
  }
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X"] nonterminals ["a"] max_input 1 max_output 4 {
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
  // expected-error @+1 {{has 1 children but its block takes 0 arguments}}
  circuit.rule 0 lhs 0 arity 1 children [0] -> !circuit.seq<1> {
    %0 = circuit.constant 0 : !circuit.seq<1>
    circuit.yield %0 : !circuit.seq<1>
  }
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X"] nonterminals ["a"] max_input 1 max_output 4 {
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
  // expected-error @+1 {{child position 2 is outside the arity 1}}
  circuit.rule 0 lhs 0 arity 1 children [2] -> !circuit.seq<1> {
  ^bb0(%a: !circuit.seq<1>):
    circuit.yield %a : !circuit.seq<1>
  }
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X", "Y"] nonterminals ["a"] max_input 1 max_output 1 {
  circuit.param @t frozen = dense<0.0> : tensor<3x2xf32>
  circuit.parser actions dense<[[2, 0], [0, -1], [0, 2147483647]]> : tensor<3x2xi32> gotos dense<[[2], [-1], [-1]]> : tensor<3x1xi32>
  circuit.rule 0 lhs 0 arity 1 -> !circuit.seq<1> {
    %0 = circuit.constant 0 : !circuit.seq<1>
    // expected-error @+1 {{applies 't' to 1 symbols of 2, which needs 2^1 rows, but it has 3}}
    %1 = circuit.apply @t(%0) : (!circuit.seq<1>) -> !circuit.seq<1>
    circuit.yield %1 : !circuit.seq<1>
  }
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X", "Y"] nonterminals ["a"] max_input 1 max_output 2 {
  circuit.param @t frozen = dense<0.0> : tensor<2x2xf32>
  circuit.parser actions dense<[[2, 0], [0, -1], [0, 2147483647]]> : tensor<3x2xi32> gotos dense<[[2], [-1], [-1]]> : tensor<3x1xi32>
  circuit.rule 0 lhs 0 arity 1 -> !circuit.seq<1> {
    %0 = circuit.constant 0 : !circuit.seq<1>
    %1 = circuit.repeat %0 x 2 : !circuit.seq<1> -> !circuit.seq<2>
    // expected-error @+1 {{operand #0 must be one position (!circuit.seq<1>): a table applies to symbols}}
    %2 = circuit.apply @t(%1) : (!circuit.seq<2>) -> !circuit.seq<1>
    circuit.yield %2 : !circuit.seq<1>
  }
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X", "Y"] nonterminals ["a"] max_input 1 max_output 1 {
  circuit.parser actions dense<[[2, 0], [0, -1], [0, 2147483647]]> : tensor<3x2xi32> gotos dense<[[2], [-1], [-1]]> : tensor<3x1xi32>
  circuit.rule 0 lhs 0 arity 1 -> !circuit.seq<1> {
    %0 = circuit.constant 0 : !circuit.seq<1>
    // expected-error @+1 {{refers to 'u', which is not a 'circuit.param'}}
    %1 = circuit.apply @u(%0) : (!circuit.seq<1>) -> !circuit.seq<1>
    circuit.yield %1 : !circuit.seq<1>
  }
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X"] nonterminals ["a"] max_input 1 max_output 4 {
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 1 children [0] -> !circuit.seq<4> {
  ^bb0(%a: !circuit.seq<4>):
    // expected-error @+1 {{result bound must be the longest slice of an input within the input bound (2)}}
    %0 = circuit.slice %a [1 : -1] : !circuit.seq<4> -> !circuit.seq<3>
    circuit.yield %0 : !circuit.seq<3>
  }
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X"] nonterminals ["a"] max_input 1 max_output 4 {
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 1 children [0] -> !circuit.seq<4> {
  ^bb0(%a: !circuit.seq<4>):
    // expected-error @+1 {{all of {input, result} have same type}}
    %0 = "circuit.reverse"(%a) : (!circuit.seq<4>) -> !circuit.seq<3>
    circuit.yield %0 : !circuit.seq<3>
  }
}

// -----

circuit.circuit @c tokens ["a", "b"] outputs ["A"] nonterminals ["s"] max_input 1 max_output 1 {
  // expected-error @+1 {{maps a token to column 1 of 1 terminal columns}}
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32> columns [0, 1] lexemes [0, 0]
}

// -----

circuit.circuit @c tokens ["a", "b"] outputs ["A"] nonterminals ["s"] max_input 1 max_output 1 {
  // expected-error @+1 {{gives a token the output 3, not one of the 1 output symbols}}
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32> columns [0, 0] lexemes [0, 3]
}

// -----

circuit.circuit @c tokens ["a", "b"] outputs ["A"] nonterminals ["s"] max_input 1 max_output 1 {
  // expected-error @+1 {{needs a column and a lexeme per token (2)}}
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32> columns [0] lexemes [0]
}

// -----

circuit.circuit @c tokens ["x", "y"] outputs ["X", "0", "1"] nonterminals ["a"] max_input 2 max_output 1 {
  circuit.parser actions dense<0> : tensor<1x3xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 2 -> !circuit.seq<1> {
    // expected-error @+1 {{names child 2 of a rule of arity 2}}
    %0 = circuit.position 2 base 1 : !circuit.seq<1>
    circuit.yield %0 : !circuit.seq<1>
  }
}

// -----

circuit.circuit @c tokens ["x", "y"] outputs ["X", "0", "1"] nonterminals ["a"] max_input 2 max_output 1 {
  circuit.parser actions dense<0> : tensor<1x3xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 2 -> !circuit.seq<1> {
    // expected-error @+1 {{needs outputs 2..3 to name the positions of max_input 2 tokens, but the circuit has 3 outputs}}
    %0 = circuit.position 0 base 2 : !circuit.seq<1>
    circuit.yield %0 : !circuit.seq<1>
  }
}

// -----

// Without max_input the circuit takes inputs of any length: no position
// names them.
circuit.circuit @c tokens ["x", "y"] outputs ["X", "0", "1"] nonterminals ["a"] max_output 1 {
  circuit.parser actions dense<0> : tensor<1x3xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 2 -> !circuit.seq<1> {
    // expected-error @+1 {{names input positions, which need the circuit's max_input}}
    %0 = circuit.position 0 base 1 : !circuit.seq<1>
    circuit.yield %0 : !circuit.seq<1>
  }
}

// -----

circuit.circuit @c tokens ["x", "y"] outputs ["X", "0", "1"] nonterminals ["a"] max_input 2 max_output 2 {
  circuit.parser actions dense<0> : tensor<1x3xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 2 -> !circuit.seq<2> {
    // expected-error @+1 {{produces one position, so its type must be !circuit.seq<1>}}
    %0 = circuit.position 0 base 1 : !circuit.seq<2>
    circuit.yield %0 : !circuit.seq<2>
  }
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X"] nonterminals ["a"] max_input 1 max_output 1 {
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 1 -> !circuit.seq<1> {
    %0 = circuit.constant 0 : !circuit.seq<1>
    // expected-error @+1 {{packs at least two streams}}
    %1 = circuit.pack %0 : (!circuit.seq<1>) -> !circuit.seq<1>
    circuit.yield %1 : !circuit.seq<1>
  }
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X"] nonterminals ["a"] max_input 1 max_output 2 {
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 1 -> !circuit.seq<2> {
    %0 = circuit.constant 0 : !circuit.seq<1>
    // expected-error @+1 {{result bound must be the sum of the input bounds plus one per delimiter (3)}}
    %1 = circuit.pack %0, %0 : (!circuit.seq<1>, !circuit.seq<1>) -> !circuit.seq<2>
    circuit.yield %1 : !circuit.seq<2>
  }
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X"] nonterminals ["a"] max_input 1 max_output 4 {
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 1 children [0] -> !circuit.seq<4> {
  ^bb0(%a: !circuit.seq<4>):
    // expected-error @+1 {{takes a field of at least two packed streams}}
    %0 = circuit.field %a [0] of 1 : !circuit.seq<4> -> !circuit.seq<4>
    circuit.yield %0 : !circuit.seq<4>
  }
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X"] nonterminals ["a"] max_input 1 max_output 4 {
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 1 children [0] -> !circuit.seq<3> {
  ^bb0(%a: !circuit.seq<4>):
    // expected-error @+1 {{takes field 2 of 2}}
    %0 = circuit.field %a [2] of 2 : !circuit.seq<4> -> !circuit.seq<3>
    circuit.yield %0 : !circuit.seq<3>
  }
}

// -----

circuit.circuit @c tokens ["x"] outputs ["X"] nonterminals ["a"] max_input 1 max_output 4 {
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 1 children [0] -> !circuit.seq<4> {
  ^bb0(%a: !circuit.seq<4>):
    // expected-error @+1 {{result bound must be the input bound less its 2 delimiters (2)}}
    %0 = circuit.field %a [0] of 3 : !circuit.seq<4> -> !circuit.seq<4>
    circuit.yield %0 : !circuit.seq<4>
  }
}

// -----

circuit.circuit @c tokens ["a", "<open w>"] outputs ["A"] nonterminals ["s"] max_input 1 max_output 1 {
  // expected-error @+1 {{needs pairs of token and word shape in open_words}}
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32> columns [0, 0] lexemes [0, -2] open_words [1]
}

// -----

circuit.circuit @c tokens ["a", "<open w>"] outputs ["A"] nonterminals ["s"] max_input 1 max_output 1 {
  // expected-error @+1 {{opens token 2 of 2}}
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32> columns [0, 0] lexemes [0, -2] open_words [2, 1]
}

// -----

circuit.circuit @c tokens ["a", "<open w>"] outputs ["A"] nonterminals ["s"] max_input 1 max_output 1 {
  // expected-error @+1 {{opens token 1 to the unknown word shape 7}}
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32> columns [0, 0] lexemes [0, -2] open_words [1, 7]
}

// -----

circuit.circuit @c tokens ["a", "<open w>"] outputs ["A"] nonterminals ["s"] max_input 1 max_output 1 {
  // expected-error @+1 {{opens token 1, whose lexeme is not the input word (-2)}}
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32> columns [0, 0] lexemes [0, 0] open_words [1, 1]
}

// -----

circuit.circuit @c tokens ["a", "b"] outputs ["A"] nonterminals ["s"] max_input 1 max_output 1 {
  // expected-error @+1 {{gives a token the output -2, not one of the 1 output symbols}}
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32> columns [0, 0] lexemes [0, -2]
}

// -----

circuit.circuit @c tokens ["a", "<open w>"] outputs ["A"] nonterminals ["s"] max_input 1 max_output 1 runtime_weights {
  // expected-error @+1 {{has open words, whose content codes a circuit with runtime weights gives its learnable rows}}
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32> columns [0, 0] lexemes [0, -2] open_words [1, 1]
}

// -----

circuit.circuit @c tokens ["1", "2", "go"] outputs ["G", "1", "2"] nonterminals ["s"] max_input 2 max_output 4 {
  circuit.parser actions dense<0> : tensor<1x4xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 2 children [0, 1] -> !circuit.seq<4> {
  ^bb0(%n: !circuit.seq<1>, %m: !circuit.seq<1>):
    // expected-error @+1 {{counts pairs symbols with counts: [symbol, count, ...]}}
    %0 = circuit.repeat %m x 2 by %n counts [1, 1, 2] : !circuit.seq<1>, !circuit.seq<1> -> !circuit.seq<2>
    circuit.yield %0 : !circuit.seq<2>
  }
}

// -----

circuit.circuit @c tokens ["1", "2", "go"] outputs ["G", "1", "2"] nonterminals ["s"] max_input 2 max_output 4 {
  circuit.parser actions dense<0> : tensor<1x4xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 2 children [0, 1] -> !circuit.seq<4> {
  ^bb0(%n: !circuit.seq<1>, %m: !circuit.seq<1>):
    // expected-error @+1 {{counts names symbol 5, no output}}
    %0 = circuit.repeat %m x 2 by %n counts [1, 1, 5, 2] : !circuit.seq<1>, !circuit.seq<1> -> !circuit.seq<2>
    circuit.yield %0 : !circuit.seq<2>
  }
}

// -----

circuit.circuit @c tokens ["1", "2", "go"] outputs ["G", "1", "2"] nonterminals ["s"] max_input 2 max_output 4 {
  circuit.parser actions dense<0> : tensor<1x4xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 2 children [0, 1] -> !circuit.seq<4> {
  ^bb0(%n: !circuit.seq<1>, %m: !circuit.seq<1>):
    // expected-error @+1 {{counts names symbol 1 twice}}
    %0 = circuit.repeat %m x 2 by %n counts [1, 1, 1, 2] : !circuit.seq<1>, !circuit.seq<1> -> !circuit.seq<2>
    circuit.yield %0 : !circuit.seq<2>
  }
}

// -----

circuit.circuit @c tokens ["1", "2", "go"] outputs ["G", "1", "2"] nonterminals ["s"] max_input 2 max_output 4 {
  circuit.parser actions dense<0> : tensor<1x4xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 2 children [0, 1] -> !circuit.seq<4> {
  ^bb0(%n: !circuit.seq<1>, %m: !circuit.seq<1>):
    // expected-error @+1 {{counts gives symbol 1 the count -1}}
    %0 = circuit.repeat %m x 2 by %n counts [1, -1, 2, 2] : !circuit.seq<1>, !circuit.seq<1> -> !circuit.seq<2>
    circuit.yield %0 : !circuit.seq<2>
  }
}

// -----

circuit.circuit @c tokens ["1", "2", "go"] outputs ["G", "1", "2"] nonterminals ["s"] max_input 2 max_output 4 {
  circuit.parser actions dense<0> : tensor<1x4xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 2 children [0, 1] -> !circuit.seq<4> {
  ^bb0(%n: !circuit.seq<1>, %m: !circuit.seq<1>):
    // expected-error @+1 {{count must be the largest of counts (3)}}
    %0 = circuit.repeat %m x 2 by %n counts [1, 1, 2, 3] : !circuit.seq<1>, !circuit.seq<1> -> !circuit.seq<2>
    circuit.yield %0 : !circuit.seq<2>
  }
}

// -----

circuit.circuit @c tokens ["1", "2", "go"] outputs ["G", "1", "2"] nonterminals ["s"] max_input 2 max_output 4 {
  circuit.parser actions dense<0> : tensor<1x4xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 2 children [0, 1] -> !circuit.seq<4> {
  ^bb0(%n: !circuit.seq<1>, %m: !circuit.seq<1>):
    %c = circuit.constant 1 : !circuit.seq<1>
    // expected-error @+1 {{repeats by a child of its rule whose output is one symbol}}
    %0 = circuit.repeat %m x 2 by %c counts [1, 1, 2, 2] : !circuit.seq<1>, !circuit.seq<1> -> !circuit.seq<2>
    circuit.yield %0 : !circuit.seq<2>
  }
}

// -----

circuit.circuit @c tokens ["1", "2", "go"] outputs ["G", "1", "2"] nonterminals ["s"] max_input 2 max_output 4 {
  circuit.parser actions dense<0> : tensor<1x4xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 2 children [0, 1] -> !circuit.seq<4> {
  ^bb0(%n: !circuit.seq<1>, %m: !circuit.seq<1>):
    // expected-error @+1 {{takes 'by' and 'counts' together}}
    %0 = "circuit.repeat"(%m) {count = 2 : i64, counts = array<i64: 1, 1>} : (!circuit.seq<1>) -> !circuit.seq<2>
    circuit.yield %0 : !circuit.seq<2>
  }
}
