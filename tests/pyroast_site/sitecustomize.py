"""Imported at CPython's start-up when tests/pyroast.py runs a program (it puts this folder on
PYTHONPATH): makes `.roast` files importable as modules (`from helpers import f` finds
`helpers.roast` beside the program)."""

import importlib.machinery as _m
import sys as _sys

_loaders = [
    (_m.ExtensionFileLoader, _m.EXTENSION_SUFFIXES),
    (_m.SourceFileLoader, _m.SOURCE_SUFFIXES + [".roast"]),
    (_m.SourcelessFileLoader, _m.BYTECODE_SUFFIXES),
]
_sys.path_hooks.insert(0, _m.FileFinder.path_hook(*_loaders))
_sys.path_importer_cache.clear()
