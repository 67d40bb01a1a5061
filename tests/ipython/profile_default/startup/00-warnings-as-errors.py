# Loaded by the notebook kernels that the test run starts (conftest.py sets IPYTHONDIR):
# any warning raised by the course's own code becomes an error, so a notebook that warns
# fails its test instead of storing a warning for students to read.
import warnings

warnings.simplefilter("error")
# Jupyter's own machinery may announce its deprecations; those are not the course's.
for _module in ("ipykernel", "IPython", "jupyter_client", "jupyter_core", "zmq", "traitlets", "tornado", "comm"):
    warnings.filterwarnings("default", category=DeprecationWarning, module=_module)
    warnings.filterwarnings("default", category=PendingDeprecationWarning, module=_module)
