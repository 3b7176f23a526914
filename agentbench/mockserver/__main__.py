import sys

from agentbench.mockserver.cli import main

sys.exit(main())
