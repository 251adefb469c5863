"""Every rule definition. Importing this package registers them all in ``RULES``.

Modules group rules by code (``r1xx`` holds 100–199 and so on); each rule is one decorated
function. Keep a rule's definition next to the DfE text it implements: its ``message`` is the
DfE message, and ``differs`` says why, where we knowingly part from the sector validator.
"""

from importlib import import_module
from pathlib import Path

for _module in sorted(Path(__file__).parent.glob("r*.py")):
    import_module(f"{__name__}.{_module.stem}")
