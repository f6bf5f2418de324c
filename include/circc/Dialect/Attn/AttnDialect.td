//===- AttnDialect.td - Attn dialect definition ------------*- tablegen -*-===//
//
// Part of circc. The attn dialect: Transformer attention graphs.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_ATTN_ATTNDIALECT_TD
#define CIRCC_DIALECT_ATTN_ATTNDIALECT_TD

include "mlir/IR/OpBase.td"

def Attn_Dialect : Dialect {
  let name = "attn";
  let cppNamespace = "::circc::attn";
  let summary = "Transformer attention graphs over f32 tensors";
  let description = [{
    The attn dialect represents the computation of an imported Transformer
    at the granularity its pruning works at: embeddings, layer norms,
    affine maps (`attn.linear`) and multi-head attention (`attn.attention`)
    whose heads are laid out as contiguous column blocks of its operands.
    Removing a head is removing a block of columns from `attn.attention`'s
    operands (and the rows of the projections that produce them, and the
    columns of the output projection that consumes them), so a pruned graph
    is an ordinary, smaller graph of the same ops.

    Values are ranked f32 tensors whose first dimension is the sequence
    position; weights enter as operands, so one graph can be compiled with
    its weights baked in as constants or read at run time.
  }];
}

#endif // CIRCC_DIALECT_ATTN_ATTNDIALECT_TD
