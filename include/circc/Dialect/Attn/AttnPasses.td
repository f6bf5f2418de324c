//===- AttnPasses.td - Attn dialect passes -----------------*- tablegen -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_ATTN_ATTNPASSES_TD
#define CIRCC_DIALECT_ATTN_ATTNPASSES_TD

include "mlir/Pass/PassBase.td"

def AttnPruneHeads : Pass<"attn-prune-heads", "mlir::ModuleOp"> {
  let summary = "Remove the least important attention heads physically";
  let description = [{
    In every `attn.attention` op, removes `round(fraction * heads)` heads,
    least important first by the op's `importance` attribute (ties go to
    the lower head). Removal is physical: the rows of the Q/K/V
    `attn.linear` weights and biases that produce a removed head, and the
    columns of the output projection's weight that consume it, are sliced
    out of their constants, and every shape in between shrinks; `heads`,
    `importance` and `head_ids` describe the heads left. Prints the heads
    and parameters (scalars in f32 constants) before and after:

    ```
    attn-prune-heads: 12 -> 6 heads, 24425 -> 18137 parameters
    ```

    With `remove`, a list of `MODULE:HEAD` entries, exactly those heads
    are removed instead (HEAD is the head's index in the unpruned model,
    MODULE the op's `module` name, e.g.
    `remove=encoder.0.self_attention:3,decoder.1.cross_attention:0`), and
    `fraction` is ignored; naming a module or head that is not there, or
    every head of a module, is an error.

    An attention op without importance (when pruning by fraction), or whose
    operands are not each produced by their own `attn.linear` of constants
    (or whose result is not consumed by one), is an error.
  }];
  let options = [
    Option<"fraction", "fraction", "double", /*default=*/"0.5",
           "Fraction of each attention op's heads to remove, in [0, 1)">,
    ListOption<"remove", "remove", "std::string",
               "Heads to remove, as MODULE:HEAD (fraction is then ignored)">,
    Option<"quiet", "quiet", "bool", /*default=*/"false",
           "Do not print the before/after counts">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def AttnPruneFfn : Pass<"attn-prune-ffn", "mlir::ModuleOp"> {
  let summary = "Remove the least important feed-forward units physically";
  let description = [{
    In every feed-forward block (an `attn.linear` with `relu`, the up
    projection, whose result only the next `attn.linear`, the down
    projection, reads), removes `round(fraction * units)` hidden units,
    least important first. A unit's importance is its magnitude: the norm
    of the down projection's column that reads it times the norm of what
    computes it (the up projection's row and bias), the product that
    bounds its contribution to the output for inputs of unit norm; ties go
    to the lower unit. Removal is physical: the rows of the up projection's
    weight and bias and the columns of the down projection's weight are
    sliced out of their constants, so the pruned model does less work.
    Prints the units and parameters (scalars in f32 constants) before and
    after:

    ```
    attn-prune-ffn: 128 -> 64 feed-forward units, 24425 -> 20265 parameters
    ```

    A `relu` linear whose result is not read by one `attn.linear` of
    constants alone, or whose own weight and bias are not constants, is an
    error.
  }];
  let options = [
    Option<"fraction", "fraction", "double", /*default=*/"0.5",
           "Fraction of each feed-forward block's units to remove, in [0, 1)">,
    Option<"quiet", "quiet", "bool", /*default=*/"false",
           "Do not print the before/after counts">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

#endif // CIRCC_DIALECT_ATTN_ATTNPASSES_TD
