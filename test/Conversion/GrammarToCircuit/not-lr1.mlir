// RUN: circ-opt %s --convert-grammar-to-circuit -split-input-file -verify-diagnostics

// Ambiguous: "x x x" is (x x) x or x (x x).
// expected-error @+1 {{grammar is ambiguous, so the circuit's parser cannot be built: the input 'x x x' has two derivations; after the input 'x x', on "x" the parser could both shift it and reduce by 'e -> e e'}}
grammar.grammar @ambiguous start @e tokens ["x"] outputs ["X"] max_input 5 {
  grammar.nonterminal @e {
    // expected-note @+1 {{this production}}
    grammar.production [@e, @e] {
      grammar.child 1
      grammar.child 2
    }
    grammar.production ["x"] {
      grammar.emit "X"
    }
  }
}

// -----

// Two readings of "a": reduce/reduce.
// expected-error @+1 {{the input 'a' has two derivations; after the input 'a', on the end of the input the parser could both reduce by 'p -> "a"' and reduce by 'q -> "a"'}}
grammar.grammar @twice start @s tokens ["a"] outputs ["P", "Q"] {
  grammar.nonterminal @s {
    grammar.production [@p] {
      grammar.child 1
    }
    grammar.production [@q] {
      grammar.child 1
    }
  }
  grammar.nonterminal @p {
    // expected-note @+1 {{this production}}
    grammar.production ["a"] {
      grammar.emit "P"
    }
  }
  grammar.nonterminal @q {
    // expected-note @+1 {{this production}}
    grammar.production ["a"] {
      grammar.emit "Q"
    }
  }
}

// -----

// Unambiguous, but one token of lookahead cannot tell "a" as p from "a" as q:
// the second token decides.
// expected-error @+1 {{grammar is not LR(1), so the circuit's parser cannot be built: after the input 'a', on "x" the parser could both reduce by 'p -> "a"' and reduce by 'q -> "a"'}}
grammar.grammar @lookahead start @s tokens ["a", "x", "y", "z"] outputs ["P", "Q"] {
  grammar.nonterminal @s {
    grammar.production [@p, "x", "y"] {
      grammar.child 1
    }
    grammar.production [@q, "x", "z"] {
      grammar.child 1
    }
  }
  grammar.nonterminal @p {
    // expected-note @+1 {{this production}}
    grammar.production ["a"] {
      grammar.emit "P"
    }
  }
  grammar.nonterminal @q {
    // expected-note @+1 {{this production}}
    grammar.production ["a"] {
      grammar.emit "Q"
    }
  }
}

// -----

// A skeleton's open template has no circuit.
grammar.grammar @skeleton start @s tokens ["x"] outputs ["X"] {
  grammar.nonterminal @s {
    grammar.production ["x"] {
      // expected-error @+1 {{this template is left open ('??'): fill it in, or let circ-induce find it from training data}}
      grammar.hole
    }
  }
}
