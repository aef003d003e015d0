"""GX starts without scipy.stats and altair, and still gets them when something reads them."""

import subprocess
import sys

SCRIPT = """
import sys
from expectations.validate import new_context
new_context()
print("loaded at start:", "scipy.stats._stats_py" in sys.modules, "altair.vegalite" in sys.modules)
from great_expectations.expectations.core import expect_column_kl_divergence_to_be_less_than as kl
print("entropy:", round(float(kl.stats.entropy([0.5, 0.5])), 4))
print("chart:", type(kl.alt.Chart).__name__)
print("loaded after use:", "scipy.stats._stats_py" in sys.modules, "altair.vegalite" in sys.modules)
"""


def test_gx_imports_without_scipy_stats_and_altair_until_they_are_used():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True).stdout
    assert "loaded at start: False False" in out
    assert "entropy: 0.6931" in out  # ln 2: the real scipy.stats, imported on first use
    assert "chart: " in out
    assert "loaded after use: True True" in out
