"""ONNX Runtime's C API through ctypes, in this process.

The npm package onnxruntime-node ships the CPU runtime as libonnxruntime.so.1
(setup_onnxruntime.sh installs it; no Python package is needed). Its C API
is a table of function pointers, OrtGetApiBase()->GetApi(version); the table
only ever grows, so the positions of the functions used here (all of API
version 1) hold for every later release.

    session = Session(library_path, "model.onnx", threads=1)
    outputs = session.run({"src": array}, ["logits"])   # -> list of Value
    outputs[0].numpy((b, v), numpy.float32)

Values returned by run() may be passed back to run() as inputs without a
copy, which is how a decoder's present keys and values become the next
step's past.
"""

import ctypes

import numpy

# Positions in OrtApi (API version 1, append-only).
_CREATE_ENV = 3
_GET_ERROR_MESSAGE = 2
_CREATE_SESSION = 7
_RUN = 9
_CREATE_SESSION_OPTIONS = 10
_SET_GRAPH_OPTIMIZATION_LEVEL = 23
_SET_INTRA_OP_THREADS = 24
_SET_INTER_OP_THREADS = 25
_CREATE_TENSOR_WITH_DATA = 49
_GET_TENSOR_MUTABLE_DATA = 51
_CREATE_CPU_MEMORY_INFO = 69
_RELEASE_ENV = 92
_RELEASE_STATUS = 93
_RELEASE_MEMORY_INFO = 94
_RELEASE_SESSION = 95
_RELEASE_VALUE = 96
_RELEASE_SESSION_OPTIONS = 100

_ELEMENT_TYPES = {numpy.dtype(numpy.float32): 1, numpy.dtype(numpy.int64): 7,
                  numpy.dtype(numpy.bool_): 9}
_API_VERSION = 11  # ONNX Runtime 1.11 or later
_ENABLE_ALL = 99   # GraphOptimizationLevel ORT_ENABLE_ALL
_WARNING = 2       # OrtLoggingLevel ORT_LOGGING_LEVEL_WARNING

_p = ctypes.c_void_p


class OrtError(RuntimeError):
    pass


class _Api:
    def __init__(self, path):
        self.lib = ctypes.CDLL(path)
        self.lib.OrtGetApiBase.restype = ctypes.POINTER(_p * 2)
        base = self.lib.OrtGetApiBase().contents
        get_api = ctypes.CFUNCTYPE(_p, ctypes.c_uint32)(base[0])
        version = ctypes.CFUNCTYPE(ctypes.c_char_p)(base[1])
        self.version = version().decode()
        table = get_api(_API_VERSION)
        if not table:
            raise OrtError("%s (ONNX Runtime %s) has no C API version %d"
                           % (path, self.version, _API_VERSION))
        self.table = ctypes.cast(table, ctypes.POINTER(_p * 128)).contents

    def function(self, index, *arguments, restype=_p):
        return ctypes.CFUNCTYPE(restype, *arguments)(self.table[index])


class Value:
    """An OrtValue; released when garbage-collected."""

    def __init__(self, session, handle, keep=None):
        self._session, self.handle, self._keep = session, handle, keep

    def numpy(self, shape, dtype):
        """A numpy view of the tensor's data (valid while this Value lives)."""
        data = _p()
        self._session._check(self._session._get_data(self.handle, ctypes.byref(data)))
        count = int(numpy.prod(shape))
        buffer = (ctypes.c_char * (count * numpy.dtype(dtype).itemsize)).from_address(data.value)
        return numpy.frombuffer(buffer, dtype=dtype, count=count).reshape(shape)

    def __del__(self):
        if self.handle:
            self._session._release_value(self.handle)
            self.handle = None


class Session:
    def __init__(self, library, model, threads=1):
        api = self.api = _Api(library)
        self._error_message = api.function(_GET_ERROR_MESSAGE, _p, restype=ctypes.c_char_p)
        self._release_status = api.function(_RELEASE_STATUS, _p, restype=None)
        self._release_value = api.function(_RELEASE_VALUE, _p, restype=None)
        self._get_data = api.function(_GET_TENSOR_MUTABLE_DATA, _p, _p)
        self._create_tensor = api.function(
            _CREATE_TENSOR_WITH_DATA, _p, _p, ctypes.c_size_t,
            ctypes.POINTER(ctypes.c_int64), ctypes.c_size_t, ctypes.c_int, _p)
        self._run = api.function(_RUN, _p, _p, _p, _p, ctypes.c_size_t, _p,
                                 ctypes.c_size_t, _p)
        self.env, self.options, self.session, self.memory = _p(), _p(), _p(), _p()
        self._check(api.function(_CREATE_ENV, ctypes.c_int, ctypes.c_char_p, _p)(
            _WARNING, b"circc-bench", ctypes.byref(self.env)))
        self._check(api.function(_CREATE_SESSION_OPTIONS, _p)(ctypes.byref(self.options)))
        self._check(api.function(_SET_INTRA_OP_THREADS, _p, ctypes.c_int)(self.options, threads))
        self._check(api.function(_SET_INTER_OP_THREADS, _p, ctypes.c_int)(self.options, 1))
        self._check(api.function(_SET_GRAPH_OPTIMIZATION_LEVEL, _p, ctypes.c_int)(
            self.options, _ENABLE_ALL))
        self._check(api.function(_CREATE_SESSION, _p, ctypes.c_char_p, _p, _p)(
            self.env, str(model).encode(), self.options, ctypes.byref(self.session)))
        # OrtArenaAllocator, OrtMemTypeDefault.
        self._check(api.function(_CREATE_CPU_MEMORY_INFO, ctypes.c_int, ctypes.c_int, _p)(
            1, 0, ctypes.byref(self.memory)))

    def _check(self, status):
        if status:
            message = self._error_message(status).decode(errors="replace")
            self._release_status(status)
            raise OrtError(message)

    def tensor(self, array):
        """A Value over a numpy array's memory (the array is kept alive)."""
        array = numpy.ascontiguousarray(array)
        shape = (ctypes.c_int64 * max(array.ndim, 1))(*array.shape)
        handle = _p()
        # A zero-sized tensor still needs a data pointer.
        data = array.ctypes.data if array.size else ctypes.addressof(shape)
        self._check(self._create_tensor(self.memory, data, array.nbytes, shape,
                                        array.ndim, _ELEMENT_TYPES[array.dtype],
                                        ctypes.byref(handle)))
        return Value(self, handle, keep=array)

    def run(self, inputs, outputs):
        """inputs: {name: numpy array or Value}; outputs: names -> [Value]."""
        values = [v if isinstance(v, Value) else self.tensor(v) for v in inputs.values()]
        in_names = (ctypes.c_char_p * len(values))(*[n.encode() for n in inputs])
        in_values = (_p * len(values))(*[v.handle for v in values])
        out_names = (ctypes.c_char_p * len(outputs))(*[n.encode() for n in outputs])
        out_values = (_p * len(outputs))()
        self._check(self._run(self.session, None, in_names, in_values, len(values),
                              out_names, len(outputs), out_values))
        return [Value(self, _p(h)) for h in out_values]

    def __del__(self):
        api = getattr(self, "api", None)
        if api is None:
            return
        for index, handle in ((_RELEASE_MEMORY_INFO, self.memory),
                              (_RELEASE_SESSION, self.session),
                              (_RELEASE_SESSION_OPTIONS, self.options),
                              (_RELEASE_ENV, self.env)):
            if handle:
                api.function(index, _p, restype=None)(handle)
