"""Every rule definition. Importing this package registers them all in ``RULES``.

Modules group rules by code (``r1xx_*`` hold 100–199, split by theme as ``r1xx_child``,
``r1xx_episodes`` …; ``r2xx_*`` 200–299 and so on); each rule is one decorated function.
What several rules mean by the same words (first episode, previous episode, looked after
continuously, former UASC, blank-safe comparisons, code lists) is in ``_shared``, which
this glob leaves out. Keep a rule's definition next to the DfE text it implements: its
``message`` is the DfE message, and ``differs`` says why, where we knowingly part from the
sector validator.
"""

from importlib import import_module
from pathlib import Path

for _module in sorted(Path(__file__).parent.glob("r*.py")):
    import_module(f"{__name__}.{_module.stem}")
