"""circc's Python package: pip install ./python (no network, no compiler)."""

from setuptools import setup

setup(
    name="circc",
    version="0.4.0",
    description="Run libraries compiled by circc from Python (ctypes over "
                "circc/runtime.h)",
    packages=["circc"],
    python_requires=">=3.9",
)
