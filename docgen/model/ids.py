"""The identifiers of a deal file: deal id and party-style ids (parties, classes, fees, accounts …)."""

from __future__ import annotations

import datetime as dt
import re

Date = dt.date
DEAL_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
PARTY_ID = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
