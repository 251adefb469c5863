"""The indicator pages: every DfE indicator's definition, trend, breakdowns, benchmarks and,
for roles that may see them, the children behind the figure (issue 7 §1).

A Django app beside the engine so that ``incare.indicators`` stays free of Django.
"""
