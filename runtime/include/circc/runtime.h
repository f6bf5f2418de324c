/*===- circc/runtime.h - The C interface of compiled circuits ------*- C -*-===*\
|*                                                                            *|
|* Part of circc. Every shared library circc produces exports exactly these   *|
|* functions. The header has no dependencies beyond the C standard library.  *|
|*                                                                            *|
|* Typical use:                                                               *|
|*                                                                            *|
|*   circc_circuit *circuit;                                                  *|
|*   if (circc_create(&circuit) != CIRCC_OK) ...                              *|
|*   int32_t out[64];                                                         *|
|*   circc_result result;                                                     *|
|*   circc_run_text(circuit, "jump twice", 10, out, 64, &result);             *|
|*   for (int32_t i = 0; i < result.length; ++i)                              *|
|*     puts(circc_output_name(circuit, out[i]));                              *|
|*   circc_destroy(circuit);                                                  *|
|*                                                                            *|
|* Threads: a handle is immutable after circc_create, so any number of       *|
|* threads may run commands on one handle at once. Memory: nothing is        *|
|* allocated after circc_create; outputs go to caller-owned buffers whose    *|
|* capacity is always respected.                                              *|
|*                                                                            *|
|* Several circuits in one process: every library exports the same names,   *|
|* so compile each with a prefix (circc --symbol-prefix=scan_ exports        *|
|* scan_circc_create, ..., declared by a header circc writes) and link them  *|
|* all, or load each with dlopen(path, RTLD_NOW | RTLD_LOCAL) and look the  *|
|* functions up with dlsym (the circc_*_fn typedefs below help); a program   *|
|* that links one circuit directly may use the functions by name.            *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef CIRCC_RUNTIME_H
#define CIRCC_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The ABI version of this header; compare with circc_abi_version(). */
#define CIRCC_ABI_VERSION 2

#if defined(__GNUC__)
#define CIRCC_API __attribute__((visibility("default")))
#else
#define CIRCC_API
#endif

/** Outcome of a call. Every failure also has a message (circc_describe). */
typedef enum circc_status {
  CIRCC_OK = 0,
  /** A word of the input is not one of the circuit's tokens (or a token id
      is out of range); circc_result.error_index is its position. */
  CIRCC_UNKNOWN_TOKEN = 1,
  /** The input has more tokens than the circuit's max_input;
      circc_result.error_index is max_input. */
  CIRCC_INPUT_TOO_LONG = 2,
  /** The tokens are not a sentence of the grammar; circc_result.error_index
      is the position of the token where parsing failed (the token count if
      the input ended too early). */
  CIRCC_NO_PARSE = 3,
  /** The output does not fit the caller's buffer; circc_result.length is
      the capacity it needs. Nothing was written. */
  CIRCC_OUTPUT_TOO_SMALL = 4,
  /** A null pointer or negative size where one is not allowed. */
  CIRCC_INVALID_ARGUMENT = 5,
  /** circc_create could not allocate the handle. */
  CIRCC_OUT_OF_MEMORY = 6,
  /** The library was built for another ABI version than its runtime. */
  CIRCC_ABI_MISMATCH = 7,
  /** The circuit loads learnable tables from a weights file, and none was
      given, or the file cannot be read, is not a safetensors file, or lacks
      or mismatches a table (circc_create_with_weights says which). */
  CIRCC_BAD_WEIGHTS = 8,
  /** No GPU path: the library holds no GPU code, or no CUDA driver or
      device answers (circc_gpu_check says which). */
  CIRCC_NO_DEVICE = 9,
  /** The CUDA driver reported an error (circc_gpu_check says which). */
  CIRCC_GPU_ERROR = 10,
  /** The output, or a part of it that the grammar builds on the way, is
      longer than the circuit's max output (declared with `max output N;`
      or --max-output); circc_result.length is that bound. Nothing was
      written. */
  CIRCC_OUTPUT_TOO_LONG = 11
} circc_status;

/** Details of one run. */
typedef struct circc_result {
  circc_status status;
  /** Output symbols written (CIRCC_OK), needed (CIRCC_OUTPUT_TOO_SMALL),
      or the circuit's max output (CIRCC_OUTPUT_TOO_LONG). */
  int32_t length;
  /** Token position of an error (see circc_status), else -1. */
  int32_t error_index;
} circc_result;

/** A loaded circuit. Opaque. */
typedef struct circc_circuit circc_circuit;

/** The ABI version the library implements (CIRCC_ABI_VERSION). */
CIRCC_API uint32_t circc_abi_version(void);

/** Creates a handle. On failure *out_circuit is set to NULL. A circuit
    compiled with --weights=file needs circc_create_with_weights. */
CIRCC_API circc_status circc_create(circc_circuit **out_circuit);
/** The most threads circc_create_with_threads accepts. */
#define CIRCC_MAX_THREADS 64
/** Like circc_create, for a Transformer whose circc_run_batch may use up to
    `threads` threads (1..CIRCC_MAX_THREADS): each has its own batch buffers
    and workspace, allocated here; a batch of at least two tiles is split
    among them, and the call starts one thread per extra share (their
    stacks are the only memory a run allocates) and joins them before it
    returns. A circuit ignores `threads`. */
CIRCC_API circc_status circc_create_with_threads(int32_t threads,
                                                 circc_circuit **out_circuit);
/** Creates a handle whose learnable tables are read from the safetensors
    file at `path` (one F32 tensor per table, named after it, e.g.
    "primitive.learned"). On failure, writes a message naming the file and
    the tensor to `message` (NUL-terminated, at most `capacity` bytes; may
    be NULL) and sets *out_circuit to NULL. */
CIRCC_API circc_status circc_create_with_weights(const char *path,
                                                 circc_circuit **out_circuit,
                                                 char *message,
                                                 size_t capacity);
/** Destroys a handle; NULL is allowed. */
CIRCC_API void circc_destroy(circc_circuit *circuit);

/** The name of the grammar the circuit was compiled from. */
CIRCC_API const char *circc_grammar_name(const circc_circuit *circuit);
/** Input tokens: ids are 0..count-1. Names are NULL for ids out of range. */
CIRCC_API int32_t circc_token_count(const circc_circuit *circuit);
CIRCC_API const char *circc_token_name(const circc_circuit *circuit,
                                       int32_t id);
/** The id of the token spelled by the `length` bytes at `text`, or -1. */
CIRCC_API int32_t circc_token_id(const circc_circuit *circuit,
                                 const char *text, size_t length);
/** Output symbols: ids are 0..count-1. A grammar's open token classes read
    words outside the vocabulary, and output them: an output id of count + i
    is the command's input word at position i, which circc_output_text
    spells. */
CIRCC_API int32_t circc_output_count(const circc_circuit *circuit);
CIRCC_API const char *circc_output_name(const circc_circuit *circuit,
                                        int32_t id);
/** The text of output id `id` of a run of the command `text`: the symbol's
    name (NUL-terminated), or for an input word (count + i) a pointer to the
    word inside `text` (not terminated); *length is its length. NULL when
    the id is neither. */
CIRCC_API const char *circc_output_text(const circc_circuit *circuit,
                                        const char *text, size_t text_length,
                                        int32_t id, size_t *length);
/** The longest input (tokens) and output (symbols) of the circuit. */
CIRCC_API int32_t circc_max_input(const circc_circuit *circuit);
CIRCC_API int32_t circc_max_output(const circc_circuit *circuit);
/** The number of scalars in the circuit's parameter tables. */
CIRCC_API int64_t circc_param_count(const circc_circuit *circuit);

/** Runs one command given as text: tokens separated by ASCII whitespace.
    Writes at most `capacity` output symbol ids to `out`. On success the
    output is out[0, length); entries from `length` up to the capacity (at
    most the circuit's max_output rounded up to 4) may have been
    overwritten, which lets the compiled code store whole vectors. On
    failure nothing is written. */
CIRCC_API circc_status circc_run_text(const circc_circuit *circuit,
                                      const char *text, size_t text_length,
                                      int32_t *out, int32_t capacity,
                                      circc_result *out_result);

/** Runs one command given as `count` token ids. */
CIRCC_API circc_status circc_run_ids(const circc_circuit *circuit,
                                     const int32_t *ids, int32_t count,
                                     int32_t *out, int32_t capacity,
                                     circc_result *out_result);

/** Runs `count` commands given as text. Command i writes its outputs to
    out + i * stride (at most `stride` symbols) and its result to
    results[i]. Returns CIRCC_OK when the batch ran, whatever the commands'
    own statuses; CIRCC_INVALID_ARGUMENT when an argument is bad. */
CIRCC_API circc_status circc_run_batch(const circc_circuit *circuit,
                                       const char *const *texts,
                                       const size_t *text_lengths,
                                       size_t count, int32_t *out,
                                       int32_t stride, circc_result *results);

/** Training support. Like circc_run_text, but writes content codes instead
    of output symbols: a code below circc_output_count() is a symbol fixed
    by the grammar; a code c at or above it is learnable row
    c - circc_output_count(), counting the rows of the weight tables in
    order. The codes do not depend on the weights. */
CIRCC_API circc_status circc_trace_text(const circc_circuit *circuit,
                                        const char *text, size_t text_length,
                                        int32_t *codes, int32_t capacity,
                                        circc_result *out_result);
/** The compiled circuit's gradient, for training: runs the command forward
    to its route, and at every output position routed from a learnable row
    adds the cross-entropy of that row's softmax against `targets[i]` to
    *loss and its gradient (softmax minus one-hot) to that row of
    `gradients`. `weights` and `gradients` hold every learnable row, in the
    order of the weight tables, circc_output_count() floats each. Positions
    past the shorter of the output and `target_count` are skipped. Returns
    the run's status; CIRCC_INVALID_ARGUMENT for a circuit without
    learnable tables loaded at run time. */
CIRCC_API circc_status circc_gradient_text(const circc_circuit *circuit,
                                           const char *text,
                                           size_t text_length,
                                           const int32_t *targets,
                                           int32_t target_count,
                                           const float *weights,
                                           float *gradients, float *loss);

/** Transformers. A library compiled from a model (circc MODEL_DIR) runs
    commands through the same functions as a circuit: the model decodes
    greedily, and the output symbols are its target tokens (special ones are
    spelled like "<bos>"). This function also returns the decoder's logits:
    like circc_run_text, and whenever the command ran (CIRCC_OK or
    CIRCC_OUTPUT_TOO_SMALL) one row of circc_output_count() floats per
    decoding step, row-major, into `logits`, which must hold
    circc_max_output() such rows. There are min(length + 1, max_output)
    steps: the last one produced the end token unless decoding ran to the
    limit. A circuit has no logits: CIRCC_INVALID_ARGUMENT. */
CIRCC_API circc_status circc_logits_text(const circc_circuit *circuit,
                                         const char *text, size_t text_length,
                                         int32_t *out, int32_t capacity,
                                         float *logits,
                                         circc_result *out_result);

/** The tables a circuit compiled with --weights=file loads (0 if none), in
    the order of their learnable rows: names (the tensor names of a weights
    file) and shapes (rows, and one column per output symbol). These need no
    handle, since a handle needs the weights. */
CIRCC_API int32_t circc_weight_table_count(void);
CIRCC_API const char *circc_weight_table_name(int32_t index);
CIRCC_API void circc_weight_table_shape(int32_t index, int32_t *out_rows,
                                        int32_t *out_columns);

/** GPU. A library compiled with circc --target=nvptx also holds the
    circuit as a GPU kernel (PTX), which the CUDA driver, loaded with dlopen
    on first use, compiles for the device. Machines without a driver or a
    device load the library all the same and get CIRCC_NO_DEVICE here. */

/** CIRCC_OK if the GPU path can run; else the reason in `message`. */
CIRCC_API circc_status circc_gpu_check(const circc_circuit *circuit,
                                       char *message, size_t capacity);
/** Like circc_run_batch, on the GPU, one thread per command: the commands
    are split into tokens on the host, run on the device, and their outputs
    and results are the same as circc_run_batch's. */
CIRCC_API circc_status circc_gpu_run_batch(const circc_circuit *circuit,
                                           const char *const *texts,
                                           const size_t *text_lengths,
                                           size_t count, int32_t *out,
                                           int32_t stride,
                                           circc_result *results);

/** Times of one device batch, in milliseconds: the kernel alone (CUDA
    events), and the whole call with its transfers. */
typedef struct circc_gpu_timing {
  double kernel_ms;
  double total_ms;
} circc_gpu_timing;

/** The device batch at the level of token ids, for throughput work: `ids`
    holds count x max_input token ids (zero-padded past each command's
    `counts[i]` tokens), `out` receives count x max_output symbols, and
    `lengths` / `statuses` per command what circc_result's length (or error
    position) and status would hold. `timing` may be NULL. */
CIRCC_API circc_status circc_gpu_run_ids_batch(const circc_circuit *circuit,
                                               const int32_t *ids,
                                               const int32_t *counts,
                                               size_t count, int32_t *out,
                                               int32_t *lengths,
                                               int32_t *statuses,
                                               circc_gpu_timing *timing);

/** A fixed description of a status, e.g. "unknown token". */
CIRCC_API const char *circc_status_message(circc_status status);

/** Writes a full message for `result` of running `text` (may be NULL), e.g.
    "unknown token 'fly' at position 2", into `buffer` (NUL-terminated,
    truncated to `capacity`). Returns the length of the full message. */
CIRCC_API size_t circc_describe(const circc_circuit *circuit,
                                const char *text, size_t text_length,
                                const circc_result *result, char *buffer,
                                size_t capacity);

/** Function pointer types for use with dlsym. */
typedef circc_status (*circc_create_fn)(circc_circuit **);
typedef circc_status (*circc_create_with_weights_fn)(const char *,
                                                     circc_circuit **, char *,
                                                     size_t);
typedef void (*circc_destroy_fn)(circc_circuit *);
typedef const char *(*circc_grammar_name_fn)(const circc_circuit *);
typedef circc_status (*circc_run_text_fn)(const circc_circuit *, const char *,
                                          size_t, int32_t *, int32_t,
                                          circc_result *);
typedef circc_status (*circc_run_ids_fn)(const circc_circuit *,
                                         const int32_t *, int32_t, int32_t *,
                                         int32_t, circc_result *);
typedef circc_status (*circc_run_batch_fn)(const circc_circuit *,
                                           const char *const *,
                                           const size_t *, size_t, int32_t *,
                                           int32_t, circc_result *);
typedef const char *(*circc_output_name_fn)(const circc_circuit *, int32_t);
typedef const char *(*circc_output_text_fn)(const circc_circuit *,
                                            const char *, size_t, int32_t,
                                            size_t *);
typedef circc_status (*circc_gpu_run_batch_fn)(const circc_circuit *,
                                               const char *const *,
                                               const size_t *, size_t,
                                               int32_t *, int32_t,
                                               circc_result *);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CIRCC_RUNTIME_H */
