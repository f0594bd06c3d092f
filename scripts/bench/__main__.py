"""`python scripts/bench`: run the benchmark (see `bench/cli.py`)."""

import sys
from pathlib import Path

# Import the package from `scripts/`, which also holds the helpers it shares
# with the other scripts (`serving.py`), not its modules from its own folder.
here = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
sys.path.insert(0, str(here.parent))

from bench.cli import main  # noqa: E402

sys.exit(main())
