"""Record linkage: which rows of one or more lists are the same person.

A library without models (like `veche.text`, on which it stands for Russian names, dates,
phones and addresses); it imports no other part of Veche, so the registry's list import, the
`veche dedupe` command and the benchmarks all run the same engine. docs/linkage.md explains
the method, the thresholds and the evidence.

    from veche.linkage import link, LinkSettings, Thresholds
    result = link({"full_name": [...], "birth_date": [...], "phone": [...]})
    result.person            # person number of every record
    result.review()          # pairs for a person to decide, most doubtful first
    result.evidence(k)       # field by field: level, weight, the two values

For a standalone table, `columns.find_header` and `columns.map_columns` say which column
holds what.
"""

from .blocking import DEFAULT_KEYS, BlockingKey
from .columns import COLUMN_ALIASES, field_of, find_header, map_columns
from .engine import LinkSettings, link
from .result import Decision, Evidence, LinkResult, Thresholds

__all__ = ["COLUMN_ALIASES", "DEFAULT_KEYS", "BlockingKey", "Decision", "Evidence",
           "LinkResult", "LinkSettings", "Thresholds", "field_of", "find_header", "link",
           "map_columns"]
