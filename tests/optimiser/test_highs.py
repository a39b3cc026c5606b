"""The optimiser stays free of Django, and HiGHS prints nothing on standard output."""

import subprocess
import sys


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the running interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )


def test_importing_the_optimiser_does_not_import_django():
    code = (
        "import sys, arraigo.optimiser, arraigo.optimiser.explain, arraigo.optimiser.relax, "
        "arraigo.optimiser.dynamic, arraigo.optimiser.synthetic, arraigo.optimiser.greedy, "
        "arraigo.optimiser.csvfiles, arraigo.optimiser.twostage\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    assert run_python(code).stdout == "[]\n"


def test_new_highs_object_prints_no_banner_on_stdout():
    code = (
        "from arraigo.optimiser.highs import highs_new\n"
        "print('before')\nh = highs_new()\nh.run()\nprint('after')"
    )
    assert run_python(code).stdout == "before\nafter\n"


def test_plain_highspy_does_print_a_banner():
    """The check above could not fail if highspy stopped printing; this shows it does."""
    code = "import highspy\nh = highspy.Highs()"
    assert "HiGHS" in run_python(code).stdout
