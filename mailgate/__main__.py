"""`python -m mailgate` runs the CLI."""

from __future__ import annotations

import sys

from mailgate.cli import main

sys.exit(main())
