"""Projection: pool → collections → inflow → waterfall → coverage, stress and break-even.

`project(deal, scenario=None) -> Projection` is the entry point (docgen.projection.run).
"""


def project(deal, scenario=None):
    from docgen.projection.run import project as _project

    return _project(deal, scenario)
