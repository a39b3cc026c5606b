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
        "arraigo.optimiser.csvfiles, arraigo.optimiser.colgen, arraigo.optimiser.placement\n"
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


def test_solves_asking_for_different_thread_counts_all_solve():
    """HiGHS sizes its thread pool on the first solve of a process; without the reset in
    `threads_set`, the second solve here ended with status 'error'. A fresh process, so the
    pool's state does not depend on the tests that ran before."""
    code = (
        "from arraigo.optimiser import Params, solve\n"
        "from arraigo.optimiser.synthetic import synthetic_instance\n"
        "instance = synthetic_instance(60, n_vacancies=60, seed=1)\n"
        "print([str(solve(instance, Params(threads=t)).status) for t in (0, 1, 2, 1)])"
    )
    assert run_python(code).stdout == "['optimal', 'optimal', 'optimal', 'optimal']\n"
