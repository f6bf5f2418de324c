//===- AttnOps.td - Attn dialect operations ----------------*- tablegen -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_ATTN_ATTNOPS_TD
#define CIRCC_DIALECT_ATTN_ATTNOPS_TD

include "circc/Dialect/Attn/AttnDialect.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class Attn_Op<string mnemonic, list<Trait> traits = []>
    : Op<Attn_Dialect, mnemonic, !listconcat(traits, [Pure])>;

def Attn_Matrix : 2DTensorOf<[F32]>;
def Attn_Vector : 1DTensorOf<[F32]>;
def Attn_Ids : 1DTensorOf<[Index]>;

def Attn_EmbedOp : Attn_Op<"embed"> {
  let summary = "Token embedding, scaled, plus learned position embedding";
  let description = [{
    Row `i` of the result is `table[ids[i]] * scale + positions[i]`. The
    position table must have at least as many rows as there are ids, and
    both tables the result's width.

    ```mlir
    %x = attn.embed %ids, %table, %positions {scale = 5.65685415 : f32}
        : tensor<9xindex>, tensor<14x32xf32>, tensor<9x32xf32> -> tensor<9x32xf32>
    ```
  }];
  let arguments = (ins Attn_Ids:$ids, Attn_Matrix:$table,
                       Attn_Matrix:$positions, F32Attr:$scale);
  let results = (outs Attn_Matrix:$result);
  let assemblyFormat = [{
    $ids `,` $table `,` $positions attr-dict `:` type($ids) `,` type($table)
    `,` type($positions) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Attn_LayerNormOp : Attn_Op<"layer_norm", [AllTypesMatch<["input", "result"]>]> {
  let summary = "Layer normalisation of every row";
  let description = [{
    Each row is normalised to mean 0 and variance 1 (variance over the row,
    plus `epsilon`), then scaled by `gamma` and shifted by `beta`.
  }];
  let arguments = (ins Attn_Matrix:$input, Attn_Vector:$gamma,
                       Attn_Vector:$beta, F32Attr:$epsilon);
  let results = (outs Attn_Matrix:$result);
  let assemblyFormat = [{
    $input `,` $gamma `,` $beta attr-dict `:` type($input) `,` type($gamma)
    `,` type($beta)
  }];
  let hasVerifier = 1;
}

def Attn_LinearOp : Attn_Op<"linear"> {
  let summary = "Affine map of every row: x W^T + b, optionally rectified";
  let description = [{
    `weight` is stored as PyTorch stores it, `[out, in]`. With `relu`, the
    result is `max(0, x W^T + b)`.
  }];
  let arguments = (ins Attn_Matrix:$input, Attn_Matrix:$weight,
                       Attn_Vector:$bias, UnitAttr:$relu);
  let results = (outs Attn_Matrix:$result);
  let assemblyFormat = [{
    $input `,` $weight `,` $bias attr-dict `:` type($input) `,` type($weight)
    `,` type($bias) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Attn_AttentionOp : Attn_Op<"attention"> {
  let summary = "Scaled dot-product attention with contiguous heads";
  let description = [{
    Operands hold `heads` heads side by side: columns
    `[h * d, (h + 1) * d)` of `query`, `key` and `value` belong to head `h`,
    with `d = width / heads`. For each head, row `t` of the result is the
    softmax over the key rows `s` of `q_t . k_s / sqrt(d)` applied to the
    value rows; with `causal`, key rows after `t` are hidden. Heads that
    pruning removed are simply absent: `heads` counts the ones left.

    `importance`, when present, holds one score per head (the importer
    takes it from the weights file); `head_ids`, when present, names each
    head's index in the unpruned model (absent means `0 .. heads - 1`).
  }];
  let arguments = (ins Attn_Matrix:$query, Attn_Matrix:$key,
                       Attn_Matrix:$value,
                       ConfinedAttr<I64Attr, [IntMinValue<1>]>:$heads,
                       UnitAttr:$causal,
                       OptionalAttr<DenseF32ArrayAttr>:$importance,
                       OptionalAttr<DenseI64ArrayAttr>:$head_ids);
  let results = (outs Attn_Matrix:$result);
  let assemblyFormat = [{
    $query `,` $key `,` $value attr-dict `:` type($query) `,` type($key)
    `,` type($value) `->` type($result)
  }];
  let hasVerifier = 1;
}

#endif // CIRCC_DIALECT_ATTN_ATTNOPS_TD
