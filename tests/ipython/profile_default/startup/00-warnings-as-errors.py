# Run by every notebook kernel that the test run starts (tests/harness.py points IPYTHONDIR at
# tests/ipython), before the notebook's first cell. The same warnings policy as the unit tests'
# filterwarnings in pyproject.toml:
#
# * every warning is an error (RuntimeWarning such as an overflow, UserWarning, FutureWarning, ...),
#   so a notebook that warns fails its test instead of storing a warning for students to read;
# * except a DeprecationWarning or PendingDeprecationWarning attributed to a module outside the course
#   (a warning's module is the one its stack level points to: a library's deprecation notice about
#   its own use of another library, e.g. pyparsing's about matplotlib's calls). Those are ignored,
#   not printed: nbval would compare a printed warning as an unexpected stderr output;
# * a deprecation attributed to the course's own code stays an error: the notebook's cells
#   (module __main__) and nnlib.
#
# tests/test_warnings_policy.py tests this file, in a kernel started as nbval starts them.
import warnings

warnings.simplefilter("error")
for _category in (DeprecationWarning, PendingDeprecationWarning):
    warnings.filterwarnings("ignore", category=_category)
    warnings.filterwarnings("error", category=_category, module=r"(__main__|nnlib)(\.|$)")

# the notebook's namespace stays as a student's kernel has it, without these names
del _category, warnings
