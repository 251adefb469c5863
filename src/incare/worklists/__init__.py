"""Statutory worklists: what falls due next for each child, team and worker (issue 9).

The due dates themselves are pure, typed Polars functions in ``incare.worklists.duedates``
(no Django; the indicator engine's timeliness indicators use them too). The rest of this
Django app holds who works with which child (teams, workers, caseloads), the pages, the CSV
export, the daily e-mail digest and the commands. See docs/worklists.md.

Nothing here imports Django at package level, so ``incare.indicators`` may import
``incare.worklists.duedates`` and stay free of Django.
"""
