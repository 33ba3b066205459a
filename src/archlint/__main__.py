import sys

from archlint.main import main

sys.exit(main())
