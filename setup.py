"""The optional C accelerator of the fast reader (``archdocs.reading._lex``); everything else is in
pyproject.toml. ``optional=True``: where no C compiler is found the build goes on without it, and
archdocs uses the same first pass in pure Python (slower, identical results)."""

from setuptools import Extension, setup

setup(ext_modules=[
    Extension("archdocs.reading._lex", ["src/archdocs/reading/_lex.c"], optional=True),
])
