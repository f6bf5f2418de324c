// RUN: circ-opt %s --convert-grammar-to-circuit -split-input-file -verify-diagnostics

// Ambiguous: "x x x" is (x x) x or x (x x). The error is at the production
// the conflict reduces by, and notes show both derivations.
grammar.grammar @ambiguous start @e tokens ["x"] outputs ["X"] max_input 5 {
  grammar.nonterminal @e {
    // expected-error @+3 {{grammar is ambiguous, so the circuit's parser cannot be built: the input 'x x x' has two derivations; after the input 'x x', on "x" the parser could both shift it and reduce by 'e -> e e'}}
    // expected-note @+2 {{one derivation of 'x x x':}}
    // expected-note @+1 {{another derivation of 'x x x':}}
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

// Two readings of "a": reduce/reduce, at the second production with a note
// at the first.
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
    // expected-note @+1 {{the other production}}
    grammar.production ["a"] {
      grammar.emit "P"
    }
  }
  grammar.nonterminal @q {
    // expected-error @+3 {{the input 'a' has two derivations; after the input 'a', on the end of the input the parser could both reduce by 'p -> "a"' and reduce by 'q -> "a"'}}
    // expected-note @+2 {{one derivation of 'a':}}
    // expected-note @+1 {{another derivation of 'a':}}
    grammar.production ["a"] {
      grammar.emit "Q"
    }
  }
}

// -----

// Unambiguous, but one token of lookahead cannot tell "a" as p from "a" as q:
// the second token decides.
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
    // expected-note @+1 {{the other production}}
    grammar.production ["a"] {
      grammar.emit "P"
    }
  }
  grammar.nonterminal @q {
    // expected-error @+1 {{grammar is not LR(1), so the circuit's parser cannot be built: after the input 'a', on "x" the parser could both reduce by 'p -> "a"' and reduce by 'q -> "a"'}}
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
