// RUN: circ-opt %s -split-input-file -verify-diagnostics

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.nonterminal @a {
    // expected-error @+1 {{unknown nonterminal 'b'}}
    grammar.production [@b] {
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.nonterminal @a {
    // expected-error @+1 {{unknown token "y"; declare it in the grammar's tokens}}
    grammar.production ["y"] {
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.nonterminal @a {
    grammar.production ["x"] {
      // expected-error @+1 {{undefined output symbol 'Y'; declare it in the grammar's outputs}}
      grammar.emit "Y"
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.nonterminal @a {
    grammar.production ["x", @b] {
      grammar.repeat 2 {
        // expected-error @+1 {{template refers to missing child $3; the production 'a -> "x" b' has 2 symbols}}
        grammar.child 3
      }
    }
  }
  grammar.nonterminal @b {
    grammar.production ["x"] {
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.nonterminal @a {
    grammar.production ["x"] {
      // expected-error @+1 {{template refers to $1, which is the token "x", not a nonterminal}}
      grammar.child 1
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.nonterminal @a {
    // expected-note @+1 {{first defined here}}
    grammar.production ["x"] {
      grammar.emit "X"
    }
    // expected-error @+1 {{duplicate production 'a -> "x"'}}
    grammar.production ["x"] {
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.nonterminal @a {
    grammar.production ["x"] {
    }
  }
  // expected-error @+1 {{nonterminal 'b' is unreachable from the start nonterminal 'a'}}
  grammar.nonterminal @b {
    grammar.production ["x"] {
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] max_input 8 {
  grammar.nonterminal @a {
    grammar.production ["x"] {
    }
    grammar.production [@b] {
    }
  }
  // expected-error @+1 {{nonterminal 'b' is non-productive: it derives no sentence made of tokens}}
  grammar.nonterminal @b {
    grammar.production ["x", @b] {
    }
  }
}

// -----

// expected-error @+1 {{start nonterminal 'c' is not defined}}
grammar.grammar @g start @c tokens ["x"] outputs ["X"] {
  grammar.nonterminal @a {
    grammar.production ["x"] {
    }
  }
}

// -----

// expected-error @+1 {{declares the token "x" twice}}
grammar.grammar @g start @a tokens ["x", "x"] outputs ["X"] {
  grammar.nonterminal @a {
    grammar.production ["x"] {
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  // expected-error @+1 {{nonterminal 'a' is recursive (a -> a), so its output may grow with the input; declare the longest output with 'max output N;' or the longest input with 'max input N;'}}
  grammar.nonterminal @a {
    grammar.production ["x"] {
      grammar.emit "X"
    }
    grammar.production ["x", @a] {
      grammar.emit "X"
      grammar.child 2
    }
  }
}

// -----

// Outputs of at most one symbol need no bound: inputs of any length.
grammar.grammar @values start @a tokens ["x"] outputs ["X"] {
  grammar.nonterminal @a {
    grammar.production ["x"] {
      grammar.emit "X"
    }
    grammar.production ["x", @a] {
      grammar.child 2
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] max_input 4 {
  // expected-error @+1 {{nonterminal 'a' derives itself without consuming input (a -> b -> a), so its output length is unbounded}}
  grammar.nonterminal @a {
    grammar.production ["x"] {
    }
    grammar.production [@b] {
      grammar.child 1
    }
  }
  grammar.nonterminal @b {
    grammar.production [@a] {
      grammar.child 1
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.nonterminal @a {
    // expected-error @+1 {{'grammar.production' op has an empty right-hand side}}
    grammar.production [] {
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.nonterminal @a {
    grammar.production ["x"] {
      // expected-error @+1 {{'grammar.repeat' op attribute 'count' failed to satisfy constraint}}
      grammar.repeat 0 {
      }
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.nonterminal @a {
    grammar.production ["x"] {
    }
  }
}
// expected-error @+1 {{'grammar.emit' op expects parent op to be one of 'grammar.production, grammar.stream, grammar.repeat, grammar.apply, grammar.reverse, grammar.slice'}}
grammar.emit "X"

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X", "Y"] {
  // expected-error @+1 {{table 't' lists 3 entries; 1 arguments over 2 symbols need 2}}
  grammar.table @t(1) = [0, 1, 1]
  grammar.nonterminal @a {
    grammar.production ["x"] {
      grammar.emit "X"
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X", "Y"] {
  // expected-error @+1 {{table 't' gives 2 for row 1, which is not one of the 2 output symbols}}
  grammar.table @t(1) = [0, 2]
  grammar.nonterminal @a {
    grammar.production ["x"] {
      grammar.emit "X"
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X", "Y"] {
  // expected-error @+1 {{table 't' needs either its values or 'learnable'}}
  grammar.table @t(1)
  grammar.nonterminal @a {
    grammar.production ["x"] {
      grammar.emit "X"
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X", "Y"] {
  grammar.table @t(1) learnable
  grammar.nonterminal @a {
    grammar.production ["x"] {
      // expected-error @+1 {{table 't' takes 1 argument, given 2}}
      grammar.apply @t {
        grammar.emit "X"
        grammar.emit "Y"
      }
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X", "Y"] {
  grammar.nonterminal @a {
    grammar.production ["x"] {
      // expected-error @+1 {{unknown table 'u'}}
      grammar.apply @u {
        grammar.emit "X"
      }
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X", "Y"] {
  grammar.table @t(1) learnable
  grammar.nonterminal @a {
    grammar.production ["x"] {
      grammar.apply @t {
        // expected-error @+1 {{'grammar.repeat' op expects parent op to be one of 'grammar.production, grammar.stream, grammar.repeat, grammar.reverse, grammar.slice'}}
        grammar.repeat 2 {
          grammar.emit "X"
        }
      }
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.nonterminal @a {
    grammar.production ["x"] {
      // expected-error @+1 {{the slice [2:1] keeps nothing of any sequence}}
      grammar.slice 2 to 1 {
        grammar.emit "X"
      }
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.nonterminal @a {
    grammar.production ["x"] {
      // expected-error @+1 {{nothing to reverse: the group is empty}}
      grammar.reverse {
      }
      grammar.emit "X"
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.table @t(1) = [0]
  grammar.nonterminal @a {
    grammar.production ["x"] {
      grammar.apply @t {
        // expected-error @+1 {{an argument of 't' must be one symbol: '$N', '$N[I]', an output symbol, '?', 'pos($N)' or a table application}}
        grammar.slice 0 to 1 {
          grammar.emit "X"
        }
      }
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x", "y"] outputs ["X"] {
  // expected-error @+1 {{'grammar.class' op has 2 tokens but 1 outputs}}
  grammar.class @c tokens ["x", "y"] outputs ["X"]
  grammar.nonterminal @a {
    grammar.production [@c] {
      grammar.child 1
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  // expected-error @+1 {{'grammar.class' op holds no tokens}}
  grammar.class @c tokens [] outputs []
  grammar.nonterminal @a {
    grammar.production ["x"] {
      grammar.emit "X"
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  // expected-error @+1 {{token "x" is listed twice in the class 'c'}}
  grammar.class @c tokens ["x", "x"] outputs ["X", "X"]
  grammar.nonterminal @a {
    grammar.production [@c] {
      grammar.child 1
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.nonterminal @a {
    grammar.production ["x"] {
      // expected-error @+1 {{a template left open ('??') holds nothing else}}
      grammar.hole
      grammar.emit "X"
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.nonterminal @a {
    grammar.production ["x"] {
      grammar.repeat 2 {
        // expected-error @+1 {{'grammar.hole' op expects parent op 'grammar.production'}}
        grammar.hole
      }
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.nonterminal @a {
    grammar.production ["x"] {
      // expected-error @+1 {{attribute 'max_items' failed to satisfy constraint}}
      grammar.hole max_items 0
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X", "0"] {
  grammar.nonterminal @a {
    grammar.production ["x"] {
      // expected-error @+1 {{pos($2) refers to a missing child; the production 'a -> "x"' has 1 symbol}}
      grammar.position 2
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.nonterminal @a {
    grammar.production [@b] {
      grammar.child 1 stream "s"
    }
  }
  grammar.nonterminal @b {
    grammar.production ["x"] {
      grammar.stream "s" {
        grammar.emit "X"
      }
      // expected-error @+1 {{a template that names output streams holds nothing outside them}}
      grammar.emit "X"
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.nonterminal @a {
    grammar.production [@b] {
      grammar.child 1 stream "s"
    }
  }
  grammar.nonterminal @b {
    grammar.production ["x"] {
      grammar.stream "s" {
      }
      // expected-error @+1 {{the stream 's' is named twice in one template}}
      grammar.stream "s" {
      }
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.nonterminal @a {
    grammar.production [@b] {
      // expected-error @+1 {{'b' has no stream 't'; its streams are s}}
      grammar.child 1 stream "t"
    }
  }
  grammar.nonterminal @b {
    grammar.production ["x"] {
      grammar.stream "s" {
        grammar.emit "X"
      }
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.nonterminal @a {
    grammar.production ["x"] {
      grammar.repeat 2 {
        // expected-error @+1 {{'grammar.stream' op expects parent op 'grammar.production'}}
        grammar.stream "s" {
        }
      }
    }
  }
}

// -----

// A table's argument `$N[I]` is one position of a child: a wider slice is
// not one symbol.
grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.table @t(1) = [0]
  grammar.nonterminal @a {
    grammar.production [@b] {
      grammar.apply @t {
        // expected-error @+1 {{an argument of 't' must be one symbol}}
        grammar.slice 0 to 2 {
          grammar.child 1
        }
      }
    }
  }
  grammar.nonterminal @b {
    grammar.production ["x"] {
      grammar.emit "X"
      grammar.emit "X"
    }
  }
}

// -----

// The position must exist in every output of the child: `b` outputs two
// symbols, so `$1[2]` and `$1[-3]` do not always exist.
grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.table @t(1) = [0]
  grammar.nonterminal @a {
    grammar.production [@b] {
      grammar.apply @t {
        grammar.slice -2 to -1 {
          grammar.child 1
        }
      }
      grammar.apply @t {
        // expected-error @+1 {{argument 1 of 't' is position 2 of $1, the output of 'b', which can be shorter than 3 symbols; a table applies to exactly one symbol}}
        grammar.slice 2 to 3 {
          grammar.child 1
        }
      }
    }
  }
  grammar.nonterminal @b {
    grammar.production ["x"] {
      grammar.emit "X"
      grammar.emit "X"
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x", "+"] outputs ["X"] {
  // expected-error @+1 {{'grammar.precedence' op names no tokens}}
  grammar.precedence left []
  grammar.nonterminal @a {
    grammar.production ["x"] {
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x", "+"] outputs ["X"] {
  // expected-error @+1 {{"+" is listed twice in one precedence level}}
  grammar.precedence left ["+", "+"]
  grammar.nonterminal @a {
    grammar.production ["x"] {
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x", "-"] outputs ["X"] {
  grammar.precedence right ["-"]
  grammar.nonterminal @a {
    // expected-error @+1 {{'%prec neg' names no precedence level}}
    grammar.production ["-", @a] prec "neg" {
      grammar.child 2
    }
    grammar.production ["x"] {
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  // expected-error @+1 {{unknown word shape 'upper' for the open class 'c'; a class is open to lowercase, capitalized or digits words}}
  grammar.class @c open "upper" tokens [] outputs []
  grammar.nonterminal @a {
    grammar.production [@c] {
      grammar.child 1
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["x"] outputs ["X"] {
  grammar.class @c open "digits" tokens [] outputs []
  // expected-error @+1 {{the classes 'c' and 'd' are both open to digits words; an unknown word must have one reading}}
  grammar.class @d open "digits" tokens [] outputs []
  grammar.nonterminal @a {
    grammar.production [@c] {
      grammar.child 1
    }
    grammar.production [@d, "x"] {
      grammar.child 1
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["go", "1", "2", "x", "y"] outputs ["G", "1", "2", "X", "0"] {
  grammar.class @count tokens ["1", "2"] outputs ["1", "2"]
  grammar.nonterminal @a {
    grammar.production [@count, @m] {
      // expected-error @+1 {{takes either a count or 'by' a child, not both}}
      grammar.repeat 2 by 1 {
        grammar.child 2
      }
    }
  }
  grammar.nonterminal @m {
    grammar.production ["go"] {
      grammar.emit "G"
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["go", "1", "2", "x", "y"] outputs ["G", "1", "2", "X", "0"] {
  grammar.class @count tokens ["1", "2"] outputs ["1", "2"]
  grammar.nonterminal @a {
    grammar.production [@count, @m] {
      // expected-error @+1 {{takes either a count or 'by' a child, not neither}}
      "grammar.repeat"() ({
        grammar.child 2
      }) : () -> ()
    }
  }
  grammar.nonterminal @m {
    grammar.production ["go"] {
      grammar.emit "G"
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["go", "1", "2", "x", "y"] outputs ["G", "1", "2", "X", "0"] {
  grammar.class @count tokens ["1", "2"] outputs ["1", "2"]
  grammar.nonterminal @a {
    grammar.production [@count, @m] {
      // expected-error @+1 {{the count of a repetition, $3, is missing; the production 'a -> count m' has 2 symbols}}
      grammar.repeat by 3 {
        grammar.child 2
      }
    }
  }
  grammar.nonterminal @m {
    grammar.production ["go"] {
      grammar.emit "G"
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["go", "1", "2", "x", "y"] outputs ["G", "1", "2", "X", "0"] {
  grammar.class @count tokens ["1", "2"] outputs ["1", "2"]
  grammar.nonterminal @a {
    grammar.production ["x", @m] {
      // expected-error @+1 {{the count of a repetition, $1, is the token "x"; a count is a token class whose outputs are numbers (class count = 1..9;)}}
      grammar.repeat by 1 {
        grammar.child 2
      }
    }
  }
  grammar.nonterminal @m {
    grammar.production ["go"] {
      grammar.emit "G"
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["go", "1", "2", "x", "y"] outputs ["G", "1", "2", "X", "0"] {
  grammar.class @count tokens ["1", "2"] outputs ["1", "2"]
  grammar.nonterminal @a {
    grammar.production [@m, @m] {
      // expected-error @+1 {{the count of a repetition, $1, is the nonterminal 'm'; a count is a token class whose outputs are numbers (class count = 1..9;)}}
      grammar.repeat by 1 {
        grammar.child 2
      }
    }
  }
  grammar.nonterminal @m {
    grammar.production ["go"] {
      grammar.emit "G"
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["go", "1", "2", "x", "y"] outputs ["G", "1", "2", "X", "0"] {
  grammar.class @count tokens ["1", "x"] outputs ["1", "X"]
  grammar.nonterminal @a {
    grammar.production [@count, @m] {
      // expected-error @+1 {{the count of a repetition, $1, is the class 'count', which outputs 'X', not a count (a decimal number up to 1048576)}}
      grammar.repeat by 1 {
        grammar.child 2
      }
    }
  }
  grammar.nonterminal @m {
    grammar.production ["go"] {
      grammar.emit "G"
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["go", "1", "2", "x", "y"] outputs ["G", "1", "2", "X", "0"] {
  grammar.class @count tokens ["y"] outputs ["0"]
  grammar.nonterminal @a {
    grammar.production [@count, @m] {
      // expected-error @+1 {{the count of a repetition, $1, is the class 'count', whose counts are all 0}}
      grammar.repeat by 1 {
        grammar.child 2
      }
    }
  }
  grammar.nonterminal @m {
    grammar.production ["go"] {
      grammar.emit "G"
    }
  }
}

// -----

grammar.grammar @g start @a tokens ["go", "1", "2", "x", "y"] outputs ["G", "1", "2", "X", "0"] {
  grammar.class @count open "digits" tokens ["1"] outputs ["1"]
  grammar.nonterminal @a {
    grammar.production [@count, @m] {
      // expected-error @+1 {{the count of a repetition, $1, is the open class 'count', whose unknown words are no counts}}
      grammar.repeat by 1 {
        grammar.child 2
      }
    }
  }
  grammar.nonterminal @m {
    grammar.production ["go"] {
      grammar.emit "G"
    }
  }
}
