"""Projection: pool → collections → inflow → waterfall → coverage, stress and break-even."""
