"""The warnings policy of the test run, in the unit tests and in the notebook kernels.

What the course causes is an error: an overflow in nnlib or in a notebook's code, a deprecated call made by
the course's code. A third-party library's deprecation notice about its own code (a DeprecationWarning or
PendingDeprecationWarning attributed to a module outside the course) is not. The filters are pyproject.toml's
``filterwarnings`` for the unit tests and tests/ipython/profile_default/startup/00-warnings-as-errors.py for
the notebook kernels; these tests fail if either stops doing one of the two.
"""

import subprocess
import warnings
from pathlib import Path

import numpy as np
import pytest

import nnlib

ROOT = Path(__file__).resolve().parent.parent

# A third-party library: one deprecated function, which blames its caller (stacklevel=2, as libraries do),
# and one deprecation notice that the library raises about its own code (stacklevel=1).
LIBRARY = """
import warnings

def old_api(category):
    warnings.warn("old_api is deprecated", category, stacklevel=2)

def internal_notice(category):
    warnings.warn("the library's own code uses something deprecated", category)
"""
CALLER = "def call(function, category):\n    function(category)\n"
OVERFLOW = "import numpy as np\n\ndef overflow():\n    return np.float64(1e308) * 10\n"

THIRD_PARTY = ["somelib.core", "nnlib_extras", "testsuite"]  # names that only start like the course's
COURSE = ["nnlib.policy_probe", "tests.policy_probe", "_common", "per_sample_loop", "torch_compare"]
DEPRECATIONS = [DeprecationWarning, PendingDeprecationWarning]


def module(name, source):
    """Run ``source`` as the body of a module called ``name`` (which is what a warning's filter matches)."""
    namespace = {"__name__": name}
    exec(compile(source, f"<{name}>", "exec"), namespace)
    return namespace


def test_an_overflow_in_nnlib_fails_a_test():
    # theta - lr * grad = 1e308 + 1e309: the true result is beyond float64, numpy warns
    theta, grad = np.full(3, 1e308), np.full(3, -1e308)
    with pytest.raises(RuntimeWarning, match="overflow"):
        nnlib.SGD(lr=10.0).step(theta, grad)


@pytest.mark.parametrize("name", COURSE + THIRD_PARTY)
def test_an_overflow_anywhere_fails_a_test(name):
    with pytest.raises(RuntimeWarning, match="overflow"):
        module(name, OVERFLOW)["overflow"]()


@pytest.mark.parametrize("category", DEPRECATIONS)
@pytest.mark.parametrize("name", THIRD_PARTY)
def test_a_third_party_deprecation_inside_that_library_does_not_fail(name, category):
    library = module(name, LIBRARY)
    other_library = module("otherlib.plots", CALLER)
    with warnings.catch_warnings(record=True) as caught:  # keeps the filters; records what is not raised
        library["internal_notice"](category)
        other_library["call"](library["old_api"], category)
    assert [w.category for w in caught] == [category, category]  # both raised, neither was an error


@pytest.mark.parametrize("category", DEPRECATIONS)
@pytest.mark.parametrize("name", COURSE)
def test_a_deprecated_call_from_the_course_fails(name, category):
    library = module("somelib.core", LIBRARY)
    with pytest.raises(category, match="old_api is deprecated"):
        module(name, CALLER)["call"](library["old_api"], category)


@pytest.mark.parametrize("category", DEPRECATIONS)
def test_a_deprecation_raised_by_a_test_fails(category):
    with pytest.raises(category):
        warnings.warn("deprecated", category, stacklevel=1)  # attributed to this test module


@pytest.mark.parametrize("category", [UserWarning, RuntimeWarning, FutureWarning])
def test_other_warnings_of_a_third_party_library_still_fail(category):
    library = module("somelib.core", LIBRARY)
    with pytest.raises(category):
        library["internal_notice"](category)


@pytest.fixture(scope="module")
def kernel():
    """A notebook kernel started as nbval starts the notebooks' (this environment's python, the harness's
    IPYTHONDIR); run(code) returns the name of the exception a cell raised (None) and its stderr."""
    from nbval.kernel import CURRENT_ENV_KERNEL_NAME, start_new_kernel

    km, kc = start_new_kernel(kernel_name=CURRENT_ENV_KERNEL_NAME, stderr=subprocess.DEVNULL, cwd=str(ROOT))

    def run(code):
        stderr = []

        def output(msg):
            if msg["msg_type"] == "stream" and msg["content"]["name"] == "stderr":
                stderr.append(msg["content"]["text"])

        reply = kc.execute_interactive(code, timeout=60, output_hook=output)
        return reply["content"].get("ename"), "".join(stderr)

    yield run
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def test_notebook_kernels_read_the_startup_file(kernel):
    # the harness's IPYTHONDIR holds the startup file; the kernel ran it and removed its names
    startup = ROOT / "tests" / "ipython" / "profile_default" / "startup" / "00-warnings-as-errors.py"
    assert startup.is_file()
    assert kernel(f"import os; assert os.environ['IPYTHONDIR'] == {str(startup.parents[2])!r}") == (None, "")
    assert kernel("warnings")[0] == "NameError"


def test_an_overflow_in_a_notebook_fails_its_test(kernel):
    assert kernel("import numpy as np\nnp.float64(1e308) * 10") == ("RuntimeWarning", "")
    step = "import nnlib\nnnlib.SGD(lr=10.0).step(np.full(3, 1e308), np.full(3, -1e308))"
    assert kernel(step) == ("RuntimeWarning", "")


@pytest.mark.parametrize("category", ["DeprecationWarning", "PendingDeprecationWarning"])
def test_deprecations_in_a_notebook(kernel, category):
    setup = (
        f"def module(name, source):\n    namespace = {{'__name__': name}}\n    exec(source, namespace)\n"
        f"    return namespace\n"
        f"library = module('somelib.core', {LIBRARY!r})\n"
        f"other_library = module('otherlib.plots', {CALLER!r})\n"
    )
    assert kernel(setup) == (None, "")
    # the library's notices about its own code: no error, and nothing printed for nbval to compare
    assert kernel(f"library['internal_notice']({category})") == (None, "")
    assert kernel(f"other_library['call'](library['old_api'], {category})") == (None, "")
    assert kernel(f"module('nnlib_extras', {CALLER!r})['call'](library['old_api'], {category})") == (None, "")
    # a deprecated call in the notebook's own code, or in nnlib
    assert kernel(f"library['old_api']({category})") == (category, "")
    call = f"module('nnlib.policy_probe', {CALLER!r})['call'](library['old_api'], {category})"
    assert kernel(call) == (category, "")
