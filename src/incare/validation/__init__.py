"""Validation of 903 returns against the DfE rule set (docs/validation.md).

Pure: Polars frames in, a report out, no Django. Each rule is one small declarative
definition in ``rules/``; :func:`validate` evaluates every applicable rule over the same
lazily shared tables in one Polars query plan.
"""

from incare.validation.data import ReturnData
from incare.validation.engine import validate
from incare.validation.report import ValidationReport
from incare.validation.rule import RULES, Rule

__all__ = ["RULES", "ReturnData", "Rule", "ValidationReport", "validate"]
