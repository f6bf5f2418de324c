# -*- Python -*-
# lit configuration for circc's tests.

import os

import lit.formats

config.name = "circc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".scan", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]

config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.circc_obj_root, "test")

# circc's own tools first, then FileCheck, not and split-file from LLVM.
config.environment["PATH"] = os.pathsep.join(
    [config.circc_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", "")]
)
config.substitutions.append(("%circc_src", config.circc_src_root))
config.substitutions.append(("%grammars", os.path.join(config.circc_src_root, "grammars")))
config.substitutions.append(("%circc_obj", config.circc_obj_root))
