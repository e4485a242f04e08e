"""Build the one compiled module, netmatch._solvers._flow (the min-cost-flow solver).

Everything else is in pyproject.toml.

The extension is optional: without a C compiler the install still succeeds and
``max_coverage_assignment`` falls back to its pure scipy solver (same optimum, slower).
"""

from Cython.Build import cythonize
from setuptools import Extension, setup

extensions = cythonize([Extension("netmatch._solvers._flow", ["netmatch/_solvers/_flow.pyx"])],
                       compiler_directives={"language_level": 3})
for ext in extensions:
    ext.optional = True  # set after cythonize, which does not carry it over

setup(ext_modules=extensions)
