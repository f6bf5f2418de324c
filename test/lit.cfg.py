# -*- Python -*-
# lit configuration for circc's tests.

import os
import sys

import lit.formats

config.name = "circc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".scan", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]

# Leak checking needs ptrace, which sandboxes often forbid; the sanitizer
# tests check memory errors and undefined behaviour.
config.environment["ASAN_OPTIONS"] = "detect_leaks=0:abort_on_error=1"
config.environment["UBSAN_OPTIONS"] = "halt_on_error=1:print_stacktrace=1"

# Scripts run from the source tree leave no bytecode there.
config.environment["PYTHONDONTWRITEBYTECODE"] = "1"

config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.circc_obj_root, "test")

# circc's own tools first, then FileCheck, not and split-file from LLVM.
config.environment["PATH"] = os.pathsep.join(
    [config.circc_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", "")]
)
config.substitutions.append(("%circc_src", config.circc_src_root))
config.substitutions.append(("%grammars", os.path.join(config.circc_src_root, "grammars")))
config.substitutions.append(("%circc_obj", config.circc_obj_root))
config.substitutions.append(("%data", os.path.join(config.circc_src_root, "data")))
config.substitutions.append(("%runtime_include", os.path.join(config.circc_src_root, "runtime", "include")))
config.substitutions.append(("%runtime_src", os.path.join(config.circc_src_root, "runtime", "lib")))
config.substitutions.append(("%cc", config.cc))
config.substitutions.append(("%cxx", config.cxx))
config.substitutions.append(("%python", sys.executable))

# `numpy` where lit's Python has it (the Transformer reference checks).
try:
    import numpy  # noqa: F401

    config.available_features.add("numpy")
except ImportError:
    pass

# `torch` where lit's Python has PyTorch (the baseline's training scripts).
try:
    import importlib.util

    if importlib.util.find_spec("torch") is not None:
        config.available_features.add("torch")
except ImportError:
    pass

# GPU features, only with CIRCC_ENABLE_CUDA: `ptxas` where CMake found the
# toolkit's assembler, `cuda-device` only where a device answers.
import shutil
import subprocess

if config.circc_enable_cuda and config.ptxas:
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", config.ptxas))


def cuda_device_answers():
    smi = shutil.which("nvidia-smi")
    if not smi:
        return False
    try:
        listing = subprocess.run([smi, "-L"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return listing.returncode == 0 and "GPU" in listing.stdout


if config.circc_enable_cuda and cuda_device_answers():
    config.available_features.add("cuda-device")
