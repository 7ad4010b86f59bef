"""Repository-wide pytest setup.

pytest's importlib mode names test modules by their path (`gateway/tests/test_proxy.py` →
`gateway.tests.test_proxy`) and would register a stand-in `gateway` module if the real one
were not imported yet, hiding the `gateway` and `devstack` packages from their own tests.
Importing them first keeps the real packages in place.
"""

import devstack  # noqa: F401
import gateway  # noqa: F401
