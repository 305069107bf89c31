"""``python -m animation``: see :mod:`animation.cli`."""

import sys

from animation.cli import main

sys.exit(main())
