"""`python -m followthrough …` runs the command line (how `serve` starts its work process)."""

from followthrough.cli import main

raise SystemExit(main())
