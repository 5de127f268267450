"""xl-salesplan: a spreadsheet-native sales-planning engine.

The planning modules in this package are pure functions over numpy arrays and
pandas objects; they do no I/O. The Excel functions (``udfs/``), the ribbon
macros and the command line are thin adapters over them.
"""

from xl_salesplan.errors import PlanningError

__all__ = ["PlanningError", "__version__"]
__version__ = "0.1.0"
