import subprocess
import sys
from pathlib import Path

REPOSITORY_ROOT = Path(__file__).resolve().parents[3]
MODULES = ("workcalendar", "clocks", "identity", "similarity", "keys", "crypto")


def test_rules_import_without_django():
    # The rules must stay usable from scripts, tasks and tests with no settings.
    code = (
        "import sys\n"
        + "".join(f"import supervision.rules.{name}\n" for name in MODULES)
        + "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )

    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPOSITORY_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout == "[]\n"
