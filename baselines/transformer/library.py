"""A circc-compiled library through ctypes (circc/runtime.h), for the scripts
here: the standard library only, so the checks that use it need no PyTorch."""

import ctypes


class Result(ctypes.Structure):
    """circc_result."""
    _fields_ = [("status", ctypes.c_int), ("length", ctypes.c_int32),
                ("error_index", ctypes.c_int32)]


def open_library(path, threads=1):
    """(library, handle) for the library at `path`, with the argument types of
    the functions the scripts call, its batches using `threads` threads;
    raises OSError when it cannot be created."""
    lib = ctypes.CDLL(path)
    handle_t, text, size = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t
    ids = ctypes.POINTER(ctypes.c_int32)
    result = ctypes.POINTER(Result)
    lib.circc_create_with_threads.argtypes = [ctypes.c_int32, ctypes.POINTER(handle_t)]
    lib.circc_run_text.argtypes = [handle_t, text, size, ids, ctypes.c_int32, result]
    lib.circc_run_batch.argtypes = [handle_t, ctypes.POINTER(text), ctypes.POINTER(size),
                                    size, ids, ctypes.c_int32, result]
    lib.circc_logits_text.argtypes = [handle_t, text, size, ids, ctypes.c_int32,
                                      ctypes.POINTER(ctypes.c_float), result]
    for name in ("circc_max_output", "circc_output_count", "circc_param_count"):
        getattr(lib, name).argtypes = [handle_t]
    lib.circc_param_count.restype = ctypes.c_int64
    lib.circc_output_name.argtypes = [handle_t, ctypes.c_int32]
    lib.circc_output_name.restype = ctypes.c_char_p
    handle = handle_t()
    if lib.circc_create_with_threads(threads, ctypes.byref(handle)) != 0:
        raise OSError("%s: circc_create_with_threads failed" % path)
    return lib, handle
