import sys

from mesdesk.cli import main

sys.exit(main())
